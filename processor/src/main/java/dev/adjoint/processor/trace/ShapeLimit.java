package dev.adjoint.processor.trace;

import java.util.List;

/** The one limit on array sizes: every traced array has at most {@link #MAX_ELEMENTS} elements. */
final class ShapeLimit {
  /**
   * 2^28 elements per array: checked for {@code @Shape} parameters and for {@code new T[...]}
   * allocations, counting a local's copies per iteration of the enclosing loops (an array result is
   * one of these, or a copy of one). Why: a flattened array must fit one Java {@code double[]}
   * workspace indexed by an {@code int} (2^31 - 1 at most, and far less in practice: 2^28 doubles
   * are already 2 GiB), and the compile-time checks (write-once, zero-init) visit loop iteration
   * spaces, which takes about 5 s for 10^8 elements and minutes beyond. Sizes are multiplied in
   * {@code long} so that no shape can overflow the check itself.
   */
  static final long MAX_ELEMENTS = 1L << 28;

  private ShapeLimit() {}

  /** The number of elements of {@code shape} (1 for a scalar), saturating at Long.MAX_VALUE. */
  static long elements(List<Integer> shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        return 0;
      }
      n = d > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * d;
    }
    return n;
  }

  /** Whether an array of {@code shape} is within the limit. */
  static boolean fits(List<Integer> shape) {
    return elements(shape) <= MAX_ELEMENTS;
  }

  /** Why {@code shape} does not fit, for a diagnostic about {@code what}. */
  static String describe(String what, List<Integer> shape) {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(dims.length() == 0 ? "" : " x ").append(d);
    }
    long n = elements(shape);
    return String.format(
        "%s would have %s elements (%s), more than the limit of %,d (2^28) elements per array",
        what, n == Long.MAX_VALUE ? "more than 2^63" : String.format("%,d", n), dims, MAX_ELEMENTS);
  }
}
