package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.util.List;

/**
 * A hand-compiled {@code out[r] = maybeTanh(scale * sum_c w[r][c] * x[c])} with a matrix, a list, a
 * double and a boolean parameter and a vector output, to exercise every argument conversion.
 */
public final class AffineFunction implements CompiledFunction {

  private final int rows;
  private final int cols;

  /** A 2 x 3 matrix. */
  public AffineFunction() {
    this(2, 3);
  }

  AffineFunction(int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
  }

  @Override
  public String name() {
    return "test.Layers.affine" + rows + "x" + cols;
  }

  @Override
  public String generatedClass() {
    return "test.LayersAdjoint";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("w", Kind.VALUE_MATRIX, List.of(rows, cols), -3, 3),
        new Parameter("x", Kind.VALUE_LIST, List.of(cols), -1, 1),
        new Parameter("scale", Kind.DOUBLE, List.of(), 0.5, 2),
        new Parameter("squash", Kind.BOOLEAN, List.of(), 0, 1));
  }

  @Override
  public Kind outputKind() {
    return Kind.VALUE_ARRAY;
  }

  @Override
  public List<Integer> outputShape() {
    return List.of(rows);
  }

  private double[] preActivation(double[] w, double[] x, double scale) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double acc = w[r * cols] * x[0];
      for (int c = 1; c < cols; c++) {
        acc = acc + w[r * cols + c] * x[c];
      }
      out[r] = acc * scale;
    }
    return out;
  }

  @Override
  public double[] forward(double[][] inputs, Object[] passive) {
    double[] a = preActivation(inputs[0], inputs[1], (Double) passive[0]);
    if ((Boolean) passive[1]) {
      for (int r = 0; r < rows; r++) {
        a[r] = Math.tanh(a[r]);
      }
    }
    return a;
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    double[] w = inputs[0];
    double[] x = inputs[1];
    double scale = (Double) passive[0];
    double[] a = preActivation(w, x, scale);
    double[] gw = new double[w.length];
    double[] gx = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double g = seed[r];
      if ((Boolean) passive[1]) {
        double t = Math.tanh(a[r]);
        g = (1.0 - t * t) * g;
      }
      g = scale * g;
      for (int c = 0; c < cols; c++) {
        gw[r * cols + c] = x[c] * g;
        gx[c] += w[r * cols + c] * g;
      }
    }
    return new double[][] {gw, gx};
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    double[] w = inputs[0];
    double[] x = inputs[1];
    double[] dw = tangents[0];
    double[] dx = tangents[1];
    double scale = (Double) passive[0];
    double[] a = preActivation(w, x, scale);
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double d = 0;
      for (int c = 0; c < cols; c++) {
        d += dw[r * cols + c] * x[c] + w[r * cols + c] * dx[c];
      }
      d = d * scale;
      if ((Boolean) passive[1]) {
        double t = Math.tanh(a[r]);
        d = (1.0 - t * t) * d;
      }
      out[r] = d;
    }
    return out;
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    Value[][] w = (Value[][]) arguments[0];
    @SuppressWarnings("unchecked")
    List<Value> x = (List<Value>) arguments[1];
    double scale = (Double) arguments[2];
    boolean squash = (Boolean) arguments[3];
    Value[] out = new Value[rows];
    for (int r = 0; r < rows; r++) {
      Value acc = w[r][0].mul(x.get(0));
      for (int c = 1; c < cols; c++) {
        acc = acc.add(w[r][c].mul(x.get(c)));
      }
      acc = acc.mul(scale);
      out[r] = squash ? acc.tanh() : acc;
    }
    return out;
  }
}
