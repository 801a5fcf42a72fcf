package dev.adjoint.examples.bench;

import dev.adjoint.Value;

/**
 * Value and gradient on the {@link Value} engine, the way a micrograd user gets them: wrap each
 * input in a leaf, run the original method, call {@link Value#backward()} and read the leaves'
 * gradients. Everything a user pays for is inside the timed call, including building the leaves and
 * copying the gradients out, so the figure compares with the generated {@code gradient} / {@code
 * vjp}, which takes and returns plain arrays.
 */
final class EngineRuns {
  private EngineRuns() {}

  /** A vector function of one argument, such as {@code Sized.softmax4}. */
  interface VectorFunction {
    /** Runs the original method on leaves. */
    Value[] apply(Value[] x);
  }

  /** A vector function of a vector and two matrices (attention, MLP). */
  interface LayerFunction {
    /** Runs the original method on leaves. */
    Value[] apply(Value[] x, Value[][] a, Value[][] b);
  }

  /** Cross-entropy: the loss returned, its gradient into {@code grad}. */
  static double gradient(SizedKernels.EngineScalar f, double[] logits, int target, double[] grad) {
    Value[] leaves = leaves(logits);
    Value loss = f.apply(leaves, target);
    loss.backward();
    gradients(leaves, grad);
    return loss.data();
  }

  /**
   * A vector function's value into {@code out} and its vector-Jacobian product with {@code seed}
   * into {@code grad}: back-propagates {@code sum_k seed[k] * out[k]}, as the checker does.
   */
  static void vjp(VectorFunction f, double[] x, double[] seed, double[] out, double[] grad) {
    Value[] leaves = leaves(x);
    backward(f.apply(leaves), seed, out);
    gradients(leaves, grad);
  }

  /** As {@link #vjp(VectorFunction, double[], double[], double[], double[])}, three arguments. */
  static void vjp(
      LayerFunction f,
      double[] x,
      double[][] a,
      double[][] b,
      double[] seed,
      double[] out,
      double[] gX,
      double[][] gA,
      double[][] gB) {
    Value[] xs = leaves(x);
    Value[][] as = leaves(a);
    Value[][] bs = leaves(b);
    backward(f.apply(xs, as, bs), seed, out);
    gradients(xs, gX);
    for (int r = 0; r < as.length; r++) {
      gradients(as[r], gA[r]);
    }
    for (int r = 0; r < bs.length; r++) {
      gradients(bs[r], gB[r]);
    }
  }

  private static void backward(Value[] outputs, double[] seed, double[] out) {
    Value[] terms = new Value[outputs.length];
    for (int k = 0; k < outputs.length; k++) {
      out[k] = outputs[k].data();
      terms[k] = outputs[k].mul(seed[k]);
    }
    Value.sum(terms).backward();
  }

  private static Value[] leaves(double[] x) {
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Value.of(x[i]);
    }
    return out;
  }

  private static Value[][] leaves(double[][] m) {
    Value[][] out = new Value[m.length][];
    for (int r = 0; r < m.length; r++) {
      out[r] = leaves(m[r]);
    }
    return out;
  }

  private static void gradients(Value[] leaves, double[] into) {
    for (int i = 0; i < leaves.length; i++) {
      into[i] = leaves[i].grad();
    }
  }
}
