package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.ScalarType;

/**
 * The Java type of a variable, parameter or expression in the traced subset: a scalar ({@code
 * Value}, {@code double}, {@code int}, {@code boolean}, and the compile-time-only {@code char},
 * {@code String} and enums), an array of numbers of some rank, or a {@code List} of values, of
 * arrays or of lists.
 *
 * @param base the element type (for a list, {@code VALUE})
 * @param rank array rank; 0 for scalars and lists
 * @param listOf the element type of a list, or null for anything else
 */
record JType(Base base, int rank, JType listOf) {

  /** Scalar element types. */
  enum Base {
    VALUE("Value"),
    DOUBLE("double"),
    INT("int"),
    BOOLEAN("boolean"),
    CHAR("char"),
    STRING("String"),
    ENUM("enum");

    final String javaName;

    Base(String javaName) {
      this.javaName = javaName;
    }
  }

  static final JType VALUE = new JType(Base.VALUE, 0, null);
  static final JType DOUBLE = new JType(Base.DOUBLE, 0, null);
  static final JType INT = new JType(Base.INT, 0, null);
  static final JType BOOLEAN = new JType(Base.BOOLEAN, 0, null);
  static final JType CHAR = new JType(Base.CHAR, 0, null);
  static final JType STRING = new JType(Base.STRING, 0, null);
  static final JType ENUM = new JType(Base.ENUM, 0, null);
  static final JType VALUE_LIST = listOf(VALUE);

  static JType array(Base base, int rank) {
    return new JType(base, rank, null);
  }

  static JType listOf(JType elem) {
    return new JType(Base.VALUE, 0, elem);
  }

  /** True for lists. */
  boolean list() {
    return listOf != null;
  }

  /** True for scalars (not arrays, not lists). */
  boolean scalar() {
    return rank == 0 && listOf == null;
  }

  /** True for the types whose values exist only at compile time. */
  boolean compileTimeOnly() {
    return scalar() && (base == Base.STRING || base == Base.ENUM);
  }

  // Spelled out: the tracer compares types at nearly every expression, and a record's generated
  // equals runs through a method handle that is slow until the JIT compiles it, which in a build
  // it mostly never does.
  @Override
  public boolean equals(Object o) {
    return o instanceof JType t
        && base == t.base
        && rank == t.rank
        && (listOf == null ? t.listOf == null : listOf.equals(t.listOf));
  }

  @Override
  public int hashCode() {
    return (base.hashCode() * 31 + rank) * 31 + (listOf == null ? 0 : listOf.hashCode());
  }

  @Override
  public String toString() {
    if (listOf != null) {
      return "List<" + listOf + ">";
    }
    return base.javaName + "[]".repeat(rank);
  }

  /** The IR element type of arrays of {@code base}: booleans are stored as ints, 0 or 1. */
  static ScalarType storageType(Base base) {
    return base == Base.BOOLEAN ? ScalarType.I32 : scalarType(base);
  }

  /** The IR type of values of {@code base}. */
  static ScalarType scalarType(Base base) {
    return switch (base) {
      case VALUE, DOUBLE -> ScalarType.F64;
      case INT, CHAR -> ScalarType.I32;
      case BOOLEAN -> ScalarType.BOOL;
      default -> throw new IllegalArgumentException("no IR type for " + base);
    };
  }
}
