package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.Shape;
import dev.adjoint.Value;

/**
 * The loss of a small model fitted by {@link Training}: a two-input, four-unit tanh network over
 * eight fixed samples, mean squared error.
 */
public final class Regression {
  private Regression() {}

  /** Number of samples. */
  public static final int SAMPLES = 8;

  /** Number of parameters: 4 x 2 weights, 4 biases, 4 output weights, 1 output bias. */
  public static final int PARAMETERS = 17;

  /**
   * Mean squared error of the network with parameters {@code p} on inputs {@code xs} (two per
   * sample, interleaved) and targets {@code ys}.
   */
  @Differentiable
  public static Value loss(
      @Shape(PARAMETERS) Value[] p, @Shape(2 * SAMPLES) double[] xs, @Shape(SAMPLES) double[] ys) {
    Value total = Value.of(0);
    for (int s = 0; s < SAMPLES; s++) {
      Value y = p[16];
      for (int u = 0; u < 4; u++) {
        Value pre = p[2 * u].mul(xs[2 * s]).add(p[2 * u + 1].mul(xs[2 * s + 1])).add(p[8 + u]);
        y = y.add(p[12 + u].mul(pre.tanh()));
      }
      Value err = y.sub(ys[s]);
      total = total.add(err.mul(err));
    }
    return total.div(SAMPLES);
  }
}
