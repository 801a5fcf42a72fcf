package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which runtime dimensions of a function's parameters and result the body relates, so that a
 * checker sampling sizes picks one size per group: the function's checks that compare two sizes
 * derived from lengths ({@code x.length == w[0].length}, {@code k < n}, {@code n + 1 == m}) unite
 * their dimensions, with the offset that satisfies the comparison (equal sizes for {@code ==},
 * {@code <=} and {@code >=}, one more for a strict comparison); one found equal to a constant is
 * pinned to it; a result's dimension that equals such a size joins its group. Each group is named
 * by a symbol ({@code n}, {@code m}, ...) in the order its first dimension appears; a dimension is
 * its group's symbol plus an offset. A comparison that contradicts an earlier one is ignored.
 */
final class DimensionGroups {

  /** A dimension: fixed ({@code symbol} null, size {@code offset}) or {@code symbol + offset}. */
  record Dim(String symbol, int offset) {}

  private static final String[] SYMBOLS = {"n", "m", "k", "p", "q", "r", "s", "t"};

  /** The pseudo-dimension of constants: a dimension in its group has a fixed size. */
  private static final String CONSTANT = "#";

  private final Map<String, String> parent = new HashMap<>();

  /** Size of a dimension minus that of its parent. */
  private final Map<String, Integer> delta = new HashMap<>();

  private final Function f;
  private final Map<Integer, Node> nodes;

  /** Per parameter (by index), its dimensions; empty for scalars. */
  final List<List<Dim>> params = new ArrayList<>();

  /** The dimensions of the (first) result. */
  final List<Dim> result = new ArrayList<>();

  private DimensionGroups(Function f) {
    this.f = f;
    this.nodes = f.nodesById();
  }

