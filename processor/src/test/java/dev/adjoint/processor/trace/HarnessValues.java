package dev.adjoint.processor.trace;

import dev.adjoint.Value;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The arguments and results of {@link TraceHarness}'s runs: Java arguments for the engine, the same
 * numbers for the {@link Interpreter} (flat arrays, {@link Interpreter.Shaped} for runtime
 * matrices), deep copies so that neither run sees the other's writes, and outputs as doubles.
 */
final class HarnessValues {
  private HarnessValues() {}

  /** Deep copies, so that a method writing into its arguments cannot change the IR's inputs. */
  static List<Object> copyArgs(Object[] args) {
    List<Object> out = new ArrayList<>();
    for (Object a : args) {
      out.add(deepCopy(a));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object a) {
    if (a instanceof Value[] vs) {
      return vs.clone();
    } else if (a instanceof Value[][] m) {
      Value[][] out = new Value[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = m[i].clone();
      }
      return out;
    } else if (a instanceof Value[][][] c) {
      Value[][][] out = new Value[c.length][][];
      for (int i = 0; i < c.length; i++) {
        out[i] = (Value[][]) deepCopy(c[i]);
      }
      return out;
    } else if (a instanceof List<?> l) {
      return new ArrayList<>((List<Value>) l);
    } else if (a instanceof int[] is) {
      return is.clone();
    } else if (a instanceof double[] ds) {
      return ds.clone();
    }
    return a;
  }

  @SuppressWarnings("unchecked")
  static Object irArgument(Object a, dev.adjoint.processor.ir.Function.Parameter p) {
    if (a instanceof Value v) {
      return v.data();
    } else if (a instanceof Number n) {
      return n.doubleValue();
    } else if (a instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    } else if (a instanceof double[] ds) {
      return ds.clone();
    } else if (a instanceof int[] is) {
      return Arrays.stream(is).asDoubleStream().toArray();
    } else if (a instanceof Value[] vs) {
      return Arrays.stream(vs).mapToDouble(Value::data).toArray();
    } else if (a instanceof List<?> l) {
      return ((List<Value>) l).stream().mapToDouble(Value::data).toArray();
    } else if (a instanceof Value[][] m) {
      int cols = m.length == 0 ? 0 : m[0].length;
      double[] flat = new double[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < cols; j++) {
          flat[i * cols + j] = m[i][j].data();
        }
      }
      return new Interpreter.Shaped(flat, m.length, cols);
    } else if (a instanceof Value[][][] c) {
      int rows = c.length == 0 ? 0 : c[0].length;
      int cols = rows == 0 ? 0 : c[0][0].length;
      double[] flat = new double[c.length * rows * cols];
      int k = 0;
      for (Value[][] m : c) {
        for (Value[] r : m) {
          for (Value v : r) {
            flat[k++] = v.data();
          }
        }
      }
      return new Interpreter.Shaped(flat, c.length, rows, cols);
    }
    throw new AssertionError("argument " + a);
  }

  static void arguments(SourceMethod.Param p, Random r, List<Object> ir, List<Object> java) {
    int size = 1;
    for (int d : p.shape()) {
      size *= d;
    }
    switch (p.kind()) {
      case VALUE:
        {
          double x = uniform(r, p);
          ir.add(x);
          java.add(Value.of(x));
          break;
        }
      case DOUBLE:
        {
          double x = uniform(r, p);
          ir.add(x);
          java.add(x);
          break;
        }
      case INT:
        {
          int x = (int) p.min() + r.nextInt((int) (p.max() - p.min()) + 1);
          ir.add((double) x);
          java.add(x);
          break;
        }
      case BOOLEAN:
        {
          boolean x = r.nextBoolean();
          ir.add(x ? 1.0 : 0.0);
          java.add(x);
          break;
        }
      case VALUE_ARRAY:
      case VALUE_LIST:
      case VALUE_MATRIX:
      case DOUBLE_ARRAY:
        {
          double[] flat = new double[size];
          for (int i = 0; i < size; i++) {
            flat[i] = uniform(r, p);
          }
          ir.add(flat);
          java.add(javaArray(p, flat));
          break;
        }
      case INT_ARRAY:
        {
          double[] flat = new double[size];
          int[] ints = new int[size];
          for (int i = 0; i < size; i++) {
            ints[i] = r.nextInt(3);
            flat[i] = ints[i];
          }
          ir.add(flat);
          java.add(ints);
          break;
        }
      default:
        throw new AssertionError(p.kind());
    }
  }

  private static double uniform(Random r, SourceMethod.Param p) {
    return p.min() + (p.max() - p.min()) * r.nextDouble();
  }

  private static Object javaArray(SourceMethod.Param p, double[] flat) {
    switch (p.kind()) {
      case DOUBLE_ARRAY:
        return flat.clone();
      case VALUE_ARRAY:
        return values(flat, 0, flat.length);
      case VALUE_LIST:
        return new ArrayList<>(Arrays.asList(values(flat, 0, flat.length)));
      case VALUE_MATRIX:
        {
          int rows = p.shape().get(0);
          int cols = p.shape().get(1);
          Value[][] m = new Value[rows][];
          for (int i = 0; i < rows; i++) {
            m[i] = values(flat, i * cols, cols);
          }
          return m;
        }
      default:
        throw new AssertionError(p.kind());
    }
  }

  private static Value[] values(double[] flat, int from, int n) {
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      out[i] = Value.of(flat[from + i]);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static double[] data(Object out) {
    if (out instanceof Value v) {
      return new double[] {v.data()};
    }
    if (out instanceof Value[] vs) {
      return Arrays.stream(vs).mapToDouble(Value::data).toArray();
    }
    if (out instanceof Value[][] m) {
      return Arrays.stream(m).flatMap(Arrays::stream).mapToDouble(Value::data).toArray();
    }
    if (out instanceof Value[][][] c) {
      return Arrays.stream(c)
          .flatMap(Arrays::stream)
          .flatMap(Arrays::stream)
          .mapToDouble(Value::data)
          .toArray();
    }
    if (out instanceof List<?> l) {
      return ((List<Value>) l).stream().mapToDouble(Value::data).toArray();
    }
    throw new AssertionError(out);
  }
}
