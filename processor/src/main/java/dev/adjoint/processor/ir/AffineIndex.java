package dev.adjoint.processor.ir;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The elements an affine array index visits over a box of loop iterations, decided from its
 * coefficients exactly as enumerating the iterations would decide them: bounds from each
 * component's extremes, and the visited flat offsets as runs of consecutive elements when the
 * coefficients make every visit distinct. Where that is not exact it says so, and callers
 * enumerate.
 *
 * <p>An index is given per component as coefficients, one per loop, followed by a constant; the
 * loops' counts say which values each loop index takes ({@code 0 .. count - 1}, in either order:
 * the set visited does not depend on the order).
 */
final class AffineIndex {
  private AffineIndex() {}

  /** Returned by {@link #flatten} for an index that leaves its array on some iteration. */
  static final long[] OUT_OF_BOUNDS = new long[0];

  /** What {@link #visit} found. */
  enum Outcome {
    /** Every visited element was passed to the sink, each once. */
    DONE,
    /** The sink asked to stop. */
    STOPPED,
    /** Two iterations visit the same element (only reported when asked for distinct visits). */
    REPEATS,
    /** The coefficients are not a mixed-radix system: nothing was passed, enumerate instead. */
    UNSURE
  }

  /** Receives the visited flat offsets as runs {@code [from, to)}; returns false to stop. */
  interface Runs {
    boolean run(int from, int to);
  }

