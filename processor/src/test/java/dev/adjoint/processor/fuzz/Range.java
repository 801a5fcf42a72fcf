package dev.adjoint.processor.fuzz;

/**
 * A closed interval that contains every value a generated expression can take at any input in the
 * declared domains: interval arithmetic that lets the generator keep {@code log}, {@code div} and
 * {@code pow} on safe operands and {@code exp} from overflowing, without running anything.
 *
 * <p>The bounds are widened by a little slack after every operation so that rounding in the real
 * computation can never step outside them.
 */
record Range(double lo, double hi) {

  /** Relative and absolute widening per operation, far above any rounding error. */
  private static final double SLACK = 1e-9;

  Range {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("bad range [" + lo + ", " + hi + "]");
    }
  }

  static Range of(double lo, double hi) {
    return new Range(lo - SLACK * (1 + Math.abs(lo)), hi + SLACK * (1 + Math.abs(hi)));
  }

  static Range point(double c) {
    return new Range(c, c);
  }

  /** The largest magnitude. */
  double mag() {
    return Math.max(Math.abs(lo), Math.abs(hi));
  }

  /** Whether every value is at least {@code min} (a positive safety margin). */
  boolean above(double min) {
    return lo >= min;
  }

  boolean within(Range o) {
    return lo >= o.lo && hi <= o.hi;
  }

  Range hull(Range o) {
    return new Range(Math.min(lo, o.lo), Math.max(hi, o.hi));
  }

  Range add(Range o) {
    return of(lo + o.lo, hi + o.hi);
  }

  Range sub(Range o) {
    return of(lo - o.hi, hi - o.lo);
  }

  Range neg() {
    return new Range(-hi, -lo);
  }

  Range mul(Range o) {
    double a = lo * o.lo;
    double b = lo * o.hi;
    double c = hi * o.lo;
    double d = hi * o.hi;
    return of(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
  }

  /** Division by a range that excludes zero. */
  Range div(Range o) {
    if (o.lo <= 0 && o.hi >= 0) {
      throw new IllegalArgumentException("divisor range contains 0: " + o);
    }
    return mul(of(1 / o.hi, 1 / o.lo));
  }

  Range exp() {
    return of(Math.exp(lo), Math.exp(hi));
  }

  /** Log of a positive range. */
  Range log() {
    if (lo <= 0) {
      throw new IllegalArgumentException("log of " + this);
    }
    return of(Math.log(lo), Math.log(hi));
  }

  Range tanh() {
    return of(Math.tanh(lo), Math.tanh(hi));
  }

  Range relu() {
    return new Range(Math.max(lo, 0), Math.max(hi, 0));
  }

  /**
   * {@code pow(k)}: for a positive base any exponent (monotone), otherwise only the integer
   * exponents 2 and 3.
   */
  Range pow(double k) {
    if (lo > 0) {
      double a = Math.pow(lo, k);
      double b = Math.pow(hi, k);
      return of(Math.min(a, b), Math.max(a, b));
    }
    if (k == 2) {
      double m = mag();
      return of(lo <= 0 && hi >= 0 ? 0 : Math.min(lo * lo, hi * hi), m * m);
    }
    if (k == 3) {
      return of(lo * lo * lo, hi * hi * hi);
    }
    throw new IllegalArgumentException("pow(" + k + ") of " + this);
  }

  /** Every value of {@code this} times the constant {@code c}. */
  Range scale(double c) {
    return mul(point(c));
  }

  Range shift(double c) {
    return of(lo + c, hi + c);
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]";
  }
}