  /** The groups of {@code f}'s parameters and first result. */
  static DimensionGroups of(Function f) {
    DimensionGroups g = new DimensionGroups(f);
    g.find(CONSTANT);
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Check c) {
        g.relate(c.cond());
      }
    }
    Function.Result r = f.results().get(0);
    for (int axis = 0; axis < r.extents().size(); axis++) {
      Extent e = r.extents().get(axis);
      if (e instanceof Extent.Dynamic d) {
        Term t = g.term(d.id());
        if (t != null) {
          g.union("result/" + axis, t.dim(), t.offset());
        }
      }
    }
    g.name();
    return g;
  }

  /** A size derived from a length: {@code dim + offset} ({@code dim} {@link #CONSTANT}: fixed). */
  private record Term(String dim, int offset) {}

  private void relate(int cond) {
    Node n = nodes.get(cond);
    if (!(n instanceof Node.Apply a)) {
      return;
    }
    if (a.op() == Op.AND) {
      relate(a.operands().get(0));
      relate(a.operands().get(1));
      return;
    }
    if (a.op() == Op.OR) {
      // Sizes that satisfy one side satisfy the check: keep the sides that relate two sizes
      // ({@code w.length == 0 || w[0].length == x.length}), not those that pin one.
      for (int side : a.operands()) {
        if (!pins(side)) {
          relate(side);
        }
      }
      return;
    }
    if (!a.op().isComparison() || a.op() == Op.NE) {
      return;
    }
    Term x = term(a.operands().get(0));
    Term y = term(a.operands().get(1));
    if (x == null || y == null) {
      return;
    }
    boolean constant = x.dim().equals(CONSTANT) || y.dim().equals(CONSTANT);
    if (constant && a.op() != Op.EQ) {
      return; // a bound ({@code n > 0}), not a size: sizes that break it are not applicable
    }
    // The sizes x = y + gap satisfy the comparison: equal where allowed, else one apart.
    int gap =
        switch (a.op()) {
          case LT -> -1;
          case GT -> 1;
          default -> 0;
        };
    // size(x.dim) + x.offset = size(y.dim) + y.offset + gap
    union(x.dim(), y.dim(), y.offset() + gap - x.offset());
  }

  /** True if {@code cond} compares a size with a constant (or is no comparison of sizes). */
  private boolean pins(int cond) {
    if (nodes.get(cond) instanceof Node.Apply a && (a.op() == Op.OR || a.op() == Op.AND)) {
      return false; // a nested condition: its own sides are examined when it is related
    }
    if (!(nodes.get(cond) instanceof Node.Apply a) || !a.op().isComparison()) {
      return true;
    }
    Term x = term(a.operands().get(0));
    Term y = term(a.operands().get(1));
    return x == null || y == null || x.dim().equals(CONSTANT) || y.dim().equals(CONSTANT);
  }

  /** {@code id} as a length plus a constant, or a constant; null for anything else. */
  private Term term(int id) {
    Node n = nodes.get(id);
    if (n instanceof Node.Length len) {
      return new Term(key(len.array(), len.axis()), 0);
    }
    if (n instanceof Node.Const c && c.type() == ScalarType.I32) {
      return new Term(CONSTANT, (int) c.value());
    }
    if (n instanceof Node.Apply a && (a.op() == Op.IADD || a.op() == Op.ISUB)) {
      Term x = term(a.operands().get(0));
      Term y = term(a.operands().get(1));
      if (x == null || y == null) {
        return null;
      }
      int sign = a.op() == Op.IADD ? 1 : -1;
      if (y.dim().equals(CONSTANT)) {
        return new Term(x.dim(), x.offset() + sign * y.offset());
      }
      if (x.dim().equals(CONSTANT) && sign == 1) {
        return new Term(y.dim(), y.offset() + x.offset());
      }
    }
    return null;
  }

  private static String key(int array, int axis) {
    return array + "/" + axis;
  }

  private String find(String x) {
    if (!parent.containsKey(x)) {
      parent.put(x, x);
      delta.put(x, 0);
      return x;
    }
    String p = parent.get(x);
    if (p.equals(x)) {
      return x;
    }
    String root = find(p);
    delta.put(x, delta.get(x) + delta.get(p));
    parent.put(x, root);
    return root;
  }

  /** Records size(a) = size(b) + d, unless it contradicts what is known. */
  private void union(String a, String b, int d) {
    String ra = find(a);
    String rb = find(b);
    int da = delta.get(a);
    int db = delta.get(b);
    if (ra.equals(rb)) {
      return; // known already, or a contradiction: the first relation wins
    }
    // size(ra) = size(a) - da = size(b) + d - da = size(rb) + db + d - da
    if (ra.equals(CONSTANT)) {
      parent.put(rb, ra);
      delta.put(rb, -(db + d - da));
    } else {
      parent.put(ra, rb);
      delta.put(ra, db + d - da);
    }
  }

  /** Names every group, in the order of its first dimension among parameters, then the result. */
  private void name() {
    Map<String, String> symbols = new LinkedHashMap<>();
    Map<String, Integer> base = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      for (int axis = 0; axis < p.extents().size(); axis++) {
        order.add(p.extents().get(axis).isFixed() ? null : key(p.id(), axis));
      }
    }
    for (int axis = 0; axis < f.results().get(0).extents().size(); axis++) {
      boolean fixed = f.results().get(0).extents().get(axis).isFixed();
      order.add(fixed ? null : "result/" + axis);
    }
    for (String d : order) {
      if (d == null) {
        continue;
      }
      String root = find(d);
      if (!root.equals(CONSTANT) && !symbols.containsKey(root)) {
        int k = symbols.size();
        symbols.put(root, k < SYMBOLS.length ? SYMBOLS[k] : "n" + (k + 1));
        base.put(root, delta.get(d)); // this dimension gets offset 0
      }
    }
    int at = 0;
    for (Function.Parameter p : f.params()) {
      List<Dim> dims = new ArrayList<>();
      for (Extent e : p.extents()) {
        dims.add(dim(e, order.get(at++), symbols, base));
      }
      params.add(List.copyOf(dims));
    }
    for (Extent e : f.results().get(0).extents()) {
      result.add(dim(e, order.get(at++), symbols, base));
    }
  }

  private Dim dim(Extent e, String key, Map<String, String> symbols, Map<String, Integer> base) {
    if (e instanceof Extent.Fixed fx) {
      return new Dim(null, fx.size());
    }
    String root = find(key);
    int offset = delta.get(key);
    if (root.equals(CONSTANT)) {
      return new Dim(null, offset);
    }
    return new Dim(symbols.get(root), offset - base.get(root));
  }
}
