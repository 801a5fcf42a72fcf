package dev.adjoint.processor.ir;

/** The type of one IR value: Java's {@code double}, {@code int}, {@code boolean}, or no value. */
public enum ScalarType {
  F64("double"),
  I32("int"),
  BOOL("boolean"),
  VOID("void");

  private final String javaName;

  ScalarType(String javaName) {
    this.javaName = javaName;
  }

  /** The Java primitive type that holds this type. */
  public String javaName() {
    return javaName;
  }
}
