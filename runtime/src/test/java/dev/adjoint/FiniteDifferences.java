package dev.adjoint;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Test helper: compares {@link Value#backward()} gradients with central finite differences. */
public final class FiniteDifferences {

  /** A scalar function of some leaves, built with {@link Value} operations. */
  @FunctionalInterface
  public interface Fn {
    /** Builds the function's graph on {@code x} and returns its output. */
    Value apply(Value[] x);
  }

  // Central differences have truncation error O(h^2) and rounding error O(ulp(f) / h); h = 1e-6
  // (scaled by |x|) balances them far below these tolerances for the smooth functions tested.
  private static final double RELATIVE_STEP = 1e-6;
  private static final double ABSOLUTE_TOLERANCE = 1e-6;
  private static final double RELATIVE_TOLERANCE = 1e-5;

  private FiniteDifferences() {}

  /** Returns fresh leaves holding {@code x}. */
  public static Value[] leaves(double[] x) {
    Value[] v = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = Value.of(x[i]);
    }
    return v;
  }

  /** Returns the central-difference estimate of {@code d f / d x[i]}. */
  public static double derivative(Fn f, double[] x, int i) {
    double h = RELATIVE_STEP * Math.max(1.0, Math.abs(x[i]));
    double[] plus = x.clone();
    double[] minus = x.clone();
    plus[i] = x[i] + h;
    minus[i] = x[i] - h;
    // Divide by the step actually taken: x + h - (x - h) is not exactly 2h in floating point.
    return (f.apply(leaves(plus)).data() - f.apply(leaves(minus)).data()) / (plus[i] - minus[i]);
  }

  /**
   * Runs {@code f} on fresh leaves holding {@code x}, back-propagates, and fails unless every
   * leaf's gradient matches its finite-difference estimate.
   */
  public static void assertGradients(String what, Fn f, double[] x) {
    Value[] leaves = leaves(x);
    f.apply(leaves).backward();
    for (int i = 0; i < x.length; i++) {
      double analytic = leaves[i].grad();
      double numeric = derivative(f, x, i);
      double tolerance =
          ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.max(Math.abs(analytic), Math.abs(numeric));
      if (!(Math.abs(analytic - numeric) <= tolerance)) {
        fail(
            what
                + ": d/dx["
                + i
                + "] at "
                + Arrays.toString(x)
                + ": backward "
                + analytic
                + ", finite difference "
                + numeric);
      }
    }
  }
}
