package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Parameter;
import dev.adjoint.GradientScale;
import dev.adjoint.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the original source method of a {@link CompiledFunction} on the {@link Value} engine: the
 * reference the checks compare the generated code with, open for comparisons of your own (a
 * training loop driven once by each gradient, for instance).
 */
public final class Engine {

  private Engine() {}

  /**
   * The engine's vector-Jacobian product, shaped like {@link CompiledFunction#vjp}: builds fresh
   * leaves from {@code inputs}, calls the source method, back-propagates {@code sum_k seed[k] *
   * output[k]} and returns one gradient array per differentiable parameter.
   *
   * @param fn the compiled function whose source method runs
   * @param inputs one flattened (row-major) array per differentiable parameter, in source order
   * @param passive the other arguments, in source order
   * @param seed one weight per element of the flattened output
   */
  public static double[][] vjp(
      CompiledFunction fn, double[][] inputs, Object[] passive, double[] seed) {
    return trace(fn, inputs, passive).gradient(seed);
  }

  /**
   * {@link #vjp(CompiledFunction, double[][], Object[], double[])} for differentiable inputs of the
   * given shapes (for parameters of runtime size: {@code {rows, cols}} for a matrix).
   */
  public static double[][] vjp(
      CompiledFunction fn, double[][] inputs, int[][] shapes, Object[] passive, double[] seed) {
    return trace(fn, inputs, shapes, passive).gradient(seed);
  }

  /**
   * A traced call: the leaf values built for each differentiable parameter and the outputs.
   *
   * @param leaves one flattened array of fresh leaves per differentiable parameter
   * @param outputs the result, flattened row-major
   */
  record Trace(List<Value[]> leaves, Value[] outputs) {

    /** The data of the outputs. */
    double[] outputData() {
      double[] out = new double[outputs.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = outputs[k].data();
      }
      return out;
    }

    /** The root whose graph is the whole computation: the output, or the sum of the outputs. */
    Value root() {
      return outputs.length == 1 ? outputs[0] : Value.sum(outputs);
    }

    /**
     * Back-propagates {@code sum_k seed[k] * outputs[k]} and returns the gradient of each leaf.
     * Call at most once per trace: gradients accumulate.
     */
    double[][] gradient(double[] seed) {
      seeded(seed).backward();
      double[][] grads = new double[leaves.size()][];
      for (int i = 0; i < grads.length; i++) {
        Value[] vs = leaves.get(i);
        grads[i] = new double[vs.length];
        for (int j = 0; j < vs.length; j++) {
          grads[i][j] = vs[j].grad();
        }
      }
      return grads;
    }

    /**
     * The rounding scale of each leaf's gradient for {@code seed} ({@link GradientScale}), in the
     * layout of {@link #gradient}.
     */
    GradientScale.Bound[][] scales(double[] seed) {
      List<Value> all = new ArrayList<>();
      for (Value[] vs : leaves) {
        all.addAll(Arrays.asList(vs));
      }
      GradientScale.Bound[] flat = GradientScale.of(seeded(seed), all);
      GradientScale.Bound[][] out = new GradientScale.Bound[leaves.size()][];
      int at = 0;
      for (int i = 0; i < out.length; i++) {
        out[i] = Arrays.copyOfRange(flat, at, at + leaves.get(i).length);
        at += leaves.get(i).length;
      }
      return out;
    }

    /** {@code sum_k seed[k] * outputs[k]}, the root a seeded vjp back-propagates from. */
    private Value seeded(double[] seed) {
      Value[] terms = new Value[outputs.length];
      for (int k = 0; k < terms.length; k++) {
        // mul(seed) makes the output's gradient exactly seed[k], as a seeded vjp would have it.
        terms[k] = outputs[k].mul(seed[k]);
      }
      return Value.sum(terms);
    }
  }

  /** Builds fresh leaves from {@code inputs}, calls the original and flattens its result. */
  static Trace trace(CompiledFunction fn, double[][] inputs, Object[] passive) {
    return trace(fn, inputs, null, passive);
  }

  /**
   * As {@link #trace(CompiledFunction, double[][], Object[])}, the differentiable inputs of the
   * given shapes (null: their static shapes).
   */
  static Trace trace(CompiledFunction fn, double[][] inputs, int[][] shapes, Object[] passive) {
    List<Parameter> params = fn.parameters();
    Object[] args = new Object[params.size()];
    List<Value[]> leaves = new ArrayList<>();
    int passiveIndex = 0;
    for (int i = 0; i < args.length; i++) {
      Parameter p = params.get(i);
      if (p.kind().differentiable()) {
        double[] x = inputs[leaves.size()];
        Value[] vs = new Value[x.length];
        for (int j = 0; j < x.length; j++) {
          vs[j] = Value.of(x[j]);
        }
        int[] shape =
            shapes != null
                ? shapes[leaves.size()]
                : p.shape().stream().mapToInt(Integer::intValue).toArray();
        leaves.add(vs);
        args[i] = argument(p, vs, shape);
      } else {
        args[i] = passive[passiveIndex++];
      }
    }
    return new Trace(leaves, flatten(fn.invokeOriginal(args)));
  }

  private static Object argument(Parameter p, Value[] vs, int[] shape) {
    switch (p.kind()) {
      case VALUE:
        if (vs.length != 1) {
          throw new IllegalStateException(p.name() + ": a scalar needs 1 input, got " + vs.length);
        }
        return vs[0];
      case VALUE_ARRAY:
        return vs.clone();
      case VALUE_LIST:
        return new ArrayList<>(Arrays.asList(vs));
      case VALUE_MATRIX:
        return rows(vs, shape.length == 0 ? 1 : shape[0]);
      case VALUE_ARRAY_LIST:
        return new ArrayList<>(Arrays.asList(rows(vs, shape[0])));
      case VALUE_TENSOR:
        Value[][] planes = rows(vs, shape[0] * (shape.length > 1 ? shape[1] : 1));
        Value[][][] t = new Value[shape[0]][][];
        int per = shape.length > 1 ? shape[1] : 0;
        for (int a = 0; a < t.length; a++) {
          t[a] = Arrays.copyOfRange(planes, a * per, (a + 1) * per);
        }
        return t;
      default:
        throw new IllegalArgumentException("not differentiable: " + p);
    }
  }

  /** {@code vs} cut into {@code rows} rows of equal length (none when there are no rows). */
  private static Value[][] rows(Value[] vs, int rows) {
    int cols = rows == 0 ? 0 : vs.length / rows;
    Value[][] m = new Value[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = Arrays.copyOfRange(vs, r * cols, (r + 1) * cols);
    }
    return m;
  }

  private static Value[] flatten(Object result) {
    if (result instanceof Value v) {
      return new Value[] {v};
    }
    if (result instanceof Value[] a) {
      return a.clone();
    }
    List<Value> out = new ArrayList<>();
    if (result instanceof Value[][] m) {
      for (Value[] row : m) {
        out.addAll(Arrays.asList(row));
      }
    } else if (result instanceof Value[][][] t) {
      for (Value[][] plane : t) {
        for (Value[] row : plane) {
          out.addAll(Arrays.asList(row));
        }
      }
    } else if (result instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Value v) {
          out.add(v);
        } else if (o instanceof Value[] row) {
          out.addAll(Arrays.asList(row));
        } else {
          throw new IllegalStateException("invokeOriginal returned a list holding " + o);
        }
      }
    } else {
      String type = result == null ? "null" : result.getClass().getName();
      throw new IllegalStateException("invokeOriginal returned " + type + ", not a Value result");
    }
    return out.toArray(new Value[0]);
  }
}
