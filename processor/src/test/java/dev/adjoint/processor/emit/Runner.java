package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one generated kernel method and the interpreter on the same arguments and asserts that they
 * agree bit for bit, output buffers starting full of garbage.
 */
final class Runner {
  private Runner() {}

  /**
   * Arguments of {@code f} in interpreter form: flat {@code double[]} for arrays, numbers for
   * scalars; {@code ints} gives int and boolean parameters by name, others are random.
   */
  static List<Object> arguments(Function f, long seed, Map<String, Double> ints) {
    List<Object> args = new ArrayList<>();
    int k = 0;
    for (Function.Parameter p : f.params()) {
      if (p.isArray()) {
        args.add(Harness.random(seed + k++, JavaTypes.size(p.shape()), -2, 2));
      } else if (p.type() == ScalarType.F64 && !ints.containsKey(p.name())) {
        args.add(Harness.random(seed + k++, 1, -2, 2)[0]);
      } else {
        args.add(ints.get(p.name()));
      }
    }
    return args;
  }

  /** The Java argument for an interpreter argument of parameter {@code p}. */
  static Object javaArgument(Function.Parameter p, Object arg) {
    if (p.isArray()) {
      double[] flat = (double[]) arg;
      return p.shape().size() == 1
          ? flat.clone()
          : Harness.matrix(flat, p.shape().get(0), p.shape().get(1));
    }
    double d = ((Number) arg).doubleValue();
    return switch (p.type()) {
      case F64 -> d;
      case I32 -> (int) d;
      case BOOL -> d != 0;
      case VOID -> throw new IllegalArgumentException();
    };
  }

  /** Calls {@code method} of {@code kernel} and asserts its results are the interpreter's. */
  static List<double[]> check(Object kernel, String method, Function f, List<Object> args) {
    List<double[]> expected = Interpreter.run(f, args);
    Signature sig = new Signature(f);
    List<Object> java = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      java.add(javaArgument(f.params().get(i), args.get(i)));
    }
    List<Object> outputs = new ArrayList<>();
    for (Signature.Param o : sig.outputs()) {
      Object buffer;
      if (o.shape().size() == 1) {
        double[] b = new double[o.shape().get(0)];
        Arrays.fill(b, 12345.0); // stale data the kernel must not keep
        buffer = b;
      } else {
        double[][] b = new double[o.shape().get(0)][o.shape().get(1)];
        for (double[] row : b) {
          Arrays.fill(row, -777.0);
        }
        buffer = b;
      }
      outputs.add(buffer);
      java.add(buffer);
    }
    Object returned = Harness.call(kernel, method, java.toArray());
    List<double[]> actual = new ArrayList<>();
    for (Function.Result r : f.results()) {
      if (r.isArray()) {
        int index = sig.outputs().stream().map(Signature.Param::irId).toList().indexOf(r.id());
        Object buffer = outputs.get(index);
        actual.add(buffer instanceof double[] d ? d : Harness.flat((double[][]) buffer));
      } else {
        actual.add(new double[] {((Number) returned).doubleValue()});
      }
    }
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      Harness.assertBits(expected.get(i), actual.get(i), method + " result " + i);
    }
    return actual;
  }
}
