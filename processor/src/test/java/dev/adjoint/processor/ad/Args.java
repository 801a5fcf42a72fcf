package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Interpreter arguments for derivative checks: scalars ({@code Double}), plain arrays and {@link
 * Interpreter.Shaped} arrays, their elements as one flat vector, and steps along them.
 */
final class Args {
  private Args() {}

  /** The elements of an argument, row-major. */
  static double[] data(Object arg) {
    if (arg instanceof Interpreter.Shaped s) {
      return s.data();
    }
    if (arg instanceof double[] a) {
      return a;
    }
    return new double[] {((Number) arg).doubleValue()};
  }

  /** An argument of the same kind and shape as {@code arg}, holding {@code values}. */
  static Object like(Object arg, double[] values) {
    if (arg instanceof Interpreter.Shaped s) {
      return new Interpreter.Shaped(values, s.dims());
    }
    if (arg instanceof double[]) {
      return values;
    }
    return values[0];
  }

  /**
   * {@code args} with element {@code e} of argument {@code p} moved by {@code h}, or, when {@code p
   * < 0}, every argument with a non-null {@code direction} moved by {@code h} times it.
   */
  static List<Object> step(List<Object> args, int p, int e, List<Object> direction, double h) {
    List<Object> out = new ArrayList<>(args);
    for (int q = 0; q < args.size(); q++) {
      if (p >= 0 ? q != p : direction.get(q) == null) {
        continue;
      }
      double[] x = data(args.get(q)).clone();
      if (p >= 0) {
        x[e] += h;
      } else {
        double[] d = data(direction.get(q));
        for (int i = 0; i < x.length; i++) {
          x[i] += h * d[i];
        }
      }
      out.set(q, like(args.get(q), x));
    }
    return out;
  }

  /** {@code n} uniform values in [lo, hi). */
  static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble(lo, hi);
    }
    return a;
  }
}
