package dev.adjoint.examples.bench;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;

/**
 * The benchmark's functions without {@code @Shape}: the generated code takes logits of any length.
 * Measured beside their {@code @Shape} twins in {@link Sized}, which they must match in speed.
 */
public final class AnyLength {
  private AnyLength() {}

  /** Softmax over logits of any length. */
  @Differentiable
  public static Value[] softmax(Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over logits of any length. */
  @Differentiable
  public static Value[] logSoftmax(Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over logits of any length. */
  @Differentiable
  public static Value crossEntropy(Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }
}
