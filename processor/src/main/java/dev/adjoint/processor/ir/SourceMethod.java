package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The user's {@code @Differentiable} method as the generated code must present it: its Java
 * signature in source terms, independent of javac, so that the emitter can write the adapter that
 * calls it and the Javadoc that names it.
 *
 * @param packageName the package of the declaring class ("" for the default package)
 * @param declaringClass the canonical name of the declaring class, as Java source refers to it
 * @param methodName the method's name
 * @param params the parameters in source order
 * @param returnKind what the method returns
 * @param returnShape the shape of the returned value ({@code []} for a scalar), -1 for each length
 *     known only at run time
 * @param sourceFile the file name, for comments ("Losses.java")
 * @param line the line of the method declaration
 */
public record SourceMethod(
    String packageName,
    String declaringClass,
    String methodName,
    List<Param> params,
    Kind returnKind,
    List<Integer> returnShape,
    String sourceFile,
    int line) {

  /**
   * Java types a parameter or result can have; mirrors {@code dev.adjoint.CompiledFunction.Kind}.
   */
  public enum Kind {
    VALUE,
    VALUE_ARRAY,
    VALUE_MATRIX,
    VALUE_LIST,
    INT,
    DOUBLE,
    BOOLEAN,
    DOUBLE_ARRAY,
    INT_ARRAY,
    /** {@code Value[][][]}. */
    VALUE_TENSOR,
    /** {@code List<Value[]>}. */
    VALUE_ARRAY_LIST;

    /** True for the kinds that carry a gradient. */
    public boolean differentiable() {
      return this == VALUE
          || this == VALUE_ARRAY
          || this == VALUE_MATRIX
          || this == VALUE_LIST
          || this == VALUE_TENSOR
          || this == VALUE_ARRAY_LIST;
    }
  }

  /**
   * One parameter.
   *
   * @param shape its {@code @Shape} ({@code []} for scalars), -1 for each length known only at run
   *     time (no {@code @Shape})
   * @param min smallest value a gradient check should sample ({@code @Domain}, or a default)
   * @param max largest value a gradient check should sample
   * @param maxLength for an {@code int} used as an index into a dimension of runtime length, that
   *     length (plus an offset) is the largest value to sample too; null otherwise
   */
  public record Param(
      String name, Kind kind, List<Integer> shape, double min, double max, LengthBound maxLength) {
    public Param {
      shape = List.copyOf(shape);
    }

    /** A parameter whose range does not depend on a runtime length. */
    public Param(String name, Kind kind, List<Integer> shape, double min, double max) {
      this(name, kind, shape, min, max, null);
    }
  }

  /**
   * The runtime length of dimension {@code axis} of parameter {@code param} (by position) plus
   * {@code offset}.
   */
  public record LengthBound(int param, int axis, int offset) {}

  public SourceMethod {
    params = List.copyOf(params);
    returnShape = List.copyOf(returnShape);
  }
}
