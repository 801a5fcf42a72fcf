package dev.adjoint.processor.trace;

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

  /** An {@code int}: a compile-time constant ({@code constant != null}) or an I32 node. */
  record Int(Integer constant, int id) implements AVal {
    static Int of(int c) {
      return new Int(c, -1);
    }

    static Int node(int id) {
      return new Int(null, id);
    }

    boolean isConstant() {
      return constant != null;
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

  /**
   * An array, or a row of one: the IR array, the indices already applied (one I32 node id per
   * leading dimension: loop indices for arrays privatized per iteration, row indices for {@code
   * m[i]}), and the shape that remains.
   *
   * @param elem the Java element type ({@code VALUE}, {@code DOUBLE} or {@code INT})
   */
  record Arr(int array, List<Integer> prefix, List<Integer> shape, JType.Base elem)
      implements AVal {
    public Arr {
      prefix = List.copyOf(prefix);
      shape = List.copyOf(shape);
    }

    int length() {
      return shape.get(0);
    }

    JType type() {
      return JType.array(elem, shape.size());
    }
  }

  /** A {@code List<Value>}; mutable, shared by reference like the Java object. */
  record ListRef(ListState state) implements AVal {}

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
