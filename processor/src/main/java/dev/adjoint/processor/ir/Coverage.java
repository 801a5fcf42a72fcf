package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The elements surely stored at each point of a run, symbolically, and so the loads that surely
 * read a stored element (not an array's initial zero), whatever the sizes known only at run time.
 *
 * <p>It walks the program in order with, per array, "patterns" of stored elements: one form per
 * dimension ({@link LinearForms}), or "every element" of it. A store adds its index. At the end of
 * a loop that runs exactly its trip count (no {@code again}), a pattern of its body becomes one of
 * the loop when its index appears as a whole component over a dimension no longer than the trip
 * count (that component becomes "every element") and nothing else in it is defined inside the loop;
 * a pattern without the index only if the loop surely runs. After a branch, the patterns both arms
 * added hold. Stores at constant indices that together cover a dimension of fixed size cover it
 * (for arrays of runtime extents too). A load is covered if some pattern matches its index
 * component by component, so {@code t[i][j]} read after {@code for j < m: t[i][j] = ..} in the same
 * iteration of {@code i} is. The first dimension of a growable array is never "every element":
 * reads beyond what was stored return zero instead of throwing.
 */
final class Coverage {

  /** Most patterns per array for which constant covers are sought (each costs a scan). */
  static final int MAX_MERGE_SCAN = 1024;

  /** Largest fixed dimension that constant stores are merged over. */
  static final int MAX_MERGE_EXTENT = 4096;

  /** One pattern of stored elements: a form per dimension, null for all of it. */
  record Pattern(LinearForms.Form[] axes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pattern p && Arrays.equals(axes, p.axes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
      return Arrays.toString(axes);
    }
  }

  /**
   * The patterns of one array that hold at the current point, in the order added (so that leaving a
   * block drops its own), with a set for lookups and the list of those with an "every element".
   */
  private static final class Live {
    final List<Pattern> order = new ArrayList<>();
    final Set<Pattern> members = new HashSet<>();
    final List<Pattern> wide = new ArrayList<>();

    boolean add(Pattern p) {
      if (!members.add(p)) {
        return false;
      }
      order.add(p);
      if (Arrays.asList(p.axes()).contains(null)) {
        wide.add(p);
      }
      return true;
    }

    /** Removes the patterns added after the first {@code size}; returns them. */
    List<Pattern> cut(int size) {
      List<Pattern> tail = order.subList(size, order.size());
      List<Pattern> out = new ArrayList<>(tail);
      // The tail's wide patterns are the last of `wide`, in the same order.
      for (int i = out.size() - 1; i >= 0; i--) {
        Pattern p = out.get(i);
        members.remove(p);
        if (!wide.isEmpty() && wide.get(wide.size() - 1) == p) {
          wide.remove(wide.size() - 1);
        }
      }
      tail.clear();
      return out;
    }
  }

  private final Function f;
  private final Regions regions;
  private final LinearForms forms;
  private final Map<Integer, Live> live = new HashMap<>();
  private final Set<Integer> covered = new HashSet<>();

  private Coverage(Function f, Regions regions, LinearForms forms) {
    this.f = f;
    this.regions = regions;
    this.forms = forms;
  }

  /** The analysis of {@code f}. */
  static Coverage of(Function f, Regions regions, LinearForms forms) {
    Coverage c = new Coverage(f, regions, forms);
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        c.live.put(a.id(), new Live());
      }
    }
    c.block(f.body());
    return c;
  }

  /** Loads (of non-input arrays) proven to read an element stored earlier in the run. */
  Set<Integer> coveredLoads() {
    return covered;
  }

  /** Whether every element of {@code array} is surely stored by the end of the run. */
  boolean full(int array) {
    Live ps = live.get(array);
    if (ps == null) {
      return false;
    }
    for (Pattern p : ps.wide) {
      if (Arrays.stream(p.axes()).allMatch(x -> x == null)) {
        return true;
      }
    }
    return false;
  }

  private void block(List<Node> nodes) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && live.containsKey(s.array())) {
        add(s.array(), pattern(s.index()));
      } else if (n instanceof Node.Load l && live.containsKey(l.array())) {
        if (covers(l)) {
          covered.add(l.id());
        }
      } else if (n instanceof Node.Loop l) {
        Map<Integer, Integer> mark = mark();
        block(l.body().nodes());
        Map<Integer, List<Pattern>> fresh = cut(mark);
        if (l.body().again() == null) {
          for (Map.Entry<Integer, List<Pattern>> e : fresh.entrySet()) {
            for (Pattern p : e.getValue()) {
              Pattern q = lift(p, l, f.array(e.getKey()));
              if (q != null) {
                add(e.getKey(), q);
              }
            }
          }
        }
      } else if (n instanceof Node.If b) {
        Map<Integer, Integer> mark = mark();
        block(b.then().nodes());
        Map<Integer, List<Pattern>> then = cut(mark);
        block(b.orElse().nodes());
        Map<Integer, List<Pattern>> orElse = cut(mark);
        for (Map.Entry<Integer, List<Pattern>> e : then.entrySet()) {
          Set<Pattern> other = new HashSet<>(orElse.getOrDefault(e.getKey(), List.of()));
          for (Pattern p : e.getValue()) {
            if (other.contains(p)) {
              add(e.getKey(), p);
            }
          }
        }
      }
    }
  }

  private Pattern pattern(List<Integer> index) {
    LinearForms.Form[] axes = new LinearForms.Form[index.size()];
    for (int d = 0; d < axes.length; d++) {
      axes[d] = forms.of(index.get(d));
    }
    return new Pattern(axes);
  }

  private Map<Integer, Integer> mark() {
    Map<Integer, Integer> m = new HashMap<>();
    live.forEach((a, ps) -> m.put(a, ps.order.size()));
    return m;
  }

  /** Removes the patterns added since {@code mark}; returns them by array. */
  private Map<Integer, List<Pattern>> cut(Map<Integer, Integer> mark) {
    Map<Integer, List<Pattern>> out = new HashMap<>();
    for (Map.Entry<Integer, Live> e : live.entrySet()) {
      int from = mark.get(e.getKey());
      if (e.getValue().order.size() > from) {
        out.put(e.getKey(), e.getValue().cut(from));
      }
    }
    return out;
  }

  private boolean covers(Node.Load l) {
    Pattern want = pattern(l.index());
    Live ps = live.get(l.array());
    if (ps.members.contains(want)) {
      return true;
    }
    for (Pattern p : ps.wide) {
      boolean match = true;
      for (int d = 0; d < want.axes().length && match; d++) {
        match = p.axes()[d] == null || p.axes()[d].equals(want.axes()[d]);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pattern {@code p} of loop {@code l}'s body as a pattern after the loop, or null if it says
   * nothing there.
   */
  private Pattern lift(Pattern p, Node.Loop l, ArrayDecl a) {
    int index = l.body().index().id();
    LinearForms.Form[] axes = p.axes().clone();
    int all = -1;
    for (int d = 0; d < axes.length; d++) {
      LinearForms.Form x = axes[d];
      if (x == null) {
        continue;
      }
      if (all < 0 && x.isLeaf(index) && !(a.growable() && d == 0) && spans(l.trips(), a, d)) {
        all = d;
        axes[d] = null;
        continue;
      }
      for (int leaf : x.leaves()) {
        if (leaf == index || regions.inside(leaf, l)) {
          return null;
        }
      }
    }
    if (all < 0 && !(l.trips() instanceof Extent.Fixed fx && fx.size() >= 1)) {
      return null; // the loop may not have run
    }
    return new Pattern(axes);
  }

  /** Whether a loop of {@code trips} iterations reaches every index of dimension {@code d}. */
  private boolean spans(Extent trips, ArrayDecl a, int d) {
    LinearForms.Form t = form(trips);
    LinearForms.Form e = form(a.extents().get(d));
    return t.equals(e) || t.isConstant() && e.isConstant() && t.konst() >= e.konst();
  }

  private LinearForms.Form form(Extent e) {
    return e instanceof Extent.Fixed fx ? LinearForms.Form.constant(fx.size()) : forms.of(e.node());
  }

  /**
   * Adds {@code p} to {@code array}'s patterns, and the patterns it completes: where it and others
   * agree on every dimension but one, and their constants there cover that dimension.
   */
  private void add(int array, Pattern p) {
    Live live = this.live.get(array);
    if (!live.add(p) || live.order.size() > MAX_MERGE_SCAN) {
      return;
    }
    List<Pattern> ps = live.order;
    ArrayDecl a = f.array(array);
    for (int d = 0; d < p.axes().length; d++) {
      LinearForms.Form x = p.axes()[d];
      LinearForms.Form extent = form(a.extents().get(d));
      if (x == null
          || !x.isConstant()
          || a.growable() && d == 0
          || !extent.isConstant()
          || extent.konst() > MAX_MERGE_EXTENT) {
        continue;
      }
      int size = extent.konst();
      BitSet seen = new BitSet();
      for (Pattern q : ps) {
        LinearForms.Form y = q.axes()[d];
        if (y != null && y.isConstant() && y.konst() >= 0 && y.konst() < size && sameBut(p, q, d)) {
          seen.set(y.konst());
        }
      }
      if (seen.cardinality() == size) {
        LinearForms.Form[] axes = p.axes().clone();
        axes[d] = null;
        add(array, new Pattern(axes));
      }
    }
  }

  private static boolean sameBut(Pattern p, Pattern q, int d) {
    for (int e = 0; e < p.axes().length; e++) {
      if (e != d && !java.util.Objects.equals(p.axes()[e], q.axes()[e])) {
        return false;
      }
    }
    return true;
  }
}
