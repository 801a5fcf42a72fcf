package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Shared plumbing of the passes: renaming operands (a loop's {@code again} and a branch's yields
 * included), rebuilding loops and branches around rewritten blocks, and assembling a rewritten body
 * into a new {@link Function} as {@link Builder#rewriting} would, so that parameters, arrays and
 * origins carry over, ids stay stable and runtime extents follow their renamed values. Queries over
 * blocks are in {@link Blocks}.
 */
final class Rewrite {
  private Rewrite() {}

  /**
   * The function with {@code body} as its top level, results renamed through {@code rename} (an
   * aliased scalar result follows its value; array results never change), runtime extents of
   * arrays, parameters and results renamed too, without the arrays in {@code droppedArrays}, and
   * with origins kept only for ids still defined. Returns {@code f} itself when that function
   * equals it, so that a pass that changes nothing is recognized by identity and costs no copy.
   */
  static Function finish(
      Function f, List<Node> body, IntUnaryOperator rename, Set<Integer> droppedArrays) {
    // Equal to building through Builder.rewriting(f): one input node per scalar parameter first
    // (in parameter order), then the body without its input nodes.
    List<Function.Parameter> params = f.params();
    List<Node> top = new ArrayList<>(body.size() + params.size());
    for (int i = 0; i < params.size(); i++) {
      Function.Parameter p = params.get(i);
      if (!p.isArray()) {
        // The same input node as f's in this place, if it is one (so an unchanged body is the same
        // objects).
        int at = top.size();
        Node old = at < f.body().size() ? f.body().get(at) : null;
        top.add(
            old instanceof Node.Input in
                    && in.id() == p.id()
                    && in.type() == p.type()
                    && in.param() == i
                ? in
                : new Node.Input(p.id(), p.type(), i));
      }
    }
    for (Node n : body) {
      if (!(n instanceof Node.Input)) {
        top.add(n);
      }
    }
    return assemble(
        f,
        f.name(),
        params,
        f.arrays(),
        top,
        f.results(),
        f.origins(),
        f.nextId(),
        rename,
        droppedArrays);
  }

  /**
   * As {@link #finish(Function, List, IntUnaryOperator, Set)}, with a builder made by {@link
   * Builder#rewriting}{@code (f)} whose fresh ids (and origins) the new body already uses.
   */
  static Function finish(
      Builder b, Function f, List<Node> body, IntUnaryOperator rename, Set<Integer> droppedArrays) {
    for (Node n : body) {
      // Builder.rewriting already added one input node per scalar parameter.
      if (!(n instanceof Node.Input)) {
        b.add(n);
      }
    }
    Function built = b.build();
    return assemble(
        f,
        built.name(),
        built.params(),
        built.arrays(),
        built.body(),
        f.results(),
        built.origins(),
        built.nextId(),
        rename,
        droppedArrays);
  }

  /**
   * The function of these parts with scalar results and runtime extents renamed, without {@code
   * droppedArrays} and with origins only for defined ids (nodes, loop indices and carried values,
   * arrays), or {@code f} itself if that is equal.
   */
  private static Function assemble(
      Function f,
      String name,
      List<Function.Parameter> params,
      Map<Integer, ArrayDecl> arrays,
      List<Node> body,
      List<Function.Result> results,
      SortedMap<Integer, Function.Origin> origins,
      int nextId,
      IntUnaryOperator rename,
      Set<Integer> droppedArrays) {
    results = renameResults(results, rename);
    params = renameParams(params, rename);
    arrays = renameArrays(arrays, rename);
    if (!droppedArrays.isEmpty() && !Collections.disjoint(arrays.keySet(), droppedArrays)) {
      arrays = new LinkedHashMap<>(arrays);
      arrays.keySet().removeAll(droppedArrays);
    }
    Ids.IdSet defined = new Ids.IdSet(nextId);
    for (int id : arrays.keySet()) {
      defined.add(id);
    }
    defineAll(body, defined);
    boolean prune = false;
    for (int id : origins.keySet()) {
      if (!defined.contains(id)) {
        prune = true;
        break;
      }
    }
    if (prune) {
      // Copying a sorted map is linear; so is removing through its iterator.
      TreeMap<Integer, Function.Origin> kept = new TreeMap<>(origins);
      kept.keySet().removeIf(id -> !defined.contains(id));
      origins = kept;
    }
    if (nextId == f.nextId()
        && name.equals(f.name())
        && params.equals(f.params())
        && arrays.equals(f.arrays())
        && Blocks.equalNodes(body, f.body())
        && results.equals(f.results())
        && origins.equals(f.origins())) {
      return f;
    }
    return new Function(name, params, arrays, body, results, f.calls(), origins, nextId);
  }

  private static List<Function.Result> renameResults(
      List<Function.Result> results, IntUnaryOperator rename) {
    List<Function.Result> out = new ArrayList<>(results.size());
    boolean changed = false;
    for (Function.Result r : results) {
      int id = r.isArray() ? r.id() : rename.applyAsInt(r.id());
      List<Extent> extents = Extent.rename(r.extents(), rename);
      Function.Result renamed =
          id == r.id() && extents == r.extents() ? r : new Function.Result(r.name(), id, extents);
      changed |= renamed != r;
      out.add(renamed);
    }
    return changed ? out : results;
  }

  private static List<Function.Parameter> renameParams(
      List<Function.Parameter> params, IntUnaryOperator rename) {
    List<Function.Parameter> out = new ArrayList<>(params.size());
    boolean changed = false;
    for (Function.Parameter p : params) {
      List<Extent> extents = Extent.rename(p.extents(), rename);
      Function.Parameter renamed =
          extents == p.extents()
              ? p
              : new Function.Parameter(p.name(), p.id(), p.type(), extents, p.active());
      changed |= renamed != p;
      out.add(renamed);
    }
    return changed ? out : params;
  }

  private static Map<Integer, ArrayDecl> renameArrays(
      Map<Integer, ArrayDecl> arrays, IntUnaryOperator rename) {
    Map<Integer, ArrayDecl> out = null;
    for (ArrayDecl a : arrays.values()) {
      List<Extent> extents = Extent.rename(a.extents(), rename);
      if (extents != a.extents()) {
        if (out == null) {
          out = new LinkedHashMap<>(arrays);
        }
        out.put(a.id(), new ArrayDecl(a.id(), a.name(), a.elem(), extents, a.role(), a.growable()));
      }
    }
    return out == null ? arrays : out;
  }

  private static void defineAll(List<Node> nodes, Ids.IdSet out) {
    for (Node n : nodes) {
      out.add(n.id());
      if (n instanceof Node.Loop l) {
        out.add(l.body().index().id());
        for (Node.Carried c : l.body().carried()) {
          out.add(c.id());
        }
      }
      for (List<Node> inner : n.blocks()) {
        defineAll(inner, out);
      }
    }
  }

  /** {@link #finish(Function, List, IntUnaryOperator, Set)} dropping no arrays. */
  static Function finish(Function f, List<Node> body, IntUnaryOperator rename) {
    return finish(f, body, rename, Set.of());
  }

  /**
   * {@code n} with the operands it reads where it stands renamed: a loop's initial values and
   * dynamic trip count, a branch's condition (its blocks, yields and {@code again} are renamed with
   * them: {@link #withBody}, {@link #withArms}). Ids defined by {@code n} and array ids are
   * unchanged. Returns {@code n} itself when no operand changes.
   */
  static Node renameOperands(Node n, IntUnaryOperator m) {
    if (n instanceof Node.Apply a) {
      List<Integer> operands = map(a.operands(), m);
      return operands == a.operands() ? a : new Node.Apply(a.id(), a.op(), operands);
    } else if (n instanceof Node.Select s) {
      int cond = m.applyAsInt(s.cond());
      int ifTrue = m.applyAsInt(s.ifTrue());
      int ifFalse = m.applyAsInt(s.ifFalse());
      return cond == s.cond() && ifTrue == s.ifTrue() && ifFalse == s.ifFalse()
          ? s
          : new Node.Select(s.id(), s.type(), cond, ifTrue, ifFalse);
    } else if (n instanceof Node.Load l) {
      List<Integer> index = map(l.index(), m);
      return index == l.index() ? l : new Node.Load(l.id(), l.type(), l.array(), index);
    } else if (n instanceof Node.Store s) {
      List<Integer> index = map(s.index(), m);
      int value = m.applyAsInt(s.value());
      return index == s.index() && value == s.value()
          ? s
          : new Node.Store(s.id(), s.array(), index, value);
    } else if (n instanceof Node.Loop l) {
      List<Integer> inits = map(l.inits(), m);
      Extent trips = Extent.rename(l.trips(), m);
      return inits == l.inits() && trips == l.trips()
          ? l
          : new Node.Loop(l.id(), trips, l.descending(), inits, l.body());
    } else if (n instanceof Node.If b) {
      int cond = m.applyAsInt(b.cond());
      return cond == b.cond() ? b : new Node.If(b.id(), cond, b.then(), b.orElse());
    } else if (n instanceof Node.Check c) {
      int cond = m.applyAsInt(c.cond());
      List<Integer> args = map(c.args(), m);
      return cond == c.cond() && args == c.args()
          ? c
          : new Node.Check(c.id(), cond, c.message(), args);
    }
    return n;
  }

  /**
   * The loop with body {@code nodes}, its yields and {@code again} renamed through {@code rename}
   * (its initial values and trip count as they are: {@link #renameOperands} renames those); {@code
   * l} itself if nothing changes.
   */
  static Node.Loop withBody(Node.Loop l, List<Node> nodes, IntUnaryOperator rename) {
    Node.LoopBody b = l.body();
    List<Integer> yields = map(b.yields(), rename);
    Integer again = b.again() == null ? null : rename.applyAsInt(b.again());
    if (yields == b.yields()
        && java.util.Objects.equals(again, b.again())
        && Blocks.sameNodes(nodes, b.nodes())) {
      return l;
    }
    Node.LoopBody body = new Node.LoopBody(b.index(), b.carried(), nodes, yields, again);
    return new Node.Loop(l.id(), l.trips(), l.descending(), l.inits(), body);
  }

  /**
   * The branch with arms {@code then} and {@code orElse}, their yields renamed through {@code
   * rename}; {@code b} itself if nothing changes.
   */
  static Node.If withArms(Node.If b, List<Node> then, List<Node> orElse, IntUnaryOperator rename) {
    Node.Block t = arm(b.then(), then, rename);
    Node.Block e = arm(b.orElse(), orElse, rename);
    return t == b.then() && e == b.orElse() ? b : new Node.If(b.id(), b.cond(), t, e);
  }

  private static Node.Block arm(Node.Block old, List<Node> nodes, IntUnaryOperator rename) {
    List<Integer> yields = map(old.yields(), rename);
    return yields == old.yields() && Blocks.sameNodes(nodes, old.nodes())
        ? old
        : new Node.Block(nodes, yields);
  }

  /**
   * {@code n} with each block nested in it (a loop's body, a branch's arms, in order) replaced by
   * {@code block} of it, and its yields and {@code again} renamed through {@code rename}; other
   * nodes unchanged. For passes that treat every block alike.
   */
  static Node regions(Node n, UnaryOperator<List<Node>> block, IntUnaryOperator rename) {
    if (n instanceof Node.Loop l) {
      return withBody(l, block.apply(l.body().nodes()), rename);
    }
    if (n instanceof Node.If b) {
      List<Node> then = block.apply(b.then().nodes());
      return withArms(b, then, block.apply(b.orElse().nodes()), rename);
    }
    return n;
  }

  /** {@code ids} renamed through {@code m}; {@code ids} itself if no id changes. */
  static List<Integer> map(List<Integer> ids, IntUnaryOperator m) {
    int n = ids.size();
    for (int i = 0; i < n; i++) {
      int id = ids.get(i);
      int to = m.applyAsInt(id);
      if (to != id) {
        List<Integer> out = new ArrayList<>(n);
        out.addAll(ids.subList(0, i));
        out.add(to);
        for (int j = i + 1; j < n; j++) {
          out.add(m.applyAsInt(ids.get(j)));
        }
        return out;
      }
    }
    return ids;
  }
}
