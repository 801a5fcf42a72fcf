package dev.adjoint.processor.ir;

/**
 * Every scalar operation of the IR, with its operand and result types.
 *
 * <p>The floating-point operations are exactly those of {@code dev.adjoint.Value} and {@code
 * java.lang.Math}: the emitter prints each as the one Java expression the engine evaluates, so that
 * forward values agree bit for bit.
 */
public enum Op {
  // double -> double
  NEG(1, ScalarType.F64, ScalarType.F64),
  EXP(1, ScalarType.F64, ScalarType.F64),
  LOG(1, ScalarType.F64, ScalarType.F64),
  RELU(1, ScalarType.F64, ScalarType.F64),
  TANH(1, ScalarType.F64, ScalarType.F64),
  SQRT(1, ScalarType.F64, ScalarType.F64),
  ABS(1, ScalarType.F64, ScalarType.F64),
  SIN(1, ScalarType.F64, ScalarType.F64),
  COS(1, ScalarType.F64, ScalarType.F64),
  TAN(1, ScalarType.F64, ScalarType.F64),
  ASIN(1, ScalarType.F64, ScalarType.F64),
  ACOS(1, ScalarType.F64, ScalarType.F64),
  ATAN(1, ScalarType.F64, ScalarType.F64),
  SINH(1, ScalarType.F64, ScalarType.F64),
  COSH(1, ScalarType.F64, ScalarType.F64),
  /** {@code 1 / (1 + exp(-x))}, as {@code Value.sigmoid} computes it. */
  SIGMOID(1, ScalarType.F64, ScalarType.F64),
  LOG1P(1, ScalarType.F64, ScalarType.F64),
  EXPM1(1, ScalarType.F64, ScalarType.F64),
  /** {@code log(1 + exp(x))}, computed without overflow as {@code Value.softplus} does. */
  SOFTPLUS(1, ScalarType.F64, ScalarType.F64),
  /** GPT-2's GELU, the tanh approximation, as {@code Value.gelu} computes it. */
  GELU(1, ScalarType.F64, ScalarType.F64),
  /** {@code Math.floor}: its derivative is zero wherever it exists, so none flows through it. */
  FLOOR(1, ScalarType.F64, ScalarType.F64),
  /** {@code Math.ceil}: no derivative flows through it, as for {@link #FLOOR}. */
  CEIL(1, ScalarType.F64, ScalarType.F64),
  /** {@code Value.data()}: the same number with no derivative flowing through it. */
  STOP(1, ScalarType.F64, ScalarType.F64),
  // (double, double) -> double
  ADD(2, ScalarType.F64, ScalarType.F64),
  SUB(2, ScalarType.F64, ScalarType.F64),
  MUL(2, ScalarType.F64, ScalarType.F64),
  DIV(2, ScalarType.F64, ScalarType.F64),
  POW(2, ScalarType.F64, ScalarType.F64),
  MAX(2, ScalarType.F64, ScalarType.F64),
  MIN(2, ScalarType.F64, ScalarType.F64),
  /** {@code Math.atan2(y, x)}: operands {@code (y, x)}, as {@code y.atan2(x)}. */
  ATAN2(2, ScalarType.F64, ScalarType.F64),
  /**
   * A call of a {@code @CustomGradient} function, a black box: operand 0 is an {@code I32} constant
   * naming the function ({@link Callee#of}), the others its {@code double} arguments. No derivative
   * flows through it; {@link #LINK} gives its result derivatives.
   */
  CALL(-1, ScalarType.F64, ScalarType.F64),
  /**
   * {@code LINK(v, x, p)} is {@code v}, with derivative 1 with respect to {@code v} and {@code p}
   * with respect to {@code x}, and none flowing into {@code p}: how a {@code @CustomGradient}
   * rule's partial derivative {@code p} attaches to the call's value. Only the derivative passes
   * see it: {@code Optimizer.forEmission} replaces it by {@code v}.
   */
  LINK(3, ScalarType.F64, ScalarType.F64),
  /** {@code (int) x}: Java's narrowing conversion (NaN to 0, saturating at the int range). */
  D2I(1, ScalarType.F64, ScalarType.I32),
  // int
  I2D(1, ScalarType.I32, ScalarType.F64),
  INEG(1, ScalarType.I32, ScalarType.I32),
  IADD(2, ScalarType.I32, ScalarType.I32),
  ISUB(2, ScalarType.I32, ScalarType.I32),
  IMUL(2, ScalarType.I32, ScalarType.I32),
  IDIV(2, ScalarType.I32, ScalarType.I32),
  IREM(2, ScalarType.I32, ScalarType.I32),
  IMAX(2, ScalarType.I32, ScalarType.I32),
  IMIN(2, ScalarType.I32, ScalarType.I32),
  /**
   * {@code Objects.checkIndex(i, n)}: {@code i} if {@code 0 <= i < n}, else it throws. Guards an
   * index into a runtime-sized array where it is not provably in range.
   */
  CHECK_INDEX(2, ScalarType.I32, ScalarType.I32),
  // comparisons -> boolean
  LT(2, null, ScalarType.BOOL),
  LE(2, null, ScalarType.BOOL),
  GT(2, null, ScalarType.BOOL),
  GE(2, null, ScalarType.BOOL),
  EQ(2, null, ScalarType.BOOL),
  NE(2, null, ScalarType.BOOL),
  // boolean
  NOT(1, ScalarType.BOOL, ScalarType.BOOL),
  AND(2, ScalarType.BOOL, ScalarType.BOOL),
  OR(2, ScalarType.BOOL, ScalarType.BOOL);

  private final int arity;
  private final ScalarType operandType;
  private final ScalarType resultType;

  Op(int arity, ScalarType operandType, ScalarType resultType) {
    this.arity = arity;
    this.operandType = operandType;
    this.resultType = resultType;
  }

  /** Number of operands; -1 for {@link #CALL}, which takes a callee and any arguments. */
  public int arity() {
    return arity;
  }

  /** True if the op takes {@code n} operands. */
  public boolean accepts(int n) {
    return arity < 0 ? n >= 1 : n == arity;
  }

  /** The type operand {@code i} must have (null: as for {@link #operandType()}). */
  public ScalarType operandType(int i) {
    return this == CALL && i == 0 ? ScalarType.I32 : operandType;
  }

  /** Type every operand must have, or null for comparisons (both F64 or both I32). */
  public ScalarType operandType() {
    return operandType;
  }

  /** Type of the result. */
  public ScalarType resultType() {
    return resultType;
  }

  /** True for comparisons, whose operands are both {@code double} or both {@code int}. */
  public boolean isComparison() {
    return operandType == null;
  }

  /** True if a derivative flows into operand {@code i}: all but a {@link #LINK}'s partial. */
  public boolean differentiates(int i) {
    return isDifferentiable() && !(this == LINK && i == 2);
  }

  /** True if evaluating the operation may throw (so it is never evaluated speculatively). */
  public boolean mayThrow() {
    return this == IDIV || this == IREM || this == CHECK_INDEX;
  }

  /**
   * True for the {@code double} operations that a derivative can flow through (through the operands
   * {@link #differentiates} says).
   */
  public boolean isDifferentiable() {
    return resultType == ScalarType.F64
        && operandType == ScalarType.F64
        && this != STOP
        && this != FLOOR
        && this != CEIL
        && this != CALL;
  }
}
