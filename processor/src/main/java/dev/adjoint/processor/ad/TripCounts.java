package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every loop that may stop early ({@code again}) a {@link Node.TripCount} right after it in
 * its block, unless it has one there already. The reversed loop runs that many iterations; as a
 * primal value of the loop's block, the count is kept or taped like any other. Programs without
 * such loops are returned unchanged.
 */
final class TripCounts {
  private TripCounts() {}

  /** {@code f} with a trip count after each loop that may stop early. */
  static Function insert(Function f) {
    int[] next = {f.nextId()};
    List<Node> body = block(f.body(), next);
    if (next[0] == f.nextId()) {
      return f;
    }
    return new Function(
        f.name(), f.params(), f.arrays(), body, f.results(), f.calls(), f.origins(), next[0]);
  }

  private static List<Node> block(List<Node> nodes, int[] next) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (n instanceof Node.Loop l) {
        Node.LoopBody body = l.body();
        Node.Loop copy =
            new Node.Loop(
                l.id(),
                l.trips(),
                l.descending(),
                l.inits(),
                new Node.LoopBody(
                    body.index(),
                    body.carried(),
                    block(body.nodes(), next),
                    body.yields(),
                    body.again()));
        out.add(copy);
        if (l.stopsEarly() && !counted(nodes, l.id())) {
          out.add(new Node.TripCount(next[0]++, l.id()));
        }
      } else if (n instanceof Node.If b) {
        out.add(
            new Node.If(
                b.id(),
                b.cond(),
                new Node.Block(block(b.then().nodes(), next), b.then().yields()),
                new Node.Block(block(b.orElse().nodes(), next), b.orElse().yields())));
      } else {
        out.add(n);
      }
    }
    return out;
  }

  private static boolean counted(List<Node> block, int loop) {
    for (Node n : block) {
      if (n instanceof Node.TripCount t && t.loop() == loop) {
        return true;
      }
    }
    return false;
  }
}
