package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which blocks of a program (the top level or any loop body) are printed as chains of
 * helper methods, innermost first, so that every generated method's bytecode stays under the JIT's
 * 8,000-byte limit; a cut loop body counts in its enclosing block only as the calls to its parts.
 */
final class SplitPlan {

  private final Analysis an;
  private final int callCost;
  private final Map<Integer, Segments> cuts = new HashMap<>();
  private final Map<Integer, Integer> loopCost = new HashMap<>();
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
    SplitPlan p = new SplitPlan(an, 4 + 4 * params); // this, the arguments, invokevirtual
    for (int b = an.blocks.size() - 1; b >= 0; b--) { // bodies are numbered after their parents
      p.decide(b, budget);
    }
    return p;
  }

  private void decide(int b, int budget) {
    List<Node> nodes = an.blocks.get(b);
    int[] cost = new int[nodes.size()];
    int total = 0;
    for (int pos = 0; pos < nodes.size(); pos++) {
      cost[pos] = cost(nodes.get(pos));
      total += cost[pos];
    }
    Segments s = total > budget ? Segments.cut(an, b, cost, budget) : null;
    if (s != null) {
      s.assignSlots(an, slots);
      cuts.put(b, s);
    }
    if (b > 0) {
      Node.Loop loop = an.loopOf(b);
      int body = s == null ? total : s.callerCost(callCost);
      loopCost.put(loop.id(), Segments.loopOverhead(loop) + body);
    }
  }

  /** The bytecode bound of a statement, counting cut loop bodies as calls. */
  int cost(Node n) {
    return n instanceof Node.Loop loop ? loopCost.get(loop.id()) : Segments.cost(n);
  }

  /** The segments of block {@code b}, or null if it is printed in one piece. */
  Segments segments(int b) {
    return cuts.get(b);
  }
}
