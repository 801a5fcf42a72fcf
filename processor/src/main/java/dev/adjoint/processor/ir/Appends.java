package dev.adjoint.processor.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves that an array is filled like a list: every store's first index is at least one past the
 * first index of the store before it (so no element is stored twice), and, when every store is at
 * exactly that "end" and the first at 0 (the elements stored are then always {@code [0, end)}),
 * which loads read below the end.
 *
 * <p>It walks the program with what it knows of the end {@code M} (one past the last first index
 * stored, 0 before any store): equal to, or at most, a linear form of visible values. A store at
 * {@code k} needs {@code k - M} to be a constant of at least 0 and makes {@code M = k + 1}. A loop
 * that stores is proven by induction on a carried slot: if the end equals (or is at most) the slot
 * when an iteration starts, and the slot's yield when it ends, then it is so on every iteration and
 * for the loop's result after it; a branch that stores must yield the end from both arms. A load is
 * below the end at an index that is the index of a loop whose trip count was at most the end when
 * it started, a {@code CHECK_INDEX} against such a bound, or a constant below a known end; the end
 * never decreases. Regions that do not touch the array are skipped.
 */
final class Appends {

  /** Most times a loop body is walked, over its candidate slots. */
  private static final int MAX_TRIES = 4;

  /** What is known of the end: {@code M == form} or, if {@code atMost}, {@code M <= form}. */
  private record End(LinearForms.Form form, boolean atMost) {}

