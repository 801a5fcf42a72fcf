package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The forward sweep of reverse mode: a copy of the primal that also records what the backward sweep
 * needs ({@link TapePlan}). A taped value is stored at its loop iteration's slot right after it is
 * computed (or, for a value of a branch's arm, once it leaves the branch as a result); cursors are
 * carried through every loop and branch around their loop; tapes sized by runtime trip counts get
 * their size at the top level, before the loop nest that fills them.
 */
final class ForwardSweep {

  private final ReverseState s;
  private final Builder b;
  private final Map<Integer, List<Integer>> loopResults = new HashMap<>();
  private final Map<Integer, List<Integer>> ifResults = new HashMap<>();
  private final Map<Integer, Integer> loops = new HashMap<>();

  /** Flat tapes of runtime size, by the top-level node whose loop nest fills them. */
  private final Map<Integer, List<Integer>> sizedBefore;

  /** The size node of the flat tapes of each loop, once computed. */
  private final Map<Integer, Integer> sizes = new HashMap<>();

  ForwardSweep(ReverseState s, Map<Integer, List<Integer>> sizedBefore) {
    this.s = s;
    this.b = s.b;
    this.sizedBefore = sizedBefore;
  }

  /** Copies the top level; {@code after} runs after each top-level node. */
  void run(Runnable after) {
    Regions.Region top = s.regions.top();
    for (Node n : s.primal.body()) {
      for (int id : sizedBefore.getOrDefault(n.id(), List.of())) {
        sizeTape(id);
      }
      if (n instanceof Node.Loop || n instanceof Node.If) {
        for (int c : s.plan.cursorsWithin(n)) {
          s.cursors.put(c, b.intConstant(0));
        }
      }
      node(n, top, null);
      after.run();
    }
  }

  private void block(List<Node> nodes, Regions.Region region, Integer slot) {
    for (Node n : nodes) {
      node(n, region, slot);
    }
  }

  /** Copies one node; {@code slot} is the tape slot of the innermost loop's iteration. */
  private void node(Node n, Regions.Region region, Integer slot) {
    b.setLine(s.line(n.id()));
    if (n instanceof Node.Input) {
      return;
    }
    if (n instanceof Node.Loop loop) {
      loop(loop, region, slot);
      return;
    }
    if (n instanceof Node.If br) {
      branch(br, region, slot);
      return;
    }
    int id;
    if (n instanceof Node.Const c) {
      id = b.add(new Node.Const(b.freshId(), c.type(), c.value()));
    } else if (n instanceof Node.Apply a) {
      id = b.apply(a.op(), a.operands().stream().mapToInt(s::fwd).toArray());
    } else if (n instanceof Node.Select sel) {
      id = b.select(s.fwd(sel.cond()), s.fwd(sel.ifTrue()), s.fwd(sel.ifFalse()));
    } else if (n instanceof Node.Load l) {
      id = b.load(l.array(), l.index().stream().map(s::fwd).toList());
    } else if (n instanceof Node.Store st) {
      b.store(st.array(), st.index().stream().map(s::fwd).toList(), s.fwd(st.value()));
      return;
    } else if (n instanceof Node.Check c) {
      b.check(s.fwd(c.cond()), c.message(), c.args().stream().map(s::fwd).toList());
      return;
    } else if (n instanceof Node.Length len) {
      // A parameter's length keeps its id: the parameter's extents name it.
      id = b.add(new Node.Length(len.id(), len.array(), len.axis()));
    } else if (n instanceof Node.LoopResult r) {
      id = loopResults.get(r.loop()).get(r.slot());
    } else if (n instanceof Node.IfResult r) {
      id = ifResults.get(r.ifId()).get(r.slot());
    } else if (n instanceof Node.TripCount t) {
      id = b.tripCount(loops.get(t.loop()));
    } else {
      throw new IllegalStateException("unexpected " + n);
    }
    define(n.id(), id, region, slot);
  }

  private void loop(Node.Loop loop, Regions.Region region, Integer parentSlot) {
    Node.LoopBody body = loop.body();
    Regions.Region inner = s.regions.body(loop);
    List<Integer> inits = new ArrayList<>(loop.inits().stream().map(s::fwd).toList());
    LibraryRules.Applied fused = fusedRule(loop);
    if (fused != null) {
      inits.add(s.k.of(0.0));
    }
    int firstCursor = inits.size();
    List<Integer> cursors = s.plan.cursorsWithin(loop);
    for (int c : cursors) {
      inits.add(s.cursors.get(c));
    }
    Builder.LoopScope scope =
        loop.trips() instanceof Extent.Dynamic d
            ? b.beginLoop(new Extent.Dynamic(s.fwd(d.id())), loop.descending(), inits)
            : b.beginLoop(loop.count(), loop.descending(), inits);
    Integer slot = null;
    if (s.plan.flat(loop)) {
      slot =
          parentSlot == null
              ? scope.index()
              : b.apply(Op.IADD, b.apply(Op.IMUL, parentSlot, trips(loop)), scope.index());
    } else if (s.plan.isCursored(loop)) {
      slot = scope.carried().get(firstCursor + cursors.indexOf(loop.id()));
    }
    s.forward.put(body.index().id(), scope.index());
    for (Node.Carried c : body.carried()) {
      define(c.id(), scope.carried().get(c.slot()), inner, slot);
    }
    for (int j = 0; j < cursors.size(); j++) {
      s.cursors.put(cursors.get(j), scope.carried().get(firstCursor + j));
    }
    block(body.nodes(), inner, slot);
    List<Integer> yields = new ArrayList<>(body.yields().stream().map(s::fwd).toList());
    if (fused != null) {
      // The rule's dot product of the seed with the output, in the loop that computes the output.
      int term = LibraryRules.dotTerm(b, fused, s::fwd, s.seed);
      yields.add(b.apply(Op.ADD, scope.carried().get(firstCursor - 1), term));
    }
    for (int c : cursors) {
      yields.add(c == loop.id() ? b.apply(Op.IADD, slot, b.intConstant(1)) : s.cursors.get(c));
    }
    loops.put(loop.id(), b.openLoop());
    List<Integer> results = b.endLoop(yields, body.again() == null ? null : s.fwd(body.again()));
    if (fused != null) {
      s.fusedDots.put(fused.call().output(), results.get(firstCursor - 1));
    }
    for (int j = 0; j < cursors.size(); j++) {
      s.cursors.put(cursors.get(j), results.get(firstCursor + j));
    }
    loopResults.put(loop.id(), results.subList(0, body.carried().size()));
  }

  /** A loop's trip count as a value of the program being built (its slots' radix). */
  private int trips(Node.Loop loop) {
    return loop.trips() instanceof Extent.Dynamic d ? s.fwd(d.id()) : b.intConstant(loop.count());
  }

  private void branch(Node.If br, Regions.Region region, Integer slot) {
    List<Integer> exports = new ArrayList<>(s.plan.exports(br));
    List<Integer> cursors = s.plan.cursorsWithin(br);
    Map<Integer, Integer> before = new LinkedHashMap<>();
    cursors.forEach(c -> before.put(c, s.cursors.get(c)));
    b.beginIf(s.fwd(br.cond()));
    b.orElse(arm(br, true, slot, exports, cursors));
    s.cursors.putAll(before);
    List<Integer> results = b.endIf(arm(br, false, slot, exports, cursors));
    ifResults.put(br.id(), results.subList(0, br.slots()));
    int j = br.slots();
    for (int v : exports) {
      define(v, results.get(j++), region, slot);
    }
    for (int c : cursors) {
      s.cursors.put(c, results.get(j++));
    }
  }

  /** Copies one arm; returns its yields: the primal's, then exported values, then cursors. */
  private List<Integer> arm(
      Node.If br, boolean then, Integer slot, List<Integer> exports, List<Integer> cursors) {
    Regions.Region region = s.regions.arm(br, then);
    Node.Block arm = then ? br.then() : br.orElse();
    block(arm.nodes(), region, slot);
    List<Integer> yields = new ArrayList<>(arm.yields().stream().map(s::fwd).toList());
    for (int v : exports) {
      boolean here = region.encloses(s.regions.of(v));
      yields.add(here ? s.fwd(v) : s.zero(s.regions.node(v).type()));
    }
    for (int c : cursors) {
      yields.add(s.cursors.get(c));
    }
    return yields;
  }

  /** Records the forward value of a primal value; tapes it if this block is where it is kept. */
  private void define(int primalId, int id, Regions.Region region, Integer slot) {
    s.forward.put(primalId, id);
    b.copyOrigin(s.primal.origins().get(primalId), id);
    Integer t = s.tape.get(primalId);
    if (t != null && s.plan.valueRegion(primalId) == region) {
      b.store(t, List.of(slot), id);
    }
  }

  /**
   * The applied library rule whose dot product this forward loop takes: the loop stores the rule's
   * output, whose adjoint is the seed itself (an output the program never reads back).
   */
  private LibraryRules.Applied fusedRule(Node.Loop loop) {
    for (LibraryRules.Applied a : s.rules.values()) {
      int out = a.call().output();
      if (a.fusable() == loop
          && s.seed != null
          && s.seed.equals(s.adjointArray.get(out))
          && s.adjointArray.containsKey(a.call().input())
          && s.activity.isActive(out)) {
        return a;
      }
    }
    return null;
  }

  /**
   * Gives the flat tape of {@code id} its size: the product of the trip counts around its loop
   * (negative ones count as zero), checked to fit in an array.
   */
  private void sizeTape(int id) {
    Node.Loop loop = s.plan.tapeLoop(id);
    Integer size = sizes.get(loop.id());
    if (size == null) {
      List<Integer> factors = new ArrayList<>();
      for (Extent e : s.plan.slotFactors(loop)) {
        factors.add(
            e instanceof Extent.Dynamic d
                ? b.apply(Op.IMAX, s.fwd(d.id()), b.intConstant(0))
                : b.intConstant(e.fixed()));
      }
      size = factors.get(0);
      if (factors.size() > 1) {
        // The product in doubles is exact up to 2^53: an int product that wrapped around would
        // index the wrong slots.
        int product = b.apply(Op.I2D, factors.get(0));
        StringJoiner message = new StringJoiner(" x ", "a tape of ", " iterations is too large");
        message.add("%d");
        for (int i = 1; i < factors.size(); i++) {
          message.add("%d");
          size = b.apply(Op.IMUL, size, factors.get(i));
          product = b.apply(Op.MUL, product, b.apply(Op.I2D, factors.get(i)));
        }
        int fits = b.apply(Op.LE, product, b.constant(Integer.MAX_VALUE));
        b.check(fits, message.toString(), factors);
      }
      sizes.put(loop.id(), size);
    }
    ArrayDecl tape = b.array(s.tape.get(id));
    b.redeclare(
        new ArrayDecl(
            tape.id(),
            tape.name(),
            tape.elem(),
            List.of(new Extent.Dynamic(size)),
            tape.role(),
            false));
  }
}
