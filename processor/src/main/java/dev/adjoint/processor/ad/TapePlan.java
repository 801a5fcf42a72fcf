package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.AccessOrder;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
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
 * Decides how the backward sweep gets each primal value it needs. A value of the top level is kept
 * in its local. Inside a loop or an arm, a value is recomputed where that costs no more than a few
 * cheap operations (loads of arrays that are never overwritten, additions, multiplications,
 * selects), reloaded from a write-once workspace array the primal stores it in, or else kept: the
 * results of {@code exp}, {@code log}, {@code tanh}, {@code sqrt}, divisions and powers, carried
 * values, loop and branch results, trip counts, and every load of an array that may be overwritten
 * (its element may have changed by the time the backward sweep runs).
 *
 * <p>A kept value leaves every branch around it as an extra result (the other arm yields a zero)
 * until it reaches a loop body or the top level. In a loop body it is taped, one slot per
 * iteration: at a flat slot {@code ((i0 * T1 + i1) * T2 + i2)} when every loop from the top down
 * has a trip count defined at the top level and cannot stop early (the tape then has the product of
 * those counts as its size); otherwise at a cursor, an {@code int} counting the loop's iterations
 * so far, into a growable tape.
 */
final class TapePlan {

  private static final Set<Op> EXPENSIVE =
      Set.of(
          Op.EXP,
          Op.LOG,
          Op.TANH,
          Op.SQRT,
          Op.DIV,
          Op.POW,
          Op.SIN,
          Op.COS,
          Op.TAN,
          Op.ASIN,
          Op.ACOS,
          Op.ATAN,
          Op.ATAN2,
          Op.SINH,
          Op.COSH,
          Op.SIGMOID,
          Op.LOG1P,
          Op.EXPM1,
          Op.SOFTPLUS,
          Op.GELU,
          Op.CALL);

  private final Function f;
  private final Regions regions;
  private final Activity activity;
  private final Guards guards;
  private final Set<Integer> writeOnce;
  private final List<Node> all;
  private final Set<Integer> loadedArrays = new HashSet<>();
  private final SortedSet<Integer> taped = new TreeSet<>();
  private final Set<Integer> kept = new HashSet<>();
  private final Map<Integer, Node.Store> reloads = new HashMap<>();
  private final Map<Integer, SortedSet<Integer>> exports = new HashMap<>();
  private final SortedSet<Integer> cursored = new TreeSet<>();

  /** What may overwrite what, for arrays that are not write-once; made on first need. */
  private AccessOrder order;

  private TapePlan(
      Function f, Regions regions, Activity activity, Guards guards, Set<Integer> writeOnce) {
    this.f = f;
    this.regions = regions;
    this.activity = activity;
    this.guards = guards;
    this.writeOnce = writeOnce;
    this.all = f.allNodes();
    for (Node n : all) {
      if (n instanceof Node.Load ld) {
        loadedArrays.add(ld.array());
      }
    }
    // A value the primal itself stores into a workspace array (written once, never aliased by
    // the caller) is read back from there instead of being taped a second time.
    Map<Integer, Node.Store> stored = new HashMap<>();
    for (Node n : all) {
      if (n instanceof Node.Store st
          && f.array(st.array()).role() == ArrayDecl.Role.LOCAL
          && (writeOnce.contains(st.array()) || !order().overwrittenAfter(st))
          && regions.of(st.id()) == regions.of(st.value())) {
        stored.putIfAbsent(st.value(), st);
      }
    }
    Set<Integer> needed = new HashSet<>();
    for (Node n : all) {
      if (!regions.of(n.id()).isTop()) {
        needed.addAll(needs(n));
      }
    }
    Deque<Integer> work = new ArrayDeque<>(needed);
    Set<Integer> seen = new HashSet<>(needed);
    while (!work.isEmpty()) {
      int id = work.pop();
      if (regions.of(id).isTop()) {
        continue;
      }
      Node n = regions.node(id);
      List<Integer> inputs;
      if (recomputable(n)) {
        inputs = n.operands();
      } else if (stored.containsKey(id)) {
        reloads.put(id, stored.get(id));
        inputs = stored.get(id).index();
      } else {
        keep(id);
        continue;
      }
      for (int o : inputs) {
        if (seen.add(o)) {
          work.push(o);
        }
      }
    }
  }

