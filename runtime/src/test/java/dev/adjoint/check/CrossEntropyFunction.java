package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.util.List;

/**
 * A hand-compiled softmax cross-entropy that performs the engine's operations in the engine's
 * order: {@code max} on data, {@code shifted = x - max}, a left-fold sum of {@code exp(shifted)},
 * {@code log}, and {@code -(shifted[target] - logSum)}.
 */
public final class CrossEntropyFunction implements CompiledFunction {

  private final int n;

  /** Five logits. */
  public CrossEntropyFunction() {
    this(5);
  }

  CrossEntropyFunction(int n) {
    this.n = n;
  }

  @Override
  public String name() {
    return "test.Losses.crossEntropy";
  }

  @Override
  public String generatedClass() {
    return "test.LossesAdjoint";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("logits", Kind.VALUE_ARRAY, List.of(n), -3, 3),
        new Parameter("target", Kind.INT, List.of(), 0, n - 1));
  }

  @Override
  public Kind outputKind() {
    return Kind.VALUE;
  }

  @Override
  public List<Integer> outputShape() {
    return List.of();
  }

  private static double[] shifted(double[] x) {
    double max = x[0];
    for (int i = 1; i < x.length; i++) {
      max = Math.max(max, x[i]);
    }
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = x[i] - max;
    }
    return s;
  }

  private static double sumExp(double[] shifted) {
    double sum = Math.exp(shifted[0]);
    for (int i = 1; i < shifted.length; i++) {
      sum = sum + Math.exp(shifted[i]);
    }
    return sum;
  }

  @Override
  public double[] forward(double[][] inputs, Object[] passive) {
    double[] shifted = shifted(inputs[0]);
    int target = (Integer) passive[0];
    return new double[] {-(shifted[target] - Math.log(sumExp(shifted)))};
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    double[] shifted = shifted(inputs[0]);
    int target = (Integer) passive[0];
    double sum = sumExp(shifted);
    // d loss / d sum = (1 / sum) * seed, through log and the two negations.
    double gSum = (1.0 / sum) * seed[0];
    double[] g = new double[shifted.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = Math.exp(shifted[i]) * gSum;
    }
    g[target] = -seed[0] + g[target];
    return new double[][] {g};
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    double[] shifted = shifted(inputs[0]);
    double[] dx = tangents[0];
    int target = (Integer) passive[0];
    double sum = Math.exp(shifted[0]);
    double dSum = Math.exp(shifted[0]) * dx[0];
    for (int i = 1; i < shifted.length; i++) {
      sum = sum + Math.exp(shifted[i]);
      dSum = dSum + Math.exp(shifted[i]) * dx[i];
    }
    return new double[] {-(dx[target] - dSum / sum)};
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    Value[] logits = (Value[]) arguments[0];
    int target = (Integer) arguments[1];
    double max = logits[0].data();
    for (int i = 1; i < logits.length; i++) {
      max = Math.max(max, logits[i].data());
    }
    Value[] shifted = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i].sub(max);
    }
    Value sum = shifted[0].exp();
    for (int i = 1; i < shifted.length; i++) {
      sum = sum.add(shifted[i].exp());
    }
    return shifted[target].sub(sum.log()).neg();
  }
}
