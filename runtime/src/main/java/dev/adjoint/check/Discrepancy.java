package dev.adjoint.check;

import java.util.Locale;

/**
 * The worst disagreement found by one kind of comparison (for example "gradient against the
 * engine") over every input point and element a {@link GradientCheck} examined.
 *
 * @param maxAbsolute the largest {@code |computed - reference|}
 * @param maxRelative the largest relative error, {@code |computed - reference| / max(|computed|,
 *     |reference|, floor)} with the floor described in {@link Tolerance}; this is what is compared
 *     with the limit
 * @param limit the largest relative error that passes
 * @param compared how many numbers were compared; 0 when the comparison did not apply (finite
 *     differences at edge inputs only, for example)
 * @param worst where {@link #maxRelative} occurred, with both numbers, or {@code ""} if nothing
 *     differed
 */
public record Discrepancy(
    double maxAbsolute, double maxRelative, double limit, long compared, String worst) {

  /** True when no relative error exceeded the limit (vacuously true when nothing was compared). */
  public boolean passed() {
    return maxRelative <= limit;
  }

  /**
   * Returns a one-line description: {@code "max abs 1.2e-03, max rel 1.0e-03 (limit 1.0e-12) at
   * random#0, logits[3] (generated 0.1, reference 0.0999)"}.
   */
  @Override
  public String toString() {
    if (compared == 0) {
      return "not compared";
    }
    String text =
        String.format(
            Locale.ROOT,
            "max abs %s, max rel %s (limit %s) over %d numbers",
            format(maxAbsolute),
            format(maxRelative),
            format(limit),
            compared);
    return worst.isEmpty() ? text : text + ", worst at " + worst;
  }

  /** Formats an error compactly: {@code 0}, {@code 1.2e-15}, {@code inf}, {@code NaN}. */
  static String format(double error) {
    if (error == 0) {
      return "0";
    }
    if (Double.isNaN(error)) {
      return "NaN";
    }
    if (Double.isInfinite(error)) {
      return error > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.1e", error);
  }
}
