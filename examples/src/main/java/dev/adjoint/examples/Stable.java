package dev.adjoint.examples;

import dev.adjoint.CustomGradient;
import dev.adjoint.Differentiable;
import dev.adjoint.Value;

/**
 * A numerically stable log-sum-exp through a custom derivative. {@code log(e^a + e^b)} written with
 * {@code Value} operations overflows once a logit passes about 709; written on doubles it is
 * stable, but Adjoint would differentiate the stabilizing shift too. As a {@link CustomGradient}
 * function it is a black box to Adjoint, called as it is, and its derivatives come from a short
 * rule: the softmax of its two arguments, {@code e^(a - y)} and {@code e^(b - y)}.
 */
public final class Stable {
  private Stable() {}

  /** {@code log(e^a + e^b)}, shifted by the larger argument so that nothing overflows. */
  @CustomGradient("logAddExpGrad")
  public static double logAddExp(double a, double b) {
    double m = Math.max(a, b);
    if (Double.isInfinite(m)) {
      return m; // both -Infinity, or one +Infinity: the shift would make NaN
    }
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /**
   * The partial derivatives of {@link #logAddExp} at {@code (a, b)}, where its value is {@code y}.
   */
  static double[] logAddExpGrad(double a, double b, double y) {
    return new double[] {Math.exp(a - y), Math.exp(b - y)};
  }

  /** {@link #logAddExp} on values: what {@code @Differentiable} code and the engine call. */
  public static Value logAddExp(Value a, Value b) {
    return Value.custom(Stable.class, "logAddExp", a, b);
  }

  /** {@code log(sum e^x)} of any number of logits, folded pairwise: exact at logits of 1e4. */
  @Differentiable
  public static Value logSumExp(Value[] x) {
    Value acc = x[0];
    for (int i = 1; i < x.length; i++) {
      acc = logAddExp(acc, x[i]);
    }
    return acc;
  }
}
