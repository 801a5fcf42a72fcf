package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Java expression with its precedence: combining expressions adds exactly the parentheses Java
 * needs to evaluate them as written (left-associative, so {@code a - (b - c)} keeps its parentheses
 * and floating-point sums are never regrouped).
 */
record Expr(String code, int prec) {

  /** Marks where a long line may break: before binary operators and between arguments. */
  private static final String BREAK = "\u0001";

  static final int TERNARY = 1;
  static final int OR = 2;
  static final int AND = 3;
  static final int EQUALITY = 4;
  static final int RELATIONAL = 5;
  static final int ADDITIVE = 6;
  static final int MULTIPLICATIVE = 7;
  static final int UNARY = 8;
  static final int PRIMARY = 9;

  /** A name, call or array element: never needs parentheses. */
  static Expr atom(String code) {
    return new Expr(code, PRIMARY);
  }

  /** A literal as {@link Literals} prints it; a leading minus makes it a unary expression. */
  static Expr literal(String code) {
    return new Expr(code, code.startsWith("-") ? UNARY : PRIMARY);
  }

  /** {@code left op right} for a left-associative operator of precedence {@code prec}. */
  static Expr binary(Expr left, String op, int prec, Expr right) {
    return new Expr(left.wrap(prec) + BREAK + op + " " + right.wrap(prec + 1), prec);
  }

  /** A prefix operator ({@code -}, {@code !}) or a cast; never prints {@code --} or {@code - -}. */
  static Expr prefix(String op, Expr operand) {
    boolean paren = operand.prec < UNARY || operand.code.startsWith("-");
    return new Expr(op + (paren ? "(" + operand.code + ")" : operand.code), UNARY);
  }

  /** {@code fn(a, b, ...)}. */
  static Expr call(String fn, List<Expr> args) {
    return atom(
        fn + "(" + args.stream().map(Expr::code).collect(Collectors.joining("," + BREAK)) + ")");
  }

  /** {@code cond ? a : b}; nested conditionals are parenthesized for readability. */
  static Expr ternary(Expr cond, Expr a, Expr b) {
    return new Expr(
        cond.wrap(TERNARY + 1)
            + BREAK
            + "? "
            + a.wrap(TERNARY + 1)
            + BREAK
            + ": "
            + b.wrap(TERNARY + 1),
        TERNARY);
  }

  /** This expression, parenthesized if it binds less tightly than {@code min}. */
  String wrap(int min) {
    return prec < min ? "(" + code + ")" : code;
  }

  /** True for names and literals, which can be repeated without repeating work. */
  boolean isSimple() {
    return !code.contains(BREAK) && !code.contains("(") && !code.contains("[");
  }

  /** A comma-separated argument list that may break between arguments. */
  static CodeBlock arguments(List<String> args) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < args.size(); i++) {
      b.add(i == 0 ? "$L" : ",$W$L", args.get(i));
    }
    return b.build();
  }

  /** The expression on one line. */
  String plain() {
    return code.replace(BREAK, " ");
  }

  /** The expression as JavaPoet code that breaks long lines at operators and arguments. */
  CodeBlock block() {
    return CodeBlock.of(code.replace(BREAK, "$W"));
  }

  /** The column JavaPoet breaks lines at (its default). */
  private static final int COLUMN_LIMIT = 100;

  /**
   * More than the indentation of a statement outside loops in any generated method (kernel classes
   * are nested one level, so their method bodies start at column 6).
   */
  private static final int BASE_INDENT = 8;

  /**
   * Adds the statement made of {@code parts} (strings and expressions, concatenated) to {@code
   * code}, at loop nesting {@code depth} or less. A statement that surely fits on its line is plain
   * text, which {@link StatementBuffer} hands to JavaPoet with its neighbours as one piece:
   * JavaPoet would not break it anyway. Longer statements keep their break points.
   */
  static void statement(StatementBuffer code, int depth, Object... parts) {
    StringBuilder line = new StringBuilder();
    boolean breaks = false;
    for (Object part : parts) {
      if (part instanceof Expr e) {
        line.append(e.plain());
        breaks |= e.code.contains(BREAK);
      } else {
        line.append(part);
      }
    }
    if (!breaks || BASE_INDENT + 2 * depth + line.length() + 1 < COLUMN_LIMIT) {
      code.statement(line.toString());
      return;
    }
    StringBuilder format = new StringBuilder();
    Object[] args = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      format.append("$L");
      args[i] = parts[i] instanceof Expr e ? e.block() : parts[i];
    }
    code.addStatement(format.toString(), args);
  }
}
