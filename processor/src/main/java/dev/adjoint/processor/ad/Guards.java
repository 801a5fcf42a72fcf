package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Guards: for each active value, conditions that hold whenever derivatives can reach it, namely the
 * conditions of the selects whose arms are its only way to a result. Reverse mode masks a guarded
 * value's contributions to its operands with its guard, so that an arm the primal did not take adds
 * exactly zero, as in the {@code Value} engine (which never builds the untaken arm of {@code ?:}),
 * rather than {@code 0 * inf} or {@code 0 * NaN}: {@code x.data() > 0 ? x.pow(0.5) : y} must have a
 * finite gradient at {@code x < 0}.
 *
 * <p>A value with several ways to a result is guarded by the conditions common to all of them (a
 * sound weakening of their disjunction); any unconditional use, a store, a loop's carried value or
 * a result makes it unguarded. A condition defined in a loop body cannot guard a value defined
 * outside that loop (it differs per iteration), so such conditions are dropped.
 */
final class Guards {

  /** A select condition and the value it must have for the arm to be taken. */
  record Literal(int cond, boolean taken) {}

  private static final Comparator<Literal> ORDER =
      Comparator.comparingInt(Literal::cond).thenComparing(Literal::taken);

  private final Activity activity;
  private final Map<Integer, Integer> owner = new HashMap<>();
  private final Map<Integer, Integer> parentLoop = new HashMap<>();

  /** Edge guards met so far, intersected; an empty set means unguarded. */
  private final Map<Integer, TreeSet<Literal>> guards = new HashMap<>();

  private Guards(Function f, Activity activity) {
    this.activity = activity;
    walk(f.body(), 0);
    for (Function.Result r : f.results()) {
      use(r.id(), new TreeSet<>(ORDER));
    }
    reverse(f.body());
  }

  static Guards of(Function f, Activity activity) {
    return new Guards(f, activity);
  }

  /** The literals guarding {@code id}, in a fixed order; empty if it is unguarded. */
  List<Literal> of(int id) {
    TreeSet<Literal> g = guards.get(id);
    return g == null ? List.of() : new ArrayList<>(g);
  }

  private void walk(List<Node> block, int loop) {
    for (Node n : block) {
      owner.put(n.id(), loop);
      if (n instanceof Node.Loop l) {
        parentLoop.put(l.id(), loop);
        walk(l.body().nodes(), l.id());
      }
    }
  }

  /** Visits consumers before producers, so that a node's guard is final when it is visited. */
  private void reverse(List<Node> block) {
    TreeSet<Literal> none = new TreeSet<>(ORDER);
    for (int i = block.size() - 1; i >= 0; i--) {
      Node n = block.get(i);
      if (n instanceof Node.Loop loop) {
        loop.inits().forEach(id -> use(id, none));
        loop.body().yields().forEach(id -> use(id, none));
        reverse(loop.body().nodes());
      } else if (n instanceof Node.Store s) {
        use(s.value(), none);
      } else if (n instanceof Node.Apply a
          && a.op().isDifferentiable()
          && activity.isActive(a.id())) {
        TreeSet<Literal> g = guards.getOrDefault(a.id(), none);
        a.operands().forEach(id -> use(id, g));
      } else if (n instanceof Node.Select s && activity.isActive(s.id())) {
        TreeSet<Literal> g = guards.getOrDefault(s.id(), none);
        if (s.ifTrue() == s.ifFalse()) {
          use(s.ifTrue(), g);
        } else {
          use(s.ifTrue(), with(g, new Literal(s.cond(), true)));
          use(s.ifFalse(), with(g, new Literal(s.cond(), false)));
        }
      }
    }
  }

  private static TreeSet<Literal> with(TreeSet<Literal> g, Literal l) {
    TreeSet<Literal> out = new TreeSet<>(g);
    out.add(l);
    return out;
  }

  /**
   * Records a use of {@code id} that derivatives take only when every literal of {@code g} holds.
   */
  private void use(int id, TreeSet<Literal> g) {
    if (!activity.isActive(id)) {
      return;
    }
    TreeSet<Literal> visible = new TreeSet<>(ORDER);
    for (Literal l : g) {
      if (encloses(owner.getOrDefault(l.cond(), 0), owner.getOrDefault(id, 0))) {
        visible.add(l);
      }
    }
    TreeSet<Literal> old = guards.get(id);
    if (old == null) {
      guards.put(id, visible);
    } else {
      old.retainAll(visible);
    }
  }

  /** Whether block {@code outer} is block {@code inner} or encloses it (0 is the top level). */
  private boolean encloses(int outer, int inner) {
    for (int l = inner; ; l = parentLoop.get(l)) {
      if (l == outer) {
        return true;
      }
      if (l == 0) {
        return false;
      }
    }
  }
}
