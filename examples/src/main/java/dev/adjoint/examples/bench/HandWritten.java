package dev.adjoint.examples.bench;

/**
 * The baselines the generated code is measured against: cross-entropy, softmax and log-softmax with
 * their gradients written by hand over {@code double[]}, the way a careful programmer would: a max
 * pass and an exponential pass, one more to normalize or to form the gradient, exponentials kept
 * rather than recomputed, no allocation. The values are computed in the engine's order, so they
 * equal the generated code's to rounding (BaselinesTest checks it).
 */
public final class HandWritten {
  private HandWritten() {}

  /** Cross-entropy of {@code logits} at {@code target}. */
  public static double crossEntropy(double[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v - max);
    }
    return -(logits[target] - max - Math.log(sum));
  }

  /** Cross-entropy and its gradient {@code softmax(logits) - onehot(target)} into {@code grad}. */
  public static double crossEntropyGradient(double[] logits, int target, double[] grad) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp(logits[i] - max);
      grad[i] = e;
      sum += e;
    }
    double inv = 1 / sum;
    for (int i = 0; i < logits.length; i++) {
      grad[i] *= inv;
    }
    grad[target] -= 1;
    return -(logits[target] - max - Math.log(sum));
  }

  /** Softmax into {@code out}. */
  public static void softmax(double[] logits, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp(logits[i] - max);
      out[i] = e;
      sum += e;
    }
    for (int i = 0; i < logits.length; i++) {
      out[i] /= sum;
    }
  }

  /**
   * Softmax into {@code out} and its vector-Jacobian product {@code out * (seed - seed.out)} into
   * {@code grad}, the dot product taken in the same pass that normalizes.
   */
  public static void softmaxVjp(double[] logits, double[] seed, double[] out, double[] grad) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp(logits[i] - max);
      out[i] = e;
      sum += e;
    }
    double dot = 0;
    for (int i = 0; i < out.length; i++) {
      double p = out[i] / sum;
      out[i] = p;
      dot += seed[i] * p;
    }
    for (int i = 0; i < out.length; i++) {
      grad[i] = out[i] * (seed[i] - dot);
    }
  }

  /** Log-softmax into {@code out}. */
  public static void logSoftmax(double[] logits, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v - max);
    }
    double logSum = Math.log(sum);
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - max - logSum;
    }
  }

  /**
   * Log-softmax into {@code out} and its vector-Jacobian product with {@code seed}: {@code grad =
   * seed - softmax(logits) * sum(seed)}, with the exponentials kept from the value's pass (in
   * {@code grad}, as scratch) rather than recomputed, as a careful programmer would.
   */
  public static void logSoftmaxVjp(double[] logits, double[] seed, double[] out, double[] grad) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp(logits[i] - max);
      grad[i] = e;
      sum += e;
    }
    double logSum = Math.log(sum);
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - max - logSum;
      total += seed[i];
    }
    double scale = total / sum;
    for (int i = 0; i < logits.length; i++) {
      grad[i] = seed[i] - grad[i] * scale;
    }
  }
}
