package dev.adjoint.check;

/** Distances between doubles in units in the last place. */
public final class Ulps {

  private Ulps() {}

  /**
   * Returns how many representable doubles lie between {@code a} and {@code b}: 0 when they are
   * equal, 1 for neighbours such as {@code 1.0} and {@code Math.nextUp(1.0)}, counting across zero
   * ({@code -Double.MIN_VALUE} and {@code Double.MIN_VALUE} are 2 apart).
   *
   * <p>Special cases: {@code 0.0} and {@code -0.0} are 0 apart (they are equal numbers); two NaNs
   * are 0 apart whatever their payloads; equal infinities are 0 apart. NaN against a non-NaN, an
   * infinity against anything else, and distances too large for a {@code long} all give {@link
   * Long#MAX_VALUE}: overflowing to infinity is never "close" to a finite result.
   *
   * @param a one value
   * @param b the other value
   * @return the distance, never negative
   */
  public static long distance(double a, double b) {
    if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
      return 0;
    }
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
      return Long.MAX_VALUE;
    }
    long x = ordered(a);
    long y = ordered(b);
    long d = x - y;
    // Opposite signs can overflow (e.g. -MAX_VALUE against MAX_VALUE); saturate instead.
    if (((x ^ y) & (x ^ d)) < 0) {
      return Long.MAX_VALUE;
    }
    return Math.abs(d);
  }

  /**
   * Maps a double's bits onto a line of longs that is monotonic in the double's value, with both
   * zeros at 0, so that the difference of two images counts the doubles between them.
   */
  private static long ordered(double v) {
    long bits = Double.doubleToRawLongBits(v);
    return bits >= 0 ? bits : Long.MIN_VALUE - bits;
  }
}
