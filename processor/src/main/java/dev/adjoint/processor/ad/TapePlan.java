package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides which loop values reverse mode stores during the forward sweep ("tapes") and which it
 * recomputes in the backward sweep. A value is recomputed when that costs no more than a few cheap
 * operations (loads, additions, multiplications, selects); the results of {@code exp}, {@code log},
 * {@code tanh}, {@code sqrt}, divisions, powers, carried values and inner-loop results are taped,
 * one slot per iteration. Values outside loops are simply kept in locals.
 */
final class TapePlan {

  private static final Set<Op> EXPENSIVE = Set.of(Op.EXP, Op.LOG, Op.TANH, Op.SQRT, Op.DIV, Op.POW);

  private final Map<Integer, Integer> owner = new HashMap<>();
  private final Map<Integer, Integer> parentLoop = new HashMap<>();
  private final Map<Integer, Node.Loop> loops = new HashMap<>();
  private final Map<Integer, Node> nodes;
  private final Map<Integer, Integer> loopResults = new HashMap<>();
  private final Set<Integer> loadedArrays = new HashSet<>();
  private final SortedSet<Integer> taped = new TreeSet<>();
  private final Map<Integer, Node.Store> reloads = new HashMap<>();
  private final Activity activity;
  private final Guards guards;

  private TapePlan(Function f, Activity activity) {
    this.activity = activity;
    this.guards = Guards.of(f, activity);
    this.nodes = f.nodesById();
    walk(f.body(), 0);
    // A value the primal itself stores into a workspace array (written once, never aliased by
    // the caller) is read back from there instead of being taped a second time.
    Map<Integer, Node.Store> stored = new HashMap<>();
    for (Node n : nodes.values()) {
      if (n instanceof Node.Store st
          && f.array(st.array()).role() == ArrayDecl.Role.LOCAL
          && owner(st.id()) == owner(st.value())) {
        stored.putIfAbsent(st.value(), st);
      }
    }
    Set<Integer> needed = new HashSet<>();
    for (Node n : nodes.values()) {
      if (owner(n.id()) != 0) {
        needed.addAll(needs(n));
      }
    }
    Deque<Integer> work = new ArrayDeque<>(needed);
    Set<Integer> seen = new HashSet<>(needed);
    while (!work.isEmpty()) {
      int id = work.pop();
      if (owner(id) == 0) {
        continue;
      }
      Node n = nodes.get(id);
      List<Integer> inputs;
      if (recomputable(n)) {
        inputs = n.operands();
      } else if (stored.containsKey(id)) {
        reloads.put(id, stored.get(id));
        inputs = stored.get(id).index();
      } else {
        taped.add(id);
        continue;
      }
      for (int o : inputs) {
        if (seen.add(o)) {
          work.push(o);
        }
      }
    }
  }

  static TapePlan of(Function f, Activity activity) {
    return new TapePlan(f, activity);
  }

  private void walk(List<Node> block, int loop) {
    for (Node n : block) {
      owner.put(n.id(), loop);
      if (n instanceof Node.Loop l) {
        loops.put(l.id(), l);
        parentLoop.put(l.id(), loop);
        owner.put(l.body().index().id(), l.id());
        for (Node.Carried c : l.body().carried()) {
          owner.put(c.id(), l.id());
        }
        walk(l.body().nodes(), l.id());
      } else if (n instanceof Node.LoopResult r) {
        loopResults.put(key(r.loop(), r.slot()), r.id());
      } else if (n instanceof Node.Load ld) {
        loadedArrays.add(ld.array());
      }
    }
  }

  private static int key(int loop, int slot) {
    return loop * 1024 + slot;
  }

  /** The primal values the backward sweep reads for node {@code n}. */
  private List<Integer> needs(Node n) {
    List<Integer> out = new ArrayList<>();
    if (n instanceof Node.Apply a && a.op().isDifferentiable() && activity.isActive(a.id())) {
      out.addAll(Rules.needs(a));
      guards.of(a.id()).forEach(term -> term.forEach(l -> out.add(l.cond())));
    } else if (n instanceof Node.Select s && activity.isActive(s.id())) {
      out.add(s.cond());
    } else if (n instanceof Node.Load l && activity.isActive(l.id())) {
      out.addAll(l.index());
    } else if (n instanceof Node.Store s
        && activity.isActive(s.array())
        && activity.isActive(s.value())) {
      out.addAll(s.index());
    }
    return out;
  }

  private static boolean recomputable(Node n) {
    if (n instanceof Node.Apply a) {
      return !EXPENSIVE.contains(a.op());
    }
    return n instanceof Node.Const
        || n instanceof Node.Index
        || n instanceof Node.Load
        || n instanceof Node.Select;
  }

  /** The select arms that guard each value's local derivatives. */
  Guards guards() {
    return guards;
  }

  /** The store that puts {@code id} in a workspace array it can be reloaded from, or null. */
  Node.Store reloadFrom(int id) {
    return reloads.get(id);
  }

  /** The loop whose body defines {@code id}, or 0 for the top level. */
  int owner(int id) {
    Integer o = owner.get(id);
    return o == null ? 0 : o;
  }

  /** Taped ids, in id order. */
  SortedSet<Integer> taped() {
    return taped;
  }

  /** A tape holds one value per iteration of every loop around its value, flattened. */
  List<Integer> tapeShape(int id) {
    int size = 1;
    for (int l = owner(id); l != 0; l = parentLoop.get(l)) {
      size *= loops.get(l).count();
    }
    return List.of(size);
  }

  /** True if the primal reads array {@code id} anywhere. */
  boolean isLoaded(int id) {
    return loadedArrays.contains(id);
  }

  /** The LoopResult node of a loop's slot, or null if the primal never reads it. */
  Integer loopResult(int loop, int slot) {
    return loopResults.get(key(loop, slot));
  }

  /** True if the body of {@code loop} (or a nested one) computes anything active. */
  boolean hasActive(Node.Loop loop) {
    for (Node n : nodes.values()) {
      if (within(n.id(), loop.id())
          && (activity.isActive(n.id())
              || n instanceof Node.Store s && activity.isActive(s.value()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Active values defined outside {@code loop} that derivatives flow into from inside it: their
   * adjoints are accumulated by the reversed loop. Sorted by id for deterministic output.
   */
  SortedSet<Integer> freeAdjoints(Node.Loop loop) {
    SortedSet<Integer> free = new TreeSet<>();
    for (Node n : nodes.values()) {
      if (!within(n.id(), loop.id())) {
        continue;
      }
      List<Integer> flows = new ArrayList<>();
      if (n instanceof Node.Apply a && a.op().isDifferentiable()) {
        flows.addAll(a.operands());
      } else if (n instanceof Node.Select s) {
        flows.add(s.ifTrue());
        flows.add(s.ifFalse());
      } else if (n instanceof Node.Store s) {
        flows.add(s.value());
      } else if (n instanceof Node.Loop inner) {
        flows.addAll(inner.inits());
        flows.addAll(inner.body().yields());
      }
      for (int id : flows) {
        if (activity.isActive(id) && !within(id, loop.id())) {
          free.add(id);
        }
      }
    }
    for (int id : loop.body().yields()) {
      if (activity.isActive(id) && !within(id, loop.id())) {
        free.add(id);
      }
    }
    return free;
  }

  /** True if {@code id} is defined in the body of {@code loop} or of a loop nested in it. */
  private boolean within(int id, int loop) {
    for (int l = owner(id); l != 0; l = parentLoop.get(l)) {
      if (l == loop) {
        return true;
      }
    }
    return false;
  }
}
