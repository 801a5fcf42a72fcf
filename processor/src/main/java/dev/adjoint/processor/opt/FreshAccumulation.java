package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.FirstWrites;
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
 * Turns the first accumulation into an array element, {@code a[i] = a[i] + x}, into the store
 * {@code a[i] = x}: every output and local array starts at zero, so a load of an element nothing
 * has written yet ({@link FirstWrites#freshLoads}) reads 0.0. The loop that first fills an adjoint
 * array then needs neither the read nor a clearing pass before it (the emitter clears only arrays
 * that may be read before being written).
 *
 * <p>Exact, except that {@code 0.0 + x} is {@code +0.0} where {@code x} is {@code -0.0}: a gradient
 * element that is exactly zero may come out as {@code -0.0}, which compares equal. That is why it
 * runs only on reverse-mode programs ({@link Optimizer#runAdjoint}), not in the bit-exact pipeline.
 */
public final class FreshAccumulation {

  private final Set<Integer> zeroLoads = new HashSet<>();
  private final Map<Integer, Integer> alias = new HashMap<>();

  private FreshAccumulation() {}

  /** {@code f} with loads of never-written elements replaced by 0.0 and their sums dropped. */
  public static Function run(Function f) {
    FreshAccumulation p = new FreshAccumulation();
    for (FirstWrites w : FirstWrites.ofAll(f).values()) {
      p.zeroLoads.addAll(w.freshLoads());
    }
    if (p.zeroLoads.isEmpty()) {
      return f;
    }
    List<Node> body = p.rewrite(f.body());
    return Rewrite.finish(f, body, p::resolve);
  }

  private int resolve(int id) {
    return alias.getOrDefault(id, id);
  }

  /** Fresh loads become 0.0 constants (same id); {@code fresh + x} becomes {@code x}. */
  private List<Node> rewrite(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, this::resolve);
      if (!n.blocks().isEmpty()) {
        n = Rewrite.regions(n, this::rewrite, this::resolve);
      } else if (n instanceof Node.Load l && zeroLoads.contains(l.id())) {
        n = new Node.Const(l.id(), l.type(), 0.0);
      } else if (n instanceof Node.Apply a && a.op() == Op.ADD) {
        int x = a.operands().get(0);
        int y = a.operands().get(1);
        if (x != y && (zeroLoads.contains(x) || zeroLoads.contains(y))) {
          alias.put(a.id(), zeroLoads.contains(x) ? y : x);
          continue;
        }
      }
      out.add(n);
    }
    return out;
  }
}
