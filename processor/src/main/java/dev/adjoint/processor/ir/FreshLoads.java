package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The loads of an array that surely read its initial zero, whatever the sizes known only at run
 * time: no store of the run can have written their element before them. Sound, not complete: a load
 * it cannot place is not fresh.
 *
 * <p>It walks the program in order with "boxes" that hold every element stored so far: per
 * dimension an interval ({@link Spans}) or anything. A load whose element lies outside every box is
 * fresh. A loop adds, per store in it, a box of the elements that store may visit over all its
 * iterations. Inside a loop, a load is fresh if it lies outside the boxes from before the loop and
 * those of every store in the loop; when nothing stored before the loop touches the elements the
 * loop accesses, two shapes of loop are understood more finely:
 *
 * <ul>
 *   <li>A <em>slice</em> loop: the first index component of every access in it is the loop's index
 *       itself. Each iteration owns its slice, which no other iteration touches, so the body is
 *       walked as the top level of one slice (on the remaining components).
 *   <li>A <em>nest</em>: every access sits in one block at one index, an injective function of the
 *       iterations of the loops from this one down to that block (each owns a component, as {@link
 *       DistinctStores} decides). An element is then visited in one iteration only, and a load that
 *       precedes every store of that block reads an element nothing stored yet.
 * </ul>
 *
 * A branch's arms are walked from the boxes before it; after it, those of both arms hold.
 */
final class FreshLoads {

  private final int array;
  private final Regions regions;
  private final LinearForms forms;
  private final Spans spans;
  private final DistinctStores owners;
  private final Set<Integer> fresh = new HashSet<>();

  private FreshLoads(int array, Regions regions, LinearForms forms) {
    this.array = array;
    this.regions = regions;
    this.forms = forms;
    this.spans = new Spans(forms, regions);
    this.owners = new DistinctStores(regions, forms);
  }

  /** The fresh loads of {@code array} in {@code f}. */
  static Set<Integer> of(Function f, Regions regions, LinearForms forms, int array) {
    FreshLoads w = new FreshLoads(array, regions, forms);
    w.block(f.body(), 0, new ArrayList<>());
    return w.fresh;
  }

  /**
   * Walks {@code nodes} with the first {@code drop} index components fixed by enclosing slices,
   * adding to {@code stored} the boxes of what it may store.
   */
  private void block(List<Node> nodes, int drop, List<Spans.Span[]> stored) {
    for (Node n : nodes) {
      if (n instanceof Node.Load l && l.array() == array) {
        if (outside(at(l, drop), stored)) {
          fresh.add(l.id());
        }
      } else if (n instanceof Node.Store s && s.array() == array) {
        stored.add(at(s, drop));
      } else if (n instanceof Node.Loop l) {
        loop(l, drop, stored);
      } else if (n instanceof Node.If b) {
        int before = stored.size();
        List<Spans.Span[]> then = new ArrayList<>(stored);
        block(b.then().nodes(), drop, then);
        List<Spans.Span[]> orElse = new ArrayList<>(stored);
        block(b.orElse().nodes(), drop, orElse);
        stored.addAll(then.subList(before, then.size()));
        stored.addAll(orElse.subList(before, orElse.size()));
      }
    }
  }

  private void loop(Node.Loop l, int drop, List<Spans.Span[]> stored) {
    List<Node> accesses = new ArrayList<>();
    collect(l.body().nodes(), accesses);
    if (accesses.isEmpty()) {
      return;
    }
    List<Spans.Span[]> inLoop = new ArrayList<>();
    boolean untouched = true;
    for (Node a : accesses) {
      Spans.Span[] box = over(a, l, drop);
      untouched &= outside(box, stored);
      if (a instanceof Node.Store) {
        inLoop.add(box);
      }
    }
    boolean understood = false;
    if (untouched && !inLoop.isEmpty()) {
      int index = l.body().index().id();
      boolean sliced = true;
      for (Node a : accesses) {
        List<Integer> x = index(a);
        sliced &= x.size() > drop && forms.of(x.get(drop)).isLeaf(index);
      }
      understood = sliced ? slice(l, drop) : nest(l, accesses, drop);
    }
    if (!understood) {
      List<Spans.Span[]> all = new ArrayList<>(stored);
      all.addAll(inLoop);
      for (Node a : accesses) {
        if (a instanceof Node.Load && outside(over(a, l, drop), all)) {
          fresh.add(a.id());
        }
      }
    }
    stored.addAll(inLoop);
  }

