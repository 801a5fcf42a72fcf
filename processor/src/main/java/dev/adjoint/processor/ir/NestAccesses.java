package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The accesses to one array in the blocks nested in a loop or a branch, each with the loops around
 * it and whether it surely runs on every iteration of them: what {@link FirstWrites} reasons about.
 * An index is taken without its first {@code drop} components (those a slice fixes).
 */
final class NestAccesses {

  /**
   * An access inside a loop nest, with the loops enclosing it (outermost first); {@code opaque} if
   * it is in a branch arm or a loop that may not run its trip count (so it may not run at all).
   */
  record Access(
      Node node, List<Integer> index, List<Node.Loop> loops, List<Node> block, boolean opaque) {}

  private final int array;
  private final int drop;

  NestAccesses(int array, int drop) {
    this.array = array;
    this.drop = drop;
  }

  /** Whether {@code n} loads or stores the array. */
  boolean isAccess(Node n) {
    return n instanceof Node.Load l && l.array() == array
        || n instanceof Node.Store s && s.array() == array;
  }

  /** The index of access {@code n} without its first {@code drop} components. */
  List<Integer> indexOf(Node n) {
    List<Integer> index = n instanceof Node.Load l ? l.index() : ((Node.Store) n).index();
    return index.subList(drop, index.size());
  }

  /** The accesses in {@code loop}'s body and the blocks nested in it. */
  List<Access> inLoop(Node.Loop loop) {
    List<Access> out = new ArrayList<>();
    collect(loop, new ArrayList<>(), false, out);
    return out;
  }

  /** The accesses in the arms of {@code b} and the blocks nested in them, all opaque. */
  List<Access> inBranch(Node.If b) {
    List<Access> out = new ArrayList<>();
    collectArm(b, List.of(), out);
    return out;
  }

  private void collect(Node.Loop loop, List<Node.Loop> outer, boolean opaque, List<Access> out) {
    List<Node.Loop> loops = new ArrayList<>(outer);
    loops.add(loop);
    boolean dark = opaque || !loop.isCounted();
    for (Node n : loop.body().nodes()) {
      if (isAccess(n)) {
        out.add(new Access(n, indexOf(n), loops, loop.body().nodes(), dark));
      } else if (n instanceof Node.Loop inner) {
        collect(inner, loops, dark, out);
      } else if (n instanceof Node.If b) {
        collectArm(b, loops, out);
      }
    }
  }

  private void collectArm(Node.If b, List<Node.Loop> loops, List<Access> out) {
    for (Node.Block arm : List.of(b.then(), b.orElse())) {
      for (Node n : arm.nodes()) {
        if (isAccess(n)) {
          out.add(new Access(n, indexOf(n), loops, arm.nodes(), true));
        } else if (n instanceof Node.Loop inner) {
          collect(inner, loops, true, out);
        } else if (n instanceof Node.If inner) {
          collectArm(inner, loops, out);
        }
      }
    }
  }

  /**
   * The flat offsets access {@code a} visits over every iteration of its nest, if each component is
   * affine in the nest's indices and within bounds; with {@code once}, only if no element is
   * visited twice. Decided from the coefficients where {@link AffineIndex} can, else by enumerating
   * the iterations.
   */
  BitSet elements(
      Access a, Map<Integer, Node> byId, List<Integer> shape, boolean once, boolean exhaustive) {
    List<Node.Loop> loops = a.loops();
    long[][] terms = new long[a.index().size()][];
    for (int d = 0; d < terms.length; d++) {
      terms[d] = AffineIndex.terms(byId, a.index().get(d), loops);
      if (terms[d] == null) {
        return null;
      }
    }
    int[] counts = new int[loops.size()];
    long visits = 1;
    for (int p = 0; p < counts.length; p++) {
      counts[p] = loops.get(p).count();
      visits *= counts[p];
      if (visits > FirstWrites.MAX_ELEMENTS) {
        return null;
      }
    }
    return AffineIndex.elements(terms, shape, counts, once, exhaustive);
  }
}
