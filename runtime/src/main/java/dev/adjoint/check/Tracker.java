package dev.adjoint.check;

import java.util.function.Supplier;

/** Accumulates one kind of comparison into a {@link Discrepancy}. Not thread-safe. */
final class Tracker {

  private final double limit;
  private double maxAbsolute;
  private double maxRelative;
  private long compared;
  private String worst = "";

  Tracker(double limit) {
    this.limit = limit;
  }

  /**
   * Compares one number.
   *
   * @param computed what the generated code produced
   * @param reference what it should have produced (engine or finite difference)
   * @param floor magnitude below which the error is measured absolutely
   * @param where describes the number, called only when it becomes the worst
   */
  void add(double computed, double reference, double floor, Supplier<String> where) {
    compared++;
    double absolute = absoluteError(computed, reference);
    double relative = relativeError(computed, reference, floor);
    maxAbsolute = Math.max(maxAbsolute, absolute);
    if (relative > maxRelative) {
      maxRelative = relative;
      worst =
          where.get()
              + " (generated "
              + computed
              + ", "
              + (reference == computed ? "same" : "reference " + reference)
              + ")";
    }
  }

  Discrepancy result() {
    return new Discrepancy(maxAbsolute, maxRelative, limit, compared, worst);
  }

  /** 0 for equal numbers (equal infinities, two NaNs), infinite when only one is finite. */
  static double absoluteError(double computed, double reference) {
    if (same(computed, reference)) {
      return 0;
    }
    if (!Double.isFinite(computed) || !Double.isFinite(reference)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(computed - reference);
  }

  /** The relative error with a floor, as defined in {@link Tolerance}; never NaN. */
  static double relativeError(double computed, double reference, double floor) {
    double absolute = absoluteError(computed, reference);
    if (absolute == 0 || Double.isInfinite(absolute)) {
      return absolute;
    }
    double scale = Math.max(Math.max(Math.abs(computed), Math.abs(reference)), floor);
    // A zero scale can only come with a zero floor and zero operands, handled above; guard anyway.
    return scale > 0 ? absolute / scale : Double.POSITIVE_INFINITY;
  }

  private static boolean same(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }
}
