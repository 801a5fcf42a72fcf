package dev.adjoint.processor.trace;

/**
 * The Java type of a variable, parameter or expression in the traced subset: a scalar ({@code
 * Value}, {@code double}, {@code int}, {@code boolean}), an array of one of them of some rank, or a
 * {@code List<Value>}.
 *
 * @param base the element type
 * @param rank array rank; 0 for scalars and lists
 * @param list whether this is a {@code List<Value>}
 */
record JType(Base base, int rank, boolean list) {

  /** Scalar element types. */
  enum Base {
    VALUE("Value"),
    DOUBLE("double"),
    INT("int"),
    BOOLEAN("boolean");

    final String javaName;

    Base(String javaName) {
      this.javaName = javaName;
    }
  }

  static final JType VALUE = new JType(Base.VALUE, 0, false);
  static final JType DOUBLE = new JType(Base.DOUBLE, 0, false);
  static final JType INT = new JType(Base.INT, 0, false);
  static final JType BOOLEAN = new JType(Base.BOOLEAN, 0, false);
  static final JType VALUE_LIST = new JType(Base.VALUE, 0, true);

  static JType array(Base base, int rank) {
    return new JType(base, rank, false);
  }

  /** True for scalars (not arrays, not lists). */
  boolean scalar() {
    return rank == 0 && !list;
  }

  // Spelled out: the tracer compares types at nearly every expression, and a record's generated
  // equals runs through a method handle that is slow until the JIT compiles it, which in a build
  // it mostly never does.
  @Override
  public boolean equals(Object o) {
    return o instanceof JType t && base == t.base && rank == t.rank && list == t.list;
  }

  @Override
  public int hashCode() {
    return (base.hashCode() * 31 + rank) * 2 + (list ? 1 : 0);
  }

  @Override
  public String toString() {
    if (list) {
      return "List<Value>";
    }
    return base.javaName + "[]".repeat(rank);
  }
}
