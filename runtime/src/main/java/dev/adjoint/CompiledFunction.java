package dev.adjoint;

import java.util.List;

/**
 * One {@link Differentiable} method as compiled by the processor, in a uniform shape that generic
 * tools (the gradient checker, the comparison CLI) can drive without knowing its signature.
 *
 * <p>Generated classes register an implementation per method with {@link java.util.ServiceLoader}.
 * Differentiable inputs are passed flattened, one {@code double[]} per differentiable parameter in
 * source order (a scalar {@code Value} is an array of length 1, a {@code Value[][]} is row-major);
 * every other argument is passed boxed ({@code Integer}, {@code Double}, {@code Boolean}, {@code
 * double[]}, {@code int[]}) in {@code passive}, in source order. Outputs are flattened row-major.
 */
public interface CompiledFunction {

  /** What a parameter of the source method is. */
  enum Kind {
    VALUE,
    VALUE_ARRAY,
    VALUE_MATRIX,
    VALUE_LIST,
    INT,
    DOUBLE,
    BOOLEAN,
    DOUBLE_ARRAY,
    INT_ARRAY;

    /** True for the kinds that carry a gradient. */
    public boolean differentiable() {
      return this == VALUE || this == VALUE_ARRAY || this == VALUE_MATRIX || this == VALUE_LIST;
    }
  }

  /**
   * A parameter of the source method.
   *
   * @param name its source name
   * @param kind what it is
   * @param shape its static shape ({@code {}} for scalars)
   * @param min smallest value a checker should sample
   * @param max largest value a checker should sample
   */
  record Parameter(String name, Kind kind, List<Integer> shape, double min, double max) {
    /** Number of scalars in this parameter. */
    public int size() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** The source method, qualified: {@code com.example.Losses.crossEntropy}. */
  String name();

  /** Qualified name of the generated class holding the compiled code. */
  String generatedClass();

  /** The source method's parameters, in order. */
  List<Parameter> parameters();

  /** The kind of the return value ({@code VALUE}, {@code VALUE_ARRAY}, ...). */
  Kind outputKind();

  /** The static shape of the return value ({@code {}} for a scalar). */
  List<Integer> outputShape();

  /** Runs the generated forward pass; returns the output flattened. */
  double[] forward(double[][] inputs, Object[] passive);

  /**
   * Runs the generated reverse pass: the vector-Jacobian product of {@code seed} (shaped like the
   * flattened output), one gradient array per differentiable parameter.
   */
  double[][] vjp(double[][] inputs, Object[] passive, double[] seed);

  /**
   * Runs the generated forward-mode pass: the Jacobian-vector product for the given input tangents
   * (one array per differentiable parameter), flattened like the output.
   */
  double[] jvp(double[][] inputs, Object[] passive, double[][] tangents);

  /**
   * Calls the original source method on the {@link Value} engine with arguments of its own types
   * ({@code Value}, {@code Value[]}, {@code List<Value>}, {@code int}, ...), in source order.
   */
  Object invokeOriginal(Object[] arguments);
}