  static TapePlan of(
      Function f, Regions regions, Activity activity, Guards guards, Set<Integer> writeOnce) {
    return new TapePlan(f, regions, activity, guards, writeOnce);
  }

  /** Keeps {@code id}: exported from the branches around it, taped if a loop body holds it. */
  private void keep(int id) {
    kept.add(id);
    Regions.Region r = regions.of(id);
    Regions.Region home = r.home();
    for (Regions.Region a = r; a != home; a = a.parent) {
      exports.computeIfAbsent(a.branch.id(), x -> new TreeSet<>()).add(id);
    }
    if (!home.isTop()) {
      taped.add(id);
      if (!flat(home.loop)) {
        cursored.add(home.loop.id());
      }
    }
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
        && (activity.isActive(s.value()) || clears(s))) {
      out.addAll(s.index());
    } else if (n instanceof Node.Loop l && hasActive(l)) {
      if (l.trips() instanceof Extent.Dynamic d) {
        out.add(d.id());
      }
      if (l.stopsEarly()) {
        out.add(tripCount(l));
      }
    } else if (n instanceof Node.If b && hasActive(b)) {
      out.add(b.cond());
    }
    return out;
  }

  private boolean recomputable(Node n) {
    if (n instanceof Node.Apply a) {
      return !EXPENSIVE.contains(a.op());
    }
    if (n instanceof Node.Load l) {
      return rereadable(l);
    }
    return n instanceof Node.Const || n instanceof Node.Index || n instanceof Node.Select;
  }

  private AccessOrder order() {
    if (order == null) {
      order = AccessOrder.of(f);
    }
    return order;
  }

  /**
   * True if the backward sweep may read load {@code l} again: its array is a parameter or
   * write-once, or nothing overwrites the element after {@code l} (it keeps the value to the end).
   */
  boolean rereadable(Node.Load l) {
    return !isMutable(l.array()) || !order().overwrittenAfter(l);
  }

  /**
   * True if the reverse of store {@code st} must clear its element's adjoint: the array may be
   * overwritten, and something before {@code st} may have touched the element (whose adjoint the
   * reverse of that access would otherwise receive).
   */
  boolean clears(Node.Store st) {
    return isMutable(st.array()) && order().touchedBefore(st);
  }

  /** True if the reverse of some store into array {@code id} clears its element's adjoint. */
  boolean clearsAny(int id) {
    if (!isMutable(id)) {
      return false;
    }
    for (Node n : all) {
      if (n instanceof Node.Store st && st.array() == id && clears(st)) {
        return true;
      }
    }
    return false;
  }

  /** True if array {@code id} may be overwritten: neither a parameter nor proven write-once. */
  boolean isMutable(int id) {
    return f.array(id).role() != ArrayDecl.Role.INPUT && !writeOnce.contains(id);
  }

  /**
   * True if the slots of {@code loop} are flat: every loop from the top down to it has a trip count
   * defined at the top level and cannot stop early.
   */
  boolean flat(Node.Loop loop) {
    for (Regions.Region r = regions.body(loop); !r.isTop(); r = r.parent) {
      if (r.isLoop()
          && (r.loop.stopsEarly()
              || r.loop.trips() instanceof Extent.Dynamic d && !regions.of(d.id()).isTop())) {
        return false;
      }
    }
    return true;
  }

  /** The trip counts of the loops from the top down to {@code loop}, outermost first. */
  List<Extent> slotFactors(Node.Loop loop) {
    List<Extent> out = new ArrayList<>();
    for (Regions.Region r = regions.body(loop); !r.isTop(); r = r.parent) {
      if (r.isLoop()) {
        out.add(0, r.loop.trips());
      }
    }
    return out;
  }

  /** The trip count node of a loop that may stop early. */
  int tripCount(Node.Loop loop) {
    Integer t = regions.tripCount(loop.id());
    if (t == null) {
      throw new IllegalStateException("loop " + loop.id() + " has no trip count node");
    }
    return t;
  }

  /** The select arms that guard each value's local derivatives. */
  Guards guards() {
    return guards;
  }

  /** The block structure of the program. */
  Regions regions() {
    return regions;
  }

  /** The store that puts {@code id} in a workspace array it can be reloaded from, or null. */
  Node.Store reloadFrom(int id) {
    return reloads.get(id);
  }

  /**
   * The block whose frame holds {@code id}'s primal value in the backward sweep: its own block if
   * it is recomputed or reloaded there, else the loop body or top level it is kept in.
   */
  Regions.Region valueRegion(int id) {
    Regions.Region r = regions.of(id);
    return kept.contains(id) ? r.home() : r;
  }

  /** Taped ids, in id order. */
  SortedSet<Integer> taped() {
    return taped;
  }

  /** The loop body whose iterations a taped value's slots count. */
  Node.Loop tapeLoop(int id) {
    return regions.of(id).home().loop;
  }

  /** Kept values of a branch's arms that leave it as extra results, in id order. */
  SortedSet<Integer> exports(Node.If b) {
    return exports.getOrDefault(b.id(), new TreeSet<>());
  }

  /** True if {@code loop}'s tapes are indexed by a cursor. */
  boolean isCursored(Node.Loop loop) {
    return cursored.contains(loop.id());
  }

  /** The loops with cursors that {@code n} (a loop or branch) is or holds, in id order. */
  List<Integer> cursorsWithin(Node n) {
    List<Integer> out = new ArrayList<>();
    for (int l : cursored) {
      if (l == n.id() || regions.within(l, n)) {
        out.add(l);
      }
    }
    return out;
  }

  /** A flat tape holds one value per iteration of every loop around its value, flattened. */
  List<Integer> tapeShape(int id) {
    int size = 1;
    for (Extent e : slotFactors(tapeLoop(id))) {
      size *= e.fixed();
    }
    return List.of(size);
  }

  /** True if the primal reads array {@code id} anywhere. */
  boolean isLoaded(int id) {
    return loadedArrays.contains(id);
  }

  /**
   * True if reversing {@code n} (a loop or branch) does anything: it computes an active value,
   * stores an active one, overwrites an element of an active array (whose adjoint it clears), or (a
   * branch) yields an active value.
   */
  boolean hasActive(Node n) {
    if (n instanceof Node.If b) {
      // An arm may yield an outer value as it is: its adjoint leaves the reversed branch.
      for (int y : exits(b)) {
        if (activity.isActive(y)) {
          return true;
        }
      }
    }
    for (Node m : all) {
      if (regions.within(m.id(), n)
          && (activity.isActive(m.id())
              || m instanceof Node.Store s
                  && (activity.isActive(s.value()) || activity.isActive(s.array()) && clears(s)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Active values defined outside {@code n} (a loop or branch) that derivatives flow into from
   * inside it: their adjoints are accumulated by the reversed loop or leave the reversed branch as
   * results. Sorted by id for deterministic output.
   */
  SortedSet<Integer> freeAdjoints(Node n) {
    SortedSet<Integer> free = new TreeSet<>();
    for (Node m : all) {
      if (!regions.within(m.id(), n)) {
        continue;
      }
      List<Integer> flows = new ArrayList<>();
      if (m instanceof Node.Apply a && a.op().isDifferentiable()) {
        for (int i = 0; i < a.operands().size(); i++) {
          if (a.op().differentiates(i)) {
            flows.add(a.operands().get(i));
          }
        }
      } else if (m instanceof Node.Select s) {
        flows.add(s.ifTrue());
        flows.add(s.ifFalse());
      } else if (m instanceof Node.Store s) {
        flows.add(s.value());
      } else if (m instanceof Node.Loop || m instanceof Node.If) {
        flows.addAll(exits(m));
      }
      for (int id : flows) {
        if (activity.isActive(id) && !regions.within(id, n)) {
          free.add(id);
        }
      }
    }
    // The yields of the loop or branch itself (an outer value yielded as it is).
    List<Integer> yields = n instanceof Node.Loop l ? l.body().yields() : exits(n);
    for (int id : yields) {
      if (activity.isActive(id) && !regions.within(id, n)) {
        free.add(id);
      }
    }
    return free;
  }

  /** What derivatives flow into from a loop or branch's results: inits and yields. */
  private static List<Integer> exits(Node n) {
    List<Integer> out = new ArrayList<>();
    if (n instanceof Node.Loop l) {
      out.addAll(l.inits());
      out.addAll(l.body().yields());
    } else if (n instanceof Node.If b) {
      out.addAll(b.then().yields());
      out.addAll(b.orElse().yields());
    }
    return out;
  }
}
