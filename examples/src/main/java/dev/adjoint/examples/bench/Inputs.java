package dev.adjoint.examples.bench;

import java.util.SplittableRandom;

/**
 * Deterministic benchmark inputs: every run, the generated code, the engine and the hand-written
 * baseline see the same numbers, so their timings (and the test that they agree) are comparable.
 */
final class Inputs {
  /** Fixed so that two runs of the suite measure exactly the same work. */
  private static final long SEED = 0x5eed_ad01L;

  private Inputs() {}

  /** {@code n} numbers uniform in {@code [lo, hi)}, the same for the same {@code (n, salt)}. */
  static double[] vector(int n, int salt, double lo, double hi) {
    SplittableRandom random = new SplittableRandom(SEED + 31L * salt + n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = lo + (hi - lo) * random.nextDouble();
    }
    return out;
  }

  /** A {@code rows x cols} matrix uniform in {@code [lo, hi)}. */
  static double[][] matrix(int rows, int cols, int salt, double lo, double hi) {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = vector(cols, salt * 1000 + r, lo, hi);
    }
    return out;
  }

  /**
   * Logits in the range the examples declare ({@code [-3, 3]}), so exp never over- or under-flows.
   */
  static double[] logits(int n) {
    return vector(n, 1, -3, 3);
  }

  /** A seed (output cotangent) or tangent direction in {@code [-1, 1)}. */
  static double[] direction(int n, int salt) {
    return vector(n, 100 + salt, -1, 1);
  }

  /** A target class away from both ends, so no size gets a special first or last index. */
  static int target(int n) {
    return n / 3;
  }
}
