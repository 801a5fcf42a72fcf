package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * Shared plumbing of the passes: renaming operands, and assembling a rewritten body into a new
 * {@link Function} as {@link Builder#rewriting} would, so that parameters, arrays and origins carry
 * over and ids stay stable.
 */
final class Rewrite {
  private Rewrite() {}

  /**
   * The function with {@code body} as its top level, results renamed through {@code rename} (an
   * aliased scalar result follows its value; array results never change), without the arrays in
   * {@code droppedArrays}, and with origins kept only for ids still defined. Returns {@code f}
   * itself when that function equals it, so that a pass that changes nothing is recognized by
   * identity and costs no copy.
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
    List<Function.Result> results = new ArrayList<>(f.results().size());
    for (Function.Result r : f.results()) {
      int id = r.isArray() ? r.id() : rename.applyAsInt(r.id());
      results.add(id == r.id() ? r : new Function.Result(r.name(), id, r.extents()));
    }
    return assemble(
        f, f.name(), params, f.arrays(), top, results, f.origins(), f.nextId(), droppedArrays);
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
    for (Function.Result r : f.results()) {
      b.result(r.name(), r.isArray() ? r.id() : rename.applyAsInt(r.id()), r.shape());
    }
    Function built = b.build();
    return assemble(
        f,
        built.name(),
        built.params(),
        built.arrays(),
        built.body(),
        built.results(),
        built.origins(),
        built.nextId(),
        droppedArrays);
  }

  /**
   * The function of these parts without {@code droppedArrays} and with origins only for defined ids
   * (nodes, loop indices and carried values, arrays), or {@code f} itself if that is equal.
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
      Set<Integer> droppedArrays) {
    if (!droppedArrays.isEmpty() && !Collections.disjoint(arrays.keySet(), droppedArrays)) {
      arrays = new LinkedHashMap<>(arrays);
      arrays.keySet().removeAll(droppedArrays);
    }
    IdSet defined = new IdSet(nextId);
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
        && equalNodes(body, f.body())
        && results.equals(f.results())
        && origins.equals(f.origins())) {
      return f;
    }
    return new Function(name, params, arrays, body, results, f.calls(), origins, nextId);
  }

  private static void defineAll(List<Node> nodes, IdSet out) {
    for (Node n : nodes) {
      out.add(n.id());
      if (n instanceof Node.Loop l) {
        out.add(l.body().index().id());
        for (Node.Carried c : l.body().carried()) {
          out.add(c.id());
        }
        defineAll(l.body().nodes(), out);
      }
    }
  }

  /**
   * A set of ids, as bits: ids are small and dense (below {@link Function#nextId}). An id outside
   * that range (only in a malformed program) goes to a hash set.
   */
  static final class IdSet {
    private final BitSet bits;
    private Set<Integer> others;

    IdSet(int nextId) {
      bits = new BitSet(Math.max(nextId, 0));
    }

    /** Adds {@code id}; true if it was not there. */
    boolean add(int id) {
      if (id >= 0) {
        if (bits.get(id)) {
          return false;
        }
        bits.set(id);
        return true;
      }
      if (others == null) {
        others = new HashSet<>();
      }
      return others.add(id);
    }

    boolean contains(int id) {
      return id >= 0 ? bits.get(id) : others != null && others.contains(id);
    }
  }

  /**
   * A map from ids to non-null values, by array: ids are small and dense (below {@link
   * Function#nextId}). Negative ids (only in a malformed program) go to a hash map.
   */
  static final class IdMap<V> {
    private Object[] values;
    private Map<Integer, V> others;

    IdMap(int nextId) {
      values = new Object[Math.max(nextId, 16)];
    }

    /** The value for {@code id}, or null. */
    @SuppressWarnings("unchecked")
    V get(int id) {
      if (id >= 0) {
        return id < values.length ? (V) values[id] : null;
      }
      return others == null ? null : others.get(id);
    }

    void put(int id, V value) {
      if (id >= 0) {
        if (id >= values.length) {
          values = Arrays.copyOf(values, Math.max(id + 1, 2 * values.length));
        }
        values[id] = value;
      } else {
        if (others == null) {
          others = new HashMap<>();
        }
        others.put(id, value);
      }
    }

    boolean containsKey(int id) {
      return get(id) != null;
    }
  }

  /** Ids renamed to other ids (aliases); an id without an alias stands for itself. */
  static final class Renaming implements IntUnaryOperator {
    private final IdMap<Integer> to;

    Renaming(int nextId) {
      to = new IdMap<>(nextId);
    }

    void put(int id, int target) {
      to.put(id, target);
    }

    @Override
    public int applyAsInt(int id) {
      Integer t = to.get(id);
      return t == null ? id : t;
    }
  }

  /** {@link #finish(Function, List, IntUnaryOperator, Set)} dropping no arrays. */
  static Function finish(Function f, List<Node> body, IntUnaryOperator rename) {
    return finish(f, body, rename, Set.of());
  }

  /**
   * {@code n} with its value operands renamed (for a loop, only its initial values; its body is the
   * caller's business). Ids defined by {@code n} and array ids are unchanged. Returns {@code n}
   * itself when no operand changes.
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
   * A loop with a new body and initial values, keeping its id, trip count and direction; {@code l}
   * itself if nothing changes.
   */
  static Node.Loop withBody(
      Node.Loop l, List<Integer> inits, List<Node> nodes, List<Integer> yields) {
    Node.LoopBody b = l.body();
    if (inits.equals(l.inits()) && yields.equals(b.yields()) && sameNodes(nodes, b.nodes())) {
      return l;
    }
    return new Node.Loop(l.id(), l.trips(), l.descending(), inits, b.with(nodes, yields));
  }

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
      if (x != y
          && !(x instanceof Node.Loop lx && y instanceof Node.Loop ly
              ? equalLoops(lx, ly)
              : x.equals(y))) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalLoops(Node.Loop x, Node.Loop y) {
    Node.LoopBody bx = x.body();
    Node.LoopBody by = y.body();
    return x.id() == y.id()
        && x.trips().equals(y.trips())
        && java.util.Objects.equals(bx.again(), by.again())
        && x.descending() == y.descending()
        && x.inits().equals(y.inits())
        && bx.index().equals(by.index())
        && bx.carried().equals(by.carried())
        && bx.yields().equals(by.yields())
        && equalNodes(bx.nodes(), by.nodes());
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

  /** Arrays stored into anywhere in {@code nodes}, nested loops included. */
  static Set<Integer> storedArrays(List<Node> nodes) {
    Set<Integer> out = new HashSet<>();
    collectStores(nodes, out);
    return out;
  }

  /** Arrays loaded from anywhere in {@code nodes}, nested loops included. */
  static Set<Integer> loadedArrays(List<Node> nodes) {
    Set<Integer> out = new HashSet<>();
    collectAccesses(nodes, out, true);
    return out;
  }

  private static void collectStores(List<Node> nodes, Set<Integer> out) {
    collectAccesses(nodes, out, false);
  }

  private static void collectAccesses(List<Node> nodes, Set<Integer> out, boolean loads) {
    for (Node n : nodes) {
      if (n instanceof Node.Store s && !loads) {
        out.add(s.array());
      } else if (n instanceof Node.Load l && loads) {
        out.add(l.array());
      } else if (n instanceof Node.Loop l) {
        collectAccesses(l.body().nodes(), out, loads);
      }
    }
  }

  /**
   * How many times each id is read: as an operand (a loop's initial values included), a loop's
   * yield, or a scalar result. Ids never read are absent.
   */
  static Map<Integer, Integer> useCounts(Function f) {
    Map<Integer, Integer> uses = new HashMap<>();
    for (Node n : f.allNodes()) {
      for (int id : n.operands()) {
        uses.merge(id, 1, Integer::sum);
      }
      if (n instanceof Node.Loop l) {
        for (int id : l.body().yields()) {
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

  /** Number of nodes of class {@code kind} in {@code nodes}, nested loops included. */
  static int count(List<Node> nodes, Class<? extends Node> kind) {
    int n = 0;
    for (Node node : nodes) {
      if (kind.isInstance(node)) {
        n++;
      }
      if (node instanceof Node.Loop l) {
        n += count(l.body().nodes(), kind);
      }
    }
    return n;
  }

  /** Number of nodes in {@code nodes}, counting each nested loop and its body. */
  static int size(List<Node> nodes) {
    return count(nodes, Node.class);
  }

  /** True if two functions have the same body, results and arrays (ids included). */
  static boolean sameProgram(Function a, Function b) {
    return equalNodes(a.body(), b.body())
        && a.results().equals(b.results())
        && a.arrays().equals(b.arrays());
  }
}
