package dev.adjoint.examples.bench;

import dev.adjoint.Differentiable;
import dev.adjoint.Shape;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;

/**
 * The benchmark's functions at every measured size. Each is the course's definition through the
 * runtime's reference {@link Nn} functions, so the generated code, the engine and the hand-written
 * baseline compute the same thing.
 */
public final class Sized {
  private Sized() {}

  /** Softmax over 4 logits. */
  @Differentiable
  public static Value[] softmax4(@Shape(4) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 4 logits. */
  @Differentiable
  public static Value[] logSoftmax4(@Shape(4) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 4 logits. */
  @Differentiable
  public static Value crossEntropy4(@Shape(4) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }

  /** Softmax over 16 logits. */
  @Differentiable
  public static Value[] softmax16(@Shape(16) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 16 logits. */
  @Differentiable
  public static Value[] logSoftmax16(@Shape(16) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 16 logits. */
  @Differentiable
  public static Value crossEntropy16(@Shape(16) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }

  /** Softmax over 64 logits. */
  @Differentiable
  public static Value[] softmax64(@Shape(64) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 64 logits. */
  @Differentiable
  public static Value[] logSoftmax64(@Shape(64) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 64 logits. */
  @Differentiable
  public static Value crossEntropy64(@Shape(64) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }

  /** Softmax over 256 logits. */
  @Differentiable
  public static Value[] softmax256(@Shape(256) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 256 logits. */
  @Differentiable
  public static Value[] logSoftmax256(@Shape(256) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 256 logits. */
  @Differentiable
  public static Value crossEntropy256(@Shape(256) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }

  /** Softmax over 1024 logits. */
  @Differentiable
  public static Value[] softmax1024(@Shape(1024) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 1024 logits. */
  @Differentiable
  public static Value[] logSoftmax1024(@Shape(1024) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 1024 logits. */
  @Differentiable
  public static Value crossEntropy1024(@Shape(1024) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }

  /** Softmax over 32768 logits. */
  @Differentiable
  public static Value[] softmax32768(@Shape(32768) Value[] logits) {
    return Nn.softmax(logits);
  }

  /** Log-softmax over 32768 logits. */
  @Differentiable
  public static Value[] logSoftmax32768(@Shape(32768) Value[] logits) {
    return Nn.logSoftmax(logits);
  }

  /** Cross-entropy over 32768 logits. */
  @Differentiable
  public static Value crossEntropy32768(@Shape(32768) Value[] logits, int target) {
    return Nn.crossEntropy(logits, target);
  }
}
