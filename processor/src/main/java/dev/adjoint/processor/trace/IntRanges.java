package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of each {@code int} parameter the body can use, read off its uses, for the gradient
 * checker to sample from when no {@code @Domain} says: an index {@code x[p + c]} wants {@code 0 <=
 * p + c < x.length} (at a runtime length, the upper bound is a size, {@code n - 1 - c}), {@code
 * x[(p + i) % m]} wants {@code p + i >= 0}, and a parameter in a counted loop's start or bound (a
 * trip count, a radius) wants small non-negative values. Only facts that are simple to read are
 * taken (linear in the parameter with coefficient 1, other terms of known range); the narrowest
 * range that satisfies them all is the one reported.
 */
final class IntRanges {

  /** How far above its lowest value a parameter that bounds loops is sampled. */
  static final int LOOP_SPAN = 6;

  /** What is known of one parameter. */
  private static final class Facts {
    Integer lower;
    Integer upper;

    /** An upper bound that is a runtime length: {@code p <= length + upperOffset}. */
    Integer upperLength;

    int upperOffset;
    boolean loop;
    boolean used;
  }

  /** By the input id of each int parameter, in declaration order. */
  private final Map<Integer, Facts> params = new LinkedHashMap<>();

  /** Each parameter length node's parameter index and axis. */
  private final Map<Integer, int[]> lengths = new HashMap<>();

  /** Registers int parameter {@code inputId}. */
  void intParam(int inputId) {
    params.put(inputId, new Facts());
  }

  /** Registers the length node {@code id}: dimension {@code axis} of parameter {@code index}. */
  void length(int id, int index, int axis) {
    lengths.put(id, new int[] {index, axis});
  }

  /** The index {@code i} into a dimension of length {@code n} is used. */
  void index(Sym i, Sym n) {
    if (i == null || n == null || params.isEmpty()) {
      return;
    }
    Sym s = i;
    boolean lowerOnly = false;
    // Math.min(p, k) and (p + i) % m stay in range when p + i does at its low end.
    while (s instanceof Sym.Bin b
        && (b.op() == Op.IREM || b.op() == Op.IMIN && b.b() instanceof Sym.K)) {
      s = b.a();
      lowerOnly = true;
    }
    Lin l = lin(s, false);
    if (l == null || l.param == null) {
      return;
    }
    Facts f = params.get(l.param);
    f.used = true;
    if (l.restMin != null) {
      raiseLower(f, -(l.constant + l.restMin));
    }
    if (lowerOnly || l.restMax == null) {
      return;
    }
    long past = l.constant + l.restMax + 1;
    if (n instanceof Sym.K k) {
      lowerUpper(f, k.value() - past);
    } else {
      Lin ln = lin(n, true);
      // A second runtime length cannot be compared with the first: the first one stands.
      if (ln != null
          && f.upperLength == null
          && ln.param == null
          && ln.length != null
          && Long.valueOf(0).equals(ln.restMin)
          && Long.valueOf(0).equals(ln.restMax)) {
        f.upperLength = ln.length;
        f.upperOffset = (int) (ln.constant - past);
      }
    }
  }

  /** A counted loop whose start or bound is {@code s} opens. */
  void loopBound(Sym s) {
    Integer p = mentioned(s);
    if (p != null) {
      Facts f = params.get(p);
      f.used = true;
      f.loop = true;
    }
  }

  /**
   * The range of parameter {@code inputId} ({@code min}, {@code max} and, for a runtime length, the
   * bound {@code max} is at most), or null if the body says nothing about it.
   */
  Range range(int inputId) {
    Facts f = params.get(inputId);
    if (f == null || !f.used) {
      return null;
    }
    SourceMethod.LengthBound bound = null;
    if (f.upperLength != null) {
      int[] at = lengths.get(f.upperLength);
      bound = at == null ? null : new SourceMethod.LengthBound(at[0], at[1], f.upperOffset);
    }
    int lo = f.lower != null ? f.lower : f.loop ? 0 : f.upper != null ? f.upper - LOOP_SPAN : 0;
    int hi =
        f.upper != null ? f.upper : bound != null ? Integer.MAX_VALUE : (int) (lo + 0L + LOOP_SPAN);
    return new Range(lo, Math.max(lo, hi), bound);
  }

  /** A range for the checker: {@code [min, max]}, {@code max} capped by {@code bound}. */
  record Range(int min, int max, SourceMethod.LengthBound bound) {}

  private static void raiseLower(Facts f, long v) {
    int c = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    f.lower = f.lower == null ? c : Math.max(f.lower, c);
  }

  private static void lowerUpper(Facts f, long v) {
    int c = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    f.upper = f.upper == null ? c : Math.min(f.upper, c);
  }

  /** The first int parameter {@code s} mentions, or null. */
  private Integer mentioned(Sym s) {
    if (s instanceof Sym.Atom a && params.containsKey(a.id())) {
      return a.id();
    }
    if (s instanceof Sym.Bin b) {
      Integer p = mentioned(b.a());
      return p != null ? p : mentioned(b.b());
    }
    return null;
  }

  /**
   * {@code s} as {@code param + length + constant + rest}: the parameter (coefficient 1) and, when
   * {@code withLength}, one length singled out, the rest in {@code [restMin, restMax]} (null where
   * unbounded). Null when the form is not that simple.
   */
  private Lin lin(Sym s, boolean withLength) {
    Lin l = new Lin();
    return add(l, s, 1, withLength) ? l : null;
  }

  /** A linear form; see {@link #lin}. */
  private static final class Lin {
    Integer param;
    Integer length;
    long constant;
    Long restMin = 0L;
    Long restMax = 0L;

    void rest(long sign, Long lo, Long hi) {
      Long min = sign > 0 ? lo : hi == null ? null : -hi;
      Long max = sign > 0 ? hi : lo == null ? null : -lo;
      restMin = restMin == null || min == null ? null : restMin + min;
      restMax = restMax == null || max == null ? null : restMax + max;
    }
  }

  private boolean add(Lin l, Sym s, long sign, boolean withLength) {
    if (s instanceof Sym.K k) {
      l.constant += sign * k.value();
      return true;
    }
    if (s instanceof Sym.Atom a) {
      if (params.containsKey(a.id())) {
        if (sign != 1 || l.param != null) {
          return false;
        }
        l.param = a.id();
      } else if (withLength && sign == 1 && l.length == null && lengths.containsKey(a.id())) {
        l.length = a.id();
      } else {
        l.rest(sign, a.nonNegative() ? 0L : null, null);
      }
      return true;
    }
    if (s instanceof Sym.Bin b && (b.op() == Op.IADD || b.op() == Op.ISUB)) {
      return add(l, b.a(), sign, withLength)
          && add(l, b.b(), b.op() == Op.IADD ? sign : -sign, withLength);
    }
    if (mentioned(s) != null) {
      return false; // the parameter under another operation
    }
    if (s instanceof Sym.Var v) {
      l.rest(sign, constant(v.lo()), constant(v.hi()));
    } else if (s instanceof Sym.Idx i) {
      Long trips = constant(i.loop().tripsSym);
      l.rest(sign, 0L, trips == null ? null : trips - 1);
    } else {
      l.rest(sign, s instanceof Sym.Capped ? 0L : null, null);
    }
    return true;
  }

  private static Long constant(Sym s) {
    return s instanceof Sym.K k ? (long) k.value() : null;
  }
}
