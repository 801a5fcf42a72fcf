package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.Shape;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;

/** The course's building blocks: a linear layer, a ReLU MLP and RMSNorm, at microgpt's width. */
public final class Layers {
  private Layers() {}

  /** {@code y = W x} for a 16 x 16 weight matrix, written out as microgpt does. */
  @Differentiable
  public static Value[] linear(@Shape(16) Value[] x, @Shape({16, 16}) Value[][] w) {
    Value[] out = new Value[w.length];
    for (int j = 0; j < w.length; j++) {
      Value acc = w[j][0].mul(x[0]);
      for (int i = 1; i < x.length; i++) {
        acc = acc.add(w[j][i].mul(x[i]));
      }
      out[j] = acc;
    }
    return out;
  }

  /** microgpt's MLP block: expand to 64, ReLU, project back to 16 (using {@code Nn.linear}). */
  @Differentiable
  public static Value[] mlp(
      @Shape(16) Value[] x, @Shape({64, 16}) Value[][] w1, @Shape({16, 64}) Value[][] w2) {
    Value[] hidden = Nn.linear(x, w1);
    // Each element of a local array is assigned once (see the README): activations get their own.
    Value[] activated = new Value[hidden.length];
    for (int i = 0; i < hidden.length; i++) {
      activated[i] = hidden[i].relu();
    }
    return Nn.linear(activated, w2);
  }

  /** Root-mean-square normalization with epsilon 1e-5, as in microgpt. */
  @Differentiable
  public static Value[] rmsnorm(@Shape(16) Value[] x) {
    Value ms = x[0].mul(x[0]);
    for (int i = 1; i < x.length; i++) {
      ms = ms.add(x[i].mul(x[i]));
    }
    ms = ms.div(x.length);
    Value scale = ms.add(1e-5).pow(-0.5);
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(scale);
    }
    return out;
  }
}
