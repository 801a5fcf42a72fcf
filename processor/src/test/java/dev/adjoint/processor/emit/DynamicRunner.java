package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.ScalarType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a generated kernel method of runtime size and the interpreter on the same arguments, and
 * asserts that they agree bit for bit, output buffers starting full of garbage.
 */
final class DynamicRunner {
  private DynamicRunner() {}

  /** The garbage output buffers start with. */
  static final double GARBAGE = 12345.0;

  /** An interpreter argument of the given shape, random in [-2, 2). */
  static Object array(long seed, int... dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    double[] data = Harness.random(seed, n, -2, 2);
    return dims.length == 1 ? data : new Interpreter.Shaped(data, dims);
  }

  /** The Java argument for an interpreter argument: nested arrays of the parameter's rank. */
  static Object javaArgument(Function.Parameter p, Object arg) {
    if (!p.isArray()) {
      return Runner.javaArgument(p, arg);
    }
    if (arg instanceof Interpreter.Shaped s) {
      return nest(s.data(), s.dims(), 0, 0);
    }
    double[] flat = (double[]) arg;
    return flat.clone();
  }

  private static Object nest(double[] data, int[] dims, int axis, int offset) {
    if (axis == dims.length - 1) {
      return Arrays.copyOfRange(data, offset, offset + dims[axis]);
    }
    int stride = 1;
    for (int d = axis + 1; d < dims.length; d++) {
      stride *= dims[d];
    }
    Object out = Array.newInstance(double.class, new int[dims.length - axis - 1]).getClass();
    Object rows = Array.newInstance(((Class<?>) out), dims[axis]);
    for (int i = 0; i < dims[axis]; i++) {
      Array.set(rows, i, nest(data, dims, axis + 1, offset + i * stride));
    }
    return rows;
  }

  /** A buffer of the given shape full of garbage. */
  static Object buffer(int... dims) {
    Object b = Array.newInstance(double.class, dims);
    fill(b);
    return b;
  }

  private static void fill(Object a) {
    if (a instanceof double[] d) {
      Arrays.fill(d, GARBAGE);
    } else {
      for (int i = 0; i < Array.getLength(a); i++) {
        fill(Array.get(a, i));
      }
    }
  }

  /** The elements of a nested array, row-major. */
  static double[] flat(Object a) {
    if (a instanceof double[] d) {
      return d.clone();
    }
    List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < Array.getLength(a); i++) {
      double[] p = flat(Array.get(a, i));
      parts.add(p);
      n += p.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * Calls {@code method} of {@code kernel} with outputs of {@code outputShapes} (in the order of
   * the signature's outputs) and asserts its results are the interpreter's; returns the Java
   * arguments, outputs included.
   */
  static List<Object> check(
      Object kernel, String method, Function f, List<Object> args, int[]... outputShapes) {
    List<double[]> expected = Interpreter.run(f, args);
    Signature sig = new Signature(f);
    List<Object> java = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      java.add(javaArgument(f.params().get(i), args.get(i)));
    }
    List<Object> outputs = new ArrayList<>();
    for (int[] shape : outputShapes) {
      Object b = buffer(shape);
      outputs.add(b);
      java.add(b);
    }
    Object returned = Harness.call(kernel, method, java.toArray());
    List<Integer> outputIds = sig.outputs().stream().map(Signature.Param::irId).toList();
    for (int r = 0; r < f.results().size(); r++) {
      Function.Result res = f.results().get(r);
      double[] actual =
          res.isArray()
              ? flat(outputs.get(outputIds.indexOf(res.id())))
              : new double[] {((Number) returned).doubleValue()};
      Harness.assertBits(expected.get(r), actual, method + " result " + r);
    }
    return java;
  }

  /** Interpreter arguments: the given arrays and numbers, in parameter order. */
  static List<Object> args(Object... values) {
    return Arrays.asList(values);
  }

  /** True if {@code p} is a scalar of type {@code t}. */
  static boolean scalar(Function.Parameter p, ScalarType t) {
    return !p.isArray() && p.type() == t;
  }

  /**
   * Asserts that calling {@code method} throws an IllegalArgumentException with {@code message}.
   */
  static void assertThrows(String message, Object kernel, String method, Object... args) {
    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> Harness.call(kernel, method, args));
    Throwable cause = e.getCause();
    assertEquals(
        IllegalArgumentException.class, cause == null ? null : cause.getClass(), () -> "" + e);
    assertEquals(message, cause.getMessage());
  }
}
