package dev.adjoint.processor.ir;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole IR program: parameters, arrays, a top-level block of nodes and the results. Immutable;
 * passes build a new one with {@link Builder}.
 *
 * @param name a Java identifier naming the program
 * @param params parameters in order: scalars are {@link Node.Input} ids, arrays are {@link
 *     ArrayDecl} ids
 * @param arrays every array, by id, in declaration order
 * @param body top-level nodes in evaluation order
 * @param results what the program returns: a scalar node id, or an {@link ArrayDecl.Role#OUTPUT}
 *     array
 * @param calls library functions computed into its arrays ({@link LibraryCall}); only those whose
 *     arrays both exist are kept
 * @param origins source names and lines of nodes, for readable generated code
 * @param nextId an id larger than every id in use
 */
public record Function(
    String name,
    List<Parameter> params,
    Map<Integer, ArrayDecl> arrays,
    List<Node> body,
    List<Result> results,
    List<LibraryCall> calls,
    SortedMap<Integer, Origin> origins,
    int nextId) {

  /**
   * A parameter of the program.
   *
   * @param id the {@link Node.Input} id of a scalar, or the {@link ArrayDecl} id of an array
   * @param extents an array's dimensions (empty for a scalar)
   * @param active whether derivatives are taken with respect to it
   */
  public record Parameter(
      String name, int id, ScalarType type, List<Extent> extents, boolean active) {
    public Parameter {
      extents = List.copyOf(extents);
    }

    /** A parameter of fixed shape. */
    public static Parameter of(
        String name, int id, ScalarType type, List<Integer> shape, boolean active) {
      return new Parameter(name, id, type, Extent.of(shape), active);
    }

    /** True for array parameters. */
    public boolean isArray() {
      return !extents.isEmpty();
    }

    /** The compile-time shape (throws if a dimension is known only at run time). */
    public List<Integer> shape() {
      return Extent.sizes(extents);
    }
  }

  /** A result: a scalar node ({@code extents} empty) or an output array. */
  public record Result(String name, int id, List<Extent> extents) {
    public Result {
      extents = List.copyOf(extents);
    }

    /** A result of fixed shape. */
    public static Result of(String name, int id, List<Integer> shape) {
      return new Result(name, id, Extent.of(shape));
    }

    /** True for array results. */
    public boolean isArray() {
      return !extents.isEmpty();
    }

    /** The compile-time shape (throws if a dimension is known only at run time). */
    public List<Integer> shape() {
      return Extent.sizes(extents);
    }
  }

  /** Where a node came from: the source variable it was assigned to, and the line. */
  public record Origin(String name, int line) {}

  public Function {
    params = List.copyOf(params);
    arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    body = List.copyOf(body);
    results = List.copyOf(results);
    calls = keep(calls, arrays);
    origins = origins instanceof Origins ? origins : new Origins(origins);
  }

  private static List<LibraryCall> keep(List<LibraryCall> calls, Map<Integer, ArrayDecl> arrays) {
    if (calls.isEmpty()) {
      return List.of();
    }
    List<LibraryCall> kept = new ArrayList<>();
    for (LibraryCall c : calls) {
      if (arrays.containsKey(c.input()) && arrays.containsKey(c.output())) {
        kept.add(c);
      }
    }
    return List.copyOf(kept);
  }

  /**
   * The origins as a function holds them: an unmodifiable sorted copy. A function made from another
   * one's origins (as every pass makes one) shares them instead of copying them again.
   */
  private static final class Origins extends AbstractMap<Integer, Origin>
      implements SortedMap<Integer, Origin> {
    private final SortedMap<Integer, Origin> map;

    Origins(SortedMap<Integer, Origin> source) {
      map = Collections.unmodifiableSortedMap(new TreeMap<>(source));
    }

    @Override
    public Comparator<? super Integer> comparator() {
      return map.comparator();
    }

    @Override
    public SortedMap<Integer, Origin> subMap(Integer fromKey, Integer toKey) {
      return map.subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<Integer, Origin> headMap(Integer toKey) {
      return map.headMap(toKey);
    }

    @Override
    public SortedMap<Integer, Origin> tailMap(Integer fromKey) {
      return map.tailMap(fromKey);
    }

    @Override
    public Integer firstKey() {
      return map.firstKey();
    }

    @Override
    public Integer lastKey() {
      return map.lastKey();
    }

    @Override
    public Set<Integer> keySet() {
      return map.keySet();
    }

    @Override
    public Collection<Origin> values() {
      return map.values();
    }

    @Override
    public Set<Map.Entry<Integer, Origin>> entrySet() {
      return map.entrySet();
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
      return map.containsValue(value);
    }

    @Override
    public Origin get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
      return map.hashCode();
    }

    @Override
    public String toString() {
      return map.toString();
    }
  }

  /** The array with this id. */
  public ArrayDecl array(int id) {
    ArrayDecl a = arrays.get(id);
    if (a == null) {
      throw new IllegalArgumentException("no array " + id);
    }
    return a;
  }

  /**
   * Every node, depth first in evaluation order (a loop before its index, carried values and body;
   * a branch before its arms' nodes).
   */
  public List<Node> allNodes() {
    List<Node> out = new ArrayList<>();
    collect(body, out);
    return out;
  }

  private static void collect(List<Node> nodes, List<Node> out) {
    for (Node n : nodes) {
      out.add(n);
      if (n instanceof Node.Loop loop) {
        out.add(loop.body().index());
        out.addAll(loop.body().carried());
        collect(loop.body().nodes(), out);
      } else if (n instanceof Node.If b) {
        collect(b.then().nodes(), out);
        collect(b.orElse().nodes(), out);
      }
    }
  }

  /** Number of nodes, counting loop bodies once (the size of the source, not of the run). */
  public int size() {
    return count(body);
  }

  private static int count(List<Node> nodes) {
    int n = nodes.size();
    for (Node node : nodes) {
      if (node instanceof Node.Loop loop) {
        n += 1 + loop.body().carried().size() + count(loop.body().nodes());
      } else if (node instanceof Node.If b) {
        n += count(b.then().nodes()) + count(b.orElse().nodes());
      }
    }
    return n;
  }

  /** True if every array is static and every loop counted: the program of a static method. */
  public boolean isStatic() {
    for (ArrayDecl a : arrays.values()) {
      if (!a.isStatic()) {
        return false;
      }
    }
    for (Node n : allNodes()) {
      if (n instanceof Node.Loop l && !l.isCounted()
          || n instanceof Node.If
          || n instanceof Node.Check) {
        return false;
      }
    }
    return true;
  }

  /** Every node by id. */
  public Map<Integer, Node> nodesById() {
    List<Node> all = allNodes();
    Map<Integer, Node> map = new LinkedHashMap<>(Math.max(16, all.size() * 4 / 3 + 1));
    for (Node n : all) {
      map.put(n.id(), n);
    }
    return map;
  }
}
