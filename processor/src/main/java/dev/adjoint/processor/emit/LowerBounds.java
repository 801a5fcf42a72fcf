package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Node;
import java.util.Map;

/**
 * A lower bound of an int value of a program, from its definition: lengths, trip counts and loop
 * indices are at least 0, sums and extrema follow their operands. Lets a descending loop of a
 * runtime trip count {@code n} start at {@code n - 1} without a guard when that cannot wrap around.
 */
final class LowerBounds {
  private LowerBounds() {}

  /** Deepest definition chain followed. */
  private static final int MAX_DEPTH = 16;

  /** Stands for "no bound known"; below every int, and absorbing in sums. */
  static final long UNKNOWN = Long.MIN_VALUE;

  /** A lower bound of int value {@code id} ({@link #UNKNOWN} if nothing is known). */
  static long of(Map<Integer, Node> nodes, int id) {
    return of(nodes, id, 0);
  }

  private static long of(Map<Integer, Node> nodes, int id, int depth) {
    Node n = nodes.get(id);
    if (depth > MAX_DEPTH || n == null) {
      return UNKNOWN;
    }
    if (n instanceof Node.Length || n instanceof Node.TripCount || n instanceof Node.Index) {
      return 0;
    }
    if (n instanceof Node.Const c) {
      return (long) c.value();
    }
    if (!(n instanceof Node.Apply a)) {
      return UNKNOWN;
    }
    int x = a.operands().get(0);
    long lx = of(nodes, x, depth + 1);
    long out =
        switch (a.op()) {
          case IADD -> sum(lx, of(nodes, a.operands().get(1), depth + 1));
          case ISUB ->
              nodes.get(a.operands().get(1)) instanceof Node.Const c
                  ? sum(lx, -(long) c.value())
                  : UNKNOWN;
          case IMAX -> Math.max(lx, of(nodes, a.operands().get(1), depth + 1));
          case IMIN -> Math.min(lx, of(nodes, a.operands().get(1), depth + 1));
          case CHECK_INDEX -> 0;
          default -> UNKNOWN;
        };
    // A sum past the int range wraps: nothing is known then.
    return out < Integer.MIN_VALUE || out > Integer.MAX_VALUE ? UNKNOWN : out;
  }

  private static long sum(long a, long b) {
    return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : a + b;
  }
}
