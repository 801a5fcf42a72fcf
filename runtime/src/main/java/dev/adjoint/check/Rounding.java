package dev.adjoint.check;

import dev.adjoint.GradientScale;

/**
 * How far two sound computations of the same derivative may round apart, from the scale of the
 * engine's own computation ({@link GradientScale}): a few units in the last place of the sum of the
 * absolute contributions, per rounding a contribution goes through. The bound is that of a sum of
 * products computed in another order (or with local derivatives written another way, {@code
 * -(a/b)*(1/b)} for {@code -a/(b*b)}): each product of {@code d} factors is off by at most about
 * {@code d} roundings of itself, each sum of {@code k} terms by {@code k - 1} roundings of the sum
 * of their absolute values, and these add up along a path to at most {@code depth} roundings of the
 * magnitude. It does not depend on the size of the result, which cancellation can make as small as
 * it likes, and it stays far below any real error: a gradient off by a factor {@code 1.000001} is
 * off by {@code 4.5e9} ulps of itself.
 */
final class Rounding {
  private Rounding() {}

  /**
   * The absolute error allowed between a gradient element and the engine's: {@code ulps * (depth +
   * 1)} units in the last place of its magnitude; infinite when the magnitude is (the contributions
   * themselves overflowed, so their rounding is unbounded too).
   */
  static double gradient(int ulps, GradientScale.Bound b) {
    double m = b.magnitude();
    if (!Double.isFinite(m)) {
      return Double.POSITIVE_INFINITY;
    }
    return ulps * (b.depth() + 1.0) * Math.ulp(m);
  }

  /**
   * Both sides of the tangent identity {@code <seed, jvp(dx)> == <engine gradient, dx>} and the
   * error allowed between them, all multiplied by the same power of two when the plain sums would
   * overflow (terms of {@code 1e200} times {@code 1e200} whose sum is finite once scaled), so that
   * a comparison of finite numbers never turns into {@code inf - inf}.
   */
  record Dot(double lhs, double rhs, double allowance) {}

  static Dot tangent(
      int ulps,
      double[] seed,
      double[] jvp,
      double[][] grad,
      double[][] dx,
      GradientScale.Bound[][] bounds) {
    Dot plain = dot(ulps, seed, jvp, grad, dx, bounds, 0, 0);
    if (Double.isFinite(plain.lhs) && Double.isFinite(plain.rhs)) {
      return plain;
    }
    // Scale seed and gradient-like factors by one power of two, jvp and dx by another: both
    // sides are then sums of products of numbers of magnitude at most 2.
    double a = Math.max(maxAbs(seed), maxAbs(grad));
    double b = Math.max(maxAbs(jvp), maxAbs(dx));
    int sa = a > 0 ? -Math.getExponent(a) : 0;
    int sb = b > 0 ? -Math.getExponent(b) : 0;
    return dot(ulps, seed, jvp, grad, dx, bounds, sa, sb);
  }

  private static Dot dot(
      int ulps,
      double[] seed,
      double[] jvp,
      double[][] grad,
      double[][] dx,
      GradientScale.Bound[][] bounds,
      int sa,
      int sb) {
    double lhs = 0;
    for (int k = 0; k < seed.length; k++) {
      lhs += Math.scalb(seed[k], sa) * Math.scalb(jvp[k], sb);
    }
    double rhs = 0;
    double magnitude = 0;
    int depth = 0;
    int terms = seed.length;
    for (int i = 0; i < grad.length; i++) {
      for (int j = 0; j < grad[i].length; j++) {
        double t = Math.scalb(dx[i][j], sb);
        rhs += Math.scalb(grad[i][j], sa) * t;
        magnitude += Math.scalb(bounds[i][j].magnitude(), sa) * Math.abs(t);
        depth = Math.max(depth, bounds[i][j].depth());
        terms++;
      }
    }
    // Each side is a dot product of at most `terms` terms whose absolute values sum to at most
    // the magnitude (|seed| |J| |dx| along every path), each term as far off as a gradient.
    double allowance =
        Double.isFinite(magnitude)
            ? ulps * (depth + 1.0 + terms) * Math.ulp(magnitude)
            : Double.POSITIVE_INFINITY;
    return new Dot(lhs, rhs, allowance);
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      if (Double.isFinite(v)) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  private static double maxAbs(double[][] arrays) {
    double m = 0;
    for (double[] a : arrays) {
      m = Math.max(m, maxAbs(a));
    }
    return m;
  }
}
