package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Keeps an element of a workspace array that a loop reads and writes at one index the loop does not
 * change ({@code h[o] = h[o] + w[o][i] * x[i]} over {@code i}, or its adjoint {@code g[o]}) in a
 * carried value while the loop runs: loaded once before the loop, stored once after it. Values are
 * unchanged bit for bit: the loads see what the stores before them in the same iteration (or the
 * last iteration, or the array before the loop) wrote, exactly as in memory.
 *
 * <p>Why: in memory, each iteration's addition waits for the store of the one before, and the JIT
 * cannot keep the element in a register when the loop also stores into a caller's array (which it
 * cannot prove distinct), so an in-place accumulation ran several times slower than a local sum.
 *
 * <p>Only {@link ArrayDecl.Role#LOCAL} arrays that do not grow and are not part of a library call:
 * nothing else can see them, so an exception inside the loop, which leaves the element unstored, is
 * not observable (a workspace's contents do not survive a call). Every access to the array in the
 * loop must sit at the top level of its body with the same index, defined outside the loop, and
 * that index must be in range whether or not the loop runs (the load before it then reads a real
 * element, and the store after it writes the same value back if the loop runs no iteration): each
 * component a constant inside a fixed extent, the index of an enclosing loop over that extent, or
 * an index check against it. Only for programs that are not static, whose generated code stays as
 * it is.
 */
public final class ElementPromotion {

  private final Function f;
  private final Map<Integer, Node> byId;
  private final Set<Integer> called = new HashSet<>();
  private Builder b;

  private ElementPromotion(Function f) {
    this.f = f;
    this.byId = f.nodesById();
    for (LibraryCall c : f.calls()) {
      called.add(c.input());
      called.add(c.output());
    }
  }

  /** {@code f} with such elements kept in carried values; {@code f} itself if there are none. */
  public static Function run(Function f) {
    if (f.isStatic()) {
      return f;
    }
    ElementPromotion p = new ElementPromotion(f);
    List<Node> body = p.block(f.body(), new ArrayList<>());
    return p.b == null ? f : Rewrite.finish(p.b, f, body, id -> id, Set.of());
  }

  private List<Node> block(List<Node> nodes, List<Node.Loop> around) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (n instanceof Node.Loop l) {
        List<Node.Loop> inner = new ArrayList<>(around);
        inner.add(l);
        promote(Rewrite.withBody(l, block(l.body().nodes(), inner), id -> id), around, out);
      } else {
        out.add(Rewrite.regions(n, ns -> block(ns, around), id -> id));
      }
    }
    return out;
  }

  /** Appends {@code l} to {@code out}, with the loads before and the stores after it it needs. */
  private void promote(Node.Loop l, List<Node.Loop> around, List<Node> out) {
    Node.LoopBody body = l.body();
    Set<Integer> nested = new HashSet<>();
    Map<Integer, List<Integer>> index = new LinkedHashMap<>();
    Set<Integer> rejected = new HashSet<>();
    for (Node n : body.nodes()) {
      for (List<Node> inner : n.blocks()) {
        nested.addAll(Blocks.accessedArrays(inner));
      }
      int array;
      List<Integer> at;
      if (n instanceof Node.Store s) {
        array = s.array();
        at = s.index();
      } else if (n instanceof Node.Load ld) {
        array = ld.array();
        at = ld.index();
      } else {
        continue;
      }
      List<Integer> first = index.putIfAbsent(array, at);
      if (first != null && !first.equals(at)) {
        rejected.add(array);
      }
    }
    Set<Integer> inside = new HashSet<>();
    inside.add(body.index().id());
    body.carried().forEach(c -> inside.add(c.id()));
    collectIds(body.nodes(), inside);
    List<Integer> promoted = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : index.entrySet()) {
      int array = e.getKey();
      ArrayDecl a = f.array(array);
      if (a.role() == ArrayDecl.Role.LOCAL
          && !a.growable()
          && !called.contains(array)
          && !rejected.contains(array)
          && !nested.contains(array)
          && storedAtTop(body.nodes(), array)
          && e.getValue().stream().noneMatch(inside::contains)
          && (inRange(a, e.getValue(), around) || accessedBefore(out, array, e.getValue()))) {
        promoted.add(array);
      }
    }
    if (promoted.isEmpty()) {
      out.add(l);
      return;
    }
    if (b == null) {
      b = Builder.rewriting(f);
    }
    List<Node.Carried> carried = new ArrayList<>(body.carried());
    List<Integer> inits = new ArrayList<>(l.inits());
    Map<Integer, Integer> current = new HashMap<>();
    for (int array : promoted) {
      ArrayDecl a = f.array(array);
      Node.Load before = new Node.Load(b.freshId(), a.elem(), array, index.get(array));
      out.add(before);
      inits.add(before.id());
      Node.Carried c = new Node.Carried(b.freshId(), a.elem(), carried.size());
      carried.add(c);
      current.put(array, c.id());
    }
    Map<Integer, Integer> rename = new HashMap<>();
    IntUnaryOperator m = id -> rename.getOrDefault(id, id);
    List<Node> nodes = new ArrayList<>(body.nodes().size());
    for (Node n : body.nodes()) {
      if (n instanceof Node.Load ld && current.containsKey(ld.array())) {
        rename.put(ld.id(), current.get(ld.array()));
      } else if (n instanceof Node.Store s && current.containsKey(s.array())) {
        current.put(s.array(), m.applyAsInt(s.value()));
      } else {
        nodes.add(deep(n, m));
      }
    }
    List<Integer> yields = new ArrayList<>(Rewrite.map(body.yields(), m));
    for (int array : promoted) {
      yields.add(current.get(array));
    }
    Integer again = body.again() == null ? null : m.applyAsInt(body.again());
    Node.LoopBody newBody = new Node.LoopBody(body.index(), carried, nodes, yields, again);
    out.add(new Node.Loop(l.id(), l.trips(), l.descending(), inits, newBody));
    for (int k = 0; k < promoted.size(); k++) {
      int array = promoted.get(k);
      ArrayDecl a = f.array(array);
      Node.LoopResult r =
          new Node.LoopResult(b.freshId(), a.elem(), l.id(), body.carried().size() + k);
      out.add(r);
      out.add(new Node.Store(b.freshId(), array, index.get(array), r.id()));
    }
  }

  /** True if some store into {@code array} is a node of {@code nodes} itself. */
  private static boolean storedAtTop(List<Node> nodes, int array) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && s.array() == array) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code n} with its operands, and those of every node nested in it, renamed through {@code m}.
   */
  private static Node deep(Node n, IntUnaryOperator m) {
    return Rewrite.regions(
        Rewrite.renameOperands(n, m), ns -> ns.stream().map(x -> deep(x, m)).toList(), m);
  }

  private static void collectIds(List<Node> nodes, Set<Integer> out) {
    for (Node n : nodes) {
      out.add(n.id());
      if (n instanceof Node.Loop l) {
        out.add(l.body().index().id());
        l.body().carried().forEach(c -> out.add(c.id()));
      }
      for (List<Node> inner : n.blocks()) {
        collectIds(inner, out);
      }
    }
  }

  /**
   * True if a node of {@code before} (the block so far, which runs whenever the loop does) loads or
   * stores element {@code at} of {@code array}: the index was in range there, and is the same here.
   */
  private static boolean accessedBefore(List<Node> before, int array, List<Integer> at) {
    for (Node n : before) {
      if (n instanceof Node.Store s && s.array() == array && s.index().equals(at)
          || n instanceof Node.Load l && l.array() == array && l.index().equals(at)) {
        return true;
      }
    }
    return false;
  }

  /** True if index {@code at} of {@code a} is in range wherever the loop stands. */
  private boolean inRange(ArrayDecl a, List<Integer> at, List<Node.Loop> around) {
    for (int d = 0; d < at.size(); d++) {
      int id = at.get(d);
      Extent extent = a.extents().get(d);
      Node n = byId.get(id);
      boolean ok = false;
      if (n instanceof Node.Const c) {
        ok = extent instanceof Extent.Fixed fx && c.value() >= 0 && c.value() < fx.size();
      } else if (n instanceof Node.Apply ap && ap.op() == Op.CHECK_INDEX) {
        int bound = ap.operands().get(1);
        ok =
            extent instanceof Extent.Dynamic dyn && dyn.id() == bound
                || extent instanceof Extent.Fixed fx
                    && byId.get(bound) instanceof Node.Const c
                    && c.value() <= fx.size();
      } else {
        for (Node.Loop loop : around) {
          if (loop.body().index().id() == id && loop.trips().equals(extent)) {
            ok = true;
          }
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
