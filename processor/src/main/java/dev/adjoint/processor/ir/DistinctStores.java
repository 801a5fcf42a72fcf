package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves, from the linear forms of their indices, that the stores into an array write every element
 * at most once per run, whatever the trip counts (which may be known only at run time).
 *
 * <p>One store: every loop around it (but one of at most one trip) must own an index component, an
 * injective function {@code a * i + rest} of its index {@code i} whose {@code rest} is defined
 * outside the loop. Two executions of the store then differ in the outermost loop whose iteration
 * differs, where that loop's component differs. Branches around a store only make it run less.
 *
 * <p>Two stores: every loop around both must own one component with the same form in both (their
 * iterations then write different elements), and within one run of their innermost common block
 * they must write different elements: they sit in different arms of one branch, or some component
 * differs by a nonzero constant, or takes values in disjoint ranges (from constants and the trip
 * counts of the loops around one store only). Fully constant indices are compared by hashing.
 */
final class DistinctStores {

  /** Most pairs of stores compared per array; beyond, the array is not proven. */
  static final int MAX_PAIRS = 1 << 14;

  private final Regions regions;
  private final LinearForms forms;

  DistinctStores(Regions regions, LinearForms forms) {
    this.regions = regions;
    this.forms = forms;
  }

  /** Whether {@code stores} (all the stores into one array) write each element at most once. */
  boolean distinct(List<Node.Store> stores) {
    List<Node.Store> general = new ArrayList<>();
    List<Node.Store> fixed = new ArrayList<>();
    Set<List<LinearForms.Form>> constants = new HashSet<>();
    for (Node.Store s : stores) {
      if (!injective(s)) {
        return false;
      }
      List<LinearForms.Form> index = index(s);
      if (index.stream().allMatch(LinearForms.Form::isConstant) && loopsRun(s) == 0) {
        // Each runs at most once: distinct constant indices are distinct elements.
        if (!constants.add(index)) {
          return false;
        }
        fixed.add(s);
      } else {
        general.add(s);
      }
    }
    long pairs = (long) general.size() * stores.size();
    if (pairs > MAX_PAIRS) {
      return false;
    }
    for (int i = 0; i < general.size(); i++) {
      Node.Store s = general.get(i);
      for (int j = i + 1; j < general.size(); j++) {
        if (!disjoint(s, general.get(j))) {
          return false;
        }
      }
      for (Node.Store t : fixed) {
        if (!disjoint(s, t)) {
          return false;
        }
      }
    }
    return true;
  }

  private List<LinearForms.Form> index(Node.Store s) {
    List<LinearForms.Form> out = new ArrayList<>();
    for (int c : s.index()) {
      out.add(forms.of(c));
    }
    return out;
  }

  /** Loops around {@code s} that may run more than once. */
  private int loopsRun(Node.Store s) {
    int n = 0;
    for (Node.Loop l : regions.loops(s.id())) {
      n += once(l) ? 0 : 1;
    }
    return n;
  }

  /** True for a loop of at most one trip: it needs no component of its own. */
  private static boolean once(Node.Loop l) {
    return l.trips() instanceof Extent.Fixed f && f.size() <= 1;
  }

