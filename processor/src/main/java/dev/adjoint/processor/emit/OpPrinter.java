package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Op;
import java.util.List;

/**
 * Prints each {@link Op} as the one Java expression {@link dev.adjoint.processor.ir.Semantics}
 * defines for it, so that generated code computes the interpreter's values bit for bit.
 */
final class OpPrinter {
  private OpPrinter() {}

  /** True if the op repeats its operand, which must then be a name or literal. */
  static boolean repeatsOperand(Op op) {
    return op == Op.RELU;
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

  private static Expr relu(Expr x) {
    if (!x.isSimple()) {
      throw new IllegalArgumentException("relu of a compound expression would repeat it: " + x);
    }
    Expr zero = Expr.literal("0.0");
    return Expr.ternary(Expr.binary(x, ">", Expr.RELATIONAL, zero), x, zero);
  }
}
