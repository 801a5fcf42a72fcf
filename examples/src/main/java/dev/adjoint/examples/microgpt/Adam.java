package dev.adjoint.examples.microgpt;

import java.util.List;

/**
 * microgpt's optimizer: Adam with bias correction and a learning rate decaying linearly to zero
 * over the run ({@code lr 0.01, beta1 0.85, beta2 0.99, eps 1e-8}). Works on the rows of {@link
 * Weights} in place and allocates nothing per step.
 */
public final class Adam {
  static final double LEARNING_RATE = 0.01;
  static final double BETA1 = 0.85;
  static final double BETA2 = 0.99;
  static final double EPS = 1e-8;

  private final List<double[]> params;
  private final List<double[]> grads;
  private final List<double[]> m;
  private final List<double[]> v;
  private final int steps;

  /** An optimizer for {@code weights} driven by {@code gradients}, over {@code steps} steps. */
  public Adam(Weights weights, Weights gradients, int steps) {
    this.params = weights.rows();
    this.grads = gradients.rows();
    int vocab = weights.wte.length;
    this.m = new Weights(vocab).rows();
    this.v = new Weights(vocab).rows();
    this.steps = steps;
  }

  /** Applies step {@code step} (from 0) with the current gradients. */
  public void step(int step) {
    double lr = LEARNING_RATE * (1 - (double) step / steps);
    double correction1 = 1 - Math.pow(BETA1, step + 1);
    double correction2 = 1 - Math.pow(BETA2, step + 1);
    for (int r = 0; r < params.size(); r++) {
      double[] p = params.get(r);
      double[] g = grads.get(r);
      double[] mr = m.get(r);
      double[] vr = v.get(r);
      for (int i = 0; i < p.length; i++) {
        mr[i] = BETA1 * mr[i] + (1 - BETA1) * g[i];
        vr[i] = BETA2 * vr[i] + (1 - BETA2) * g[i] * g[i];
        double mHat = mr[i] / correction1;
        double vHat = vr[i] / correction2;
        p[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
      }
    }
  }
}
