package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Semantics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replaces operations on constants by their value computed with {@link Semantics} (so bit-exact by
 * construction), selects and branches with a constant condition by the chosen arm, and loops whose
 * trip count or {@code again} is a constant by what they then are.
 *
 * <p>A folded operation becomes a {@link Node.Const} with the same id, in the same place, so its
 * origin and any result naming it are kept. An operation that would throw on its constants (integer
 * division by zero, an index out of range) is left alone: it must keep throwing at run time. Loops:
 * a dynamic trip count that is a constant becomes fixed (a negative one, 0); an {@code again} that
 * is always true is dropped, one that is always false makes the loop run at most once; the trip
 * count of a loop that runs a fixed number of times is that number ({@link AlgebraicSimplification}
 * then removes a loop of 0 trips). A branch on a constant becomes the arm it takes (its results
 * that arm's yields). Checks stay, whatever their condition.
 */
public final class ConstantFolding {

  private final Function f;
  private final Ids.Renaming alias;
  private final Ids.IdMap<Node.Const> constants;

  /** Loops that run exactly a fixed number of times: that number, by loop id. */
  private final Ids.IdMap<Integer> fixedRuns;

  /** Yields (renamed) of the arm each branch on a constant took, by branch id. */
  private final Ids.IdMap<List<Integer>> taken;

  /** For new nodes (a loop's bounded trip count); made on first need. */
  private Builder builder;

  private ConstantFolding(Function f) {
    this.f = f;
    alias = new Ids.Renaming(f.nextId());
    constants = new Ids.IdMap<>(f.nextId());
    fixedRuns = new Ids.IdMap<>(f.nextId());
    taken = new Ids.IdMap<>(f.nextId());
  }

  /** {@code f} with every foldable operation, select, branch and loop replaced. */
  public static Function run(Function f) {
    ConstantFolding p = new ConstantFolding(f);
    List<Node> body = p.block(f.body());
    return p.builder == null
        ? Rewrite.finish(f, body, p.alias)
        : Rewrite.finish(p.builder, f, body, p.alias, Set.of());
  }

  private List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, alias);
      if (n instanceof Node.Loop l) {
        n = loop(l, out);
      } else if (n instanceof Node.If b && constants.containsKey(b.cond())) {
        // Only the taken arm ever runs: it becomes part of this block.
        Node.Block arm = constants.get(b.cond()).value() != 0 ? b.then() : b.orElse();
        out.addAll(block(arm.nodes()));
        taken.put(b.id(), Rewrite.map(arm.yields(), alias));
        continue;
      } else if (n instanceof Node.If b) {
        n = Rewrite.withArms(b, block(b.then().nodes()), block(b.orElse().nodes()), alias);
      } else if (n instanceof Node.IfResult r && taken.containsKey(r.ifId())) {
        alias.put(r.id(), taken.get(r.ifId()).get(r.slot()));
        continue;
      } else if (n instanceof Node.TripCount t && fixedRuns.containsKey(t.loop())) {
        n = new Node.Const(t.id(), ScalarType.I32, fixedRuns.get(t.loop()));
      } else if (n instanceof Node.Length len
          && f.array(len.array()).extents().get(len.axis()) instanceof Extent.Fixed fx) {
        n = new Node.Const(len.id(), ScalarType.I32, fx.size());
      } else if (n instanceof Node.Apply a) {
        n = fold(a);
      } else if (n instanceof Node.Select s && constants.containsKey(s.cond())) {
        // Both arms are side-effect free, so evaluating only the chosen one changes nothing.
        alias.put(s.id(), constants.get(s.cond()).value() != 0 ? s.ifTrue() : s.ifFalse());
        continue;
      }
      if (n instanceof Node.Const c) {
        constants.put(c.id(), c);
      }
      out.add(n);
    }
    return out;
  }

  /**
   * The loop with its body folded and its trip count and {@code again} simplified; a new trip count
   * it needs is appended to {@code out}.
   */
  private Node.Loop loop(Node.Loop l, List<Node> out) {
    if (l.trips() instanceof Extent.Dynamic d && constants.containsKey(d.id())) {
      l = l.withTrips(Extent.of(Math.max(0, (int) constants.get(d.id()).value())));
    }
    l = Rewrite.withBody(l, block(l.body().nodes()), alias);
    Integer again = l.body().again();
    if (again != null && constants.containsKey(again)) {
      boolean goesOn = constants.get(again).value() != 0;
      Extent trips = l.trips();
      if (!goesOn) {
        // The loop stops after its first iteration: it runs min(trips, 1) times.
        if (trips instanceof Extent.Fixed fx) {
          trips = Extent.of(Math.min(fx.size(), 1));
        } else {
          if (builder == null) {
            builder = Builder.rewriting(f);
          }
          int one = builder.freshId();
          int bounded = builder.freshId();
          out.add(new Node.Const(one, ScalarType.I32, 1));
          out.add(new Node.Apply(bounded, Op.IMIN, List.of(trips.node(), one)));
          trips = new Extent.Dynamic(bounded);
        }
      }
      Node.LoopBody b = l.body();
      l =
          new Node.Loop(
              l.id(),
              trips,
              l.descending(),
              l.inits(),
              new Node.LoopBody(b.index(), b.carried(), b.nodes(), b.yields(), null));
    }
    if (l.trips() instanceof Extent.Fixed fx && l.body().again() == null) {
      fixedRuns.put(l.id(), fx.size());
    }
    return l;
  }

  private Node fold(Node.Apply a) {
    if (a.operands().size() > 2) {
      return a; // a call runs when the code does; a link keeps its partial
    }
    double[] args = new double[2];
    for (int i = 0; i < a.operands().size(); i++) {
      Node.Const c = constants.get(a.operands().get(i));
      if (c == null) {
        return a;
      }
      args[i] = c.value();
    }
    double value;
    try {
      value = Semantics.apply(a.op(), args[0], args[1]);
    } catch (RuntimeException e) {
      return a; // ArithmeticException or IndexOutOfBoundsException at run time, as written
    }
    return new Node.Const(a.id(), a.op().resultType(), value);
  }
}
