package dev.adjoint.processor.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * An abstract value: what the tracer knows about a Java value while symbolically executing a
 * method. Numbers are IR node ids; ints and booleans may instead be compile-time constants (so that
 * loop bounds, lengths and conditions fold); arrays and lists are references into IR arrays.
 */
sealed interface AVal {

  /**
   * A {@code Value} or a {@code double}: an F64 node.
   *
   * @param isValue whether the Java value is a {@code Value} object (else a {@code double})
   * @param constant the number when it is known at compile time (a literal or folded IEEE
   *     arithmetic on literals), else null
   */
  record Num(int id, boolean isValue, Double constant) implements AVal {}

  /**
   * An {@code int}: a compile-time constant ({@code constant != null}) or an I32 node, with what is
   * known about it symbolically ({@code expr}, null when opaque).
   */
  record Int(Integer constant, int id, Sym expr) implements AVal {
    static Int of(int c) {
      return new Int(c, -1, null);
    }

    static Int node(int id) {
      return new Int(null, id, null);
    }

    static Int node(int id, Sym expr) {
      return new Int(null, id, expr);
    }

    boolean isConstant() {
      return constant != null;
    }

    /** The symbolic form: the constant, the expression, or the node itself as an unknown. */
    Sym sym() {
      return constant != null ? new Sym.K(constant) : expr != null ? expr : new Sym.Val(id, false);
    }
  }

  /** A {@code boolean}: a compile-time constant or a BOOL node. */
  record Bool(Boolean constant, int id) implements AVal {
    static Bool of(boolean c) {
      return new Bool(c, -1);
    }

    static Bool node(int id) {
      return new Bool(null, id);
    }

    boolean isConstant() {
      return constant != null;
    }
  }

  /** A {@code String} known at compile time (a literal or a constant); only switches use it. */
  record Str(String value) implements AVal {}

  /** An enum constant known at compile time, by its type's qualified name and its own name. */
  record EnumConst(String type, String name) implements AVal {}

  /**
   * An array, or a row of one. Its elements live in IR array {@code array}: either at {@code
   * prefix} followed by the element's indices (one leading index per loop an array was privatized
   * over, one per row selected), or, for a {@code flat} view, at {@code base} plus the row-major
   * offset of the indices in a one-dimensional pool. Indices in {@code suffix} follow the element's
   * (a list made in a loop keeps element k of iteration i's list at {@code [k][i]}).
   *
   * @param dims the Java lengths of the remaining dimensions
   * @param elem the Java element type ({@code VALUE}, {@code DOUBLE} or {@code INT})
   * @param base the offset of element 0 in a pool, or null
   */
  record Arr(
      int array,
      List<Integer> prefix,
      List<Int> dims,
      JType.Base elem,
      Int base,
      List<Integer> suffix)
      implements AVal {
    public Arr {
      prefix = List.copyOf(prefix);
      dims = List.copyOf(dims);
      suffix = List.copyOf(suffix);
    }

    Arr(int array, List<Integer> prefix, List<Int> dims, JType.Base elem, Int base) {
      this(array, prefix, dims, elem, base, List.of());
    }

    /** A view of fixed dimensions. */
    static Arr fixed(int array, List<Integer> prefix, List<Integer> shape, JType.Base elem) {
      List<Int> dims = new ArrayList<>();
      for (int d : shape) {
        dims.add(Int.of(d));
      }
      return new Arr(array, prefix, dims, elem, null);
    }

    int rank() {
      return dims.size();
    }

    Int length() {
      return dims.get(0);
    }

    boolean flat() {
      return base != null;
    }

    /** Whether every dimension is a compile-time constant. */
    boolean isStatic() {
      for (Int d : dims) {
        if (!d.isConstant()) {
          return false;
        }
      }
      return true;
    }

    /** The compile-time lengths; only for arrays of static programs. */
    List<Integer> shape() {
      List<Integer> out = new ArrayList<>();
      for (Int d : dims) {
        if (!d.isConstant()) {
          throw new IllegalStateException("runtime length");
        }
        out.add(d.constant());
      }
      return out;
    }

    JType type() {
      return JType.array(elem, dims.size());
    }
  }

  /**
   * A {@code List}; mutable, shared by reference like the Java object. {@code inst} selects one of
   * the lists a creation inside loops made (null for a list made once).
   */
  record ListRef(ListState state, Int inst) implements AVal {
    ListRef(ListState state) {
      this(state, null);
    }
  }

  /**
   * A 2-D array created without its row length ({@code new Value[n][]}) whose rows are references
   * to other arrays; mutable, shared by reference like the Java object.
   */
  record Table(TableState state) implements AVal {
    JType type() {
      return JType.array(state.elem, 2);
    }
  }

  /** A variable declared without an initializer and not assigned yet. */
  record Unset() implements AVal {}
}
