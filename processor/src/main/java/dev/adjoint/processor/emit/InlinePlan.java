package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the values printed inside their only use instead of as a declaration. A value is inlined
 * only if that cannot change what the program computes or how much work it does: it is pure and
 * used once, in its own block (never moved into or out of a loop) and its own segment, no array it
 * loads is written in between, its use does not repeat it, and the resulting expression stays small
 * (at most {@link #MAX_WEIGHT} operations, which also bounds javac's recursion).
 */
final class InlinePlan {

  /** Operations one printed expression may hold. */
  static final int MAX_WEIGHT = 8;

  private final Analysis an;
  private final SplitPlan split;
  private final Set<Integer> inlined = new HashSet<>();
  private final Map<Integer, Integer> weight = new HashMap<>();

  /** Alias classes loaded inside each inlined value's expression. */
  private final Map<Integer, Set<Integer>> loads = new HashMap<>();

  private InlinePlan(Analysis an, SplitPlan split) {
    this.an = an;
    this.split = split;
  }

  /** The plan for {@code an}'s function, its blocks cut as {@code split} says. */
  static InlinePlan of(Analysis an, SplitPlan split) {
    InlinePlan p = new InlinePlan(an, split);
    p.block(0);
    int end = an.f.body().size();
    for (Function.Result r : an.f.results()) {
      if (!r.isArray()) {
        p.atEnd(r.id(), 0, end);
      }
    }
    return p;
  }

  /** True if {@code id} is printed inside its use. */
  boolean isInlined(int id) {
    return inlined.contains(id);
  }

  private void block(int b) {
    List<Node> nodes = an.blocks.get(b);
    for (int pos = 0; pos < nodes.size(); pos++) {
      Node n = nodes.get(pos);
      if (n instanceof Node.Loop loop) {
        for (int init : loop.inits()) {
          atEnd(init, b, pos);
        }
        // A runtime trip count is never inlined: the for statement evaluates its bound each time.
        int inner = an.body(loop);
        block(inner);
        for (int y : loop.body().exits()) {
          atEnd(y, inner, loop.body().nodes().size());
        }
      } else if (n instanceof Node.If branch) {
        operands(n, b, pos);
        for (int which = 0; which < 2; which++) {
          int arm = an.arm(branch, which);
          block(arm);
          List<Integer> yields = which == 0 ? branch.then().yields() : branch.orElse().yields();
          for (int y : yields) {
            atEnd(y, arm, an.blocks.get(arm).size());
          }
        }
      } else if (!(n instanceof Node.LoopResult
          || n instanceof Node.IfResult
          || n instanceof Node.TripCount)) {
        operands(n, b, pos);
      }
    }
  }

  /** A use that is not an operation (loop init, yield, result): inline any eligible value. */
  private void atEnd(int id, int b, int pos) {
    if (eligible(id, null, b, pos)) {
      inlined.add(id);
    }
  }

  private void operands(Node n, int b, int pos) {
    List<Integer> candidates = new ArrayList<>();
    for (int o : n.operands()) {
      if (eligible(o, n, b, pos)) {
        candidates.add(o);
      }
    }
    int total = n instanceof Node.Store ? 0 : 1; // a store is not part of the expression
    for (int c : candidates) {
      total += weight.get(c);
    }
    while (total > MAX_WEIGHT) { // keep the heaviest operands as declarations
      int heaviest = candidates.get(0);
      for (int c : candidates) {
        if (weight.get(c) > weight.get(heaviest)) {
          heaviest = c;
        }
      }
      candidates.remove(Integer.valueOf(heaviest));
      total -= weight.get(heaviest);
    }
    Set<Integer> loaded = new HashSet<>();
    if (n instanceof Node.Load l) {
      loaded.add(an.aliasClass(l.array()));
    }
    for (int c : candidates) {
      inlined.add(c);
      loaded.addAll(loads.get(c));
    }
    weight.put(n.id(), n instanceof Node.Apply a && a.op() == Op.STOP ? total - 1 : total);
    loads.put(n.id(), loaded);
  }

  private boolean eligible(int id, Node user, int b, int pos) {
    Node n = an.nodes.get(id);
    boolean pure = n instanceof Node.Apply || n instanceof Node.Select || n instanceof Node.Load;
    if (!pure || an.useCount(id) != 1 || !weight.containsKey(id)) {
      return false;
    }
    if (user instanceof Node.Apply a && OpPrinter.repeatsOperand(a.op())) {
      return false;
    }
    Analysis.Site d = an.def(id);
    if (d.block() != b) {
      return false;
    }
    Segments seg = split.segments(b);
    if (seg != null && seg.segmentOf(d.pos()) != seg.segmentOf(pos)) {
      return false;
    }
    if (b == 0 && an.setup.between(d.pos(), pos)) {
      return false; // an allocation or clear in between may change what a load reads
    }
    return !an.storesBetween(b, d.pos(), pos, loads.get(id));
  }
}
