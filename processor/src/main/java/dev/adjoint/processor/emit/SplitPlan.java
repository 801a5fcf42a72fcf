package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which blocks of a program (the top level, a loop body or a branch arm) are printed as
 * chains of helper methods, innermost first, so that every generated method's bytecode stays under
 * the JIT's 8,000-byte limit; a cut block counts in its enclosing block only as the calls to its
 * parts.
 */
final class SplitPlan {

  private final Analysis an;
  private final int callCost;
  private final Map<Integer, Segments> cuts = new HashMap<>();

  /** Per nested block: what it costs its statement (its code, or the calls to its parts). */
  private final Map<Integer, Integer> blockCost = new HashMap<>();

  private final Map<ScalarType, Integer> slots = new EnumMap<>(ScalarType.class);

  private SplitPlan(Analysis an, int callCost) {
    this.an = an;
    this.callCost = callCost;
  }

  /** The plan for {@code an}'s program, whose methods take {@code params} parameters. */
  static SplitPlan of(Analysis an, int params) {
    return of(an, params, Segments.BUDGET);
  }

  /** As {@link #of(Analysis, int)} with a custom budget per method (for tests). */
  static SplitPlan of(Analysis an, int params, int budget) {
    return of(an, params, budget, 0, false);
  }

  /**
   * The plan for a program whose helper methods take {@code params} parameters, with {@code budget}
   * bytes per method, of which the top level's method spends {@code reserved} on code of its own
   * (entry checks); {@code wholeTop} moves the top level into helpers even if it is small.
   */
  static SplitPlan of(Analysis an, int params, int budget, int reserved, boolean wholeTop) {
    SplitPlan p = new SplitPlan(an, 4 + 4 * params); // this, the arguments, invokevirtual
    for (int b = an.blocks.size() - 1; b >= 0; b--) { // nested blocks follow their parents
      int own = b == 0 ? Math.max(Segments.MIN_BUDGET, budget - reserved) : budget;
      p.decide(b, own, b == 0 && wholeTop);
    }
    return p;
  }

  private void decide(int b, int budget, boolean force) {
    List<Node> nodes = an.blocks.get(b);
    int[] cost = new int[nodes.size()];
    int total = 0;
    for (int pos = 0; pos < nodes.size(); pos++) {
      cost[pos] = cost(nodes.get(pos));
      if (b == 0) {
        cost[pos] += setupCost(pos);
      }
      total += cost[pos];
    }
    Segments s = total > budget || force ? Segments.cut(an, b, cost, budget, force) : null;
    if (s != null) {
      s.assignSlots(an, slots);
      cuts.put(b, s);
    }
    if (b > 0) {
      blockCost.put(b, s == null ? total : s.callerCost(callCost));
    }
  }

  /** The bytecode of the allocations and clears before top-level statement {@code pos}. */
  private int setupCost(int pos) {
    int c = 0;
    for (Setup.Action a : an.setup.at(pos)) {
      c += 60 + 8 * a.uses().size();
    }
    return c;
  }

  /** The bytecode bound of a statement, counting cut nested blocks as calls. */
  int cost(Node n) {
    if (n instanceof Node.Loop loop) {
      return Segments.loopOverhead(loop) + blockCost.get(an.body(loop));
    }
    if (n instanceof Node.If branch) {
      return Segments.branchOverhead(branch)
          + blockCost.get(an.arm(branch, 0))
          + blockCost.get(an.arm(branch, 1));
    }
    return Segments.cost(an, n);
  }

  /** The segments of block {@code b}, or null if it is printed in one piece. */
  Segments segments(int b) {
    return cuts.get(b);
  }
}
