package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Finds the output and workspace arrays a program must clear on entry: the IR (like {@link
 * dev.adjoint.processor.ir.Interpreter}) starts every such array at zero, but a reused workspace or
 * a caller's buffer holds old data. Arrays provably overwritten in full before any read are left
 * alone, so the common "fill it in a loop" case costs nothing.
 */
final class ZeroInit {
  private ZeroInit() {}

  /** Ids of the OUTPUT and LOCAL arrays of {@code f} to clear, in declaration order. */
  static List<Integer> arraysToClear(Function f) {
    Map<Integer, Node> byId = f.nodesById();
    List<Integer> out = new ArrayList<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT && !writtenBeforeRead(f, byId, a)) {
        out.add(a.id());
      }
    }
    return out;
  }

  private static boolean writtenBeforeRead(Function f, Map<Integer, Node> byId, ArrayDecl a) {
    if (a.size() == 0) {
      return true;
    }
    BitSet covered = new BitSet(a.size());
    for (Node n : f.body()) {
      if (n instanceof Node.Store s && s.array() == a.id()) {
        int offset = constantOffset(byId, a, s.index());
        if (offset < 0) {
          return false;
        }
        covered.set(offset);
      } else if (n instanceof Node.Loop loop && touches(loop.body().nodes(), a.id())) {
        return fillsAll(loop, a, 0, new ArrayList<>()) && !readsIn(loop.body().nodes(), a.id());
      } else if (n instanceof Node.Load l && l.array() == a.id()) {
        return false;
      }
      if (covered.cardinality() == a.size()) {
        return true;
      }
    }
    return covered.cardinality() == a.size();
  }

  /** Row-major offset of an index made of int constants, or -1. */
  private static int constantOffset(Map<Integer, Node> byId, ArrayDecl a, List<Integer> index) {
    int off = 0;
    for (int d = 0; d < index.size(); d++) {
      if (!(byId.get(index.get(d)) instanceof Node.Const c)) {
        return -1;
      }
      int i = (int) c.value();
      if (i < 0 || i >= a.shape().get(d)) {
        return -1;
      }
      off = off * a.shape().get(d) + i;
    }
    return off;
  }

  /**
   * True if {@code loop} (dimension {@code dim}) runs over the whole dimension and its body, or a
   * directly nested loop for the next dimension, stores to {@code a[outer indices..., index]}.
   */
  private static boolean fillsAll(Node.Loop loop, ArrayDecl a, int dim, List<Integer> outer) {
    if (loop.count() != a.shape().get(dim)) {
      return false;
    }
    List<Integer> indices = new ArrayList<>(outer);
    indices.add(loop.body().index().id());
    for (Node n : loop.body().nodes()) {
      if (dim == a.rank() - 1) {
        if (n instanceof Node.Store s && s.array() == a.id() && s.index().equals(indices)) {
          return true;
        }
      } else if (n instanceof Node.Loop inner && fillsAll(inner, a, dim + 1, indices)) {
        return true;
      }
    }
    return false;
  }

  private static boolean touches(List<Node> nodes, int array) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && s.array() == array
          || n instanceof Node.Load l && l.array() == array
          || n instanceof Node.Loop loop && touches(loop.body().nodes(), array)) {
        return true;
      }
    }
    return false;
  }

  private static boolean readsIn(List<Node> nodes, int array) {
    for (Node n : nodes) {
      if (n instanceof Node.Load l && l.array() == array
          || n instanceof Node.Loop loop && readsIn(loop.body().nodes(), array)) {
        return true;
      }
    }
    return false;
  }
}
