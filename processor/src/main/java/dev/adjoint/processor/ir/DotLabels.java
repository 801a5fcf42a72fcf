package dev.adjoint.processor.ir;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The text of {@link DotWriter}'s labels: operations as the source writes them ({@code · + ·},
 * {@code exp(·)}), numbers as Java prints them, and escaping for DOT strings and HTML labels.
 */
final class DotLabels {
  private DotLabels() {}

  /** An operation applied to {@code args} (a folded constant or index, or {@code ·}). */
  static String apply(Op op, List<String> args) {
    String infix =
        switch (op) {
          case ADD, IADD -> "+";
          case SUB, ISUB -> "−";
          case MUL, IMUL -> "×";
          case DIV, IDIV -> "÷";
          case IREM -> "%";
          case LT -> "<";
          case LE -> "≤";
          case GT -> ">";
          case GE -> "≥";
          case EQ -> "==";
          case NE -> "≠";
          case AND -> "&&";
          case OR -> "||";
          default -> null;
        };
    if (infix != null && args.size() == 2) {
      return args.get(0) + " " + infix + " " + args.get(1);
    }
    String prefix =
        switch (op) {
          case NEG, INEG -> "−";
          case NOT -> "!";
          case I2D -> "(double) ";
          default -> null;
        };
    if (prefix != null && args.size() == 1) {
      return prefix + args.get(0);
    }
    if (op == Op.STOP) {
      return args.get(0) + ".data()";
    }
    String name = op == Op.CHECK_INDEX ? "checkIndex" : op.name().toLowerCase(Locale.ROOT);
    if (name.startsWith("i") && (op == Op.IMAX || op == Op.IMIN)) {
      name = name.substring(1);
    }
    return name + "(" + String.join(", ", args) + ")";
  }

  /** A constant as Java would write it: {@code 2}, {@code 0.5}, {@code -∞}, {@code true}. */
  static String number(double v, ScalarType type) {
    if (type == ScalarType.BOOL) {
      return v != 0 ? "true" : "false";
    }
    if (type == ScalarType.I32) {
      return Integer.toString((int) v);
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    String text =
        v == Math.rint(v) && Math.abs(v) < 1e15
            ? String.format(Locale.ROOT, "%.1f", v)
            : Double.toString(v);
    return text.replace('-', '−');
  }

  /** {@code [27]} or {@code [x.length][3]}: an array's shape. */
  static String shape(List<Extent> extents, IntFunction<String> names) {
    StringBuilder sb = new StringBuilder();
    for (Extent e : extents) {
      sb.append('[')
          .append(e instanceof Extent.Dynamic d ? names.apply(d.id()) : e.toString())
          .append(']');
    }
    return sb.toString();
  }

  /** The Java name of a scalar type. */
  static String typeName(ScalarType t) {
    return t.javaName();
  }

  /** A two-line HTML label: {@code main} and, smaller and grey, {@code note} (if not null). */
  static String html(String main, String note) {
    StringBuilder sb = new StringBuilder("<").append(escapeHtml(main));
    if (note != null && !note.isEmpty()) {
      sb.append("<br/><font point-size=\"9\" color=\"#555555\">")
          .append(escapeHtml(note))
          .append("</font>");
    }
    return sb.append('>').toString();
  }

  /** A DOT string. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** {@code s} as a DOT identifier (letters, digits, underscores). */
  static String identifier(String s) {
    return s.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
