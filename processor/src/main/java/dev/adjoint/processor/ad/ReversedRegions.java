package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The backward sweep's loops and branches. A loop runs in the opposite direction, its reversed
 * index equal to the forward one iteration by iteration, with the adjoints of its carried values,
 * of outer values it contributes to and the cursors it holds as carried values. A branch becomes a
 * branch on the same condition; each arm reverses its arm, and the adjoints of outer values and the
 * cursors leave it as results.
 */
final class ReversedRegions {
  private final BackwardSweep sweep;
  private final ReverseState s;
  private final Builder b;
  private final TapePlan plan;
  private final Activity activity;

  ReversedRegions(BackwardSweep sweep, ReverseState s) {
    this.sweep = sweep;
    this.s = s;
    this.b = s.b;
    this.plan = s.plan;
    this.activity = s.activity;
  }

  void loop(Node.Loop loop, BackwardSweep.Frame f) {
    Node.LoopBody body = loop.body();
    List<Integer> activeSlots = new ArrayList<>();
    List<Integer> inits = new ArrayList<>();
    for (Node.Carried c : body.carried()) {
      if (activity.isActive(c.id())) {
        activeSlots.add(c.slot());
        Integer g = sweep.adjointOfResults(f, s.regions.results(loop.id(), c.slot()));
        inits.add(g != null ? g : s.k.of(0.0));
      }
    }
    List<Integer> free = new ArrayList<>(plan.freeAdjoints(loop));
    for (int ignored : free) {
      inits.add(s.k.of(0.0));
    }
    if (!plan.hasActive(loop)) {
      return; // Nothing flows backwards through this loop.
    }
    List<Integer> cursors = plan.cursorsWithin(loop);
    int firstCursor = inits.size();
    for (int c : cursors) {
      inits.add(s.cursors.get(c));
    }
    Builder.LoopScope scope;
    if (loop.stopsEarly()) {
      // It ran as many iterations as its trip count says, upwards: run them downwards.
      int trips = sweep.value(f, plan.tripCount(loop));
      scope = b.beginLoop(new Extent.Dynamic(trips), true, inits);
    } else if (loop.trips() instanceof Extent.Dynamic d) {
      int trips = sweep.value(f, d.id());
      scope = b.beginLoop(new Extent.Dynamic(trips), !loop.descending(), inits);
    } else {
      scope = b.beginLoop(loop.count(), !loop.descending(), inits);
    }
    BackwardSweep.Frame inner =
        new BackwardSweep.Frame(s.regions.body(loop), f, f.depth + 1, scope.index());
    for (int j = 0; j < cursors.size(); j++) {
      s.cursors.put(cursors.get(j), scope.carried().get(firstCursor + j));
    }
    if (plan.isCursored(loop)) {
      // This iteration's slot: the cursor counted it last, so it counts down first.
      int slot = b.apply(Op.ISUB, s.cursors.get(loop.id()), b.intConstant(1));
      inner.slot = slot;
      s.cursors.put(loop.id(), slot);
    }
    for (int j = 0; j < free.size(); j++) {
      inner.accumulators.put(free.get(j), scope.carried().get(activeSlots.size() + j));
    }
    for (int i = 0; i < activeSlots.size(); i++) {
      int yield = body.yields().get(activeSlots.get(i));
      if (activity.isActive(yield)) {
        sweep.addTerm(inner, yield, scope.carried().get(i));
      }
    }
    sweep.block(body.nodes(), inner);
    List<Integer> yields = new ArrayList<>();
    for (int slot : activeSlots) {
      Integer g = sweep.adjoint(inner, body.carried().get(slot).id());
      yields.add(g != null ? g : s.k.of(0.0));
    }
    for (int x : free) {
      yields.add(inner.accumulators.get(x));
    }
    for (int c : cursors) {
      yields.add(s.cursors.get(c));
    }
    List<Integer> results = b.endLoop(yields);
    for (int i = 0; i < activeSlots.size(); i++) {
      int init = loop.inits().get(activeSlots.get(i));
      if (activity.isActive(init)) {
        sweep.addTerm(f, init, results.get(i));
      }
    }
    for (int j = 0; j < free.size(); j++) {
      sweep.addTerm(f, free.get(j), results.get(activeSlots.size() + j));
    }
    for (int j = 0; j < cursors.size(); j++) {
      s.cursors.put(cursors.get(j), results.get(firstCursor + j));
    }
  }

  void branch(Node.If br, BackwardSweep.Frame f) {
    if (!plan.hasActive(br)) {
      return;
    }
    List<Integer> slotAdjoints = new ArrayList<>();
    for (int slot = 0; slot < br.slots(); slot++) {
      slotAdjoints.add(sweep.adjointOfResults(f, s.regions.results(br.id(), slot)));
    }
    List<Integer> free = new ArrayList<>(plan.freeAdjoints(br));
    List<Integer> cursors = plan.cursorsWithin(br);
    int cond = sweep.value(f, br.cond());
    Map<Integer, Integer> before = sweep.cursors(cursors);
    b.beginIf(cond);
    b.orElse(arm(br, true, f, slotAdjoints, free, cursors));
    s.cursors.putAll(before);
    List<Integer> results = b.endIf(arm(br, false, f, slotAdjoints, free, cursors));
    for (int j = 0; j < free.size(); j++) {
      sweep.addTerm(f, free.get(j), results.get(j));
    }
    for (int j = 0; j < cursors.size(); j++) {
      s.cursors.put(cursors.get(j), results.get(free.size() + j));
    }
  }

  /** Reverses one arm; returns its yields: the outer values' adjoints, then the cursors. */
  private List<Integer> arm(
      Node.If br,
      boolean then,
      BackwardSweep.Frame f,
      List<Integer> slotAdjoints,
      List<Integer> free,
      List<Integer> cursors) {
    Node.Block arm = then ? br.then() : br.orElse();
    BackwardSweep.Frame a =
        new BackwardSweep.Frame(s.regions.arm(br, then), f, f.depth + 1, f.index);
    a.outs = new HashSet<>(free);
    for (int slot = 0; slot < br.slots(); slot++) {
      Integer g = slotAdjoints.get(slot);
      int yield = arm.yields().get(slot);
      if (g != null && activity.isActive(yield)) {
        sweep.addTerm(a, yield, g);
      }
    }
    sweep.block(arm.nodes(), a);
    List<Integer> yields = new ArrayList<>();
    for (int x : free) {
      Integer acc = a.accumulators.get(x);
      yields.add(acc != null ? acc : s.k.of(0.0));
    }
    for (int c : cursors) {
      yields.add(s.cursors.get(c));
    }
    return yields;
  }
}
