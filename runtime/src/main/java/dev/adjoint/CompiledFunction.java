package dev.adjoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@link Differentiable} method as compiled by the processor, in a uniform shape that generic
 * tools (the gradient checker, the comparison CLI) can drive without knowing its signature.
 *
 * <p>Generated classes register an implementation per method with {@link java.util.ServiceLoader}.
 * Differentiable inputs are passed flattened, one {@code double[]} per differentiable parameter in
 * source order (a scalar {@code Value} is an array of length 1, a {@code Value[][]} is row-major);
 * every other argument is passed boxed ({@code Integer}, {@code Double}, {@code Boolean}, {@code
 * double[]}, {@code int[]}) in {@code passive}, in source order. Outputs are flattened row-major.
 *
 * <p><b>Runtime sizes.</b> A parameter without {@code @Shape} takes arrays of any size: its {@link
 * Parameter#shape()} has {@code -1} for each such dimension and its {@link Parameter#dims()} name
 * the size with a symbol. Dimensions the method relates (a linear layer's {@code w[o].length} and
 * {@code x.length}) share a symbol, so that a tool choosing sizes picks one per symbol. A flattened
 * input loses its row length, so the overloads taking {@code int[][] shapes} receive each
 * differentiable parameter's actual shape ({@code {rows, cols}} for a matrix); the overloads
 * without it still work for static functions and wherever the flat length implies the shape (at
 * most one runtime dimension per parameter).
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
    INT_ARRAY,
    /** {@code Value[][][]}. */
    VALUE_TENSOR,
    /** {@code List<Value[]>}: a list of rows. */
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

    /** Number of dimensions (0 for scalars). */
    public int rank() {
      return switch (this) {
        case VALUE, INT, DOUBLE, BOOLEAN -> 0;
        case VALUE_ARRAY, VALUE_LIST, DOUBLE_ARRAY, INT_ARRAY -> 1;
        case VALUE_MATRIX, VALUE_ARRAY_LIST -> 2;
        case VALUE_TENSOR -> 3;
      };
    }
  }

  /**
   * One dimension of a parameter or output: a fixed size ({@code symbol} null, the size in {@code
   * offset}), or the runtime size {@code symbol + offset}. Dimensions with the same symbol are
   * related by the method (equal, or off by {@code offset}); a tool choosing sizes gives each
   * symbol one value.
   */
  record Dim(String symbol, int offset) {

    /** A dimension of fixed size. */
    public static Dim fixed(int size) {
      return new Dim(null, size);
    }

    /** The runtime size {@code symbol}. */
    public static Dim of(String symbol) {
      return new Dim(Objects.requireNonNull(symbol, "symbol"), 0);
    }

    /** The runtime size {@code symbol + offset}. */
    public static Dim of(String symbol, int offset) {
      return new Dim(Objects.requireNonNull(symbol, "symbol"), offset);
    }

    /** True if the size is known only at run time. */
    public boolean isRuntime() {
      return symbol != null;
    }

    /** The size, given a value for each symbol. */
    public int size(Map<String, Integer> symbols) {
      if (symbol == null) {
        return offset;
      }
      Integer v = symbols.get(symbol);
      if (v == null) {
        throw new IllegalArgumentException("no value for size " + symbol);
      }
      return v + offset;
    }

    /** {@code 27}, {@code n}, {@code n+1} or {@code n-1}. */
    @Override
    public String toString() {
      if (symbol == null) {
        return Integer.toString(offset);
      }
      return offset == 0 ? symbol : offset > 0 ? symbol + "+" + offset : symbol + offset;
    }
  }

  /**
   * A parameter of the source method.
   *
   * @param name its source name
   * @param kind what it is
   * @param shape its static shape ({@code {}} for scalars), {@code -1} for a dimension known only
   *     at run time
   * @param min smallest value a checker should sample
   * @param max largest value a checker should sample
   * @param dims each dimension's size: fixed, or a runtime symbol shared with the dimensions the
   *     method relates it to
   * @param maxSize for an {@code int} the method uses as an index into a dimension of runtime size,
   *     the largest meaningful value as a size ({@code n - 1} for an index into a vector of length
   *     {@code n}): a checker samples at most {@code min(max, maxSize)}; null when {@code max}
   *     alone applies
   */
  record Parameter(
      String name,
      Kind kind,
      List<Integer> shape,
      double min,
      double max,
      List<Dim> dims,
      Dim maxSize) {

    public Parameter {
      shape = List.copyOf(shape);
      dims = List.copyOf(dims);
      if (dims.size() != shape.size()) {
        throw new IllegalArgumentException(name + ": " + dims.size() + " dims for " + shape);
      }
    }

    /** A parameter whose largest value is {@code max} at every size. */
    public Parameter(
        String name, Kind kind, List<Integer> shape, double min, double max, List<Dim> dims) {
      this(name, kind, shape, min, max, dims, null);
    }

    /** The largest value to sample at the given sizes of the runtime dimensions. */
    public double max(Map<String, Integer> sizes) {
      if (maxSize == null || maxSize.isRuntime() && !sizes.containsKey(maxSize.symbol())) {
        return max;
      }
      return Math.min(max, maxSize.size(sizes));
    }

    /**
     * A parameter whose runtime dimensions ({@code -1} in {@code shape}) each get a symbol of their
     * own, {@code name[axis]}.
     */
    public Parameter(String name, Kind kind, List<Integer> shape, double min, double max) {
      this(name, kind, shape, min, max, dimsOf(name, shape));
    }

    private static List<Dim> dimsOf(String name, List<Integer> shape) {
      List<Dim> out = new ArrayList<>();
      for (int axis = 0; axis < shape.size(); axis++) {
        int d = shape.get(axis);
        out.add(d >= 0 ? Dim.fixed(d) : Dim.of(name + "[" + axis + "]"));
      }
      return out;
    }

    /** True if some dimension is known only at run time. */
    public boolean isRuntime() {
      return shape.contains(-1);
    }

    /** True if dimension {@code axis} is known only at run time. */
    public boolean isRuntime(int axis) {
      return shape.get(axis) < 0;
    }

    /**
     * Number of scalars in this parameter.
     *
     * @throws IllegalStateException if a dimension is known only at run time: see {@link
     *     #size(int[])}
     */
    public int size() {
      if (isRuntime()) {
        throw new IllegalStateException(name + " has a runtime size: " + dims);
      }
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    /** Number of scalars of an argument of shape {@code actual}. */
    public static int size(int[] actual) {
      long n = 1;
      for (int d : actual) {
        n *= d;
      }
      return Math.toIntExact(n);
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

  /** The static shape of the return value ({@code {}} for a scalar), -1 for a runtime size. */
  List<Integer> outputShape();

  /**
   * The output's dimensions: fixed, or runtime sizes sharing the symbol of the parameter dimensions
   * they equal (a symbol no parameter has when the size is computed otherwise: ask {@link
   * #outputShape(int[][], Object[])}).
   */
  default List<Dim> outputDims() {
    List<Dim> out = new ArrayList<>();
    List<Integer> shape = outputShape();
    for (int axis = 0; axis < shape.size(); axis++) {
      int d = shape.get(axis);
      out.add(d >= 0 ? Dim.fixed(d) : Dim.of("output[" + axis + "]"));
    }
    return out;
  }

  /**
   * The output's shape for arguments of the given shapes.
   *
   * @param shapes the actual shape of each differentiable parameter, in order
   * @param passive the other arguments, in source order (their arrays have their sizes)
   */
  default int[] outputShape(int[][] shapes, Object[] passive) {
    List<Integer> shape = outputShape();
    if (shape.contains(-1)) {
      throw new UnsupportedOperationException(name() + " does not compute its output shape");
    }
    return shape.stream().mapToInt(Integer::intValue).toArray();
  }

  /** True if some parameter or the output has a dimension known only at run time. */
  default boolean hasRuntimeSizes() {
    for (Parameter p : parameters()) {
      if (p.isRuntime()) {
        return true;
      }
    }
    return outputShape().contains(-1);
  }

  /**
   * The shapes of the differentiable {@code inputs} as their lengths imply them: the static shape,
   * with at most one runtime dimension per parameter filled in from the length.
   *
   * @throws IllegalArgumentException if a length does not fit, or a parameter has several runtime
   *     dimensions (pass its shape to the overloads that take {@code shapes})
   */
  default int[][] shapes(double[][] inputs) {
    List<int[]> out = new ArrayList<>();
    for (Parameter p : parameters()) {
      if (!p.kind().differentiable()) {
        continue;
      }
      int k = out.size();
      if (k >= inputs.length) {
        throw new IllegalArgumentException(inputs.length + " inputs, expected more");
      }
      int[] shape = p.shape().stream().mapToInt(Integer::intValue).toArray();
      int runtime = -1;
      long known = 1;
      for (int axis = 0; axis < shape.length; axis++) {
        if (shape[axis] < 0) {
          if (runtime >= 0) {
            throw new IllegalArgumentException(
                p.name() + " has several runtime dimensions: pass its shape");
          }
          runtime = axis;
        } else {
          known *= shape[axis];
        }
      }
      int length = inputs[k].length;
      if (runtime >= 0) {
        if (known == 0 ? length != 0 : length % known != 0) {
          throw new IllegalArgumentException(
              p.name() + " has " + length + " elements, not a multiple of " + known);
        }
        shape[runtime] = known == 0 ? 0 : (int) (length / known);
      } else if (shape.length == 0 ? length != 1 : length != known) {
        throw new IllegalArgumentException(
            p.name() + " has " + length + " elements, expected " + (shape.length == 0 ? 1 : known));
      }
      out.add(shape);
    }
    return out.toArray(new int[0][]);
  }

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
   * Runs the generated Hessian-vector product (forward mode over the reverse pass): the derivative
   * of {@link #vjp(double[][], Object[], double[]) vjp(inputs, passive, seed)} along {@code
   * direction}, one array per differentiable parameter, flattened like {@code vjp}'s. For a scalar
   * output that is {@code seed[0]} times the Hessian times the direction; for an array output, the
   * Hessian of {@code sum_k seed[k] * output[k]} times the direction. Exact up to rounding (no
   * finite differences), and zero for a parameter the output does not depend on.
   *
   * @param direction one array per differentiable parameter, flattened like {@code inputs}
   * @throws UnsupportedOperationException if the function was compiled without it (by an Adjoint
   *     older than Hessian-vector products)
   */
  default double[][] hvp(double[][] inputs, Object[] passive, double[] seed, double[][] direction) {
    throw new UnsupportedOperationException(name() + " has no Hessian-vector product");
  }

  /**
   * The {@link CustomGradient} functions this function calls, whose derivatives come from their
   * hand-written rules (and so agree with the engine's whatever the rules say): a checker compares
   * each rule with finite differences of its function. Empty by default.
   */
  default List<CustomFunction> customFunctions() {
    return List.of();
  }

  /**
   * True if this function implements {@link #hvp}: every function compiled by an Adjoint with
   * Hessian-vector products does; the default is false.
   */
  default boolean hasHvp() {
    return false;
  }

  /**
   * {@link #hvp(double[][], Object[], double[], double[][])} for differentiable inputs of the given
   * shapes.
   */
  default double[][] hvp(
      double[][] inputs, int[][] shapes, Object[] passive, double[] seed, double[][] direction) {
    requireShapes(inputs, shapes);
    return hvp(inputs, passive, seed, direction);
  }

  /**
   * The full Hessian of {@code sum_k seed[k] * output[k]} by one {@link #hvp} per input element,
   * for small inputs: {@code hessian[r][c]} is the derivative of gradient element {@code r} with
   * respect to input element {@code c}, the differentiable inputs flattened and concatenated in
   * parameter order. Allocates the matrix and each direction.
   *
   * @param shapes the shape of each differentiable input ({@code null}: the shapes the lengths of
   *     {@code inputs} imply)
   */
  default double[][] hessian(double[][] inputs, int[][] shapes, Object[] passive, double[] seed) {
    if (!hasHvp()) {
      throw new UnsupportedOperationException(name() + " has no Hessian-vector product");
    }
    int[][] actual = shapes == null ? shapes(inputs) : shapes;
    int n = 0;
    for (double[] x : inputs) {
      n += x.length;
    }
    double[][] hessian = new double[n][n];
    double[][] direction = new double[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      direction[k] = new double[inputs[k].length];
    }
    int column = 0;
    for (int k = 0; k < inputs.length; k++) {
      for (int j = 0; j < inputs[k].length; j++, column++) {
        direction[k][j] = 1.0;
        double[][] hv = hvp(inputs, actual, passive, seed, direction);
        direction[k][j] = 0.0;
        int row = 0;
        for (double[] part : hv) {
          for (double v : part) {
            hessian[row++][column] = v;
          }
        }
      }
    }
    return hessian;
  }

  /**
   * {@link #forward(double[][], Object[])} for differentiable inputs of the given shapes (one per
   * differentiable parameter: {@code {n}} for a vector, {@code {rows, cols}} for a matrix).
   */
  default double[] forward(double[][] inputs, int[][] shapes, Object[] passive) {
    requireShapes(inputs, shapes);
    return forward(inputs, passive);
  }

  /** {@link #vjp(double[][], Object[], double[])} for differentiable inputs of the given shapes. */
  default double[][] vjp(double[][] inputs, int[][] shapes, Object[] passive, double[] seed) {
    requireShapes(inputs, shapes);
    return vjp(inputs, passive, seed);
  }

  /**
   * {@link #jvp(double[][], Object[], double[][])} for differentiable inputs of the given shapes.
   */
  default double[] jvp(double[][] inputs, int[][] shapes, Object[] passive, double[][] tangents) {
    requireShapes(inputs, shapes);
    return jvp(inputs, passive, tangents);
  }

  /**
   * Checks that {@code shapes} are those the lengths of {@code inputs} imply ({@link
   * #shapes(double[][])}), which is all a function whose overloads without shapes suffice can use.
   */
  private void requireShapes(double[][] inputs, int[][] shapes) {
    int[][] implied = shapes(inputs);
    if (shapes.length != implied.length) {
      throw new IllegalArgumentException(
          shapes.length + " shapes for " + implied.length + " inputs");
    }
    for (int k = 0; k < implied.length; k++) {
      if (!java.util.Arrays.equals(shapes[k], implied[k])) {
        throw new IllegalArgumentException(
            "input "
                + k
                + " has shape "
                + java.util.Arrays.toString(shapes[k])
                + ", expected "
                + java.util.Arrays.toString(implied[k]));
      }
    }
  }

  /**
   * Calls the original source method on the {@link Value} engine with arguments of its own types
   * ({@code Value}, {@code Value[]}, {@code Value[][]}, {@code Value[][][]}, {@code List<Value>},
   * {@code List<Value[]>}, {@code int}, ...) of any size it accepts, in source order.
   */
  Object invokeOriginal(Object[] arguments);
}
