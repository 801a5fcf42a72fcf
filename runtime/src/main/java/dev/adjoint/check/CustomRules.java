package dev.adjoint.check;

import dev.adjoint.CustomFunction;
import dev.adjoint.Domain;
import java.lang.annotation.Annotation;
import java.util.SplittableRandom;

/**
 * Compares the hand-written rule of each {@link dev.adjoint.CustomGradient} function a compiled
 * function calls with central differences of the function itself. Generated code and the engine
 * both take their derivatives from the rule, so comparing them with each other cannot catch a wrong
 * rule; this does, naming the rule and the point. Each parameter is sampled from its {@link
 * Domain}, or [-3, 3]; points where a value is not finite are skipped.
 *
 * <p>A rule that is deliberately not the function's derivative (a straight-through estimator) fails
 * this comparison by design.
 */
public final class CustomRules {

  /** Random points examined per custom function. */
  public static final int POINTS = 16;

  private final Tracker tracker;
  private final Tolerance tol;

  CustomRules(Tolerance tol) {
    this.tol = tol;
    this.tracker = new Tracker(tol.finiteDifferenceRelative());
  }

  /**
   * Checks one custom function's rule at {@link #POINTS} random points with the default tolerance.
   *
   * @return the worst disagreement between the rule and the differences
   */
  public static Discrepancy check(CustomFunction f, long seed) {
    CustomRules r = new CustomRules(Tolerance.DEFAULT);
    r.add(f, seed);
    return r.result();
  }

  /** Adds the comparisons of {@code f}'s rule. */
  void add(CustomFunction f, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ f.toString().hashCode());
    Annotation[][] annotations = f.function().getParameterAnnotations();
    int n = f.arity();
    for (int point = 0; point < POINTS; point++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        Domain d = domain(annotations[i]);
        x[i] = d == null ? rng.nextDouble(-3, 3) : rng.nextDouble(d.min(), d.max());
      }
      double y = f.value(x);
      if (!Double.isFinite(y)) {
        continue;
      }
      double[] p = f.partials(x, y);
      for (int i = 0; i < n; i++) {
        double h = 1e-6 * Math.max(1, Math.abs(x[i]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[i] += h;
        minus[i] -= h;
        double fp = f.value(plus);
        double fm = f.value(minus);
        double width = plus[i] - minus[i];
        if (!Double.isFinite(fp) || !Double.isFinite(fm)) {
          continue;
        }
        double noise = Checker.noise(Math.max(Math.abs(fp), Math.abs(fm)), width);
        double rel = tol.finiteDifferenceRelative();
        double floor = Math.max(tol.finiteDifferenceFloor(), rel > 0 ? noise / rel : 0);
        int param = i;
        tracker.add(
            p[i],
            (fp - fm) / width,
            floor,
            () ->
                f.rule().getName()
                    + " of "
                    + f
                    + ", d/d"
                    + parameterName(f, param)
                    + " at "
                    + java.util.Arrays.toString(x));
      }
    }
  }

  Discrepancy result() {
    return tracker.result();
  }

  private static String parameterName(CustomFunction f, int i) {
    java.lang.reflect.Parameter p = f.function().getParameters()[i];
    return p.isNamePresent() ? p.getName() : "(parameter " + i + ")";
  }

  private static Domain domain(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a instanceof Domain d) {
        return d;
      }
    }
    return null;
  }
}
