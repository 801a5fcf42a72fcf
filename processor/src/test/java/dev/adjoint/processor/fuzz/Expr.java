package dev.adjoint.processor.fuzz;

/** A generated Java expression and the range of every value it can take. */
record Expr(String code, Range range) {

  /**
   * The expression as an operand of a binary operator or a method call: parenthesized if needed.
   */
  String operand() {
    return simple(code) ? code : "(" + code + ")";
  }

  /** Identifiers, literals, element reads and call chains need no parentheses. */
  private static boolean simple(String code) {
    int depth = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && (c == ' ' || c == '?' || c == ':')) {
        return false;
      }
    }
    return !code.startsWith("-") && !code.startsWith("!");
  }
}
