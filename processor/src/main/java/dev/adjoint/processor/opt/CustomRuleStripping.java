package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Replaces every {@link Op#LINK} by its value (a custom function's call) once every derivative has
 * been taken from a program: a custom rule's partial derivatives then stay only where a derivative
 * program uses them, and dead-code elimination removes the rest (a forward program never computes
 * the rule). Values unchanged bit for bit, since a link's value is its first operand.
 */
final class CustomRuleStripping {
  private CustomRuleStripping() {}

  static Function run(Function f) {
    Map<Integer, Integer> links = new HashMap<>();
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Apply a && a.op() == Op.LINK) {
        links.put(a.id(), a.operands().get(0));
      }
    }
    if (links.isEmpty()) {
      return f;
    }
    IntUnaryOperator rename =
        id -> {
          Integer to = links.get(id);
          while (to != null) {
            id = to;
            to = links.get(id);
          }
          return id;
        };
    return Rewrite.finish(f, block(f.body(), rename), rename);
  }

  private static List<Node> block(List<Node> nodes, IntUnaryOperator rename) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (n instanceof Node.Apply a && a.op() == Op.LINK) {
        continue; // its uses read its value instead
      }
      Node m = Rewrite.renameOperands(n, rename);
      out.add(Rewrite.regions(m, inner -> block(inner, rename), rename));
    }
    return out;
  }
}
