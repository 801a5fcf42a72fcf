package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Central finite differences of a primal program, run on the IR interpreter. */
final class FiniteDifferences {
  private FiniteDifferences() {}

  /** d(sum_k seed_k * out_k) / d(arg[param][element]). */
  static double partial(Function f, List<Object> args, int param, int element, double[] seed) {
    double h = 1e-6;
    Object orig = args.get(param);
    double x = orig instanceof double[] a ? a[element] : ((Number) orig).doubleValue();
    double step = h * Math.max(1.0, Math.abs(x));
    double up = dot(seed, Interpreter.run(f, with(args, param, element, x + step)).get(0));
    double down = dot(seed, Interpreter.run(f, with(args, param, element, x - step)).get(0));
    return (up - down) / (2 * step);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static List<Object> with(List<Object> args, int param, int element, double value) {
    List<Object> copy = new ArrayList<>(args);
    Object orig = args.get(param);
    if (orig instanceof double[] a) {
      double[] c = a.clone();
      c[element] = value;
      copy.set(param, c);
    } else {
      copy.set(param, value);
    }
    return copy;
  }

  /** Random arguments: arrays and scalars in [lo, hi]; int parameters get {@code ints}. */
  static List<Object> randomArgs(Function f, SplittableRandom r, double lo, double hi, int ints) {
    List<Object> args = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      if (p.isArray()) {
        int n = p.shape().stream().reduce(1, (a, c) -> a * c);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = lo + (hi - lo) * r.nextDouble();
        }
        args.add(a);
      } else if (p.type() == dev.adjoint.processor.ir.ScalarType.I32) {
        args.add((double) ints);
      } else {
        args.add(lo + (hi - lo) * r.nextDouble());
      }
    }
    return args;
  }
}
