package com.example;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;

/** A first differentiable function: the cross-entropy of logits of any length. */
public final class Losses {
  private Losses() {}

  @Differentiable
  public static Value crossEntropy(Value[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (Value v : logits) {
      max = Math.max(max, v.data());
    }
    Value sum = Value.of(0);
    for (Value v : logits) {
      sum = sum.add(v.sub(max).exp());
    }
    return logits[target].sub(max).sub(sum.log()).neg();
  }
}
