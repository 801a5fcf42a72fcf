package dev.adjoint.processor.ad;

/** Names of derivative variables, derived from the primal's: {@code logits} -> {@code dLogits}. */
final class Names {
  private Names() {}

  /** {@code prefix} followed by {@code name} capitalised. */
  static String prefixed(String prefix, String name) {
    if (name == null || name.isEmpty()) {
      return prefix;
    }
    return prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
