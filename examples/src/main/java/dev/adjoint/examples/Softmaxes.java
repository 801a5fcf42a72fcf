package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.Shape;
import dev.adjoint.Value;

/**
 * Lesson 10 of the course: softmax and log-softmax over a 27-token vocabulary, with the
 * max-subtraction and log-sum-exp tricks, and the cross-entropy loss built on them.
 */
public final class Softmaxes {
  private Softmaxes() {}

  /** Probabilities from logits; the max is a constant taken on {@code data()}. */
  @Differentiable
  public static Value[] softmax(@Shape(27) Value[] logits) {
    return softmaxOf(logits);
  }

  /**
   * Softmax of any length. Not annotated: compiled methods that call it get it inlined at the
   * length they pass.
   */
  static Value[] softmaxOf(Value[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (Value v : logits) {
      max = Math.max(max, v.data());
    }
    Value[] exps = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exps[i] = logits[i].sub(max).exp();
    }
    Value total = exps[0];
    for (int i = 1; i < exps.length; i++) {
      total = total.add(exps[i]);
    }
    Value[] probs = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      probs[i] = exps[i].div(total);
    }
    return probs;
  }

  /** Log-probabilities by log-sum-exp, never materializing tiny probabilities. */
  @Differentiable
  public static Value[] logSoftmax(@Shape(27) Value[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (Value v : logits) {
      max = Math.max(max, v.data());
    }
    Value[] shifted = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i].sub(max);
    }
    Value sum = shifted[0].exp();
    for (int i = 1; i < shifted.length; i++) {
      sum = sum.add(shifted[i].exp());
    }
    Value logSum = sum.log();
    Value[] out = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = shifted[i].sub(logSum);
    }
    return out;
  }

  /** The loss of predicting {@code target}: minus its log-probability. */
  @Differentiable
  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (Value v : logits) {
      max = Math.max(max, v.data());
    }
    Value[] shifted = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i].sub(max);
    }
    Value sum = Value.of(0);
    for (Value s : shifted) {
      sum = sum.add(s.exp());
    }
    Value logSum = sum.log();
    return shifted[target].sub(logSum).neg();
  }

  /** Sampling distribution at a temperature: logits divided by it, then softmax. */
  @Differentiable
  public static Value[] temperatureSoftmax(@Shape(27) Value[] logits, double temperature) {
    Value[] scaled = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scaled[i] = logits[i].div(temperature);
    }
    return softmaxOf(scaled);
  }
}
