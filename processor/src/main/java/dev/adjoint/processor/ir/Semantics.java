package dev.adjoint.processor.ir;

/**
 * The meaning of each {@link Op} on numbers, written exactly as the emitter prints it and as the
 * {@code Value} engine computes it. Shared by the interpreter and constant folding, so that a
 * folded constant is the number the program would have computed.
 */
public final class Semantics {
  private Semantics() {}

  /** Evaluates {@code op}; ints and booleans are passed and returned as exact doubles. */
  public static double apply(Op op, double a, double b) {
    return switch (op) {
      case NEG -> -a;
      case EXP -> Math.exp(a);
      case LOG -> Math.log(a);
      case RELU -> a > 0 ? a : 0.0;
      case TANH -> Math.tanh(a);
      case SQRT -> Math.sqrt(a);
      case ABS -> Math.abs(a);
      case STOP -> a;
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case I2D -> a;
      case INEG -> -(int) a;
      case IADD -> (int) a + (int) b;
      case ISUB -> (int) a - (int) b;
      case IMUL -> (int) a * (int) b;
      case IDIV -> (int) a / (int) b;
      case IREM -> (int) a % (int) b;
      case IMAX -> Math.max((int) a, (int) b);
      case IMIN -> Math.min((int) a, (int) b);
      case CHECK_INDEX -> java.util.Objects.checkIndex((int) a, (int) b);
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case NOT -> a != 0 ? 0 : 1;
      case AND -> a != 0 && b != 0 ? 1 : 0;
      case OR -> a != 0 || b != 0 ? 1 : 0;
    };
  }
}
