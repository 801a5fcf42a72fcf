package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which accesses to an output or local array may touch the same element in a given order, whatever
 * the sizes known only at run time: whether a store may overwrite, after a load, the element it
 * read (else the element keeps that value to the end of the run), and whether anything may touch,
 * before a store, the element it writes (else the store's element was untouched until then). Sound,
 * not complete: "may" is the answer whenever it cannot tell.
 *
 * <p>Two accesses are compared through the loops and branches around both. In the same iteration of
 * those, the later one must come later in their innermost common block (and in the same arm of a
 * branch), and their elements, over the loops around each alone, must meet ({@link Spans}). In a
 * later iteration of a common loop, they meet unless one index component, equal in both, is owned
 * by that loop (as {@link DistinctStores} decides: distinct iterations, distinct values), or their
 * elements over that loop are apart.
 */
public final class AccessOrder {

  /** Most pairs of accesses compared per array; beyond, every question about it answers "may". */
  static final int MAX_PAIRS = 1 << 14;

  private final Regions regions;
  private final LinearForms forms;
  private final Spans spans;
  private final DistinctStores owners;
  private final Map<Integer, Integer> position = new HashMap<>();
  private final Map<Integer, List<Node>> accesses = new HashMap<>();

  private AccessOrder(Function f) {
    Map<Integer, Node> byId = f.nodesById();
    this.regions = new Regions(f);
    this.forms = new LinearForms(f, byId);
    this.spans = new Spans(forms, regions);
    this.owners = new DistinctStores(regions, forms);
    index(f.body());
  }

  /** The analysis of {@code f}. */
  public static AccessOrder of(Function f) {
    return new AccessOrder(f);
  }

  private void index(List<Node> block) {
    for (int p = 0; p < block.size(); p++) {
      Node n = block.get(p);
      position.put(n.id(), p);
      if (n instanceof Node.Load l) {
        accesses.computeIfAbsent(l.array(), k -> new ArrayList<>()).add(n);
      } else if (n instanceof Node.Store s) {
        accesses.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(n);
      }
      for (List<Node> inner : n.blocks()) {
        index(inner);
      }
    }
  }

  /**
   * Whether a store may run after access {@code x} (a load or a store) and write the element {@code
   * x} touched. If not, the element holds at the end of the run what it held right after {@code x}.
   */
  public boolean overwrittenAfter(Node x) {
    int array = arrayOf(x);
    List<Node> all = accesses.getOrDefault(array, List.of());
    if (all.size() * (long) all.size() > MAX_PAIRS) {
      return true;
    }
    for (Node y : all) {
      if (y instanceof Node.Store && mayMeet(x, y)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an access (a load or a store) may run before store {@code s} and touch the element
   * {@code s} writes. If not, {@code s} writes an element nothing read or wrote before.
   */
  public boolean touchedBefore(Node.Store s) {
    List<Node> all = accesses.getOrDefault(s.array(), List.of());
    if (all.size() * (long) all.size() > MAX_PAIRS) {
      return true;
    }
    for (Node y : all) {
      if (mayMeet(y, s)) {
        return true;
      }
    }
    return false;
  }

  private static int arrayOf(Node n) {
    return n instanceof Node.Load l ? l.array() : ((Node.Store) n).array();
  }

  private static List<Integer> indexOf(Node n) {
    return n instanceof Node.Load l ? l.index() : ((Node.Store) n).index();
  }

  /**
   * Whether some run of {@code y} after some run of {@code x} may touch the element {@code x} did.
   */
  private boolean mayMeet(Node x, Node y) {
    List<Node> rx = regions.enclosing(x.id());
    List<Node> ry = regions.enclosing(y.id());
    int c = 0;
    while (c < rx.size() && c < ry.size() && rx.get(c) == ry.get(c)) {
      c++;
    }
    // In a later iteration of a common loop.
    for (int j = 0; j < c; j++) {
      if (rx.get(j) instanceof Node.Loop l && !once(l) && !apartAcross(x, y, l)) {
        return true;
      }
    }
    // In the same iterations of the common loops: y later in the innermost common block.
    if (x == y) {
      return false;
    }
    Node childX = c < rx.size() ? rx.get(c) : x;
    Node childY = c < ry.size() ? ry.get(c) : y;
    if (c > 0
        && rx.get(c - 1) instanceof Node.If
        && regions.arm(childX.id()) != regions.arm(childY.id())) {
      return false;
    }
    if (childX != childY && position.get(childY.id()) < position.get(childX.id())) {
      return false;
    }
    Node.Loop innerX = c < rx.size() ? firstLoop(rx, c) : null;
    Node.Loop innerY = c < ry.size() ? firstLoop(ry, c) : null;
    return !apart(box(x, innerX), box(y, innerY));
  }

  /** The first loop of {@code regions} from position {@code from}, or null. */
  private static Node.Loop firstLoop(List<Node> regions, int from) {
    for (int k = from; k < regions.size(); k++) {
      if (regions.get(k) instanceof Node.Loop l) {
        return l;
      }
    }
    return null;
  }

  /** Whether accesses in different iterations of common loop {@code l} surely touch apart. */
  private boolean apartAcross(Node x, Node y, Node.Loop l) {
    List<Integer> ix = indexOf(x);
    List<Integer> iy = indexOf(y);
    for (int d = 0; d < ix.size(); d++) {
      LinearForms.Form fx = forms.of(ix.get(d));
      if (fx.equals(forms.of(iy.get(d))) && owners.owns(l, fx)) {
        return true;
      }
    }
    return apart(box(x, l), box(y, l));
  }

  /** The elements access {@code n} may touch over the iterations of {@code context} (null: one). */
  private Spans.Span[] box(Node n, Node.Loop context) {
    List<Integer> ix = indexOf(n);
    Spans.Span[] out = new Spans.Span[ix.size()];
    for (int d = 0; d < out.length; d++) {
      LinearForms.Form x = forms.of(ix.get(d));
      out[d] = context == null ? Spans.Span.point(x) : spans.over(x, context);
    }
    return out;
  }

  private static boolean apart(Spans.Span[] a, Spans.Span[] b) {
    for (int d = 0; d < a.length; d++) {
      if (a[d] != null && b[d] != null && Spans.disjoint(a[d], b[d])) {
        return true;
      }
    }
    return false;
  }

  /** A loop of at most one trip: no later iteration. */
  private static boolean once(Node.Loop l) {
    return l.trips() instanceof Extent.Fixed fx && fx.size() <= 1;
  }
}
