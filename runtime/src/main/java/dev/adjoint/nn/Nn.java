package dev.adjoint.nn;

import dev.adjoint.Value;

/**
 * Reference neural-network functions written on the {@link Value} engine exactly as a user would
 * write them (after Karpathy's microgpt).
 *
 * <p><b>The exact operation order of each function is part of its contract.</b> Adjoint's compiler
 * reproduces these functions bit for bit, so each method documents the sequence of {@code Value}
 * operations it performs, including the order of every summation, and must not be "optimized".
 * Every sum is a left fold that starts from its first term, written as {@code
 * t0.add(t1).add(t2)...} (never from {@code Value.of(0.0)}). A maximum taken for numerical
 * stability is a plain {@code double} computed from {@link Value#data()}: it is a constant, no
 * gradient flows through it.
 *
 * <p>Numeric problems never throw (IEEE results, as in {@link Value}). A {@code null} argument or
 * element throws {@link NullPointerException} naming it; empty or mismatched inputs throw {@link
 * IllegalArgumentException} naming the argument.
 */
public final class Nn {

  private Nn() {}

  /**
   * Returns the softmax of {@code logits}.
   *
   * <p>Exact operations, with {@code n = logits.length}:
   *
   * <ol>
   *   <li>{@code max = logits[0].data()}, then {@code max = Math.max(max, logits[i].data())} for
   *       {@code i = 1 .. n-1} (a constant; a NaN logit makes it NaN);
   *   <li>{@code exps[i] = logits[i].sub(max).exp()} for {@code i = 0 .. n-1};
   *   <li>{@code total = exps[0]}, then {@code total = total.add(exps[i])} for {@code i = 1 ..
   *       n-1};
   *   <li>{@code out[i] = exps[i].div(total)} for {@code i = 0 .. n-1}.
   * </ol>
   *
   * <p>Compiled, its values are these operations' bit for bit, but its derivatives take softmax's
   * own rule, {@code grad = out * (seed - sum(seed * out))} (and the matching tangent), instead of
   * the chain rule through them: fewer operations, equal to the engine's gradient up to rounding.
   *
   * @param logits the unnormalized log-probabilities, at least one
   * @return the probabilities, a new array of {@code n} values
   * @throws NullPointerException if {@code logits} or one of its elements is null
   * @throws IllegalArgumentException if {@code logits} is empty
   */
  public static Value[] softmax(Value[] logits) {
    checkVector(logits, "logits");
    int n = logits.length;
    double max = max(logits);
    Value[] exps = new Value[n];
    for (int i = 0; i < n; i++) {
      exps[i] = logits[i].sub(max).exp();
    }
    Value total = exps[0];
    for (int i = 1; i < n; i++) {
      total = total.add(exps[i]);
    }
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      out[i] = exps[i].div(total);
    }
    return out;
  }

  /**
   * Returns the softmax of {@code logits} divided by {@code temperature}.
   *
   * <p>Exact operations: {@code scaled[i] = logits[i].div(temperature)} for {@code i = 0 .. n-1},
   * then {@link #softmax(Value[]) softmax(scaled)}. A zero temperature gives IEEE infinities and
   * NaNs, not an exception.
   *
   * @param logits the unnormalized log-probabilities, at least one
   * @param temperature the constant divisor; below 1 sharpens, above 1 flattens
   * @return the probabilities, a new array of {@code n} values
   * @throws NullPointerException if {@code logits} or one of its elements is null
   * @throws IllegalArgumentException if {@code logits} is empty
   */
  public static Value[] softmax(Value[] logits, double temperature) {
    checkVector(logits, "logits");
    Value[] scaled = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scaled[i] = logits[i].div(temperature);
    }
    return softmax(scaled);
  }

  /**
   * Returns the log of the softmax of {@code logits}, computed stably.
   *
   * <p>Exact operations, with {@code n = logits.length}:
   *
   * <ol>
   *   <li>{@code max} as in {@link #softmax(Value[])};
   *   <li>{@code shifted[i] = logits[i].sub(max)} for {@code i = 0 .. n-1};
   *   <li>{@code sum = shifted[0].exp()}, then {@code sum = sum.add(shifted[i].exp())} for {@code i
   *       = 1 .. n-1};
   *   <li>{@code logSum = sum.log()};
   *   <li>{@code out[i] = shifted[i].sub(logSum)} for {@code i = 0 .. n-1}.
   * </ol>
   *
   * @param logits the unnormalized log-probabilities, at least one
   * @return the log-probabilities, a new array of {@code n} values
   * @throws NullPointerException if {@code logits} or one of its elements is null
   * @throws IllegalArgumentException if {@code logits} is empty
   */
  public static Value[] logSoftmax(Value[] logits) {
    checkVector(logits, "logits");
    int n = logits.length;
    Value[] shifted = shift(logits);
    Value logSum = logSumExp(shifted);
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      out[i] = shifted[i].sub(logSum);
    }
    return out;
  }

  /**
   * Returns the cross-entropy loss {@code -log(softmax(logits)[target])}.
   *
   * <p>Exact operations: steps 1 to 4 of {@link #logSoftmax(Value[])} (max, {@code shifted}, the
   * left-fold {@code sum} of {@code shifted[i].exp()}, {@code logSum = sum.log()}), then {@code
   * shifted[target].sub(logSum).neg()}. Only the target's log-probability is built.
   *
   * @param logits the unnormalized log-probabilities, at least one
   * @param target the index of the correct class
   * @return the loss
   * @throws NullPointerException if {@code logits} or one of its elements is null
   * @throws IllegalArgumentException if {@code logits} is empty or {@code target} is not in {@code
   *     [0, logits.length)}
   */
  public static Value crossEntropy(Value[] logits, int target) {
    checkVector(logits, "logits");
    if (target < 0 || target >= logits.length) {
      throw new IllegalArgumentException(
          "target " + target + " out of range [0, " + logits.length + ")");
    }
    Value[] shifted = shift(logits);
    Value logSum = logSumExp(shifted);
    return shifted[target].sub(logSum).neg();
  }

  /**
   * Returns the matrix-vector product {@code w x}, without bias.
   *
   * <p>Exact operations: for each row {@code j = 0 .. w.length-1}, {@code acc = w[j][0].mul(x[0])},
   * then {@code acc = acc.add(w[j][i].mul(x[i]))} for {@code i = 1 .. x.length-1}; {@code out[j] =
   * acc}.
   *
   * @param x the input vector, at least one element
   * @param w the weights, one row of {@code x.length} elements per output; may have no rows
   * @return {@code w.length} new values
   * @throws NullPointerException if {@code x}, {@code w} or one of their rows or elements is null
   * @throws IllegalArgumentException if {@code x} is empty or a row of {@code w} is not as long as
   *     {@code x}
   */
  public static Value[] linear(Value[] x, Value[][] w) {
    checkVector(x, "x");
    checkMatrix(w, "w", x.length, "x.length");
    Value[] out = new Value[w.length];
    for (int j = 0; j < w.length; j++) {
      Value[] row = w[j];
      Value acc = row[0].mul(x[0]);
      for (int i = 1; i < x.length; i++) {
        acc = acc.add(row[i].mul(x[i]));
      }
      out[j] = acc;
    }
    return out;
  }

  /**
   * Returns {@code x} scaled to unit root mean square (RMSNorm without a learned gain).
   *
   * <p>Exact operations, with {@code n = x.length}:
   *
   * <ol>
   *   <li>{@code ss = x[0].mul(x[0])}, then {@code ss = ss.add(x[i].mul(x[i]))} for {@code i = 1 ..
   *       n-1};
   *   <li>{@code ms = ss.div((double) n)};
   *   <li>{@code scale = ms.add(1e-5).pow(-0.5)};
   *   <li>{@code out[i] = x[i].mul(scale)} for {@code i = 0 .. n-1}.
   * </ol>
   *
   * @param x the vector, at least one element
   * @return {@code n} new values
   * @throws NullPointerException if {@code x} or one of its elements is null
   * @throws IllegalArgumentException if {@code x} is empty
   */
  public static Value[] rmsnorm(Value[] x) {
    checkVector(x, "x");
    int n = x.length;
    Value ss = x[0].mul(x[0]);
    for (int i = 1; i < n; i++) {
      ss = ss.add(x[i].mul(x[i]));
    }
    Value ms = ss.div((double) n);
    Value scale = ms.add(1e-5).pow(-0.5);
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      out[i] = x[i].mul(scale);
    }
    return out;
  }

  /**
   * Returns single-head scaled dot-product attention of query {@code q} over {@code keys} and
   * {@code values}.
   *
   * <p>Exact operations, with {@code d = q.length}, {@code T = keys.length} and {@code dv =
   * values[0].length}:
   *
   * <ol>
   *   <li>for each {@code t = 0 .. T-1}: {@code dot = q[0].mul(keys[t][0])}, then {@code dot =
   *       dot.add(q[j].mul(keys[t][j]))} for {@code j = 1 .. d-1}; {@code logits[t] =
   *       dot.div(Math.sqrt(d))};
   *   <li>{@code weights = softmax(logits)} ({@link #softmax(Value[])});
   *   <li>for each {@code j = 0 .. dv-1}: {@code acc = weights[0].mul(values[0][j])}, then {@code
   *       acc = acc.add(weights[t].mul(values[t][j]))} for {@code t = 1 .. T-1}; {@code out[j] =
   *       acc}.
   * </ol>
   *
   * @param q the query, at least one element
   * @param keys one key of {@code q.length} elements per position, at least one position
   * @param values one value vector per position, all of the same length
   * @return {@code dv} new values
   * @throws NullPointerException if an argument or one of its rows or elements is null
   * @throws IllegalArgumentException if {@code q} or {@code keys} is empty, a key is not as long as
   *     {@code q}, {@code values} does not have one row per key, or its rows differ in length
   */
  public static Value[] attention(Value[] q, Value[][] keys, Value[][] values) {
    checkVector(q, "q");
    int d = q.length;
    checkMatrix(keys, "keys", d, "q.length");
    int positions = keys.length;
    if (positions == 0) {
      throw new IllegalArgumentException("keys must not be empty");
    }
    if (values == null) {
      throw new NullPointerException("values");
    }
    if (values.length != positions) {
      throw new IllegalArgumentException(
          "values has " + values.length + " rows but keys has " + positions);
    }
    if (values[0] == null) {
      throw new NullPointerException("values[0]");
    }
    int dv = values[0].length;
    checkMatrix(values, "values", dv, "values[0].length");

    double sqrtD = Math.sqrt(d);
    Value[] logits = new Value[positions];
    for (int t = 0; t < positions; t++) {
      Value[] key = keys[t];
      Value dot = q[0].mul(key[0]);
      for (int j = 1; j < d; j++) {
        dot = dot.add(q[j].mul(key[j]));
      }
      logits[t] = dot.div(sqrtD);
    }
    Value[] weights = softmax(logits);
    Value[] out = new Value[dv];
    for (int j = 0; j < dv; j++) {
      Value acc = weights[0].mul(values[0][j]);
      for (int t = 1; t < positions; t++) {
        acc = acc.add(weights[t].mul(values[t][j]));
      }
      out[j] = acc;
    }
    return out;
  }

  /** The stabilizing shift: a left-to-right {@code Math.max} over the data, a plain constant. */
  private static double max(Value[] logits) {
    double max = logits[0].data();
    for (int i = 1; i < logits.length; i++) {
      max = Math.max(max, logits[i].data());
    }
    return max;
  }

  /** {@code logits[i].sub(max)} for every {@code i}. */
  private static Value[] shift(Value[] logits) {
    double max = max(logits);
    Value[] shifted = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i].sub(max);
    }
    return shifted;
  }

  /** {@code log(exp(s0) + exp(s1) + ...)} as a left fold starting from the first term. */
  private static Value logSumExp(Value[] shifted) {
    Value sum = shifted[0].exp();
    for (int i = 1; i < shifted.length; i++) {
      sum = sum.add(shifted[i].exp());
    }
    return sum.log();
  }

  private static void checkVector(Value[] v, String name) {
    if (v == null) {
      throw new NullPointerException(name);
    }
    if (v.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null) {
        throw new NullPointerException(name + "[" + i + "]");
      }
    }
  }

  /**
   * Checks that {@code m} and its rows and elements are non-null and every row has {@code cols}.
   */
  private static void checkMatrix(Value[][] m, String name, int cols, String colsName) {
    if (m == null) {
      throw new NullPointerException(name);
    }
    for (int r = 0; r < m.length; r++) {
      Value[] row = m[r];
      if (row == null) {
        throw new NullPointerException(name + "[" + r + "]");
      }
      if (row.length != cols) {
        throw new IllegalArgumentException(
            name + "[" + r + "] has length " + row.length + " but " + colsName + " is " + cols);
      }
      for (int i = 0; i < cols; i++) {
        if (row[i] == null) {
          throw new NullPointerException(name + "[" + r + "][" + i + "]");
        }
      }
    }
  }
}
