package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Guards: for each active value, conditions that hold whenever derivatives can reach it, namely the
 * conditions of the selects whose arms are its only way to a result. Reverse mode masks a guarded
 * value's contributions to its operands with its guard, so that an arm the primal did not take adds
 * exactly zero, as in the {@code Value} engine (which never builds the untaken arm of {@code ?:}),
 * rather than {@code 0 * inf} or {@code 0 * NaN}: {@code x.data() > 0 ? x.pow(0.5) : y} must have a
 * finite gradient at {@code x < 0}.
 *
 * <p>A guard is a disjunction of conjunctions of literals, one conjunction per way to a result
 * (nested selects conjoin their conditions), so that a value common-subexpression elimination
 * shares between arms of different selects is masked by "either arm taken". Any unconditional use
 * (a store, a result, an ordinary operation outside every arm) makes a value unguarded; a loop's
 * initial and yielded values take the guards of the loop's results, since derivatives enter a loop
 * only through its results unless its body stores into an array (then they are unguarded); more
 * than {@link #MAX_TERMS} ways are weakened to the literals they all share. A condition defined in
 * a loop body cannot guard a value defined outside that loop (it differs per iteration), so such
 * literals are dropped, which weakens the guard soundly.
 */
final class Guards {

  /** A select condition and the value it must have for the arm to be taken. */
  record Literal(int cond, boolean taken) {}

  /** Conjunctions kept per value before they are weakened to their common literals. */
  static final int MAX_TERMS = 4;

  private static final Comparator<Literal> ORDER =
      Comparator.comparingInt(Literal::cond).thenComparing(Literal::taken);

  /** Orders conjunctions (sorted literal sets) so that masks are built deterministically. */
  private static final Comparator<TreeSet<Literal>> TERMS =
      (a, b) -> {
        Iterator<Literal> x = a.iterator();
        Iterator<Literal> y = b.iterator();
        while (x.hasNext() && y.hasNext()) {
          int c = ORDER.compare(x.next(), y.next());
          if (c != 0) {
            return c;
          }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
      };

  /** The guard of an unconditional use: one conjunction without literals. */
  private static final List<TreeSet<Literal>> ALWAYS = List.of(new TreeSet<>(ORDER));

  private final Activity activity;
  private final Regions regions;

  /** Guards of the uses met so far, or-ed; absent until the first use. */
  private final Map<Integer, TreeSet<TreeSet<Literal>>> guards = new HashMap<>();

  /** Values some use reaches unconditionally. */
  private final Set<Integer> unguarded = new HashSet<>();

  private Guards(Function f, Activity activity, Regions regions) {
    this.activity = activity;
    this.regions = regions;
    for (Function.Result r : f.results()) {
      use(r.id(), ALWAYS);
    }
    reverse(f.body());
  }

  static Guards of(Function f, Activity activity) {
    return of(f, activity, Regions.of(f));
  }

  static Guards of(Function f, Activity activity, Regions regions) {
    return new Guards(f, activity, regions);
  }

  /**
   * The guard of {@code id}: derivatives reach it only if, for some listed conjunction, every
   * literal holds. Empty if it is unguarded. In a fixed order.
   */
  List<List<Literal>> of(int id) {
    TreeSet<TreeSet<Literal>> g = guards.get(id);
    if (g == null || unguarded.contains(id)) {
      return List.of();
    }
    List<List<Literal>> out = new ArrayList<>();
    for (TreeSet<Literal> term : g) {
      out.add(new ArrayList<>(term));
    }
    return out;
  }

  /** Visits consumers before producers, so that a node's guard is final when it is visited. */
  private void reverse(List<Node> block) {
    for (int i = block.size() - 1; i >= 0; i--) {
      Node n = block.get(i);
      if (n instanceof Node.Loop loop) {
        List<TreeSet<Literal>> g = loopGuard(loop);
        loop.inits().forEach(id -> use(id, g));
        loop.body().yields().forEach(id -> use(id, g));
        reverse(loop.body().nodes());
      } else if (n instanceof Node.If b) {
        // Only the arm taken runs, forwards and backwards: an arm's values need no literal for
        // the branch's condition, and what an arm yields takes its result's guard.
        for (int slot = 0; slot < b.slots(); slot++) {
          List<TreeSet<Literal>> g = resultsGuard(b.id(), slot);
          if (g != null) {
            use(b.then().yields().get(slot), g);
            use(b.orElse().yields().get(slot), g);
          }
        }
        reverse(b.then().nodes());
        reverse(b.orElse().nodes());
      } else if (n instanceof Node.Store s) {
        use(s.value(), ALWAYS);
      } else if (n instanceof Node.Apply a
          && a.op().isDifferentiable()
          && activity.isActive(a.id())) {
        List<TreeSet<Literal>> g = guardOf(a.id());
        for (int o = 0; o < a.operands().size(); o++) {
          if (a.op().differentiates(o)) {
            use(a.operands().get(o), g);
          }
        }
      } else if (n instanceof Node.Select s && activity.isActive(s.id())) {
        List<TreeSet<Literal>> g = guardOf(s.id());
        if (s.ifTrue() == s.ifFalse()) {
          use(s.ifTrue(), g);
        } else {
          use(s.ifTrue(), with(g, new Literal(s.cond(), true)));
          use(s.ifFalse(), with(g, new Literal(s.cond(), false)));
        }
      }
    }
  }

  /**
   * The guard of a loop's initial and yielded values: the disjunction of its active results' guards
   * (visited already, as they follow the loop), or {@link #ALWAYS} if its body stores into an
   * array, whose adjoint derivatives can reach it through.
   */
  private List<TreeSet<Literal>> loopGuard(Node.Loop loop) {
    if (stores(loop.body().nodes())) {
      return ALWAYS;
    }
    List<TreeSet<Literal>> g = new ArrayList<>();
    for (int r : regions.results(loop.id())) {
      if (activity.isActive(r)) {
        g.addAll(guardOf(r));
      }
    }
    return g.isEmpty() ? ALWAYS : g;
  }

  /** The disjunction of the guards of a branch's active results in {@code slot}, or null. */
  private List<TreeSet<Literal>> resultsGuard(int branch, int slot) {
    List<TreeSet<Literal>> g = new ArrayList<>();
    for (int r : regions.results(branch, slot)) {
      if (activity.isActive(r)) {
        g.addAll(guardOf(r));
      }
    }
    return g.isEmpty() ? null : g;
  }

  private static boolean stores(List<Node> block) {
    for (Node n : block) {
      if (n instanceof Node.Store) {
        return true;
      }
      for (List<Node> inner : n.blocks()) {
        if (stores(inner)) {
          return true;
        }
      }
    }
    return false;
  }

  private List<TreeSet<Literal>> guardOf(int id) {
    TreeSet<TreeSet<Literal>> g = guards.get(id);
    return g == null || unguarded.contains(id) ? ALWAYS : new ArrayList<>(g);
  }

  /** {@code g} and {@code l}: the literal conjoined to every term. */
  private static List<TreeSet<Literal>> with(List<TreeSet<Literal>> g, Literal l) {
    List<TreeSet<Literal>> out = new ArrayList<>();
    for (TreeSet<Literal> term : g) {
      TreeSet<Literal> t = new TreeSet<>(term);
      t.add(l);
      out.add(t);
    }
    return out;
  }

  /** Records a use of {@code id} that derivatives take only when guard {@code g} holds. */
  private void use(int id, List<TreeSet<Literal>> g) {
    if (!activity.isActive(id) || unguarded.contains(id)) {
      return;
    }
    TreeSet<TreeSet<Literal>> terms = guards.computeIfAbsent(id, x -> new TreeSet<>(TERMS));
    for (TreeSet<Literal> term : g) {
      TreeSet<Literal> visible = new TreeSet<>(ORDER);
      for (Literal l : term) {
        if (regions.of(l.cond()).encloses(regions.of(id))) {
          visible.add(l);
        }
      }
      if (visible.isEmpty()) {
        unguarded.add(id);
        return;
      }
      add(terms, visible);
    }
    if (terms.size() > MAX_TERMS) {
      // Too many ways: keep the literals common to all of them (implied by each, so still sound).
      TreeSet<Literal> common = new TreeSet<>(terms.first());
      terms.forEach(common::retainAll);
      terms.clear();
      terms.add(common);
    }
    if (terms.contains(new TreeSet<Literal>(ORDER))) {
      unguarded.add(id);
    }
  }

  /**
   * Adds {@code term} to the disjunction {@code terms}, simplified: a term implied by another is
   * dropped ({@code a or (a and b)} is {@code a}), and two terms that differ only in the polarity
   * of one literal merge ({@code (a and c) or (a and not c)} is {@code a}), as happens when both
   * arms of a select lead to the same value.
   */
  private static void add(TreeSet<TreeSet<Literal>> terms, TreeSet<Literal> term) {
    if (terms.stream().anyMatch(term::containsAll)) {
      return;
    }
    terms.removeIf(t -> t.containsAll(term));
    for (TreeSet<Literal> t : terms) {
      if (t.size() == term.size()) {
        TreeSet<Literal> rest = new TreeSet<>(term);
        rest.removeAll(t);
        if (rest.size() == 1) {
          Literal l = rest.first();
          if (t.contains(new Literal(l.cond(), !l.taken()))) {
            TreeSet<Literal> merged = new TreeSet<>(term);
            merged.remove(l);
            terms.remove(t);
            add(terms, merged);
            return;
          }
        }
      }
    }
    terms.add(term);
  }
}