  /**
   * The flat offset (row-major in {@code shape}) as coefficients per loop followed by a constant,
   * with zero for loops of one iteration (their index is always 0); {@link #OUT_OF_BOUNDS} if some
   * component leaves {@code [0, shape[d])} on some iteration; null if the numbers are too large to
   * decide without overflow. Every count must be at least 1.
   */
  static long[] flatten(long[][] terms, int[] shape, int[] counts) {
    long size = 1;
    for (int extent : shape) {
      size *= extent;
      if (size > Integer.MAX_VALUE) {
        return null;
      }
    }
    int loops = counts.length;
    long[] flat = new long[loops + 1];
    long stride = 1;
    try {
      for (int d = shape.length - 1; d >= 0; d--) {
        if (!inBounds(terms[d], shape[d], counts)) {
          return OUT_OF_BOUNDS;
        }
        // In bounds, a moving coefficient is below the extent and the constant is an element, so
        // the flat coefficients stay below the array's size.
        for (int p = 0; p < loops; p++) {
          if (counts[p] > 1) {
            flat[p] += terms[d][p] * stride;
          }
        }
        flat[loops] += terms[d][loops] * stride;
        stride *= shape[d];
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return flat;
  }

  /**
   * Whether component {@code t} stays in {@code [0, extent)} on every iteration: its extremes are
   * at the box's corners, one per coefficient sign. Throws {@link ArithmeticException} if the
   * extremes overflow a long.
   */
  static boolean inBounds(long[] t, int extent, int[] counts) {
    int loops = counts.length;
    long lo = t[loops];
    long hi = t[loops];
    for (int p = 0; p < loops; p++) {
      if (counts[p] > 1) {
        long span = Math.multiplyExact(t[p], counts[p] - 1L);
        lo = Math.addExact(lo, Math.min(0, span));
        hi = Math.addExact(hi, Math.max(0, span));
      }
    }
    return lo >= 0 && hi < extent;
  }

  /**
   * Passes the elements {@code flat} (from {@link #flatten}) visits to {@code sink}, in ascending
   * runs. With {@code once}, an index that visits some element twice is {@link Outcome#REPEATS}.
   *
   * <p>Sorted by size, the moving coefficients form a mixed-radix system when each exceeds the
   * largest offset the smaller ones reach together: then every visit is distinct, the smallest ones
   * that are 1, then the previous times its count, fill a contiguous run, and the larger ones only
   * place the runs. Otherwise it is {@link Outcome#UNSURE} before passing anything.
   */
  static Outcome visit(long[] flat, int[] counts, boolean once, Runs sink) {
    int loops = counts.length;
    long[][] moving = new long[loops][];
    int m = 0;
    long min = flat[loops];
    for (int p = 0; p < loops; p++) {
      if (counts[p] <= 1) {
        continue;
      }
      if (flat[p] == 0) {
        // Every value of this index visits the same elements.
        if (once) {
          return Outcome.REPEATS;
        }
        continue;
      }
      if (flat[p] < 0) {
        // Visited in the other direction: the offsets are the same as for the positive one
        // starting from this index's last value.
        min += flat[p] * (counts[p] - 1);
      }
      moving[m++] = new long[] {Math.abs(flat[p]), counts[p]};
    }
    moving = Arrays.copyOf(moving, m);
    Arrays.sort(moving, (x, y) -> Long.compare(x[0], y[0]));
    long reach = 0;
    for (long[] c : moving) {
      if (c[0] <= reach) {
        return Outcome.UNSURE;
      }
      reach += c[0] * (c[1] - 1);
    }
    long block = 1;
    int k = 0;
    while (k < m && moving[k][0] == block) {
      block *= moving[k][1];
      k++;
    }
    // An odometer over the loops that place the runs, smallest coefficient fastest.
    long[] at = new long[m];
    long from = min;
    while (true) {
      if (!sink.run((int) from, (int) (from + block))) {
        return Outcome.STOPPED;
      }
      int q = k;
      while (q < m && at[q] == moving[q][1] - 1) {
        from -= moving[q][0] * at[q];
        at[q] = 0;
        q++;
      }
      if (q == m) {
        return Outcome.DONE;
      }
      at[q]++;
      from += moving[q][0];
    }
  }

  /**
   * Node {@code id} as coefficients of {@code loops}' indices followed by a constant, or null if it
   * is not an affine function of them (built of constants, their indices, {@code +}, {@code -} and
   * {@code *} by a constant).
   */
  static long[] terms(Map<Integer, Node> byId, int id, List<Node.Loop> loops) {
    Node n = byId.get(id);
    long[] t = new long[loops.size() + 1];
    if (n instanceof Node.Const c) {
      t[loops.size()] = (long) c.value();
      return t;
    }
    if (n instanceof Node.Index) {
      for (int p = 0; p < loops.size(); p++) {
        if (loops.get(p).body().index().id() == id) {
          t[p] = 1;
          return t;
        }
      }
      return null;
    }
    if (!(n instanceof Node.Apply a)
        || a.op() != Op.IADD && a.op() != Op.ISUB && a.op() != Op.IMUL) {
      return null;
    }
    long[] x = terms(byId, a.operands().get(0), loops);
    long[] y = x == null ? null : terms(byId, a.operands().get(1), loops);
    if (y == null) {
      return null;
    }
    if (a.op() == Op.IMUL) {
      boolean xConstant = isConstant(x);
      if (!xConstant && !isConstant(y)) {
        return null;
      }
      long k = xConstant ? x[loops.size()] : y[loops.size()];
      long[] v = xConstant ? y : x;
      for (int p = 0; p <= loops.size(); p++) {
        t[p] = k * v[p];
      }
      return t;
    }
    for (int p = 0; p <= loops.size(); p++) {
      t[p] = a.op() == Op.IADD ? x[p] + y[p] : x[p] - y[p];
    }
    return t;
  }

  private static boolean isConstant(long[] t) {
    for (int p = 0; p < t.length - 1; p++) {
      if (t[p] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The flat offsets an index of components {@code terms} visits over the box of {@code counts}:
   * null if some visit leaves the array or, with {@code once}, some element is visited twice.
   * Decided from the coefficients where {@link #visit} can, else (or if {@code exhaustive}) by
   * enumerating every iteration.
   */
  static BitSet elements(
      long[][] terms, List<Integer> shape, int[] counts, boolean once, boolean exhaustive) {
    long visits = 1;
    for (int c : counts) {
      visits *= c;
    }
    if (!exhaustive && visits > 0) {
      int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
      long[] flat = flatten(terms, dims, counts);
      if (flat == OUT_OF_BOUNDS) {
        return null;
      }
      if (flat != null) {
        BitSet seen = new BitSet();
        Outcome o =
            visit(
                flat,
                counts,
                once,
                (from, to) -> {
                  seen.set(from, to);
                  return true;
                });
        if (o == Outcome.DONE) {
          return seen;
        } else if (o == Outcome.REPEATS) {
          return null;
        }
      }
    }
    return enumerate(terms, shape, counts, visits, once);
  }

  /** {@link #elements} by enumerating every iteration: the reference for {@link #visit}. */
  private static BitSet enumerate(
      long[][] terms, List<Integer> shape, int[] counts, long visits, boolean once) {
    int loops = counts.length;
    BitSet seen = new BitSet();
    int[] at = new int[loops];
    for (long v = 0; v < visits; v++) {
      long rest = v;
      for (int p = loops - 1; p >= 0; p--) {
        at[p] = (int) (rest % counts[p]);
        rest /= counts[p];
      }
      long off = 0;
      for (int d = 0; d < terms.length; d++) {
        long x = terms[d][loops];
        for (int p = 0; p < loops; p++) {
          x += terms[d][p] * at[p];
        }
        if (x < 0 || x >= shape.get(d)) {
          return null;
        }
        off = off * shape.get(d) + x;
      }
      if (once && seen.get((int) off)) {
        return null;
      }
      seen.set((int) off);
    }
    return seen;
  }

  /**
   * Whether every element of an array of {@code shape} matching {@code idx} (-1 = any) is set in
   * {@code bits}, from dimension {@code dim} and offset {@code off} on.
   */
  static boolean sliceWritten(int[] shape, BitSet bits, int[] idx, int dim, int off) {
    if (dim == idx.length) {
      return bits.get(off);
    }
    int n = shape[dim];
    if (idx[dim] >= 0) {
      return sliceWritten(shape, bits, idx, dim + 1, off * n + idx[dim]);
    }
    for (int i = 0; i < n; i++) {
      if (!sliceWritten(shape, bits, idx, dim + 1, off * n + i)) {
        return false;
      }
    }
    return true;
  }

  /** The row-major offset of index {@code idx} in an array of {@code shape}. */
  static int offset(int[] shape, int[] idx) {
    int off = 0;
    for (int d = 0; d < idx.length; d++) {
      off = off * shape[d] + idx[d];
    }
    return off;
  }
}
