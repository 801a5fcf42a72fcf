package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Op;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proves facts about symbolic ints ({@link Sym}) that hold wherever they are evaluated: {@code a <=
 * b} for every value of the roots and every iteration of the open loops. Sound and incomplete: a
 * fact it cannot prove is treated as unknown (the tracer then checks it at run time). Works on
 * linear forms over terms; a loop variable is replaced by the end of its range that bounds the
 * form, a length is at least 0, and {@code min}/{@code max} are split into their operands.
 */
final class Bounds {
  private static final int DEPTH = 24;

  private Bounds() {}

  /** {@code const + sum(coefficient * term)}; terms are atoms, loop indices and variables. */
  private record Lin(long constant, Map<Sym, Long> terms) {
    static Lin of(long c) {
      return new Lin(c, Map.of());
    }

    Lin plus(Lin o, long scale) {
      Map<Sym, Long> t = new LinkedHashMap<>(terms);
      for (Map.Entry<Sym, Long> e : o.terms.entrySet()) {
        long c = t.getOrDefault(e.getKey(), 0L) + scale * e.getValue();
        if (c == 0) {
          t.remove(e.getKey());
        } else {
          t.put(e.getKey(), c);
        }
      }
      return new Lin(constant + scale * o.constant, t);
    }

    Lin times(long k) {
      return of(0).plus(this, k);
    }

    /** This form with {@code term} (coefficient {@code c}) replaced by {@code by}. */
    Lin replace(Sym term, long c, Lin by) {
      Map<Sym, Long> t = new LinkedHashMap<>(terms);
      t.remove(term);
      return new Lin(constant, t).plus(by, c);
    }
  }

  private static Lin lin(Sym s) {
    if (s instanceof Sym.K k) {
      return Lin.of(k.value());
    }
    if (s instanceof Sym.Bin b) {
      switch (b.op()) {
        case IADD:
          return lin(b.a()).plus(lin(b.b()), 1);
        case ISUB:
          return lin(b.a()).plus(lin(b.b()), -1);
        case IMUL:
          if (b.a() instanceof Sym.K k) {
            return lin(b.b()).times(k.value());
          }
          if (b.b() instanceof Sym.K k) {
            return lin(b.a()).times(k.value());
          }
          break;
        default:
          break;
      }
    }
    Map<Sym, Long> t = new LinkedHashMap<>();
    t.put(s, 1L);
    return new Lin(0, t);
  }

  /**
   * {@code s} with its linear part collected ({@code (h + d) - h} is {@code d}), so that equal
   * sizes look equal and messages read simply.
   */
  static Sym simplify(Sym s) {
    if (!(s instanceof Sym.Bin b)
        || !(b.op() == Op.IADD || b.op() == Op.ISUB || b.op() == Op.IMUL)) {
      return s;
    }
    Lin l = lin(s);
    Sym out = null;
    for (Map.Entry<Sym, Long> e : l.terms.entrySet()) {
      long c = e.getValue();
      if (c != (int) c) {
        return s;
      }
      Sym term = c == 1 || c == -1 ? e.getKey() : Sym.mul(new Sym.K((int) c), e.getKey());
      if (out == null) {
        out = c == -1 ? Sym.sub(new Sym.K(0), term) : term;
      } else {
        out = c == -1 ? Sym.sub(out, term) : Sym.add(out, term);
      }
    }
    if (l.constant != (int) l.constant) {
      return s;
    }
    if (out == null) {
      return new Sym.K((int) l.constant);
    }
    return Sym.plus(out, (int) l.constant);
  }

  /** Whether {@code a <= b} is proven. */
  static boolean le(Sym a, Sym b) {
    if (a == null || b == null) {
      return false;
    }
    return nonNegative(lin(b).plus(lin(a), -1), DEPTH);
  }

  /** Whether {@code a < b} is proven. */
  static boolean lt(Sym a, Sym b) {
    return le(Sym.plus(a, 1), b);
  }

  /** Whether {@code s >= 0} is proven. */
  static boolean nonNegative(Sym s) {
    return s != null && nonNegative(lin(s), DEPTH);
  }

  private static boolean nonNegative(Lin d, int depth) {
    if (d.terms.isEmpty()) {
      return d.constant >= 0;
    }
    if (depth == 0) {
      return false;
    }
    // Inner loops first: their ranges may name outer ones, which are replaced afterwards.
    Map.Entry<Sym, Long> pick = null;
    for (Map.Entry<Sym, Long> e : d.terms.entrySet()) {
      if (pick == null || rank(e.getKey()) > rank(pick.getKey())) {
        pick = e;
      }
    }
    Sym t = pick.getKey();
    long c = pick.getValue();
    if (t instanceof Sym.Var v) {
      // A lower bound of c*v: v's low end when c > 0, its high end when c < 0.
      Sym end = c > 0 ? v.lo() : v.hi();
      return end != null && nonNegative(d.replace(t, c, lin(end)), depth - 1);
    }
    if (t instanceof Sym.Idx i) {
      if (c > 0) {
        return nonNegative(d.replace(t, c, Lin.of(0)), depth - 1);
      }
      Sym trips = i.loop().tripsInBody;
      return trips != null
          && nonNegative(d.replace(t, c, lin(trips).plus(Lin.of(1), -1)), depth - 1);
    }
    if (t instanceof Sym.Atom a) {
      return c > 0 && a.nonNegative() && nonNegative(d.replace(t, c, Lin.of(0)), depth - 1);
    }
    if (t instanceof Sym.Capped cap) {
      // Between 0 and its bound.
      return nonNegative(d.replace(t, c, c > 0 ? Lin.of(0) : lin(cap.upper())), depth - 1);
    }
    if (t instanceof Sym.Bin b && (b.op() == Op.IMIN || b.op() == Op.IMAX)) {
      // min(x, y) >= each lower bound of both; <= either. max the other way round.
      boolean both = (b.op() == Op.IMIN) == (c > 0);
      boolean left = nonNegative(d.replace(t, c, lin(b.a())), depth - 1);
      if (both) {
        return left && nonNegative(d.replace(t, c, lin(b.b())), depth - 1);
      }
      return left || nonNegative(d.replace(t, c, lin(b.b())), depth - 1);
    }
    if (t instanceof Sym.Bin b && (b.op() == Op.IDIV || b.op() == Op.IREM) && c > 0) {
      // A quotient or remainder of a non-negative number by a positive constant is >= 0.
      return b.b() instanceof Sym.K k
          && k.value() > 0
          && nonNegative(lin(b.a()), depth - 1)
          && nonNegative(d.replace(t, c, Lin.of(0)), depth - 1);
    }
    return false;
  }

