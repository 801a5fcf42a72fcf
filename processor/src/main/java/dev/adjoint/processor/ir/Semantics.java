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
      case SIN -> Math.sin(a);
      case COS -> Math.cos(a);
      case TAN -> Math.tan(a);
      case ASIN -> Math.asin(a);
      case ACOS -> Math.acos(a);
      case ATAN -> Math.atan(a);
      case SINH -> Math.sinh(a);
      case COSH -> Math.cosh(a);
      case SIGMOID -> sigmoid(a);
      case LOG1P -> Math.log1p(a);
      case EXPM1 -> Math.expm1(a);
      case SOFTPLUS -> softplus(a);
      case GELU -> gelu(a);
      case FLOOR -> Math.floor(a);
      case CEIL -> Math.ceil(a);
      case STOP -> a;
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case ATAN2 -> Math.atan2(a, b);
      case LINK -> a;
      case CALL -> throw new UnsupportedOperationException("a call is evaluated by its callee");
      case D2I -> (int) a;
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

  /** {@code sqrt(2 / pi)}, the constant of GELU's tanh approximation. */
  public static final double GELU_C = 0.7978845608028654;

  /** {@code 3 * 0.044715}, the cubic term's coefficient in GELU's derivative. */
  public static final double GELU_C3 = 0.134145;

  /** {@code Value.sigmoid}: {@code 1 / (1 + exp(-x))}. */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /**
   * {@code Value.softplus}: {@code log(1 + exp(x))}, as {@code x + log1p(exp(-x))} for positive
   * {@code x} so that large inputs do not overflow.
   */
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** {@code Value.gelu}: {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}. */
  public static double gelu(double x) {
    return 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
  }
}
