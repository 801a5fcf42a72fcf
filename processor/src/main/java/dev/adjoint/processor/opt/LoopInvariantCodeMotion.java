package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves pure nodes whose operands are all defined outside a loop (and loads from arrays the loop
 * never stores into) out of the loop body to just before the loop, so they run once instead of once
 * per iteration; innermost loops first, so a value can climb several levels. Loops inside branch
 * arms are treated alike, but nothing leaves an arm.
 *
 * <p>Nothing is evaluated that the program might not have evaluated. A loop whose trip count is a
 * constant of at least 1 runs its first iteration whole (an {@code again} is only read at its end),
 * so every body node runs there with the same operands: the hoisted value is the one every
 * iteration saw. A loop that may run no iteration (a runtime trip count) gives up only pure
 * operations that cannot throw, computed once for nothing at worst; an operation that may throw
 * ({@code CHECK_INDEX}, integer division) stays inside, and so does every load (an index that is
 * invalid when the loop does not run). Loads are hoisted only from loops that run a fixed, nonzero
 * number of times with no {@code again}, and loops of 0 trips are left alone. Nothing that may
 * throw, and no load (whose index a check may guard), moves before a check or an index check that
 * stays; only divisions move before a division that may throw and stays (they throw the same).
 * Relative order of the moved nodes is kept.
 */
public final class LoopInvariantCodeMotion {

  /** {@code f} with loop-invariant pure nodes hoisted; results are unchanged bit for bit. */
  public static Function run(Function f) {
    return Rewrite.finish(f, new LoopInvariantCodeMotion(f).block(f.body()), id -> id);
  }

  private final Map<Integer, Node> byId;

  private LoopInvariantCodeMotion(Function f) {
    byId = f.nodesById();
  }

  private List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (n instanceof Node.Loop l) {
        // Inner loops first: what they hoist lands in this body and may climb further.
        List<Node> body = block(l.body().nodes());
        if (!(l.trips() instanceof Extent.Fixed fx && fx.size() == 0)) {
          body = hoist(l, body, out);
        }
        out.add(Rewrite.withBody(l, body, id -> id));
      } else {
        out.add(Rewrite.regions(n, this::block, id -> id));
      }
    }
    return out;
  }

  /** Appends the invariant nodes of {@code body} to {@code out}; returns the rest. */
  private List<Node> hoist(Node.Loop l, List<Node> body, List<Node> out) {
    boolean once = Blocks.runsAtLeastOnce(l);
    boolean loads = once && !l.stopsEarly();
    Set<Integer> stored = Blocks.storedArrays(body);
    Set<Integer> variant = new HashSet<>();
    variant.add(l.body().index().id());
    for (Node.Carried c : l.body().carried()) {
      variant.add(c.id());
    }
    List<Node> kept = new ArrayList<>();
    // Which exception comes first must not change: once a check or an index check stays, nothing
    // that may throw moves before it, nor a load (whose index it may guard); once a division that
    // may throw stays, only divisions (whose exception is the same) may.
    boolean checked = false;
    boolean divided = false;
    for (Node n : body) {
      boolean throwing = Blocks.any(List.of(n), x -> Blocks.mayThrow(x, byId::get));
      boolean division = n instanceof Node.Apply a && (a.op() == Op.IDIV || a.op() == Op.IREM);
      boolean pure =
          n instanceof Node.Const
              || n instanceof Node.Apply
                  && (!throwing || once && !checked && (division || !divided))
              || n instanceof Node.Select
              || (n instanceof Node.Load load
                  && loads
                  && !checked
                  && !stored.contains(load.array()));
      if (pure && n.operands().stream().noneMatch(variant::contains)) {
        out.add(n);
      } else {
        kept.add(n);
        variant.add(n.id());
        if (throwing) {
          boolean onlyDivisions =
              !Blocks.any(
                  List.of(n),
                  x ->
                      Blocks.mayThrow(x, byId::get)
                          && !(x instanceof Node.Apply a
                              && (a.op() == Op.IDIV || a.op() == Op.IREM)));
          checked |= !onlyDivisions;
          divided |= onlyDivisions;
        }
      }
    }
    return kept;
  }
}
