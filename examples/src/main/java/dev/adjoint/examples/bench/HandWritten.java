package dev.adjoint.examples.bench;

/**
 * The baselines the generated code is measured against: cross-entropy, softmax and log-softmax
 * with their gradients written by hand over {@code double[]}, the way a careful programmer would
 * (two passes for the value, one more for the gradient, no allocation).
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

  /** Softmax into {@code out} and its vector-Jacobian product with {@code seed} into {@code grad}. */
  public static void softmaxVjp(double[] logits, double[] seed, double[] out, double[] grad) {
    softmax(logits, out);
    double dot = 0;
    for (int i = 0; i < out.length; i++) {
      dot += seed[i] * out[i];
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

  /** Log-softmax into {@code out} and its vector-Jacobian product with {@code seed}. */
  public static void logSoftmaxVjp(double[] logits, double[] seed, double[] out, double[] grad) {
    logSoftmax(logits, out);
    double total = 0;
    for (double s : seed) {
      total += s;
    }
    for (int i = 0; i < out.length; i++) {
      grad[i] = seed[i] - Math.exp(out[i]) * total;
    }
  }
}
