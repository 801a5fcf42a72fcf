package dev.adjoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scalar in a reverse-mode automatic differentiation graph: the reference engine ("interpreter")
 * that Adjoint's generated code is compared with, bit for bit.
 *
 * <p>Each {@code Value} holds its {@linkplain #data() data}, its {@linkplain #grad() gradient}, the
 * values it was computed from (its children, in argument order) and the local derivative of this
 * value with respect to each child, computed once when the value is created. Operations never
 * mutate their operands; they return a new {@code Value}. This follows Karpathy's micrograd and
 * microgpt {@code Value}.
 *
 * <p><b>Exact numeric semantics.</b> Every operation documents the exact {@code double} expression
 * it evaluates for its data and for each local derivative, because compiled code must reproduce
 * them exactly. Numeric domain problems never throw: results follow IEEE 754 ({@code 1 / 0} is
 * infinite, {@code log(-1)} is NaN). A {@code null} argument always throws {@link
 * NullPointerException} with a message naming the argument.
 *
 * <p><b>Gradients.</b> {@link #backward()} applies the chain rule {@code child.grad += localGrad *
 * node.grad} over the graph reachable from the value it is called on, in a deterministic order
 * defined there. Gradients accumulate across calls until {@link #zeroGrad()} resets them.
 *
 * <p>Instances are not thread-safe: the gradient is mutable, {@link #backward()} writes the
 * gradient of every reachable value, and graph traversals ({@link #backward()}, {@link
 * #zeroGrad()}, {@link #toDot()}) mark the nodes they visit. Graphs that share nodes must not be
 * traversed from several threads at once; building values concurrently is safe.
 */
public final class Value {

  // Op labels, shown by toDot(). Shared constants so that building a node allocates no string.
  private static final String LEAF = "";
  private static final String ADD = "+";
  private static final String SUB = "-";
  private static final String MUL = "*";
  private static final String DIV = "/";
  private static final String NEG = "neg";
  private static final String POW = "pow";
  private static final String EXP = "exp";
  private static final String LOG = "log";
  private static final String RELU = "relu";
  private static final String TANH = "tanh";
  private static final String SUM = "sum";
  private static final String SIN = "sin";
  private static final String COS = "cos";
  private static final String TAN = "tan";
  private static final String ASIN = "asin";
  private static final String ACOS = "acos";
  private static final String ATAN = "atan";
  private static final String ATAN2 = "atan2";
  private static final String SINH = "sinh";
  private static final String COSH = "cosh";
  private static final String SIGMOID = "sigmoid";
  private static final String LOG1P = "log1p";
  private static final String EXPM1 = "expm1";
  private static final String SQRT = "sqrt";
  private static final String ABS = "abs";
  private static final String MIN = "min";
  private static final String MAX = "max";
  private static final String SOFTPLUS = "softplus";
  private static final String GELU = "gelu";

  /** {@code sqrt(2 / pi)}, the constant of GELU's tanh approximation. */
  private static final double GELU_C = 0.7978845608028654;

  /** {@code 3 * 0.044715}, the cubic coefficient of GELU's derivative. */
  private static final double GELU_C3 = 0.134145;

  /**
   * Numbers graph traversals. A traversal marks each node it reaches with its own number, which is
   * far cheaper than a visited set for deep graphs, and needs no clean-up afterwards.
   */
  private static final AtomicLong TRAVERSALS = new AtomicLong();

  private static final Value[] NO_CHILDREN = {};
  private static final double[] NO_GRADS = {};

  final double data;
  double grad;
  final Value[] children;
  final double[] localGrads;
  final String op;

  /** The number of the last traversal that reached this node; 0 before any. */
  private long visitedBy;

  private Value(double data, Value[] children, double[] localGrads, String op) {
    this.data = data;
    this.children = children;
    this.localGrads = localGrads;
    this.op = op;
  }

  private static Value unary(double data, Value child, double localGrad, String op) {
    return new Value(data, new Value[] {child}, new double[] {localGrad}, op);
  }

  private static Value binary(
      double data, Value left, double leftGrad, Value right, double rightGrad, String op) {
    return new Value(data, new Value[] {left, right}, new double[] {leftGrad, rightGrad}, op);
  }

  /**
   * Returns a new leaf (a value with no children) holding {@code data} and a gradient of 0.
   *
   * @param data the scalar, any {@code double} including NaN and infinities
   * @return a new leaf
   */
  public static Value of(double data) {
    return new Value(data, NO_CHILDREN, NO_GRADS, LEAF);
  }

  /**
   * Returns the scalar this value holds.
   *
   * @return the data
   */
  public double data() {
    return data;
  }

  /**
   * Returns the gradient accumulated into this value by {@link #backward()} calls since it was
   * created or last zeroed.
   *
   * @return the gradient
   */
  public double grad() {
    return grad;
  }

  /**
   * Returns {@code this + other}: data {@code this.data + other.data}, local derivatives {@code (1,
   * 1)}.
   *
   * @param other the right operand
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value add(Value other) {
    Objects.requireNonNull(other, "other");
    return binary(data + other.data, this, 1.0, other, 1.0, ADD);
  }

  /**
   * Returns {@code this + c}: data {@code this.data + c}, local derivative {@code 1}. The constant
   * is not a node of the graph; the only child is {@code this}.
   *
   * @param c the constant right operand
   * @return a new value with the single child {@code this}
   */
  public Value add(double c) {
    return unary(data + c, this, 1.0, ADD);
  }

  /**
   * Returns {@code this - other}: data {@code this.data - other.data}, local derivatives {@code (1,
   * -1)}.
   *
   * @param other the right operand
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value sub(Value other) {
    Objects.requireNonNull(other, "other");
    return binary(data - other.data, this, 1.0, other, -1.0, SUB);
  }

  /**
   * Returns {@code this - c}: data {@code this.data - c}, local derivative {@code 1}. The constant
   * is not a node of the graph.
   *
   * @param c the constant right operand
   * @return a new value with the single child {@code this}
   */
  public Value sub(double c) {
    return unary(data - c, this, 1.0, SUB);
  }

  /**
   * Returns {@code this * other}: data {@code this.data * other.data}, local derivatives {@code
   * (other.data, this.data)}.
   *
   * @param other the right operand
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value mul(Value other) {
    Objects.requireNonNull(other, "other");
    return binary(data * other.data, this, other.data, other, data, MUL);
  }

  /**
   * Returns {@code this * c}: data {@code this.data * c}, local derivative {@code c}. The constant
   * is not a node of the graph.
   *
   * @param c the constant right operand
   * @return a new value with the single child {@code this}
   */
  public Value mul(double c) {
    return unary(data * c, this, c, MUL);
  }

  /**
   * Returns {@code this / other}: data {@code this.data / other.data}, local derivatives {@code (1
   * / other.data, -this.data / (other.data * other.data))}.
   *
   * <p>The quotient is a true IEEE division, not {@code this * other^-1} as in micrograd, so its
   * data is correctly rounded. Dividing by zero gives an infinite or NaN result, never an
   * exception.
   *
   * @param other the divisor
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value div(Value other) {
    Objects.requireNonNull(other, "other");
    double b = other.data;
    return binary(data / b, this, 1.0 / b, other, -data / (b * b), DIV);
  }

  /**
   * Returns {@code this / c}: data {@code this.data / c}, local derivative {@code 1 / c}. The
   * constant is not a node of the graph. Dividing by zero gives an infinite or NaN result.
   *
   * @param c the constant divisor
   * @return a new value with the single child {@code this}
   */
  public Value div(double c) {
    return unary(data / c, this, 1.0 / c, DIV);
  }

  /**
   * Returns {@code -this}: data {@code -this.data}, local derivative {@code -1}.
   *
   * @return a new value with the single child {@code this}
   */
  public Value neg() {
    return unary(-data, this, -1.0, NEG);
  }

  /**
   * Returns {@code this} raised to a constant power: data {@code Math.pow(this.data, exponent)},
   * local derivative {@code exponent * Math.pow(this.data, exponent - 1)}.
   *
   * <p>All of {@link Math#pow}'s special cases apply (a negative base with a non-integer exponent
   * gives NaN; {@code pow(0, -1)} is infinite). The exponent is not a node of the graph.
   *
   * @param exponent the constant exponent
   * @return a new value with the single child {@code this}
   */
  public Value pow(double exponent) {
    return unary(Math.pow(data, exponent), this, exponent * Math.pow(data, exponent - 1), POW);
  }

  /**
   * Returns {@code e^this}: data {@code Math.exp(this.data)}, local derivative the very same {@code
   * double} as the data.
   *
   * @return a new value with the single child {@code this}
   */
  public Value exp() {
    double e = Math.exp(data);
    return unary(e, this, e, EXP);
  }

  /**
   * Returns the natural logarithm of {@code this}: data {@code Math.log(this.data)}, local
   * derivative {@code 1 / this.data}.
   *
   * <p>Outside the domain the result is IEEE, not an exception: {@code log(0)} is {@code -Infinity}
   * with derivative {@code Infinity}, {@code log(-1)} is NaN with derivative {@code -1}.
   *
   * @return a new value with the single child {@code this}
   */
  public Value log() {
    return unary(Math.log(data), this, 1.0 / data, LOG);
  }

  /**
   * Returns the rectified linear unit of {@code this}: data {@code this.data > 0 ? this.data :
   * 0.0}, local derivative {@code this.data > 0 ? 1 : 0}.
   *
   * <p>Consequences of that exact expression: the derivative at 0 is 0; {@code -0.0} maps to {@code
   * 0.0}; NaN maps to {@code 0.0} with derivative 0 (unlike {@code Math.max(0.0, NaN)}, which is
   * NaN).
   *
   * @return a new value with the single child {@code this}
   */
  public Value relu() {
    boolean positive = data > 0;
    return unary(positive ? data : 0.0, this, positive ? 1.0 : 0.0, RELU);
  }

  /**
   * Returns the hyperbolic tangent of {@code this}: data {@code t = Math.tanh(this.data)}, local
   * derivative {@code 1 - t * t} computed from that same {@code t}.
   *
   * @return a new value with the single child {@code this}
   */
  public Value tanh() {
    double t = Math.tanh(data);
    return unary(t, this, 1.0 - t * t, TANH);
  }

  /**
   * Returns {@code this} raised to the power {@code exponent}, both in the graph: data {@code y =
   * Math.pow(a, b)} (with {@code a = this.data}, {@code b = exponent.data}), local derivatives
   * {@code b * Math.pow(a, b - 1)} with respect to the base and {@code y == 0 ? 0 : y *
   * Math.log(a)} with respect to the exponent.
   *
   * <p>At {@code a <= 0}: where {@code y} is 0 ({@code a = 0} with {@code b > 0}, where the power
   * is 0 on both sides of {@code b}) the exponent's derivative is exactly 0. Elsewhere at {@code a
   * = 0} it is {@code y * -Infinity} ({@code -Infinity} for {@code b <= 0}), and for {@code a < 0}
   * it is NaN: a negative base has no real power for non-integer exponents, so the power is not
   * differentiable in the exponent there. All of {@link Math#pow}'s special cases apply to the data
   * and the base's derivative.
   *
   * @param exponent the exponent
   * @return a new value with children {@code (this, exponent)}
   * @throws NullPointerException if {@code exponent} is null
   */
  public Value pow(Value exponent) {
    Objects.requireNonNull(exponent, "exponent");
    double b = exponent.data;
    double y = Math.pow(data, b);
    double dExponent = y == 0 ? 0.0 : y * Math.log(data);
    return binary(y, this, b * Math.pow(data, b - 1), exponent, dExponent, POW);
  }

  /**
   * Returns the sine of {@code this} (radians): data {@code Math.sin(this.data)}, local derivative
   * {@code Math.cos(this.data)}. Infinite or NaN data give NaN for both.
   *
   * @return a new value with the single child {@code this}
   */
  public Value sin() {
    return unary(Math.sin(data), this, Math.cos(data), SIN);
  }

  /**
   * Returns the cosine of {@code this} (radians): data {@code Math.cos(this.data)}, local
   * derivative {@code -Math.sin(this.data)}. Infinite or NaN data give NaN for both.
   *
   * @return a new value with the single child {@code this}
   */
  public Value cos() {
    return unary(Math.cos(data), this, -Math.sin(data), COS);
  }

  /**
   * Returns the tangent of {@code this} (radians): data {@code t = Math.tan(this.data)}, local
   * derivative {@code 1 + t * t} computed from that same {@code t}. Near odd multiples of pi/2 both
   * are large but finite ({@code pi/2} itself is not a double).
   *
   * @return a new value with the single child {@code this}
   */
  public Value tan() {
    double t = Math.tan(data);
    return unary(t, this, 1.0 + t * t, TAN);
  }

  /**
   * Returns the arc sine of {@code this}: data {@code Math.asin(this.data)}, local derivative
   * {@code 1 / Math.sqrt(1 - this.data * this.data)}. At {@code ±1} the derivative is {@code
   * Infinity}; beyond them both are NaN.
   *
   * @return a new value with the single child {@code this}
   */
  public Value asin() {
    return unary(Math.asin(data), this, 1.0 / Math.sqrt(1.0 - data * data), ASIN);
  }

  /**
   * Returns the arc cosine of {@code this}: data {@code Math.acos(this.data)}, local derivative
   * {@code -(1 / Math.sqrt(1 - this.data * this.data))}. At {@code ±1} the derivative is {@code
   * -Infinity}; beyond them both are NaN.
   *
   * @return a new value with the single child {@code this}
   */
  public Value acos() {
    return unary(Math.acos(data), this, -(1.0 / Math.sqrt(1.0 - data * data)), ACOS);
  }

  /**
   * Returns the arc tangent of {@code this}: data {@code Math.atan(this.data)}, local derivative
   * {@code 1 / (1 + this.data * this.data)} (0 once the square overflows).
   *
   * @return a new value with the single child {@code this}
   */
  public Value atan() {
    return unary(Math.atan(data), this, 1.0 / (1.0 + data * data), ATAN);
  }

  /**
   * Returns the angle of the point {@code (x, y) = (other, this)}: data {@code Math.atan2(y, x)},
   * local derivatives {@code x / r} with respect to {@code this} and {@code -y / r} with respect to
   * {@code other}, where {@code r = x * x + y * y}. At the origin both derivatives are NaN ({@code
   * 0 / 0}): the angle jumps there.
   *
   * @param other the {@code x} coordinate
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value atan2(Value other) {
    Objects.requireNonNull(other, "other");
    double y = data;
    double x = other.data;
    double r = x * x + y * y;
    return binary(Math.atan2(y, x), this, x / r, other, -y / r, ATAN2);
  }

  /**
   * Returns the hyperbolic sine of {@code this}: data {@code Math.sinh(this.data)}, local
   * derivative {@code Math.cosh(this.data)} (infinite beyond about 710).
   *
   * @return a new value with the single child {@code this}
   */
  public Value sinh() {
    return unary(Math.sinh(data), this, Math.cosh(data), SINH);
  }

  /**
   * Returns the hyperbolic cosine of {@code this}: data {@code Math.cosh(this.data)}, local
   * derivative {@code Math.sinh(this.data)}.
   *
   * @return a new value with the single child {@code this}
   */
  public Value cosh() {
    return unary(Math.cosh(data), this, Math.sinh(data), COSH);
  }

  /**
   * Returns the logistic sigmoid of {@code this}: data {@code s = 1 / (1 + Math.exp(-this.data))},
   * local derivative {@code s * (1 - s)} computed from that same {@code s}. Saturates without NaN:
   * below about -709 the exponential overflows and {@code s} is 0, above about 37 {@code s} rounds
   * to 1; the derivative is then 0.
   *
   * @return a new value with the single child {@code this}
   */
  public Value sigmoid() {
    double s = 1.0 / (1.0 + Math.exp(-data));
    return unary(s, this, s * (1.0 - s), SIGMOID);
  }

  /**
   * Returns {@code log(1 + this)}, accurate for small data: data {@code Math.log1p(this.data)},
   * local derivative {@code 1 / (1 + this.data)}. At -1 the data is {@code -Infinity} and the
   * derivative {@code Infinity}; below -1 the data is NaN.
   *
   * @return a new value with the single child {@code this}
   */
  public Value log1p() {
    return unary(Math.log1p(data), this, 1.0 / (1.0 + data), LOG1P);
  }

  /**
   * Returns {@code e^this - 1}, accurate for small data: data {@code e = Math.expm1(this.data)},
   * local derivative {@code e + 1} computed from that same {@code e} (so infinite where it
   * overflows, and exactly 0 far below zero).
   *
   * @return a new value with the single child {@code this}
   */
  public Value expm1() {
    double e = Math.expm1(data);
    return unary(e, this, e + 1.0, EXPM1);
  }

  /**
   * Returns the square root of {@code this}: data {@code s = Math.sqrt(this.data)}, local
   * derivative {@code 0.5 / s} computed from that same {@code s}. At 0 the derivative is {@code
   * Infinity} ({@code -Infinity} at {@code -0.0}); for negative data both are NaN.
   *
   * @return a new value with the single child {@code this}
   */
  public Value sqrt() {
    double s = Math.sqrt(data);
    return unary(s, this, 0.5 / s, SQRT);
  }

  /**
   * Returns the absolute value of {@code this}: data {@code Math.abs(this.data)}, local derivative
   * {@code this.data > 0 ? 1 : this.data < 0 ? -1 : 0}. At 0 (either sign) the derivative is 0, the
   * subgradient in the middle of {@code [-1, 1]}; for NaN it is 0 too.
   *
   * @return a new value with the single child {@code this}
   */
  public Value abs() {
    double d = data > 0 ? 1.0 : data < 0 ? -1.0 : 0.0;
    return unary(Math.abs(data), this, d, ABS);
  }

  /**
   * Returns the smaller of {@code this} and {@code other}: data {@code Math.min(this.data,
   * other.data)}, local derivatives {@code (1, 0)} when {@code this.data <= other.data}, else
   * {@code (0, 1)}. Ties go to {@code this} (also {@code -0.0} against {@code 0.0}, where {@link
   * Math#min} returns {@code -0.0} whichever it is); a NaN operand makes the data NaN and sends the
   * derivative to {@code other}.
   *
   * @param other the other operand
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value min(Value other) {
    Objects.requireNonNull(other, "other");
    boolean first = data <= other.data;
    return binary(
        Math.min(data, other.data), this, first ? 1.0 : 0.0, other, first ? 0.0 : 1.0, MIN);
  }

  /**
   * Returns the larger of {@code this} and {@code other}: data {@code Math.max(this.data,
   * other.data)}, local derivatives {@code (1, 0)} when {@code this.data >= other.data}, else
   * {@code (0, 1)}. Ties go to {@code this}; a NaN operand makes the data NaN and sends the
   * derivative to {@code other}.
   *
   * @param other the other operand
   * @return a new value with children {@code (this, other)}
   * @throws NullPointerException if {@code other} is null
   */
  public Value max(Value other) {
    Objects.requireNonNull(other, "other");
    boolean first = data >= other.data;
    return binary(
        Math.max(data, other.data), this, first ? 1.0 : 0.0, other, first ? 0.0 : 1.0, MAX);
  }

  /**
   * Returns the softplus {@code log(1 + e^this)} of {@code this}, computed without overflow: data
   * {@code x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))} with {@code x =
   * this.data}, local derivative the sigmoid {@code 1 / (1 + Math.exp(-x))}. Large data give {@code
   * x} itself (derivative 1), very negative data 0 (derivative 0).
   *
   * @return a new value with the single child {@code this}
   */
  public Value softplus() {
    double x = data;
    double y = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    return unary(y, this, 1.0 / (1.0 + Math.exp(-x)), SOFTPLUS);
  }

  /**
   * Returns GPT-2's GELU of {@code this}, the tanh approximation: with {@code x = this.data},
   * {@code c = sqrt(2 / pi) = 0.7978845608028654} and {@code t = Math.tanh(c * (x + 0.044715 * x *
   * x * x))}, data {@code 0.5 * x * (1 + t)}, local derivative {@code 0.5 * (1 + t) + 0.5 * x * (1
   * - t * t) * c * (1 + 0.134145 * x * x)}. Beyond about ±20 the tanh saturates: the data is {@code
   * x} or {@code -0.0} and the derivative exactly 1 or 0, up to {@code |x|} about {@code 1e154},
   * where {@code x * x} overflows and the derivative becomes NaN ({@code 0 * Infinity}).
   *
   * @return a new value with the single child {@code this}
   */
  public Value gelu() {
    double x = data;
    double t = Math.tanh(GELU_C * (x + 0.044715 * x * x * x));
    double d = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + GELU_C3 * x * x);
    return unary(0.5 * x * (1.0 + t), this, d, GELU);
  }

  /**
   * Returns the {@link CustomGradient} function {@code function} of {@code owner} applied to {@code
   * args}: data the function's value at their data, local derivatives what its rule returns there
   * (see {@link CustomGradient} for both signatures). Adjoint compiles a call with a class literal
   * and a string literal into a call of the function and the rule's derivatives; the engine does
   * the same by reflection, so both take the same derivatives.
   *
   * @param owner the class declaring the function and its rule
   * @param function the function's name
   * @param args its arguments, one per {@code double} parameter
   * @return a new value with children {@code args}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if there is no such function, or its rule does not fit
   */
  public static Value custom(Class<?> owner, String function, Value... args) {
    Objects.requireNonNull(args, "args");
    Value[] children = args.clone();
    double[] x = new double[children.length];
    for (int i = 0; i < children.length; i++) {
      if (children[i] == null) {
        throw new NullPointerException("args[" + i + "]");
      }
      x[i] = children[i].data;
    }
    CustomFunction f = CustomFunction.of(owner, function, x.length);
    double y = f.value(x);
    return new Value(y, children, f.partials(x, y), function);
  }

  /**
   * Returns the sum of {@code values} as a single node whose children are the values in order and
   * whose local derivatives are all 1.
   *
   * <p>The data is the left fold {@code ((v0.data + v1.data) + v2.data) + ...} starting from the
   * first element, so it is the same {@code double} as chaining {@code v0.add(v1).add(v2)...}, and
   * the gradients it passes back are the same too. One element gives a new node with that element's
   * data; no elements give a new leaf {@code Value.of(0.0)}.
   *
   * @param values the terms, in summation order
   * @return a new value
   * @throws NullPointerException if {@code values} or one of its elements is null
   */
  public static Value sum(Value... values) {
    Objects.requireNonNull(values, "values");
    // Copy, so that a caller changing its array later cannot change this node's children.
    Value[] children = values.clone();
    for (int i = 0; i < children.length; i++) {
      if (children[i] == null) {
        throw new NullPointerException("values[" + i + "]");
      }
    }
    return sumOf(children);
  }

  /**
   * Returns the sum of {@code values} in iteration order, exactly as {@link #sum(Value...)}.
   *
   * @param values the terms, in summation order
   * @return a new value
   * @throws NullPointerException if {@code values} or one of its elements is null
   */
  public static Value sum(Iterable<Value> values) {
    Objects.requireNonNull(values, "values");
    List<Value> list = new ArrayList<>();
    for (Value v : values) {
      if (v == null) {
        throw new NullPointerException("values[" + list.size() + "]");
      }
      list.add(v);
    }
    return sumOf(list.toArray(NO_CHILDREN));
  }

  private static Value sumOf(Value[] children) {
    if (children.length == 0) {
      return of(0.0);
    }
    double s = children[0].data;
    for (int i = 1; i < children.length; i++) {
      s += children[i].data;
    }
    double[] ones = new double[children.length];
    Arrays.fill(ones, 1.0);
    return new Value(s, children, ones, SUM);
  }

  /**
   * Back-propagates from this value: sets this value's gradient to 1, then adds {@code d this / d
   * v} to the gradient of every other value {@code v} reachable from it.
   *
   * <p><b>Order.</b> The graph is ordered topologically by the reverse post-order of a depth-first
   * search from this value that visits each node's children in argument order and each node once.
   * Nodes are processed in that order (this value first); processing a node adds {@code
   * localGrad[i] * node.grad} to the gradient of its child {@code i}, for {@code i} in argument
   * order. The search is iterative, so graphs of any depth work on the default thread stack.
   *
   * <p><b>Accumulation.</b> This value's gradient is overwritten with 1, as in micrograd. Every
   * other reachable value's gradient is incremented by exactly its derivative from this pass,
   * whatever it held before: the pass runs on zeroed gradients and then adds back what each node
   * held. On a freshly built graph the results are therefore identical to micrograd's; calling
   * {@code backward()} twice on the same value leaves this value's gradient at 1 and doubles every
   * other gradient (micrograd would also re-propagate the stale gradients of intermediate nodes).
   * Call {@link #zeroGrad()} between independent passes.
   */
  public void backward() {
    List<Value> topo = topologicalOrder();
    int n = topo.size();
    // The pass must see only its own contributions, so stash what earlier passes left behind.
    double[] previous = new double[n];
    for (int i = 0; i < n; i++) {
      Value v = topo.get(i);
      previous[i] = v.grad;
      v.grad = 0.0;
    }
    grad = 1.0;
    for (int i = n - 1; i >= 0; i--) {
      Value node = topo.get(i);
      Value[] cs = node.children;
      double[] lg = node.localGrads;
      for (int c = 0; c < cs.length; c++) {
        cs[c].grad += lg[c] * node.grad;
      }
    }
    // Index n - 1 is this value, whose gradient stays 1. On a fresh graph previous is 0.0, and
    // 0.0 + g == g for every g the pass produces (it never produces -0.0), so micrograd's results
    // come out unchanged.
    for (int i = 0; i < n - 1; i++) {
      Value v = topo.get(i);
      v.grad = previous[i] + v.grad;
    }
  }

  /** Sets the gradient of this value and of every value reachable from it to 0. */
  public void zeroGrad() {
    for (Value v : topologicalOrder()) {
      v.grad = 0.0;
    }
  }

  /**
   * Renders the graph reachable from this value as Graphviz DOT, like micrograd's {@code draw_dot}:
   * a record node per value showing its data and gradient, and an operation node per computed value
   * labeled with the operation ({@code +}, {@code -}, {@code *}, {@code /}, {@code neg}, {@code
   * pow}, {@code exp}, {@code log}, {@code relu}, {@code tanh}, {@code sum}, and the elementary
   * functions by their method names, {@code sin} to {@code gelu}).
   *
   * <p>The output is deterministic: values are emitted in topological order (children before the
   * values computed from them, as {@link #backward()} orders them) and named {@code v0}, {@code
   * v1}, ... in that order; the operation node of {@code vK} is {@code vK_op}. Numbers are shown
   * with four decimals. Constant operands ({@code add(double)} and the like) are not nodes.
   *
   * @return the DOT source
   */
  public String toDot() {
    return DotWriter.write(topologicalOrder());
  }

  /**
   * Returns {@code Value(data=<data>, grad=<grad>)} with both numbers as {@link
   * Double#toString(double)} prints them.
   */
  @Override
  public String toString() {
    return "Value(data=" + data + ", grad=" + grad + ")";
  }

  /**
   * Returns every value reachable from this one, each once, children before parents: the post-order
   * of an iterative depth-first search from this value visiting children in argument order. This
   * value is last.
   */
  List<Value> topologicalOrder() {
    List<Value> order = new ArrayList<>();
    long traversal = TRAVERSALS.incrementAndGet();
    // An explicit stack of (node, next child index) replaces recursion, so depth is unbounded.
    Value[] nodes = new Value[16];
    int[] next = new int[16];
    int top = 0;
    nodes[0] = this;
    visitedBy = traversal;
    while (top >= 0) {
      Value node = nodes[top];
      int i = next[top];
      if (i < node.children.length) {
        next[top] = i + 1;
        Value child = node.children[i];
        if (child.visitedBy != traversal) {
          child.visitedBy = traversal;
          top++;
          if (top == nodes.length) {
            nodes = Arrays.copyOf(nodes, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          nodes[top] = child;
          next[top] = 0;
        }
      } else {
        order.add(node);
        nodes[top] = null;
        top--;
      }
    }
    return order;
  }
}
