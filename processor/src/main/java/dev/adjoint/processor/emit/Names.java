package dev.adjoint.processor.emit;

import java.util.HashSet;
import java.util.Set;

/**
 * Turns source names into valid Java identifiers that are unique within a scope and all its
 * enclosing scopes; the same requests in the same order always give the same names.
 *
 * <p>Scopes follow Java's rule for locals: a name may be reused by a sibling block once the block
 * that declared it has ended, but never inside it.
 */
final class Names {

  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "_",
          "var",
          "yield",
          "record",
          "sealed",
          "permits");

  /**
   * Simple type names the generated code refers to unqualified; a local or nested class with one of
   * these names would shadow the type.
   */
  static final Set<String> TYPE_NAMES =
      Set.of(
          "Math",
          "Double",
          "Integer",
          "Boolean",
          "Object",
          "String",
          "Override",
          "SuppressWarnings",
          "Generated",
          "List",
          "Arrays",
          "Value",
          "CompiledFunction",
          "System");

  private final Names parent;
  private final Set<String> used = new HashSet<>();
  private int temps;

  Names() {
    this(null);
  }

  private Names(Names parent) {
    this.parent = parent;
  }

  /** A nested scope: sees every name taken here, and its own names vanish when it is dropped. */
  Names child() {
    Names c = new Names(this);
    c.temps = temps;
    return c;
  }

  /** Valid identifier characters of {@code raw} (others become '_'), or {@code fallback}. */
  static String sanitize(String raw, String fallback) {
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean ok =
          c != '$'
              && !Character.isIdentifierIgnorable(c)
              && (i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
      if (i == 0 && !ok && Character.isJavaIdentifierPart(c) && c != '$') {
        sb.append('_').append(c);
      } else {
        sb.append(ok ? c : '_');
      }
    }
    String s = sb.toString();
    return s.chars().allMatch(ch -> ch == '_') ? fallback : s;
  }

  /** {@code name} with its first letter upper-cased. */
  static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** True if {@code name} may not be declared here. */
  boolean taken(String name) {
    if (KEYWORDS.contains(name) || TYPE_NAMES.contains(name)) {
      return true;
    }
    for (Names n = this; n != null; n = n.parent) {
      if (n.used.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Marks {@code name} as taken in this scope. */
  void reserve(String name) {
    used.add(name);
  }

  /**
   * Declares a name based on {@code raw} (sanitized; {@code fallback} if none): the name itself if
   * free, else the first free of {@code name2}, {@code name3}, ... ({@code name_2} when the name
   * ends in a digit).
   */
  String allocate(String raw, String fallback) {
    String base = sanitize(raw, fallback);
    if (!taken(base)) {
      used.add(base);
      return base;
    }
    String sep = Character.isDigit(base.charAt(base.length() - 1)) ? "_" : "";
    for (int k = 2; ; k++) {
      String candidate = base + sep + k;
      if (!taken(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  }

  /** Declares the next free temporary {@code t1}, {@code t2}, ... for a value with no name. */
  String temporary() {
    while (true) {
      String candidate = "t" + ++temps;
      if (!taken(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  }
}
