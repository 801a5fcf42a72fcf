package dev.adjoint.processor.diag;

/**
 * Formats diagnostics in the one style every Adjoint message has: {@code [ADJ012] title: detail.
 * Hint: hint.}
 */
public final class Diagnostics {
  private Diagnostics() {}

  /** The message for {@code code}, with an optional detail naming the construct at fault. */
  public static String format(Code code, String detail) {
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(code.id()).append("] ").append(code.title());
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    if (sb.charAt(sb.length() - 1) != '.') {
      sb.append('.');
    }
    sb.append(" Hint: ").append(code.hint());
    if (sb.charAt(sb.length() - 1) != '.') {
      sb.append('.');
    }
    return sb.toString();
  }

  /** The code with this number, or null. */
  public static Code byNumber(int number) {
    for (Code c : Code.values()) {
      if (c.number() == number) {
        return c;
      }
    }
    return null;
  }
}
