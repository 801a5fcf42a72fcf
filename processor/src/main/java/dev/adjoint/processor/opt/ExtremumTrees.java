package dev.adjoint.processor.opt;

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
 * Rebuilds each chain of {@code max} (or {@code min}) as a balanced tree and drops its {@code
 * -Infinity} ({@code +Infinity}) operands: the same value bit for bit, with a dependency chain of
 * depth log2(n) instead of n.
 *
 * <p>Why: an unrolled max reduction ({@code max(max(max(a, b), c), d)...}) is a serial chain, and
 * HotSpot's {@code Math.max} on doubles is a multi-instruction sequence (NaN and signed-zero
 * handling) with a long latency; over 16 logits the chain alone cost about 20 ns, a fifth of a
 * whole cross-entropy gradient. {@code Math.max} is exactly associative and commutative (the result
 * is NaN if any operand is, else the largest, {@code +0.0} over {@code -0.0}), and {@code
 * max(-Infinity, x)} is {@code x} for every {@code x}, so the rebuilt tree is the same value. The
 * additions of a sum are not rebalanced: their rounding depends on the order.
 *
 * <p>Only for programs whose derivatives are already taken: the derivative of a max follows the
 * operand that wins a tie, and the tree compares other pairs than the chain. A chain's inner nodes
 * must be used once (by the chain), so a reverse sweep's comparisons against the partial maxima
 * keep those nodes.
 */
public final class ExtremumTrees {

  /** Uses of each id anywhere in the function (operands, yields, scalar results). */
  private final Map<Integer, Integer> uses;

  private final Ids.Renaming alias;
  private boolean changed;

  private ExtremumTrees(Function f) {
    alias = new Ids.Renaming(f.nextId());
    this.uses = Blocks.useCounts(f);
  }

