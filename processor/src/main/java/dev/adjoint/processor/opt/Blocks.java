package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Queries the passes share over blocks of nodes: what they store, load, count and use, looking
 * inside every nested block (loop bodies and branch arms alike), and fast equality of rewritten
 * blocks.
 */
final class Blocks {
  private Blocks() {}

  /** Whether two blocks hold the very same node objects (cheaper than, and implying, equality). */
  static boolean sameNodes(List<Node> a, List<Node> b) {
    if (a == b) {
      return true;
    }
    int n = a.size();
    if (n != b.size()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code a.equals(b)}, faster: a rewritten body shares most of its nodes (and whole loops) with
   * the body it came from, and the generated equality of records compares a shared loop's whole
   * body, element by element, where one reference comparison decides.
   */
  static boolean equalNodes(List<Node> a, List<Node> b) {
    if (a == b) {
      return true;
    }
    int n = a.size();
    if (n != b.size()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      Node x = a.get(i);
      Node y = b.get(i);
      boolean same;
      if (x == y) {
        same = true;
      } else if (x instanceof Node.Loop lx && y instanceof Node.Loop ly) {
        same = equalLoops(lx, ly);
      } else if (x instanceof Node.If bx && y instanceof Node.If by) {
        same =
            bx.id() == by.id()
                && bx.cond() == by.cond()
                && equalArms(bx.then(), by.then())
                && equalArms(bx.orElse(), by.orElse());
      } else {
        same = x.equals(y);
      }
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalArms(Node.Block x, Node.Block y) {
    return x == y || x.yields().equals(y.yields()) && equalNodes(x.nodes(), y.nodes());
  }

  private static boolean equalLoops(Node.Loop x, Node.Loop y) {
    Node.LoopBody bx = x.body();
    Node.LoopBody by = y.body();
    return x.id() == y.id()
        && x.trips().equals(y.trips())
        && Objects.equals(bx.again(), by.again())
        && x.descending() == y.descending()
        && x.inits().equals(y.inits())
        && bx.index().equals(by.index())
        && bx.carried().equals(by.carried())
        && bx.yields().equals(by.yields())
        && equalNodes(bx.nodes(), by.nodes());
  }

  /** True if two functions have the same body, results and arrays (ids included). */
  static boolean sameProgram(Function a, Function b) {
    return equalNodes(a.body(), b.body())
        && a.results().equals(b.results())
        && a.arrays().equals(b.arrays());
  }

  /** Arrays stored into anywhere in {@code nodes}, nested blocks included. */
  static Set<Integer> storedArrays(List<Node> nodes) {
    Set<Integer> out = new HashSet<>();
    collectAccesses(nodes, out, false);
    return out;
  }

  /** Arrays loaded from anywhere in {@code nodes}, nested blocks included. */
  static Set<Integer> loadedArrays(List<Node> nodes) {
    Set<Integer> out = new HashSet<>();
    collectAccesses(nodes, out, true);
    return out;
  }

  private static void collectAccesses(List<Node> nodes, Set<Integer> out, boolean loads) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && !loads) {
        out.add(s.array());
      } else if (n instanceof Node.Load l && loads) {
        out.add(l.array());
      }
      for (List<Node> inner : n.blocks()) {
        collectAccesses(inner, out, loads);
      }
    }
  }

  /** Arrays loaded or stored anywhere in {@code nodes}, nested blocks included. */
  static Set<Integer> accessedArrays(List<Node> nodes) {
    Set<Integer> out = loadedArrays(nodes);
    out.addAll(storedArrays(nodes));
    return out;
  }

  /**
   * How many times each id is read: as an operand (a loop's initial values and dynamic trip count
   * included), a loop's yield or {@code again}, a branch arm's yield, or a scalar result. Ids never
   * read are absent.
   */
  static Map<Integer, Integer> useCounts(Function f) {
    Map<Integer, Integer> uses = new HashMap<>();
    for (Node n : f.allNodes()) {
      for (int id : n.operands()) {
        uses.merge(id, 1, Integer::sum);
      }
      if (n instanceof Node.Loop l) {
        for (int id : l.body().exits()) {
          uses.merge(id, 1, Integer::sum);
        }
      } else if (n instanceof Node.If b) {
        for (int id : b.then().yields()) {
          uses.merge(id, 1, Integer::sum);
        }
        for (int id : b.orElse().yields()) {
          uses.merge(id, 1, Integer::sum);
        }
      }
    }
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        uses.merge(r.id(), 1, Integer::sum);
      }
    }
    return uses;
  }

  /** Number of nodes of class {@code kind} in {@code nodes}, nested blocks included. */
  static int count(List<Node> nodes, Class<? extends Node> kind) {
    int n = 0;
    for (Node node : nodes) {
      if (kind.isInstance(node)) {
        n++;
      }
      for (List<Node> inner : node.blocks()) {
        n += count(inner, kind);
      }
    }
    return n;
  }

  /** Number of nodes in {@code nodes}, counting each nested loop or branch and its blocks. */
  static int size(List<Node> nodes) {
    return count(nodes, Node.class);
  }

  /** Whether a node of {@code nodes}, or of a block nested in one, satisfies {@code p}. */
  static boolean any(List<Node> nodes, Predicate<Node> p) {
    for (Node n : nodes) {
      if (p.test(n)) {
        return true;
      }
      for (List<Node> inner : n.blocks()) {
        if (any(inner, p)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether evaluating {@code n} may throw: a check; an integer division or remainder by anything
   * but a nonzero constant; a {@code CHECK_INDEX} of anything but constants in range ({@code def}
   * finds the node defining an operand, or null). Loads and stores out of range throw too, but only
   * in a program with a bad index, which passes need not preserve.
   */
  static boolean mayThrow(Node n, IntFunction<Node> def) {
    if (n instanceof Node.Check) {
      return true;
    }
    if (!(n instanceof Node.Apply a) || !a.op().mayThrow()) {
      return false;
    }
    Node x = def.apply(a.operands().get(0));
    Node y = def.apply(a.operands().get(1));
    if (a.op() == Op.CHECK_INDEX) {
      return !(x instanceof Node.Const i
          && y instanceof Node.Const len
          && i.value() >= 0
          && i.value() < len.value());
    }
    return !(y instanceof Node.Const d && d.value() != 0);
  }

  /**
   * True if {@code l} surely runs its first iteration whole (its trip count is a constant >= 1).
   */
  static boolean runsAtLeastOnce(Node.Loop l) {
    return l.trips() instanceof Extent.Fixed f && f.size() >= 1;
  }
}
