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

  /**
   * The message for {@code code} with {@code hint} in place of the code's own: for an {@link
   * Code#INTERNAL} error whose cause is known not to be a bug (javac's stack overflowing).
   */
  public static String format(Code code, String detail, String hint) {
    String standard = format(code, detail);
    String text = standard.substring(0, standard.length() - code.hint().length() - 1) + hint;
    return text.endsWith(".") ? text : text + ".";
  }

  /**
   * What to do when javac's stack overflows on a deeply nested expression: give the compiler's
   * thread a larger stack.
   */
  public static final String STACK_HINT =
      "the compiler's stack overflowed on a deeply nested expression (a chain of thousands of"
          + " calls): raise javac's stack, e.g. javac -J-Xss64m; in Maven, set -Xss64m in"
          + " .mvn/jvm.config or MAVEN_OPTS (javac runs inside Maven), or configure the"
          + " maven-compiler-plugin with <fork>true</fork> and <compilerArgs><arg>-J-Xss64m</arg>"
          + "</compilerArgs>; or split the expression into statements";

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