  /** {@code f} with its max and min chains balanced; returns {@code f} if there are none. */
  public static Function run(Function f) {
    if (!hasNestedExtremum(f)) {
      return f; // most programs: nothing to balance, no maps to build
    }
    ExtremumTrees p = new ExtremumTrees(f);
    Map<Integer, Node> constants = new HashMap<>();
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Const c) {
        constants.put(c.id(), c);
      }
    }
    List<Node> body = p.block(f.body(), constants);
    return p.changed ? Rewrite.finish(f, body, p.alias) : f;
  }

  /** True if some max (min) reads another max (min) or a constant, the start of a chain. */
  private static boolean hasNestedExtremum(Function f) {
    Set<Integer> candidates = new HashSet<>();
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Const c) {
        candidates.add(c.id());
      } else if (n instanceof Node.Apply a && isExtremum(a.op())) {
        if (candidates.contains(a.operands().get(0)) || candidates.contains(a.operands().get(1))) {
          return true;
        }
        candidates.add(a.id());
      }
    }
    return false;
  }

  private List<Node> block(List<Node> nodes, Map<Integer, Node> constants) {
    // Nodes of this block by id, to follow a chain to its inner nodes.
    Map<Integer, Node.Apply> local = new HashMap<>();
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) instanceof Node.Apply a && isExtremum(a.op())) {
        local.put(a.id(), a);
        position.put(a.id(), i);
      }
    }
    // Every node of every chain (the root included), found from its root: a node not itself inner.
    Map<Integer, Chain> chainOfInner = new HashMap<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i) instanceof Node.Apply a
          && isExtremum(a.op())
          && !chainOfInner.containsKey(a.id())) {
        Chain c = Chain.of(a, local, uses, position, constants);
        if (c != null) {
          for (int inner : c.members) {
            chainOfInner.put(inner, c);
          }
        }
      }
    }
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, alias);
      if (!n.blocks().isEmpty()) {
        out.add(Rewrite.regions(n, inner -> block(inner, constants), alias));
        continue;
      }
      Chain c = chainOfInner.get(n.id());
      if (c == null) {
        out.add(n);
        continue;
      }
      changed = true;
      c.emitAt(n.id(), out, alias);
    }
    return out;
  }

  private static boolean isExtremum(Op op) {
    return op == Op.MAX || op == Op.MIN;
  }

  /**
   * One chain: its nodes in program order ({@code members}, the root last), and its operands in the
   * order they become available, each released at the member that first reads it.
   */
  private static final class Chain {
    private final Op op;
    private final List<Integer> members;
    private final Map<Integer, List<Integer>> released;

    /** The partial trees built so far, as in a binary counter: ids and leaf counts. */
    private final List<Integer> stack = new ArrayList<>();

    private final List<Integer> sizes = new ArrayList<>();
    private int nextMember;

    private Chain(Op op, List<Integer> members, Map<Integer, List<Integer>> released) {
      this.op = op;
      this.members = members;
      this.released = released;
    }

    /**
     * The chain rooted at {@code root}, or null if balancing would not shorten it: its inner nodes
     * are nodes of the same op in the same block used only by the chain.
     */
    static Chain of(
        Node.Apply root,
        Map<Integer, Node.Apply> local,
        Map<Integer, Integer> uses,
        Map<Integer, Integer> position,
        Map<Integer, Node> constants) {
      List<Integer> members = new ArrayList<>();
      Set<Integer> isMember = new HashSet<>();
      List<Node.Apply> work = new ArrayList<>(List.of(root));
      while (!work.isEmpty()) {
        Node.Apply a = work.remove(work.size() - 1);
        members.add(a.id());
        isMember.add(a.id());
        for (int operand : a.operands()) {
          Node.Apply inner = local.get(operand);
          if (inner != null && inner.op() == root.op() && uses.getOrDefault(operand, 0) == 1) {
            work.add(inner);
          }
        }
      }
      members.sort((x, y) -> Integer.compare(position.get(x), position.get(y)));
      double identity = root.op() == Op.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      Map<Integer, List<Integer>> released = new HashMap<>();
      int leaves = 0;
      int identities = 0;
      int depth = 0;
      Map<Integer, Integer> depthOf = new HashMap<>();
      for (int m : members) {
        List<Integer> fresh = new ArrayList<>();
        int d = 0;
        for (int operand : local.get(m).operands()) {
          if (isMember.contains(operand)) {
            d = Math.max(d, depthOf.get(operand));
          } else if (constants.get(operand) instanceof Node.Const k && k.value() == identity) {
            identities++;
          } else {
            fresh.add(operand);
            leaves++;
          }
        }
        depthOf.put(m, d + 1);
        depth = Math.max(depth, d + 1);
        released.put(m, fresh);
      }
      // The tree must keep the operands' left-to-right order, since a max of two NaNs returns the
      // first: the leftmost NaN comes out either way. Chains are built in that order in practice.
      List<Integer> inOrder = new ArrayList<>();
      leavesInOrder(root, local, isMember, constants, identity, inOrder);
      List<Integer> releaseOrder = new ArrayList<>();
      for (int m : members) {
        releaseOrder.addAll(released.get(m));
      }
      if (!inOrder.equals(releaseOrder)) {
        return null;
      }
      int balanced = 32 - Integer.numberOfLeadingZeros(Math.max(leaves, 1) - 1);
      if (identities == 0 && depth <= balanced) {
        return null;
      }
      if (leaves == 0) {
        return null; // only identities: leave it to constant folding
      }
      return new Chain(root.op(), members, released);
    }

    /** The chain's operands left to right, identities left out (iteratively: chains are long). */
    private static void leavesInOrder(
        Node.Apply root,
        Map<Integer, Node.Apply> local,
        Set<Integer> isMember,
        Map<Integer, Node> constants,
        double identity,
        List<Integer> out) {
      List<Integer> stack = new ArrayList<>(List.of(root.id()));
      while (!stack.isEmpty()) {
        int id = stack.remove(stack.size() - 1);
        if (isMember.contains(id)) {
          List<Integer> operands = local.get(id).operands();
          for (int i = operands.size() - 1; i >= 0; i--) {
            stack.add(operands.get(i));
          }
        } else if (!(constants.get(id) instanceof Node.Const k && k.value() == identity)) {
          out.add(id);
        }
      }
    }

    /** Emits at member {@code id}'s place what its released operands let the tree combine. */
    void emitAt(int id, List<Node> out, Ids.Renaming alias) {
      for (int leaf : released.get(id)) {
        stack.add(alias.applyAsInt(leaf));
        sizes.add(1);
        while (sizes.size() >= 2
            && sizes.get(sizes.size() - 1).equals(sizes.get(sizes.size() - 2))) {
          combine(out);
        }
      }
      if (id == members.get(members.size() - 1)) {
        while (stack.size() >= 2) {
          combine(out);
        }
        int root = members.get(members.size() - 1);
        int top = stack.get(0);
        if (top != root) {
          alias.put(root, top);
        }
      }
    }

    private void combine(List<Node> out) {
      int right = stack.remove(stack.size() - 1);
      int left = stack.remove(stack.size() - 1);
      int size = sizes.remove(sizes.size() - 1) + sizes.remove(sizes.size() - 1);
      // Reuses the chain's ids in order, so the root keeps its id when the tree is complete.
      int id = members.get(nextMember++);
      out.add(new Node.Apply(id, op, List.of(left, right)));
      stack.add(id);
      sizes.add(size);
    }
  }
}
