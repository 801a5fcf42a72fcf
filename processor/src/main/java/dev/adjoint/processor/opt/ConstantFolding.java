package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Semantics;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces operations on constants by their value computed with {@link Semantics} (so bit-exact by
 * construction) and selects with a constant condition by the chosen arm.
 *
 * <p>A folded operation becomes a {@link Node.Const} with the same id, in the same place, so its
 * origin and any result naming it are kept. Integer division and remainder by a constant zero are
 * left alone: they throw at run time and must keep doing so.
 */
public final class ConstantFolding {

  private final Rewrite.Renaming alias;
  private final Rewrite.IdMap<Node.Const> constants;

  private ConstantFolding(Function f) {
    alias = new Rewrite.Renaming(f.nextId());
    constants = new Rewrite.IdMap<>(f.nextId());
  }

  /** {@code f} with every foldable operation and select replaced; never changes a result. */
  public static Function run(Function f) {
    ConstantFolding p = new ConstantFolding(f);
    List<Node> body = p.block(f.body());
    return Rewrite.finish(f, body, p.alias);
  }

  private List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, alias);
      if (n instanceof Node.Loop l) {
        List<Node> body = block(l.body().nodes());
        n = Rewrite.withBody(l, l.inits(), body, Rewrite.map(l.body().yields(), alias));
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

  private Node fold(Node.Apply a) {
    double[] args = new double[2];
    for (int i = 0; i < a.operands().size(); i++) {
      Node.Const c = constants.get(a.operands().get(i));
      if (c == null) {
        return a;
      }
      args[i] = c.value();
    }
    if ((a.op() == Op.IDIV || a.op() == Op.IREM) && args[1] == 0) {
      return a; // ArithmeticException at run time
    }
    return new Node.Const(a.id(), a.op().resultType(), Semantics.apply(a.op(), args[0], args[1]));
  }
}
