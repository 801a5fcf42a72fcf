package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
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
 * Removes index checks ({@code CHECK_INDEX(i, n)}, {@code Objects.checkIndex}) that cannot fail or
 * that the access itself makes: the check becomes its index {@code i}. Values are unchanged.
 *
 * <ul>
 *   <li>{@code i} is the index of a loop of {@code n} iterations (or of {@code max(0, n)}), so it
 *       lies in {@code [0, n)}.
 *   <li>Every use of the checked index is an index of a caller's array (an input, or an output
 *       buffer, whose every dimension the entry checks make exactly as long as its extent) in a
 *       dimension of extent {@code n}, and one of them is in the check's own block: Java's own
 *       bounds check there throws exactly when the check would have, for an index out of range. A
 *       program with a bad index may then write a little more of its outputs before it throws (as
 *       the engine's own arrays would).
 * </ul>
 *
 * The checks the tracer adds for workspaces stay: those are flattened, and a bad index would read a
 * neighbouring row instead of throwing.
 */
public final class IndexChecks {

  private final Function f;
  private final Map<Integer, Node> byId;

  /**
   * Checks whose first effect in their own block is a use as an index of a caller's array of the
   * right extent: nothing between may throw or write the caller's arrays.
   */
  private final Set<Integer> usedHere = new HashSet<>();

  /** Checks not yet past a node that may throw or write a caller's array, in the current block. */
  private final Set<Integer> pending = new HashSet<>();

  /** Checks with any other use. */
  private final Set<Integer> otherUses = new HashSet<>();

  private final Map<Integer, List<Node>> blockOf = new HashMap<>();
  private final Map<Integer, Node.Loop> loopOfIndex = new HashMap<>();

  private IndexChecks(Function f) {
    this.f = f;
    this.byId = f.nodesById();
  }

  /** {@code f} without the checks described above; {@code f} itself if it has none. */
  public static Function run(Function f) {
    boolean any = false;
    for (Node n : f.allNodes()) {
      any |= isCheck(n);
    }
    if (!any) {
      return f;
    }
    IndexChecks p = new IndexChecks(f);
    p.scan(f.body());
    for (Function.Result r : f.results()) {
      p.other(r.id());
      for (int e : Extent.nodes(r.extents())) {
        p.other(e);
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      for (int e : Extent.nodes(a.extents())) {
        p.other(e);
      }
    }
    Map<Integer, Integer> rename = new HashMap<>();
    for (Node n : f.allNodes()) {
      if (isCheck(n)) {
        Node.Apply a = (Node.Apply) n;
        int i = a.operands().get(0);
        if (p.inRange(i, a.operands().get(1))
            || !p.otherUses.contains(a.id()) && p.usedHere.contains(a.id())) {
          rename.put(a.id(), i);
        }
      }
    }
    if (rename.isEmpty()) {
      return f;
    }
    return Rewrite.finish(f, p.rewrite(f.body(), rename), id -> rename.getOrDefault(id, id));
  }

  private static boolean isCheck(Node n) {
    return n instanceof Node.Apply a && a.op() == Op.CHECK_INDEX;
  }

  private void scan(List<Node> block) {
    Set<Integer> outer = new HashSet<>(pending);
    pending.clear();
    for (Node n : block) {
      blockOf.put(n.id(), block);
      if (n instanceof Node.Load l) {
        indexUses(n, l.array(), l.index(), block);
      } else if (n instanceof Node.Store s) {
        indexUses(n, s.array(), s.index(), block);
        other(s.value());
      } else {
        for (int id : n.operands()) {
          other(id);
        }
      }
      if (isCheck(n)) {
        pending.add(n.id());
      } else if (!quiet(n)) {
        pending.clear();
      }
      if (n instanceof Node.Loop l) {
        loopOfIndex.put(l.body().index().id(), l);
        for (int id : l.body().exits()) {
          other(id);
        }
      } else if (n instanceof Node.If b) {
        for (int id : b.then().yields()) {
          other(id);
        }
        for (int id : b.orElse().yields()) {
          other(id);
        }
      }
      for (List<Node> inner : n.blocks()) {
        scan(inner);
      }
    }
    pending.clear();
    pending.addAll(outer);
  }

  /** Whether {@code n} neither may throw nor writes a caller's array (nor holds a block). */
  private boolean quiet(Node n) {
    if (n instanceof Node.Store s) {
      return f.array(s.array()).role() == ArrayDecl.Role.LOCAL;
    }
    return n.blocks().isEmpty() && !(n instanceof Node.Check) && !Blocks.mayThrow(n, byId::get);
  }

  private void other(int id) {
    if (isCheck(byId.get(id))) {
      otherUses.add(id);
    }
  }

  private void indexUses(Node access, int array, List<Integer> index, List<Node> block) {
    ArrayDecl a = f.array(array);
    for (int d = 0; d < index.size(); d++) {
      int id = index.get(d);
      if (!(byId.get(id) instanceof Node.Apply c) || c.op() != Op.CHECK_INDEX) {
        continue;
      }
      boolean caller = a.role() != ArrayDecl.Role.LOCAL;
      Extent e = a.extents().get(d);
      boolean exact = caller && e instanceof Extent.Dynamic dyn && dyn.id() == c.operands().get(1);
      if (!exact) {
        otherUses.add(id);
      } else if (blockOf.get(id) == block && pending.contains(id)) {
        usedHere.add(id);
      }
    }
  }

  /** Whether {@code i} surely lies in {@code [0, n)}. */
  private boolean inRange(int i, int n) {
    if (!(byId.get(i) instanceof Node.Index idx)) {
      return false;
    }
    Node.Loop loop = loopOfIndex.get(idx.id());
    if (loop == null) {
      return false;
    }
    if (loop.trips() instanceof Extent.Fixed fx) {
      return byId.get(n) instanceof Node.Const c && fx.size() <= c.value();
    }
    int t = loop.trips().node();
    return t == n || strip(t) == n || t == strip(n) || strip(t) == strip(n);
  }

  /** {@code x} for {@code max(0, x)} or {@code max(x, 0)}, else {@code id}. */
  private int strip(int id) {
    if (byId.get(id) instanceof Node.Apply a && a.op() == Op.IMAX) {
      int x = a.operands().get(0);
      int y = a.operands().get(1);
      if (isZero(x)) {
        return y;
      }
      if (isZero(y)) {
        return x;
      }
    }
    return id;
  }

  private boolean isZero(int id) {
    return byId.get(id) instanceof Node.Const c && c.value() == 0;
  }

  private List<Node> rewrite(List<Node> nodes, Map<Integer, Integer> rename) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (rename.containsKey(n.id())) {
        continue;
      }
      Node r = Rewrite.renameOperands(n, id -> rename.getOrDefault(id, id));
      out.add(
          Rewrite.regions(r, inner -> rewrite(inner, rename), id -> rename.getOrDefault(id, id)));
    }
    return out;
  }
}
