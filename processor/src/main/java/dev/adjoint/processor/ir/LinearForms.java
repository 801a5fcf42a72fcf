package dev.adjoint.processor.ir;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code int} value of a function as a linear combination of "leaves" plus a constant, in
 * {@code int} arithmetic: {@code 4 * h + j + 1} is {@code {h: 4, j: 1} + 1}. Leaves are the values
 * it does not look through: loop indices, carried values, inputs, loads, results, other operations.
 * Coefficients wrap as Java's ints do, so two values with equal forms are equal on every run (int
 * addition and multiplication are a ring modulo 2^32), whatever overflows. {@code CHECK_INDEX(i,
 * n)} has the form of {@code i}: it is {@code i} whenever it returns. Lengths of the same parameter
 * dimension are one leaf.
 */
final class LinearForms {

  /** Most leaves a form keeps; a value with more becomes a leaf itself. */
  static final int MAX_LEAVES = 8;

  /**
   * A linear form: {@code leaves} sorted, each with its nonzero coefficient, plus {@code konst}.
   */
  record Form(int[] leaves, int[] coefs, int konst) {
    static Form constant(int k) {
      return new Form(new int[0], new int[0], k);
    }

    static Form leaf(int id) {
      return new Form(new int[] {id}, new int[] {1}, 0);
    }

    boolean isConstant() {
      return leaves.length == 0;
    }

    /** The coefficient of {@code leaf} (0 if absent). */
    int coef(int leaf) {
      int at = Arrays.binarySearch(leaves, leaf);
      return at < 0 ? 0 : coefs[at];
    }

    /** True if this is exactly {@code leaf} (coefficient 1, no constant). */
    boolean isLeaf(int leaf) {
      return konst == 0 && leaves.length == 1 && leaves[0] == leaf && coefs[0] == 1;
    }

    /** {@code this + sign * other}, or null if it would have too many leaves. */
    Form plus(Form other, int sign) {
      int[] ls = new int[leaves.length + other.leaves.length];
      int[] cs = new int[ls.length];
      int i = 0;
      int j = 0;
      int n = 0;
      while (i < leaves.length || j < other.leaves.length) {
        int leaf;
        int c;
        if (j >= other.leaves.length || i < leaves.length && leaves[i] < other.leaves[j]) {
          leaf = leaves[i];
          c = coefs[i++];
        } else if (i >= leaves.length || other.leaves[j] < leaves[i]) {
          leaf = other.leaves[j];
          c = sign * other.coefs[j++];
        } else {
          leaf = leaves[i];
          c = coefs[i++] + sign * other.coefs[j++];
        }
        if (c != 0) {
          ls[n] = leaf;
          cs[n++] = c;
        }
      }
      if (n > MAX_LEAVES) {
        return null;
      }
      return new Form(Arrays.copyOf(ls, n), Arrays.copyOf(cs, n), konst + sign * other.konst);
    }

    /** {@code k * this}. */
    Form times(int k) {
      int[] ls = new int[leaves.length];
      int[] cs = new int[leaves.length];
      int n = 0;
      for (int i = 0; i < leaves.length; i++) {
        if (coefs[i] * k != 0) {
          ls[n] = leaves[i];
          cs[n++] = coefs[i] * k;
        }
      }
      return new Form(Arrays.copyOf(ls, n), Arrays.copyOf(cs, n), konst * k);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Form f
          && konst == f.konst
          && Arrays.equals(leaves, f.leaves)
          && Arrays.equals(coefs, f.coefs);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(leaves) + Arrays.hashCode(coefs)) + konst;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < leaves.length; i++) {
        s.append(coefs[i]).append("*%").append(leaves[i]).append(" + ");
      }
      return s.append(konst).toString();
    }
  }

  private final Map<Integer, Form> forms = new HashMap<>();
  private final Map<Integer, Node> byId;

  /** Canonical leaf of each parameter dimension's length. */
  private final Map<List<Integer>, Integer> lengths = new HashMap<>();

  LinearForms(Function f, Map<Integer, Node> byId) {
    this.byId = byId;
    // In evaluation order, so that operands have their forms first (no deep recursion on long
    // chains of additions).
    for (Node n : f.allNodes()) {
      if (n.type() == ScalarType.I32) {
        forms.put(n.id(), compute(n));
      }
    }
  }

  /** The form of int value {@code id} (a leaf of itself if it has none). */
  Form of(int id) {
    Form f = forms.get(id);
    return f != null ? f : Form.leaf(id);
  }

  private Form compute(Node n) {
    if (n instanceof Node.Const c) {
      return Form.constant((int) c.value());
    }
    if (n instanceof Node.Length len) {
      int canonical = lengths.computeIfAbsent(List.of(len.array(), len.axis()), k -> len.id());
      return Form.leaf(canonical);
    }
    if (!(n instanceof Node.Apply a)) {
      return Form.leaf(n.id());
    }
    List<Integer> ops = a.operands();
    Form x = of(ops.get(0));
    Form out =
        switch (a.op()) {
          case IADD -> x.plus(of(ops.get(1)), 1);
          case ISUB -> x.plus(of(ops.get(1)), -1);
          case INEG -> x.times(-1);
          case CHECK_INDEX -> x;
          case IMUL -> {
            Form y = of(ops.get(1));
            yield y.isConstant() ? x.times(y.konst()) : x.isConstant() ? y.times(x.konst()) : null;
          }
          default -> null;
        };
    return out != null ? out : Form.leaf(n.id());
  }

  /** The node of an id, or null. */
  Node node(int id) {
    return byId.get(id);
  }
}
