package dev.adjoint.check;

import dev.adjoint.CompiledFunction;

/**
 * Checks a function's generated Hessian-vector product ({@link CompiledFunction#hvp}) at random
 * points, along each point's tangent {@code d}, against two references built from first
 * derivatives: central differences of the generated {@code vjp} along {@code d}, and central
 * differences of the {@link dev.adjoint.Value} engine's gradient along {@code d}. The engine has no
 * double backward (its local derivatives are plain numbers, not graphs), so differences of its
 * gradient are the engine's only second-order reference; the {@code vjp} differences separate a
 * wrong second-order program from a wrong gradient.
 *
 * <p>Each reference is taken with steps {@code h} and {@code h / 2} and extrapolated (Richardson);
 * where the two disagree by more than the tolerance the gradient is not smooth within the step (a
 * {@code relu} or a branch flips) and the point is skipped rather than judged.
 */
final class SecondOrder {

  /**
   * The relative step of the differences of gradients: larger than a value's (a gradient's quotient
   * loses more digits to rounding), and the extrapolation keeps the truncation small.
   */
  static final double STEP = 1e-4;

  /** Whether the function has a Hessian-vector product; null before the first random point. */
  private Boolean available;

  private final Tracker vsVjp;
  private final Tracker vsEngine;
  private final Tolerance tol;
  private int skipped;

  SecondOrder(Tolerance tol) {
    this.tol = tol;
    this.vsVjp = new Tracker(tol.finiteDifferenceRelative());
    this.vsEngine = new Tracker(tol.finiteDifferenceRelative());
  }

  /** Compares {@code fn}'s Hessian-vector product at random point {@code p}. */
  void compare(CompiledFunction fn, Checker checker, Point p) {
    available = fn.hasHvp();
    if (!available) {
      return;
    }
    double[][] hv = p.hvp(fn, p.tangent());
    double largest = 0;
    for (double[] a : p.inputs()) {
      for (double v : a) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    double h = STEP * Math.max(1, largest);
    compareWith(p, hv, h, vsVjp, x -> p.vjpAt(fn, x), checker, "vjp");
    compareWith(p, hv, h, vsEngine, x -> p.engineGradientAt(fn, x), checker, "engine gradient");
  }

  private void compareWith(
      Point p,
      double[][] hv,
      double h,
      Tracker sink,
      java.util.function.Function<double[][], double[][]> gradient,
      Checker checker,
      String what) {
    double[][] coarse = difference(p, gradient, h);
    double[][] fine = difference(p, gradient, h / 2);
    if (coarse == null || fine == null) {
      skipped++;
      return;
    }
    double magnitude = 0;
    for (double[] a : gradient.apply(p.inputsCopy())) {
      for (double v : a) {
        magnitude = Math.max(magnitude, Math.abs(v));
      }
    }
    // Rounding of the two gradients, divided by the step: the floor of the comparison.
    double noise = 64 * Math.ulp(magnitude) / h;
    double rel = tol.finiteDifferenceRelative();
    double floor = Math.max(tol.finiteDifferenceFloor(), rel > 0 ? noise / rel : 0);
    for (int i = 0; i < coarse.length; i++) {
      for (int j = 0; j < coarse[i].length; j++) {
        if (Tracker.relativeError(coarse[i][j], fine[i][j], floor) > rel) {
          skipped++;
          return; // not smooth within the step
        }
      }
    }
    for (int i = 0; i < coarse.length; i++) {
      for (int j = 0; j < coarse[i].length; j++) {
        double reference = (4 * fine[i][j] - coarse[i][j]) / 3;
        int pi = i;
        int pj = j;
        sink.add(
            hv[i][j],
            reference,
            floor,
            () -> checker.where(p, pi, pj) + " along the tangent, vs differences of the " + what);
      }
    }
  }

  /** Central differences of {@code gradient} along the point's tangent; null if not finite. */
  private static double[][] difference(
      Point p, java.util.function.Function<double[][], double[][]> gradient, double h) {
    double[][] plus = p.inputsCopy();
    double[][] minus = p.inputsCopy();
    double[][] d = p.tangent();
    for (int i = 0; i < plus.length; i++) {
      for (int j = 0; j < plus[i].length; j++) {
        plus[i][j] += h * d[i][j];
        minus[i][j] -= h * d[i][j];
      }
    }
    double[][] gp = gradient.apply(plus);
    double[][] gm = gradient.apply(minus);
    double[][] out = new double[gp.length][];
    for (int i = 0; i < gp.length; i++) {
      out[i] = new double[gp[i].length];
      for (int j = 0; j < gp[i].length; j++) {
        out[i][j] = (gp[i][j] - gm[i][j]) / (2 * h);
        if (!Double.isFinite(out[i][j])) {
          return null;
        }
      }
    }
    return out;
  }

  /** {@code hvp} against differences of the generated {@code vjp}. */
  Discrepancy againstVjp() {
    return vsVjp.result();
  }

  /** {@code hvp} against differences of the engine's gradient. */
  Discrepancy againstEngine() {
    return vsEngine.result();
  }

  /** Random points skipped because a gradient is not smooth (or not finite) there. */
  int skipped() {
    return skipped;
  }

  /** Whether the function has a Hessian-vector product (null if no random point was examined). */
  Boolean available() {
    return available;
  }
}