  /** Whether every loop around {@code s} owns a component of its index. */
  private boolean injective(Node.Store s) {
    List<LinearForms.Form> index = index(s);
    for (Node.Loop l : regions.loops(s.id())) {
      if (!once(l) && index.stream().noneMatch(f -> owns(l, f))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code f} is {@code a * i + rest} with {@code i} the index of {@code l}, {@code a}
   * injective on its values, and {@code rest} defined outside {@code l}.
   */
  boolean owns(Node.Loop l, LinearForms.Form f) {
    int index = l.body().index().id();
    if (!injective(f.coef(index), l)) {
      return false;
    }
    for (int leaf : f.leaves()) {
      if (leaf != index && regions.inside(leaf, l)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code i -> a * i} (in int arithmetic) takes distinct values on the indices of {@code
   * l}: always for an odd {@code a} (invertible modulo 2^32) or twice an odd one (indices are below
   * 2^31); for {@code a = m * 2^k}, if at most 2^(32 - k) indices.
   */
  static boolean injective(int a, Node.Loop l) {
    if (a == 0) {
      return false;
    }
    int k = Integer.numberOfTrailingZeros(a);
    return k <= 1 || l.trips() instanceof Extent.Fixed f && f.size() <= (1L << (32 - k));
  }

  /** Whether stores {@code s} and {@code t} never write the same element. */
  private boolean disjoint(Node.Store s, Node.Store t) {
    List<LinearForms.Form> fs = index(s);
    List<LinearForms.Form> ft = index(t);
    List<Node> rs = regions.enclosing(s.id());
    List<Node> rt = regions.enclosing(t.id());
    int common = 0;
    while (common < rs.size() && common < rt.size() && rs.get(common) == rt.get(common)) {
      common++;
    }
    // Different iterations of a common loop: a component of one form in both, owned by it.
    for (int r = 0; r < common; r++) {
      if (rs.get(r) instanceof Node.Loop l && !once(l)) {
        boolean owned = false;
        for (int d = 0; d < fs.size() && !owned; d++) {
          owned = fs.get(d).equals(ft.get(d)) && owns(l, fs.get(d));
        }
        if (!owned) {
          return false;
        }
      }
    }
    // The same run of the innermost common block.
    if (common > 0 && rs.get(common - 1) instanceof Node.If) {
      int armS = regions.arm(common < rs.size() ? rs.get(common).id() : s.id());
      int armT = regions.arm(common < rt.size() ? rt.get(common).id() : t.id());
      if (armS != armT) {
        return true;
      }
    }
    List<Node> commonRegions = rs.subList(0, common);
    for (int d = 0; d < fs.size(); d++) {
      LinearForms.Form diff = fs.get(d).plus(ft.get(d), -1);
      if (diff != null && diff.isConstant() && diff.konst() != 0) {
        return true;
      }
      long[] a = range(fs.get(d), commonRegions);
      long[] b = range(ft.get(d), commonRegions);
      if (a != null && b != null && (a == EMPTY || b == EMPTY || a[1] < b[0] || b[1] < a[0])) {
        return true;
      }
    }
    return false;
  }

  private static final long[] EMPTY = new long[0];

  /**
   * The values {@code f} takes where every access that uses them does not throw, as {@code {lo,
   * hi}} ({@code hi} may be {@code Long.MAX_VALUE}), or {@link #EMPTY} if a loop around never runs,
   * or null if unknown. Only indices of loops outside {@code common} may vary; a runtime trip count
   * bounds its index only below, and then its coefficient must be 1 with everything else small, so
   * that a value past {@code Integer.MAX_VALUE} wraps to a negative index, which throws.
   */
  private long[] range(LinearForms.Form f, List<Node> common) {
    long lo = f.konst();
    long hi = f.konst();
    int unbounded = 0;
    for (int p = 0; p < f.leaves().length; p++) {
      Node n = forms.node(f.leaves()[p]);
      if (!(n instanceof Node.Index) || !(regions.region(n.id()) instanceof Node.Loop l)) {
        return null;
      }
      if (common.contains(l)) {
        return null;
      }
      long c = f.coefs()[p];
      if (l.trips() instanceof Extent.Fixed fx) {
        if (fx.size() == 0) {
          return EMPTY;
        }
        long span = c * (fx.size() - 1L);
        lo += Math.min(0, span);
        hi += Math.max(0, span);
      } else if (c == 1) {
        unbounded++;
      } else {
        return null;
      }
    }
    if (unbounded == 0) {
      return lo >= Integer.MIN_VALUE && hi <= Integer.MAX_VALUE ? new long[] {lo, hi} : null;
    }
    long small = 1L << 30;
    return unbounded == 1 && Math.abs(lo) < small && Math.abs(hi) < small
        ? new long[] {lo, Long.MAX_VALUE}
        : null;
  }
}