  /**
   * The order terms are replaced in: loop variables first (inner loops before outer ones, whose
   * ranges they may name), then min, max and the like, then bounded values, and lengths last (a
   * length dropped as "at least 0" could have cancelled against another term).
   */
  private static int rank(Sym s) {
    if (s instanceof Sym.Var v) {
      return 4 + 2 * v.loop().index;
    }
    if (s instanceof Sym.Idx i) {
      return 3 + 2 * i.loop().index;
    }
    if (s instanceof Sym.Bin) {
      return 2;
    }
    if (s instanceof Sym.Capped) {
      return 1;
    }
    return 0;
  }

  /**
   * An upper bound of {@code s} over every iteration of the open loops, as an expression the top
   * level can compute; null if none is found. Loop variables go to the end of their ranges.
   */
  static Sym upper(Sym s) {
    return bound(s, true, DEPTH);
  }

  /**
   * Whether {@link #upper} of {@code s} is reached by some iteration of the open loops (when they
   * all run): {@code s} is a top-level value plus non-negative multiples, mins and maxes of loop
   * variables that each reach the end of their range. Then {@code s} is non-decreasing in every
   * loop variable and every range's end is reached together, at the last iterations. Not so for a
   * loop that steps by more than 1 to a runtime bound (its last value may stop short of it), nor
   * for a loop variable subtracted ({@code min(i + 3, n) - i}: the bound takes the largest {@code
   * i} and the smallest at once). An entry check built on a bound that is not reached would reject
   * a run that never indexes out of range.
   */
  static boolean attained(Sym s) {
    return attained(s, DEPTH);
  }

  private static boolean attained(Sym s, int depth) {
    if (s == null || depth == 0) {
      return false;
    }
    if (Sym.hoistable(s)) {
      return true;
    }
    if (s instanceof Sym.Idx i) {
      return i.loop().tripsInBody != null && Sym.hoistable(i.loop().tripsInBody);
    }
    if (s instanceof Sym.Var v) {
      boolean exactEnd = v.loop().stride == 1 || v.hi() instanceof Sym.K;
      return exactEnd && attained(v.hi(), depth - 1);
    }
    if (s instanceof Sym.Bin b) {
      switch (b.op()) {
        case IADD:
        case IMIN:
        case IMAX:
          return attained(b.a(), depth - 1) && attained(b.b(), depth - 1);
        case ISUB:
          return Sym.hoistable(b.b()) && attained(b.a(), depth - 1);
        case IMUL:
          if (b.a() instanceof Sym.K k) {
            return k.value() >= 0 && attained(b.b(), depth - 1);
          }
          if (b.b() instanceof Sym.K k) {
            return k.value() >= 0 && attained(b.a(), depth - 1);
          }
          return false;
        default:
          return false;
      }
    }
    return false;
  }

  private static Sym bound(Sym s, boolean up, int depth) {
    if (s == null || depth == 0) {
      return null;
    }
    if (Sym.hoistable(s)) {
      return s;
    }
    if (s instanceof Sym.Var v) {
      return bound(up ? v.hi() : v.lo(), up, depth - 1);
    }
    if (s instanceof Sym.Capped c) {
      return up ? c.upper() : new Sym.K(0);
    }
    if (s instanceof Sym.Idx i) {
      if (!up) {
        return new Sym.K(0);
      }
      Sym t = i.loop().tripsInBody;
      return t == null ? null : bound(Sym.plus(t, -1), true, depth - 1);
    }
    if (s instanceof Sym.Bin b) {
      switch (b.op()) {
        case IADD:
          return Sym.add(bound(b.a(), up, depth - 1), bound(b.b(), up, depth - 1));
        case ISUB:
          return Sym.sub(bound(b.a(), up, depth - 1), bound(b.b(), !up, depth - 1));
        case IMUL:
          if (b.a() instanceof Sym.K k) {
            return Sym.mul(k, bound(b.b(), k.value() >= 0 == up, depth - 1));
          }
          if (b.b() instanceof Sym.K k) {
            return Sym.mul(bound(b.a(), k.value() >= 0 == up, depth - 1), k);
          }
          return null;
        case IMIN:
        case IMAX:
          {
            Sym x = bound(b.a(), up, depth - 1);
            Sym y = bound(b.b(), up, depth - 1);
            // min(a, b) is at most either operand's bound; max at least either's.
            boolean either = (b.op() == Op.IMIN) == up;
            if (either && (x == null || y == null)) {
              return x == null ? y : x;
            }
            return Sym.of(b.op(), x, y);
          }
        default:
          return null;
      }
    }
    return null;
  }
}
