package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;
import java.util.List;

/**
 * A hand-compiled softmax over logits of any length, as the processor compiles a method without
 * {@code @Shape}: the original is {@code Nn.softmax}, which rejects an empty vector (a maximum of
 * nothing). A {@link Defect} breaks it in one place, for tests that the checker notices.
 */
class RuntimeSoftmaxFunction implements CompiledFunction {

  /** What is broken. */
  enum Defect {
    NONE,
    /** The gradient's first element is scaled by 1.01 when there are more than 100 logits. */
    GRADIENT_WRONG_WHEN_LARGE,
    /** The generated forward rejects a single logit, which the original accepts. */
    FORWARD_REJECTS_ONE
  }

  private final Defect defect;

  RuntimeSoftmaxFunction() {
    this(Defect.NONE);
  }

  RuntimeSoftmaxFunction(Defect defect) {
    this.defect = defect;
  }

  @Override
  public String name() {
    return "test.Losses.softmax";
  }

  @Override
  public String generatedClass() {
    return "test.LossesCompiled";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("logits", Kind.VALUE_ARRAY, List.of(-1), -3, 3, List.of(Dim.of("n"))));
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
    return List.of(Dim.of("n"));
  }

  @Override
  public int[] outputShape(int[][] shapes, Object[] passive) {
    return new int[] {shapes[0][0]};
  }

  private double[] probabilities(double[] x) {
    if (defect == Defect.FORWARD_REJECTS_ONE && x.length == 1) {
      throw new IllegalArgumentException("one logit");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double[] e = new double[x.length];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      e[i] = Math.exp(x[i] - max);
      total = i == 0 ? e[0] : total + e[i];
    }
    for (int i = 0; i < x.length; i++) {
      e[i] = e[i] / total;
    }
    return e;
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
    return probabilities(inputs[0]);
  }

  @Override
  public double[][] vjp(double[][] inputs, int[][] shapes, Object[] passive, double[] seed) {
    double[] p = probabilities(inputs[0]);
    double dot = 0;
    for (int i = 0; i < p.length; i++) {
      dot += seed[i] * p[i];
    }
    double[] g = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      g[i] = p[i] * (seed[i] - dot);
    }
    if (defect == Defect.GRADIENT_WRONG_WHEN_LARGE && g.length > 100) {
      g[0] *= 1.01;
    }
    return new double[][] {g};
  }

  @Override
  public double[] jvp(double[][] inputs, int[][] shapes, Object[] passive, double[][] tangents) {
    double[] p = probabilities(inputs[0]);
    double dot = 0;
    for (int i = 0; i < p.length; i++) {
      dot += p[i] * tangents[0][i];
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] * (tangents[0][i] - dot);
    }
    return out;
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    return Nn.softmax((Value[]) arguments[0]);
  }
}
