package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Semantics;
import java.util.List;

/**
 * Prints each {@link Op} as the one Java expression {@link dev.adjoint.processor.ir.Semantics}
 * defines for it, so that generated code computes the interpreter's values bit for bit.
 */
final class OpPrinter {
  private OpPrinter() {}

  /** True if the op repeats its operand, which must then be a name or literal. */
  static boolean repeatsOperand(Op op) {
    return op == Op.RELU || op == Op.SOFTPLUS || op == Op.GELU;
  }

  /** The expression for {@code op} applied to {@code a}. */
  static Expr apply(Op op, List<Expr> a) {
    Expr x = a.get(0);
    Expr y = a.size() > 1 ? a.get(1) : null;
    return switch (op) {
      case NEG, INEG -> Expr.prefix("-", x);
      case EXP -> Expr.call("Math.exp", a);
      case LOG -> Expr.call("Math.log", a);
      case TANH -> Expr.call("Math.tanh", a);
      case SQRT -> Expr.call("Math.sqrt", a);
      case ABS -> Expr.call("Math.abs", a);
      case RELU -> relu(x);
      case SIN -> Expr.call("Math.sin", a);
      case COS -> Expr.call("Math.cos", a);
      case TAN -> Expr.call("Math.tan", a);
      case ASIN -> Expr.call("Math.asin", a);
      case ACOS -> Expr.call("Math.acos", a);
      case ATAN -> Expr.call("Math.atan", a);
      case ATAN2 -> Expr.call("Math.atan2", a);
      case SINH -> Expr.call("Math.sinh", a);
      case COSH -> Expr.call("Math.cosh", a);
      case LOG1P -> Expr.call("Math.log1p", a);
      case EXPM1 -> Expr.call("Math.expm1", a);
      case FLOOR -> Expr.call("Math.floor", a);
      case CEIL -> Expr.call("Math.ceil", a);
      case SIGMOID -> sigmoid(x);
      case SOFTPLUS -> softplus(x);
      case GELU -> gelu(x);
      case D2I -> Expr.prefix("(int) ", x);
      case LINK -> x; // replaced by its value before emission; printed so all the same
      case CALL -> call(a);
      case STOP -> x;
      case ADD, IADD -> Expr.binary(x, "+", Expr.ADDITIVE, y);
      case SUB, ISUB -> Expr.binary(x, "-", Expr.ADDITIVE, y);
      case MUL, IMUL -> Expr.binary(x, "*", Expr.MULTIPLICATIVE, y);
      case DIV, IDIV -> Expr.binary(x, "/", Expr.MULTIPLICATIVE, y);
      case IREM -> Expr.binary(x, "%", Expr.MULTIPLICATIVE, y);
      case POW -> Expr.call("Math.pow", a);
      case MAX, IMAX -> Expr.call("Math.max", a);
      case MIN, IMIN -> Expr.call("Math.min", a);
      case CHECK_INDEX -> Expr.call("java.util.Objects.checkIndex", a);
      case I2D -> Expr.prefix("(double) ", x);
      case LT -> Expr.binary(x, "<", Expr.RELATIONAL, y);
      case LE -> Expr.binary(x, "<=", Expr.RELATIONAL, y);
      case GT -> Expr.binary(x, ">", Expr.RELATIONAL, y);
      case GE -> Expr.binary(x, ">=", Expr.RELATIONAL, y);
      case EQ -> Expr.binary(x, "==", Expr.EQUALITY, y);
      case NE -> Expr.binary(x, "!=", Expr.EQUALITY, y);
      case NOT -> Expr.prefix("!", x);
      case AND -> Expr.binary(x, "&&", Expr.AND, y);
      case OR -> Expr.binary(x, "||", Expr.OR, y);
    };
  }

  private static final Expr ONE = Expr.literal("1.0");

  /** {@code demo.Stable.logAddExp(a, b)}: the callee numbered by the first operand's literal. */
  private static Expr call(List<Expr> a) {
    Callee c = Callee.of(Integer.parseInt(a.get(0).code()));
    return Expr.call(c.qualified(), a.subList(1, a.size()));
  }

  /** {@code 1.0 / (1.0 + Math.exp(-x))}, as {@code Semantics.sigmoid}. */
  private static Expr sigmoid(Expr x) {
    Expr exp = Expr.call("Math.exp", List.of(Expr.prefix("-", x)));
    return Expr.binary(ONE, "/", Expr.MULTIPLICATIVE, Expr.binary(ONE, "+", Expr.ADDITIVE, exp));
  }

  /** {@code x > 0.0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))}. */
  private static Expr softplus(Expr x) {
    requireSimple(x, "softplus");
    Expr zero = Expr.literal("0.0");
    Expr positive =
        Expr.binary(
            x,
            "+",
            Expr.ADDITIVE,
            Expr.call("Math.log1p", List.of(Expr.call("Math.exp", List.of(Expr.prefix("-", x))))));
    Expr other = Expr.call("Math.log1p", List.of(Expr.call("Math.exp", List.of(x))));
    return Expr.ternary(Expr.binary(x, ">", Expr.RELATIONAL, zero), positive, other);
  }

  /** {@code 0.5 * x * (1.0 + Math.tanh(C * (x + 0.044715 * x * x * x)))}, as Semantics.gelu. */
  private static Expr gelu(Expr x) {
    requireSimple(x, "gelu");
    Expr cube = Expr.literal("0.044715");
    for (int i = 0; i < 3; i++) {
      cube = Expr.binary(cube, "*", Expr.MULTIPLICATIVE, x);
    }
    Expr inner =
        Expr.binary(
            Expr.literal(Literals.f64(Semantics.GELU_C)),
            "*",
            Expr.MULTIPLICATIVE,
            Expr.binary(x, "+", Expr.ADDITIVE, cube));
    Expr t = Expr.call("Math.tanh", List.of(inner));
    Expr half = Expr.binary(Expr.literal("0.5"), "*", Expr.MULTIPLICATIVE, x);
    return Expr.binary(half, "*", Expr.MULTIPLICATIVE, Expr.binary(ONE, "+", Expr.ADDITIVE, t));
  }

  private static void requireSimple(Expr x, String op) {
    if (!x.isSimple()) {
      throw new IllegalArgumentException(op + " of a compound expression would repeat it: " + x);
    }
  }

  private static Expr relu(Expr x) {
    if (!x.isSimple()) {
      throw new IllegalArgumentException("relu of a compound expression would repeat it: " + x);
    }
    Expr zero = Expr.literal("0.0");
    return Expr.ternary(Expr.binary(x, ">", Expr.RELATIONAL, zero), x, zero);
  }
}
