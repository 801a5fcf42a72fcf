package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a descending loop upwards when its iterations are independent, so that HotSpot sees the
 * counted loop it optimizes best. Reverse mode runs every loop backwards, but an element-wise loop
 * like {@code gradLogits[i + 1] = inv * expTape[i]} computes the same values in either order.
 *
 * <p>A loop qualifies when it carries no values and, for every array it stores into, all its
 * accesses to that array use one index with a component {@code index + c} of the loop itself (so
 * iterations touch disjoint elements). The caller's arrays may share storage, so a loop that stores
 * into one may not read another, and nothing in it may throw (which iteration throws first would
 * change). Results are unchanged bit for bit.
 */
public final class AscendingLoops {

  private final Function f;
  private final Map<Integer, Node> byId;

  private AscendingLoops(Function f) {
    this.f = f;
    this.byId = f.nodesById();
  }

  /** {@code f} with every qualifying descending loop ascending. */
  public static Function run(Function f) {
    AscendingLoops p = new AscendingLoops(f);
    boolean[] changed = {false};
    List<Node> body = p.block(f.body(), changed);
    return changed[0] ? Rewrite.finish(f, body, id -> id) : f;
  }

  private List<Node> block(List<Node> nodes, boolean[] changed) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (n instanceof Node.Loop l) {
        List<Node> body = block(l.body().nodes(), changed);
        Node.LoopBody lb = l.body();
        boolean flip = l.descending() && independent(l);
        changed[0] |= flip;
        n =
            new Node.Loop(
                l.id(), l.trips(), l.descending() && !flip, l.inits(), lb.with(body, lb.yields()));
      } else if (n instanceof Node.If) {
        n = Rewrite.regions(n, inner -> block(inner, changed), id -> id);
      }
      out.add(n);
    }
    return out;
  }

  private boolean independent(Node.Loop l) {
    // Which iteration throws first (a check, an index, a division) would change with the order.
    if (!l.body().carried().isEmpty()
        || Blocks.any(l.body().nodes(), n -> Blocks.mayThrow(n, byId::get))) {
      return false;
    }
    Map<Integer, List<List<Integer>>> loads = new HashMap<>();
    Map<Integer, List<List<Integer>>> stores = new HashMap<>();
    collect(l.body().nodes(), loads, stores);
    boolean storesCaller = false;
    for (Map.Entry<Integer, List<List<Integer>>> e : stores.entrySet()) {
      storesCaller |= !isLocal(e.getKey());
      List<Integer> index = e.getValue().get(0);
      List<List<Integer>> all = new ArrayList<>(e.getValue());
      all.addAll(loads.getOrDefault(e.getKey(), List.of()));
      if (!all.stream().allMatch(index::equals) || !ownsElement(index, l)) {
        return false;
      }
    }
    boolean loadsCaller = loads.keySet().stream().anyMatch(a -> !isLocal(a));
    return !(storesCaller && loadsCaller);
  }

  private boolean isLocal(int array) {
    return f.array(array).role() == ArrayDecl.Role.LOCAL;
  }

  private static void collect(
      List<Node> nodes,
      Map<Integer, List<List<Integer>>> loads,
      Map<Integer, List<List<Integer>>> stores) {
    for (Node n : nodes) {
      if (n instanceof Node.Load ld) {
        loads.computeIfAbsent(ld.array(), k -> new ArrayList<>()).add(ld.index());
      } else if (n instanceof Node.Store s) {
        stores.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s.index());
      }
      for (List<Node> inner : n.blocks()) {
        collect(inner, loads, stores);
      }
    }
  }

  /** True if some component of {@code index} is {@code l}'s index plus a constant. */
  private boolean ownsElement(List<Integer> index, Node.Loop l) {
    int i = l.body().index().id();
    for (int c : index) {
      if (c == i) {
        return true;
      }
      if (byId.get(c) instanceof Node.Apply a && a.op() == Op.IADD) {
        int x = a.operands().get(0);
        int y = a.operands().get(1);
        if (x == i && byId.get(y) instanceof Node.Const
            || y == i && byId.get(x) instanceof Node.Const) {
          return true;
        }
      }
    }
    return false;
  }
}
