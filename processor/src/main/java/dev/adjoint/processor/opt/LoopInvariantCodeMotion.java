package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves pure nodes whose operands are all defined outside a loop (and loads from arrays the loop
 * never stores into) out of the loop body to just before the loop, so they run once instead of once
 * per iteration; innermost loops first, so a value can climb several levels.
 *
 * <p>Only loops that run at least once are touched: every body node of such a loop runs in its
 * first iteration with the same operands, so the hoisted value is the one every iteration saw, and
 * nothing runs that would not have run (no new exception, no wasted work). Relative order of the
 * moved nodes is kept.
 */
public final class LoopInvariantCodeMotion {

  private LoopInvariantCodeMotion() {}

  /** {@code f} with loop-invariant pure nodes hoisted; results are unchanged bit for bit. */
  public static Function run(Function f) {
    return Rewrite.finish(f, block(f.body()), id -> id);
  }

  private static List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (n instanceof Node.Loop l) {
        // Inner loops first: what they hoist lands in this body and may climb further.
        List<Node> body = block(l.body().nodes());
        if (l.count() > 0) {
          body = hoist(l, body, out);
        }
        out.add(Rewrite.withBody(l, l.inits(), body, l.body().yields()));
      } else {
        out.add(n);
      }
    }
    return out;
  }

  /** Appends the invariant nodes of {@code body} to {@code out}; returns the rest. */
  private static List<Node> hoist(Node.Loop l, List<Node> body, List<Node> out) {
    Set<Integer> stored = Rewrite.storedArrays(body);
    Set<Integer> variant = new HashSet<>();
    variant.add(l.body().index().id());
    for (Node.Carried c : l.body().carried()) {
      variant.add(c.id());
    }
    List<Node> kept = new ArrayList<>();
    for (Node n : body) {
      boolean pure =
          n instanceof Node.Const
              || n instanceof Node.Apply
              || n instanceof Node.Select
              || (n instanceof Node.Load load && !stored.contains(load.array()));
      if (pure && n.operands().stream().noneMatch(variant::contains)) {
        out.add(n);
      } else {
        kept.add(n);
        variant.add(n.id());
      }
    }
    return kept;
  }
}
