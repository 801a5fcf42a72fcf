package dev.adjoint.processor.trace;

import dev.adjoint.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random arguments for traced methods: values, arrays, matrices, lists. */
final class Args {
  private final Random random;

  Args(long seed) {
    this.random = new Random(seed);
  }

  Value value() {
    return Value.of(-3 + 6 * random.nextDouble());
  }

  Value[] values(int n) {
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      out[i] = value();
    }
    return out;
  }

  Value[][] matrix(int rows, int cols) {
    Value[][] out = new Value[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = values(cols);
    }
    return out;
  }

  Value[][][] tensor(int a, int rows, int cols) {
    Value[][][] out = new Value[a][][];
    for (int i = 0; i < a; i++) {
      out[i] = matrix(rows, cols);
    }
    return out;
  }

  List<Value> list(int n) {
    return new ArrayList<>(List.of(values(n)));
  }

  double[] doubles(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = -3 + 6 * random.nextDouble();
    }
    return out;
  }

  int[] ints(int n, int bound) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextInt(bound);
    }
    return out;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
