package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a local array that a loop fills with a cheap function of the index ({@code shifted[i] =
 * logits[i] - max}) by that function, recomputed at each read. The array, its stores and, in
 * reverse mode, its adjoint array disappear; every read computes the same operations on the same
 * operands, so values are unchanged bit for bit.
 *
 * <p>An array qualifies when it is local, not growable, provably write-once ({@link WriteOnce}:
 * every read finds the one value stored, so reads only indices the store visited), stored exactly
 * once in the program, outside any branch, at an index made of the indices of every loop around the
 * store, in any order (each loop running exactly as many times as its dimension is long: the same
 * constant or the same runtime value), and the stored value is built from at most {@link #MAX_OPS}
 * cheap operations over those indices, constants, reads of input arrays and values defined at the
 * top level.
 */
public final class ArrayForwarding {

  /** Largest stored expression recomputed at each read. */
  static final int MAX_OPS = 3;

  private static final Set<Op> CHEAP =
      Set.of(Op.ADD, Op.SUB, Op.MUL, Op.NEG, Op.STOP, Op.I2D, Op.IADD, Op.ISUB, Op.IMUL);

  private final Function f;
  private final Map<Integer, Node> nodes;
  private final Map<Integer, Integer> owner = new HashMap<>();
  private final Map<Integer, Node.Loop> loops = new HashMap<>();
  private final Map<Integer, Integer> parent = new HashMap<>();
  private final Map<Integer, Node.Store> forwarded = new LinkedHashMap<>();

  /** Nodes inside a branch arm. */
  private final Set<Integer> inBranch = new HashSet<>();

  private Builder b;

  private ArrayForwarding(Function f) {
    this.f = f;
    this.nodes = f.nodesById();
  }

  /** {@code f} with every qualifying array forwarded. */
  public static Function run(Function f) {
    return new ArrayForwarding(f).rewrite();
  }

  private Function rewrite() {
    walk(f.body(), 0, false);
    Map<Integer, List<Node.Store>> stores = new HashMap<>();
    for (Node n : nodes.values()) {
      if (n instanceof Node.Store s) {
        stores.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s);
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      List<Node.Store> s = stores.getOrDefault(a.id(), List.of());
      if (a.role() == ArrayDecl.Role.LOCAL
          && !a.growable()
          && s.size() == 1
          && qualifies(a, s.get(0))) {
        forwarded.put(a.id(), s.get(0));
      }
    }
    if (!forwarded.isEmpty()) {
      // Every read must find its element stored (not the initial zero) and never overwritten.
      Set<Integer> writeOnce = WriteOnce.of(f);
      forwarded.keySet().retainAll(writeOnce);
    }
    if (forwarded.isEmpty()) {
      return f;
    }
    b = Builder.rewriting(f);
    Map<Integer, Integer> rename = new HashMap<>();
    List<Node> body = block(f.body(), rename);
    return Rewrite.finish(b, f, body, id -> rename.getOrDefault(id, id), forwarded.keySet());
  }

  private void walk(List<Node> block, int loop, boolean branch) {
    for (Node n : block) {
      owner.put(n.id(), loop);
      if (branch) {
        inBranch.add(n.id());
      }
      if (n instanceof Node.Loop l) {
        loops.put(l.id(), l);
        parent.put(l.id(), loop);
        owner.put(l.body().index().id(), l.id());
        for (Node.Carried c : l.body().carried()) {
          owner.put(c.id(), l.id());
        }
        walk(l.body().nodes(), l.id(), branch);
      } else if (n instanceof Node.If b) {
        walk(b.then().nodes(), loop, true);
        walk(b.orElse().nodes(), loop, true);
      }
    }
  }

  private boolean qualifies(ArrayDecl a, Node.Store store) {
    // The loops around the store must be exactly the store's index, in any order (a head's
    // kh[t][j] is filled by a loop over j around a loop over t), each as long as its dimension
    // and run exactly that many times; the store runs on every iteration (not in a branch).
    if (inBranch.contains(store.id())) {
      return false;
    }
    Set<Integer> around = new HashSet<>();
    for (int l = owner.get(store.id()); l != 0; l = parent.get(l)) {
      if (loops.get(l).stopsEarly()) {
        return false;
      }
      around.add(l);
    }
    if (around.size() != a.rank()) {
      return false;
    }
    Set<Integer> used = new HashSet<>();
    for (int d = 0; d < a.rank(); d++) {
      Node index = nodes.get(store.index().get(d));
      if (!(index instanceof Node.Index)) {
        return false;
      }
      int loop = owner.get(index.id());
      if (!around.contains(loop)
          || !used.add(loop)
          || !loops.get(loop).trips().equals(a.extents().get(d))) {
        return false;
      }
    }
    int[] ops = {0};
    return cheap(store.value(), around, ops, new HashSet<>());
  }

  private boolean cheap(int id, Set<Integer> around, int[] ops, Set<Integer> seen) {
    if (!seen.add(id)) {
      return true;
    }
    Node n = nodes.get(id);
    if (inBranch.contains(id)) {
      return false;
    }
    if (n == null || owner.getOrDefault(id, 0) == 0 && !(n instanceof Node.Index)) {
      return n != null; // A top-level value: visible at every later read.
    }
    if (n instanceof Node.Index i) {
      return around.contains(owner.get(i.id()));
    }
    if (n instanceof Node.Const) {
      return true;
    }
    if (n instanceof Node.Load l) {
      return f.array(l.array()).role() == ArrayDecl.Role.INPUT
          && l.index().stream().allMatch(x -> cheap(x, around, ops, seen));
    }
    if (n instanceof Node.Apply a && CHEAP.contains(a.op())) {
      return ++ops[0] <= MAX_OPS
          && a.operands().stream().allMatch(x -> cheap(x, around, ops, seen));
    }
    return false;
  }

  private List<Node> block(List<Node> in, Map<Integer, Integer> rename) {
    List<Node> out = new ArrayList<>();
    for (Node n : in) {
      if (n instanceof Node.Store s && forwarded.containsKey(s.array())) {
        continue;
      }
      if (n instanceof Node.Load l && forwarded.containsKey(l.array())) {
        Node.Store store = forwarded.get(l.array());
        Map<Integer, Integer> at = new HashMap<>();
        for (int d = 0; d < l.index().size(); d++) {
          at.put(store.index().get(d), rename.getOrDefault(l.index().get(d), l.index().get(d)));
        }
        rename.put(l.id(), recompute(store.value(), at, rename, out));
        continue;
      }
      Node r = Rewrite.renameOperands(n, id -> rename.getOrDefault(id, id));
      out.add(Rewrite.regions(r, inner -> block(inner, rename), id -> rename.getOrDefault(id, id)));
    }
    return out;
  }

  /** Rebuilds the stored expression with the loop indices bound to a read's index. */
  private int recompute(
      int id, Map<Integer, Integer> at, Map<Integer, Integer> rename, List<Node> out) {
    Integer bound = at.get(id);
    if (bound != null) {
      return bound;
    }
    Node n = nodes.get(id);
    if (owner.getOrDefault(id, 0) == 0) {
      return rename.getOrDefault(id, id);
    }
    Node copy;
    if (n instanceof Node.Const c) {
      copy = new Node.Const(b.freshId(), c.type(), c.value());
    } else if (n instanceof Node.Load l) {
      List<Integer> index = new ArrayList<>();
      for (int x : l.index()) {
        index.add(recompute(x, at, rename, out));
      }
      copy = new Node.Load(b.freshId(), l.type(), l.array(), index);
    } else {
      Node.Apply a = (Node.Apply) n;
      List<Integer> operands = new ArrayList<>();
      for (int x : a.operands()) {
        operands.add(recompute(x, at, rename, out));
      }
      copy = new Node.Apply(b.freshId(), a.op(), operands);
    }
    out.add(copy);
    at.put(id, copy.id());
    b.copyOrigin(f.origins().get(id), copy.id());
    return copy.id();
  }
}
