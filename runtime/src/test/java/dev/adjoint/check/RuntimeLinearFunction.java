package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;
import java.util.List;

/**
 * A hand-compiled {@code Nn.linear(x, w)} for a vector and a matrix of any sizes that fit: {@code
 * w} is {@code [m][n]}, {@code x} is {@code [n]}. The matrix has two runtime dimensions, so only
 * the entry points taking shapes can unflatten it.
 */
class RuntimeLinearFunction implements CompiledFunction {

  @Override
  public String name() {
    return "test.Layers.linear";
  }

  @Override
  public String generatedClass() {
    return "test.LayersCompiled";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("x", Kind.VALUE_ARRAY, List.of(-1), -1, 1, List.of(Dim.of("n"))),
        new Parameter(
            "w", Kind.VALUE_MATRIX, List.of(-1, -1), -1, 1, List.of(Dim.of("m"), Dim.of("n"))));
  }

  @Override
  public Kind outputKind() {
    return Kind.VALUE_ARRAY;
  }

  @Override
  public List<Integer> outputShape() {
    return List.of(-1);
  }

  @Override
  public List<Dim> outputDims() {
    return List.of(Dim.of("m"));
  }

  @Override
  public int[] outputShape(int[][] shapes, Object[] passive) {
    return new int[] {shapes[1][0]};
  }

  @Override
  public double[] forward(double[][] inputs, Object[] passive) {
    return forward(inputs, shapes(inputs), passive);
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    return vjp(inputs, shapes(inputs), passive, seed);
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    return jvp(inputs, shapes(inputs), passive, tangents);
  }

  @Override
  public double[] forward(double[][] inputs, int[][] shapes, Object[] passive) {
    double[] x = inputs[0];
    double[] w = inputs[1];
    int m = shapes[1][0];
    int n = x.length;
    double[] y = new double[m];
    for (int j = 0; j < m; j++) {
      double acc = w[j * n] * x[0];
      for (int i = 1; i < n; i++) {
        acc = acc + w[j * n + i] * x[i];
      }
      y[j] = acc;
    }
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, int[][] shapes, Object[] passive, double[] seed) {
    double[] x = inputs[0];
    double[] w = inputs[1];
    int m = shapes[1][0];
    int n = x.length;
    double[] gx = new double[n];
    double[] gw = new double[m * n];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        gw[j * n + i] = x[i] * seed[j];
        gx[i] += w[j * n + i] * seed[j];
      }
    }
    return new double[][] {gx, gw};
  }

  @Override
  public double[] jvp(double[][] inputs, int[][] shapes, Object[] passive, double[][] tangents) {
    double[] x = inputs[0];
    double[] w = inputs[1];
    int m = shapes[1][0];
    int n = x.length;
    double[] out = new double[m];
    for (int j = 0; j < m; j++) {
      double d = 0;
      for (int i = 0; i < n; i++) {
        d += tangents[1][j * n + i] * x[i] + w[j * n + i] * tangents[0][i];
      }
      out[j] = d;
    }
    return out;
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    return Nn.linear((Value[]) arguments[0], (Value[][]) arguments[1]);
  }
}