  /** Walks the body of a slice loop as the top level of one slice. */
  private boolean slice(Node.Loop l, int drop) {
    block(l.body().nodes(), drop + 1, new ArrayList<>());
    return true;
  }

  /**
   * Files the fresh loads of a nest whose accesses share one block and one injective index; returns
   * false if the nest is not of that shape.
   */
  private boolean nest(Node.Loop top, List<Node> accesses, int drop) {
    Node first = accesses.get(0);
    Node region = regions.region(first.id());
    List<Integer> x = index(first).subList(drop, index(first).size());
    for (Node a : accesses) {
      List<Integer> y = index(a);
      if (regions.region(a.id()) != region || !same(x, y.subList(drop, y.size()))) {
        return false;
      }
    }
    if (!(region instanceof Node.Loop inner)) {
      return false; // in a branch arm
    }
    // The loops from `top` down to the accesses' block, each owning a component.
    List<Node.Loop> chain = new ArrayList<>();
    for (Node r : regions.enclosing(first.id())) {
      if (r == top || !chain.isEmpty()) {
        if (!(r instanceof Node.Loop rl)) {
          return false;
        }
        chain.add(rl);
      }
    }
    if (chain.isEmpty() || chain.get(chain.size() - 1) != inner) {
      return false;
    }
    for (Node.Loop l : chain) {
      boolean owned = false;
      for (int c : x) {
        owned |= owners.owns(l, forms.of(c));
      }
      if (!owned) {
        return false;
      }
    }
    for (Node n : inner.body().nodes()) {
      if (n instanceof Node.Store s && s.array() == array) {
        break;
      }
      if (n instanceof Node.Load ld && ld.array() == array) {
        fresh.add(ld.id());
      }
    }
    return true;
  }

  /**
   * The elements access {@code n} reads or writes where it stands (components from {@code drop}).
   */
  private Spans.Span[] at(Node n, int drop) {
    List<Integer> x = index(n);
    Spans.Span[] box = new Spans.Span[x.size() - drop];
    for (int d = drop; d < x.size(); d++) {
      box[d - drop] = spans.valuesAt(x.get(d));
    }
    return box;
  }

  /** The elements access {@code n} may visit over the iterations of {@code l} and loops inside. */
  private Spans.Span[] over(Node n, Node.Loop l, int drop) {
    List<Integer> x = index(n);
    Spans.Span[] box = new Spans.Span[x.size() - drop];
    for (int d = drop; d < x.size(); d++) {
      box[d - drop] = spans.over(forms.of(x.get(d)), l);
    }
    return box;
  }

  /** Whether {@code box} shares no element with any of {@code stored}. */
  private static boolean outside(Spans.Span[] box, List<Spans.Span[]> stored) {
    for (Spans.Span[] s : stored) {
      boolean apart = false;
      for (int d = 0; d < box.length && !apart; d++) {
        apart = box[d] != null && s[d] != null && Spans.disjoint(box[d], s[d]);
      }
      if (!apart) {
        return false;
      }
    }
    return true;
  }

  private boolean same(List<Integer> a, List<Integer> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int d = 0; d < a.size(); d++) {
      if (!a.get(d).equals(b.get(d)) && !forms.of(a.get(d)).equals(forms.of(b.get(d)))) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> index(Node n) {
    return n instanceof Node.Load l ? l.index() : ((Node.Store) n).index();
  }

  private void collect(List<Node> nodes, List<Node> out) {
    for (Node n : nodes) {
      if (n instanceof Node.Load l && l.array() == array
          || n instanceof Node.Store s && s.array() == array) {
        out.add(n);
      }
      for (List<Node> inner : n.blocks()) {
        collect(inner, out);
      }
    }
  }
}
