package dev.adjoint.processor.ir;

/**
 * Half-open intervals {@code [lo, hi)} of int values whose ends are linear forms ({@link
 * LinearForms}), for the symbolic analyses of which elements a run stores and reads: the indices a
 * loop visits, a point, the range a {@code CHECK_INDEX} guarantees. Two forms are compared only
 * through a constant difference of small magnitude ({@code b - a = k}), which holds as integers for
 * the indices and sizes of a run that does not throw (they lie in {@code [0, 2^31)}).
 */
final class Spans {

  /** Constant differences this large are not trusted to compare without wrapping. */
  private static final int SMALL = 1 << 30;

  /** The values {@code lo <= x < hi} (empty when {@code hi <= lo}). */
  record Span(LinearForms.Form lo, LinearForms.Form hi) {
    /** {@code [x, x + 1)}. */
    static Span point(LinearForms.Form x) {
      return new Span(x, x.plus(LinearForms.Form.constant(1), 1));
    }
  }

  private final LinearForms forms;
  private final Regions regions;

  Spans(LinearForms forms, Regions regions) {
    this.forms = forms;
    this.regions = regions;
  }

  /** The form of a loop's trip count. */
  LinearForms.Form trips(Node.Loop l) {
    return of(l.trips());
  }

  /** The form of an extent. */
  LinearForms.Form of(Extent e) {
    return e instanceof Extent.Fixed fx ? LinearForms.Form.constant(fx.size()) : forms.of(e.node());
  }

  /**
   * {@code f} without an outer {@code max(0, x)}: a loop of either trip count runs as many times,
   * and an array of extent {@code x} exists only where {@code x >= 0}.
   */
  LinearForms.Form strip(LinearForms.Form f) {
    if (f.konst() == 0
        && f.leaves().length == 1
        && f.coefs()[0] == 1
        && forms.node(f.leaves()[0]) instanceof Node.Apply a
        && a.op() == Op.IMAX) {
      int x = a.operands().get(0);
      int y = a.operands().get(1);
      if (isZero(x)) {
        return forms.of(y);
      }
      if (isZero(y)) {
        return forms.of(x);
      }
    }
    return f;
  }

  private boolean isZero(int id) {
    LinearForms.Form f = forms.of(id);
    return f.isConstant() && f.konst() == 0;
  }

  /** Whether a loop of {@code trips} iterations visits every index below {@code extent}. */
  boolean reaches(LinearForms.Form trips, LinearForms.Form extent) {
    return trips.equals(extent)
        || strip(trips).equals(strip(extent))
        || trips.isConstant() && extent.isConstant() && trips.konst() >= extent.konst();
  }

  /** Whether {@code a <= b} surely (their difference is a small non-negative constant). */
  static boolean le(LinearForms.Form a, LinearForms.Form b) {
    LinearForms.Form d = b.plus(a, -1);
    return d != null && d.isConstant() && d.konst() >= 0 && d.konst() < SMALL;
  }

  /** Whether every value of {@code inner} is in {@code outer}. */
  static boolean contains(Span outer, Span inner) {
    return le(outer.lo(), inner.lo()) && le(inner.hi(), outer.hi());
  }

  /** Whether no value is in both. */
  static boolean disjoint(Span a, Span b) {
    return le(a.hi(), b.lo()) || le(b.hi(), a.lo());
  }

  /** Whether {@code [0, hi)} is all of an extent. */
  boolean whole(Span s, Extent extent) {
    LinearForms.Form e = of(extent);
    return s.lo().isConstant() && s.lo().konst() == 0 && reaches(s.hi(), e);
  }

  /**
   * The values int value {@code id} surely lies in where it is used: {@code [0, n)} for {@code
   * CHECK_INDEX(i, n)}, {@code [a, a + T)} for {@code a + i} with {@code i} the index of a loop of
   * {@code T} trips around the use, else the point.
   */
  Span valuesAt(int id) {
    Node n = forms.node(id);
    if (n instanceof Node.Apply a && a.op() == Op.CHECK_INDEX) {
      return new Span(LinearForms.Form.constant(0), forms.of(a.operands().get(1)));
    }
    LinearForms.Form f = forms.of(id);
    Node.Loop loop = null;
    int varying = -1;
    for (int p = 0; p < f.leaves().length; p++) {
      int leaf = f.leaves()[p];
      if (forms.node(leaf) instanceof Node.Index && regions.region(leaf) instanceof Node.Loop l) {
        if (loop != null || f.coefs()[p] != 1) {
          return Span.point(f);
        }
        loop = l;
        varying = leaf;
      }
    }
    Span s = loop == null ? null : span(f, varying, loop);
    return s != null ? s : Span.point(f);
  }

  /**
   * An interval holding every value form {@code f} takes over the iterations of {@code context} and
   * the loops inside it, or null if this class cannot write one: at most one leaf of {@code f} may
   * be defined inside {@code context}, the index (of coefficient 1) of a loop whose trip count is
   * defined outside {@code context}. A form of no such leaf is a point.
   */
  Span over(LinearForms.Form f, Node.Loop context) {
    int varying = -1;
    for (int p = 0; p < f.leaves().length; p++) {
      int leaf = f.leaves()[p];
      if (regions.inside(leaf, context)) {
        if (varying >= 0 || f.coefs()[p] != 1 || !(forms.node(leaf) instanceof Node.Index)) {
          return null;
        }
        varying = leaf;
      }
    }
    if (varying < 0) {
      return Span.point(f);
    }
    Node.Loop loop = (Node.Loop) regions.region(varying);
    for (int leaf : trips(loop).leaves()) {
      if (regions.inside(leaf, context)) {
        return null;
      }
    }
    return span(f, varying, loop);
  }

  /** {@code [f - i, f - i + T)} for the index {@code i} of {@code loop}, of {@code T} trips. */
  private Span span(LinearForms.Form f, int index, Node.Loop loop) {
    LinearForms.Form t = trips(loop);
    if (t.isConstant() && t.konst() >= SMALL) {
      return null;
    }
    LinearForms.Form rest = f.plus(LinearForms.Form.leaf(index), -1);
    LinearForms.Form hi = rest == null ? null : rest.plus(t, 1);
    return hi == null ? null : new Span(rest, hi);
  }
}