  /** Thrown when a store cannot be proven past the end: the array is not a list. */
  private static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail() {
      super(null, null, false, false);
    }
  }

  private final LinearForms forms;
  private final int array;
  private final int rank;
  private final Set<Integer> touching;

  /** Loads proven below the end, and whether every store so far was exactly at the end. */
  private Set<Integer> below = new HashSet<>();

  private boolean exact = true;

  /** Loop indices proven below the end. */
  private Set<Integer> belowIndices = new HashSet<>();

  private Appends(LinearForms forms, int array, int rank, Set<Integer> touching) {
    this.forms = forms;
    this.array = array;
    this.rank = rank;
    this.touching = touching;
  }

  /**
   * The outcome for one array: {@code appends} if its stores are proven strictly increasing in
   * their first index, and the loads proven to read stored elements.
   */
  record Result(boolean appends, Set<Integer> readsStored) {}

  /** The analysis of {@code array} of {@code f}. */
  static Result of(Function f, LinearForms forms, ArrayDecl array) {
    Set<Integer> touching = new HashSet<>();
    touches(f.body(), array.id(), touching);
    Appends a = new Appends(forms, array.id(), array.rank(), touching);
    try {
      a.block(f.body(), new End(LinearForms.Form.constant(0), false));
    } catch (Fail e) {
      return new Result(false, Set.of());
    }
    boolean dense = a.exact && array.rank() == 1;
    return new Result(true, dense ? a.below : Set.of());
  }

  /** Collects the loops and branches of {@code nodes} that access {@code array}; true if any. */
  private static boolean touches(List<Node> nodes, int array, Set<Integer> out) {
    boolean any = false;
    for (Node n : nodes) {
      boolean here =
          n instanceof Node.Load l && l.array() == array
              || n instanceof Node.Store s && s.array() == array;
      for (List<Node> inner : n.blocks()) {
        here |= touches(inner, array, out);
      }
      if (here && !n.blocks().isEmpty()) {
        out.add(n.id());
      }
      any |= here;
    }
    return any;
  }

  private End block(List<Node> nodes, End end) {
    for (int at = 0; at < nodes.size(); at++) {
      Node n = nodes.get(at);
      if (n instanceof Node.Store s && s.array() == array) {
        end = store(s, end);
      } else if (n instanceof Node.Load l && l.array() == array) {
        if (rank == 1 && isBelow(l.index().get(0), end)) {
          below.add(l.id());
        }
      } else if (n instanceof Node.Loop l && touching.contains(l.id())) {
        end = loop(l, end, nodes, at);
      } else if (n instanceof Node.If b && touching.contains(b.id())) {
        end = branch(b, end, nodes, at);
      }
    }
    return end;
  }

  private End store(Node.Store s, End end) {
    if (end == null) {
      throw new Fail();
    }
    LinearForms.Form k = forms.of(s.index().get(0));
    Integer past = constantDiff(k, end.form());
    if (past == null || past < 0 || past >= 1 << 30) {
      throw new Fail();
    }
    exact &= past == 0 && !end.atMost();
    LinearForms.Form next = k.plus(LinearForms.Form.constant(1), 1);
    return next == null ? null : new End(next, false);
  }

  /** {@code a - b} if it is a constant, else null. */
  private static Integer constantDiff(LinearForms.Form a, LinearForms.Form b) {
    LinearForms.Form d = a.plus(b, -1);
    return d != null && d.isConstant() ? d.konst() : null;
  }

  /** Whether int value {@code id} is, where it is used, below the end (and not negative). */
  private boolean isBelow(int id, End end) {
    if (belowIndices.contains(id)) {
      return true;
    }
    LinearForms.Form g = forms.of(id);
    if (forms.node(id) instanceof Node.Apply a && a.op() == Op.CHECK_INDEX) {
      return atMostEnd(forms.of(a.operands().get(1)), end);
    }
    return g.isConstant()
        && g.konst() >= 0
        && atMostEnd(LinearForms.Form.constant(g.konst() + 1), end);
  }

  /** Whether value {@code t} is at most the end now. */
  private static boolean atMostEnd(LinearForms.Form t, End end) {
    if (end == null || end.atMost()) {
      return false;
    }
    Integer d = constantDiff(end.form(), t);
    return d != null && d >= 0 && d < 1 << 30;
  }

  private End loop(Node.Loop l, End end, List<Node> block, int at) {
    if (atMostEnd(form(l.trips()), end)) {
      belowIndices.add(l.body().index().id());
    }
    if (!storesIn(l.body().nodes())) {
      block(l.body().nodes(), end);
      return end;
    }
    if (end == null) {
      throw new Fail();
    }
    Node.LoopBody b = l.body();
    int tries = 0;
    for (boolean atMost : new boolean[] {false, true}) {
      for (int s = 0; s < b.carried().size() && tries < MAX_TRIES; s++) {
        Integer d = constantDiff(forms.of(l.inits().get(s)), end.form());
        boolean fits = atMost ? d != null && d >= 0 && d < 1 << 30 : d != null && d == 0;
        if (!fits || !atMost && end.atMost()) {
          continue;
        }
        tries++;
        End result = tryInduction(l, s, atMost);
        if (result != null) {
          Integer r = resultOf(block, at, l.id(), s, true);
          return r == null ? null : new End(LinearForms.Form.leaf(r), atMost);
        }
      }
    }
    throw new Fail();
  }

  /**
   * Walks {@code l}'s body assuming the end is (at most) carried slot {@code s} when an iteration
   * starts; returns the end then, if it is (at most) the slot's yield, keeping what the walk found;
   * else null, forgetting it.
   */
  private End tryInduction(Node.Loop l, int s, boolean atMost) {
    Set<Integer> savedBelow = new HashSet<>(below);
    Set<Integer> savedIndices = new HashSet<>(belowIndices);
    boolean savedExact = exact;
    Node.LoopBody b = l.body();
    End start = new End(forms.of(b.carried().get(s).id()), atMost);
    try {
      End last = block(b.nodes(), start);
      LinearForms.Form yield = forms.of(b.yields().get(s));
      Integer d = last == null ? null : constantDiff(yield, last.form());
      boolean holds =
          atMost ? d != null && d >= 0 && d < 1 << 30 : d != null && d == 0 && !last.atMost();
      if (holds) {
        return last;
      }
    } catch (Fail e) {
      // another slot may carry the end
    }
    below = savedBelow;
    belowIndices = savedIndices;
    exact = savedExact;
    return null;
  }

  private End branch(Node.If b, End end, List<Node> block, int at) {
    End then = block(b.then().nodes(), end);
    End orElse = block(b.orElse().nodes(), end);
    if (!storesIn(b.then().nodes()) && !storesIn(b.orElse().nodes())) {
      return end;
    }
    if (then == null || orElse == null) {
      return null;
    }
    for (int s = 0; s < b.slots(); s++) {
      Integer dt = constantDiff(forms.of(b.then().yields().get(s)), then.form());
      Integer de = constantDiff(forms.of(b.orElse().yields().get(s)), orElse.form());
      if (dt == null || de == null || dt < 0 || de < 0 || dt >= 1 << 30 || de >= 1 << 30) {
        continue;
      }
      boolean atMost = dt != 0 || de != 0 || then.atMost() || orElse.atMost();
      Integer r = resultOf(block, at, b.id(), s, false);
      if (r != null) {
        return new End(LinearForms.Form.leaf(r), atMost);
      }
    }
    return null;
  }

  /** The result node of slot {@code slot} of the loop or branch at {@code block[at]}, or null. */
  private static Integer resultOf(List<Node> block, int at, int region, int slot, boolean loop) {
    for (int i = at + 1; i < block.size(); i++) {
      Node n = block.get(i);
      if (loop && n instanceof Node.LoopResult r && r.loop() == region && r.slot() == slot) {
        return n.id();
      }
      if (!loop && n instanceof Node.IfResult r && r.ifId() == region && r.slot() == slot) {
        return n.id();
      }
    }
    return null;
  }

  private boolean storesIn(List<Node> nodes) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && s.array() == array
          || !n.blocks().isEmpty() && touching.contains(n.id()) && anyStore(n)) {
        return true;
      }
    }
    return false;
  }

  private boolean anyStore(Node n) {
    for (List<Node> inner : n.blocks()) {
      if (storesIn(inner)) {
        return true;
      }
    }
    return false;
  }

  private LinearForms.Form form(Extent e) {
    return e instanceof Extent.Fixed fx ? LinearForms.Form.constant(fx.size()) : forms.of(e.node());
  }
}
