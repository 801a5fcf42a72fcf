package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.Shape;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;

/** Lessons on attention: one head over 8 positions, and microgpt's 4 heads of width 4. */
public final class Attention {
  private Attention() {}

  /** Scaled dot-product attention of one query over 8 keys and values of width 16. */
  @Differentiable
  public static Value[] singleHead(
      @Shape(16) Value[] q, @Shape({8, 16}) Value[][] keys, @Shape({8, 16}) Value[][] values) {
    double scale = Math.sqrt(q.length);
    Value[] logits = new Value[keys.length];
    for (int t = 0; t < keys.length; t++) {
      Value dot = q[0].mul(keys[t][0]);
      for (int j = 1; j < q.length; j++) {
        dot = dot.add(q[j].mul(keys[t][j]));
      }
      logits[t] = dot.div(scale);
    }
    Value[] weights = Softmaxes.softmaxOf(logits);
    Value[] out = new Value[q.length];
    for (int j = 0; j < q.length; j++) {
      Value acc = weights[0].mul(values[0][j]);
      for (int t = 1; t < keys.length; t++) {
        acc = acc.add(weights[t].mul(values[t][j]));
      }
      out[j] = acc;
    }
    return out;
  }

  /** Four heads of width 4: each head attends over its slice, outputs are concatenated. */
  @Differentiable
  public static Value[] multiHead(
      @Shape(16) Value[] q, @Shape({8, 16}) Value[][] keys, @Shape({8, 16}) Value[][] values) {
    int heads = 4;
    int width = q.length / heads;
    Value[] out = new Value[q.length];
    for (int h = 0; h < heads; h++) {
      Value[] qh = new Value[width];
      Value[][] kh = new Value[keys.length][width];
      Value[][] vh = new Value[keys.length][width];
      for (int j = 0; j < width; j++) {
        qh[j] = q[h * width + j];
        for (int t = 0; t < keys.length; t++) {
          kh[t][j] = keys[t][h * width + j];
          vh[t][j] = values[t][h * width + j];
        }
      }
      Value[] head = Nn.attention(qh, kh, vh);
      for (int j = 0; j < width; j++) {
        out[h * width + j] = head[j];
      }
    }
    return out;
  }
}
