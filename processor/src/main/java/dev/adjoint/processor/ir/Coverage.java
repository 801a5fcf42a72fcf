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
 * <p>It walks the program in order with, per array, "patterns" of stored elements: per dimension an
 * interval of indices ({@link Spans}; a store's own index is a one-element interval), or "every
 * element" of it. A store adds its index. At the end of a loop that runs exactly its trip count (no
 * {@code again}), a pattern of its body becomes one of the loop when one component is the loop's
 * index plus a value defined outside the loop (it becomes the interval the loop visits, or "every
 * element" when that is the whole dimension, a trip count of {@code max(0, n)} reaching an extent
 * {@code n} and the reverse) and nothing else in it is defined inside the loop; a pattern without
 * the index only if the loop surely runs. After a branch, the patterns both arms added hold.
 * Adjacent intervals join ({@code [0, 1)} and {@code [1, n)} are {@code [0, n)}), and stores at
 * constant indices that together cover a dimension of fixed size cover it. A load is covered if
 * some pattern holds its index component by component (the values a loop index or a checked index
 * takes count as an interval), so {@code t[i][j]} read after {@code for j < m: t[i][j] = ..} in the
 * same iteration of {@code i} is. The first dimension of a growable array is never "every element":
 * reads beyond what was stored return zero instead of throwing.
 */
final class Coverage {

  /** Most patterns per array for which constant covers are sought (each costs a scan). */
  static final int MAX_MERGE_SCAN = 1024;

  /** Largest fixed dimension that constant stores are merged over. */
  static final int MAX_MERGE_EXTENT = 4096;

  /**
   * One pattern of stored elements: per dimension an interval of indices ({@link Spans.Span}; a
   * store's own index is a one-element interval), null for all of it.
   */
  record Pattern(Spans.Span[] axes) {
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
      for (Spans.Span x : p.axes()) {
        if (x == null || !isPoint(x)) {
          wide.add(p);
          break;
        }
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
  private final Spans spans;
  private final Map<Integer, Live> live = new HashMap<>();
  private final Set<Integer> covered = new HashSet<>();

  private Coverage(Function f, Regions regions, LinearForms forms) {
    this.f = f;
    this.regions = regions;
    this.forms = forms;
    this.spans = new Spans(forms, regions);
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
    Spans.Span[] axes = new Spans.Span[index.size()];
    for (int d = 0; d < axes.length; d++) {
      axes[d] = Spans.Span.point(forms.of(index.get(d)));
    }
    return new Pattern(axes);
  }

  private static boolean isPoint(Spans.Span x) {
    LinearForms.Form d = x.hi().plus(x.lo(), -1);
    return d != null && d.isConstant() && d.konst() == 1;
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
    Spans.Span[] at = null;
    for (Pattern p : ps.wide) {
      if (at == null) {
        at = new Spans.Span[want.axes().length];
        for (int d = 0; d < at.length; d++) {
          at[d] = spans.valuesAt(l.index().get(d));
        }
      }
      boolean match = true;
      for (int d = 0; d < at.length && match; d++) {
        Spans.Span x = p.axes()[d];
        match = x == null || x.equals(want.axes()[d]) || Spans.contains(x, at[d]);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pattern {@code p} of loop {@code l}'s body as a pattern after the loop, or null if it says
   * nothing there. One dimension whose index is the loop's index plus a value defined outside it
   * becomes the interval the loop visits (all of the dimension when that is the whole extent);
   * anything else defined inside the loop drops the pattern.
   */
  private Pattern lift(Pattern p, Node.Loop l, ArrayDecl a) {
    Spans.Span[] axes = p.axes().clone();
    boolean lifted = false;
    for (int d = 0; d < axes.length; d++) {
      Spans.Span x = axes[d];
      if (x == null) {
        continue;
      }
      boolean insideLo = definedInside(x.lo(), l);
      boolean insideHi = definedInside(x.hi(), l);
      if (!insideLo && !insideHi) {
        continue;
      }
      if (lifted || !isPoint(x)) {
        return null;
      }
      Spans.Span over = spans.over(x.lo(), l);
      if (over == null
          || !(forms.node(indexLeaf(x.lo(), l)) instanceof Node.Index i)
          || i.id() != l.body().index().id()) {
        return null;
      }
      lifted = true;
      axes[d] = !(a.growable() && d == 0) && spans.whole(over, a.extents().get(d)) ? null : over;
    }
    if (!lifted && !(l.trips() instanceof Extent.Fixed fx && fx.size() >= 1)) {
      return null; // the loop may not have run
    }
    return new Pattern(axes);
  }

  private boolean definedInside(LinearForms.Form x, Node.Loop l) {
    for (int leaf : x.leaves()) {
      if (regions.inside(leaf, l)) {
        return true;
      }
    }
    return false;
  }

  /** The leaf of {@code x} defined inside {@code l} (the caller knows there is one). */
  private int indexLeaf(LinearForms.Form x, Node.Loop l) {
    for (int leaf : x.leaves()) {
      if (regions.inside(leaf, l)) {
        return leaf;
      }
    }
    return -1;
  }

  /**
   * Adds {@code p} to {@code array}'s patterns, and the patterns it completes: where it and others
   * agree on every dimension but one, and there either their constants cover that dimension, or two
   * adjacent intervals ({@code [a, b)} and {@code [b, c)}, one not a single element) join into
   * {@code [a, c)}: their union holds it whatever the signs of {@code b - a} and {@code c - b}.
   */
  private void add(int array, Pattern p) {
    Live live = this.live.get(array);
    if (!live.add(p) || live.order.size() > MAX_MERGE_SCAN) {
      return;
    }
    List<Pattern> ps = live.order;
    ArrayDecl a = f.array(array);
    for (int d = 0; d < p.axes().length; d++) {
      Spans.Span x = p.axes()[d];
      if (x == null) {
        continue;
      }
      for (Pattern q : List.copyOf(ps)) {
        Spans.Span y = q.axes()[d];
        if (q == p || y == null || isPoint(x) && isPoint(y) || !sameBut(p, q, d)) {
          continue;
        }
        Spans.Span joined =
            y.hi().equals(x.lo())
                ? new Spans.Span(y.lo(), x.hi())
                : x.hi().equals(y.lo()) ? new Spans.Span(x.lo(), y.hi()) : null;
        if (joined != null) {
          Spans.Span[] axes = p.axes().clone();
          axes[d] =
              !(a.growable() && d == 0) && spans.whole(joined, a.extents().get(d)) ? null : joined;
          add(array, new Pattern(axes));
        }
      }
      LinearForms.Form extent = spans.of(a.extents().get(d));
      if (!isPoint(x)
          || !x.lo().isConstant()
          || a.growable() && d == 0
          || !extent.isConstant()
          || extent.konst() > MAX_MERGE_EXTENT) {
        continue;
      }
      int size = extent.konst();
      BitSet seen = new BitSet();
      for (Pattern q : ps) {
        Spans.Span y = q.axes()[d];
        if (y != null
            && isPoint(y)
            && y.lo().isConstant()
            && y.lo().konst() >= 0
            && y.lo().konst() < size
            && sameBut(p, q, d)) {
          seen.set(y.lo().konst());
        }
      }
      if (seen.cardinality() == size) {
        Spans.Span[] axes = p.axes().clone();
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
