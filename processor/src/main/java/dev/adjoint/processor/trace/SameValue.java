package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one value an int of the program always equals, looking through merges: a select or a branch's
 * result whose arms are the same value, a loop's result whose iterations only ever yield that
 * value. Placeholders that are never read (the initial value of a return value before any return)
 * do not count. Used to tell a returned array's length that merely passes through the control flow
 * of early returns ({@code return scaled(x)} inside a loop, {@code return x} after it: both {@code
 * x.length}) from one the data decides.
 */
final class SameValue {

  /** The value of a placeholder: never observed, so it agrees with any other. */
  static final int NEVER = Integer.MIN_VALUE;

  private final Map<Integer, Node> nodes;
  private final Set<Integer> placeholders;

  /** Carried values of the loops being looked through, assumed equal to these values. */
  private final Map<Integer, Integer> carriedAs = new HashMap<>();

  SameValue(Map<Integer, Node> nodes, Set<Integer> placeholders) {
    this.nodes = nodes;
    this.placeholders = placeholders;
  }

  /** The node of value {@code id}, or null. */
  Node node(int id) {
    return nodes.get(id);
  }

  /** The value {@code id} always equals ({@code id} itself if none other), or {@link #NEVER}. */
  int of(int id) {
    if (placeholders.contains(id)) {
      return NEVER;
    }
    Node n = nodes.get(id);
    if (n instanceof Node.Carried && carriedAs.containsKey(id)) {
      return carriedAs.get(id);
    }
    if (n instanceof Node.Select sel) {
      return merge(id, of(sel.ifTrue()), of(sel.ifFalse()));
    }
    if (n instanceof Node.IfResult r && nodes.get(r.ifId()) instanceof Node.If f) {
      return merge(id, of(f.then().yields().get(r.slot())), of(f.orElse().yields().get(r.slot())));
    }
    if (n instanceof Node.LoopResult r
        && nodes.get(r.loop()) instanceof Node.Loop l
        && !carriedAs.containsKey(l.body().carried().get(r.slot()).id())) {
      int carried = l.body().carried().get(r.slot()).id();
      // The values the slot may hold: its initial value, then what each iteration yields from any
      // value it may hold. Two rounds reach the fixed point of this three-level lattice.
      int may = of(l.inits().get(r.slot()));
      for (int round = 0; round < 2; round++) {
        carriedAs.put(carried, may);
        int yielded = of(l.body().yields().get(r.slot()));
        carriedAs.remove(carried);
        int next = merge(id, may, yielded);
        if (next == may) {
          return may;
        }
        if (next == id) {
          return id;
        }
        may = next;
      }
      return id;
    }
    return id;
  }

  /**
   * {@code a} and {@code b} as one value: either if the other is never observed, else {@code id}.
   */
  private static int merge(int id, int a, int b) {
    if (a == NEVER) {
      return b;
    }
    if (b == NEVER) {
      return a;
    }
    return a == b ? a : id;
  }
}
