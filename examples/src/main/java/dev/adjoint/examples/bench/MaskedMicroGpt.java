package dev.adjoint.examples.bench;

import dev.adjoint.Differentiable;
import dev.adjoint.Domain;
import dev.adjoint.Shape;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;

/**
 * Karpathy's microgpt as one differentiable training loss: embedding 16, 4 heads of width 4, one
 * layer, block size 16, vocabulary 27, so 4,192 parameters (wte 27x16, wpe 16x16, four 16x16
 * attention matrices, MLP 64x16 and 16x64, lm_head 27x16).
 *
 * <p>microgpt feeds tokens one at a time and grows a key/value cache. Here array sizes must be
 * known at compile time, so the keys and values of all 16 positions come first (with one layer they
 * depend only on their own position), and attention at position {@code pos} masks the later
 * positions with a logit of -1e9, whose softmax weight is exactly 0 beside logits of ordinary size.
 */
public final class MaskedMicroGpt {
  private MaskedMicroGpt() {}

  static final int EMBD = 16;
  static final int HEADS = 4;
  static final int HEAD_DIM = EMBD / HEADS;
  static final int BLOCK = 16;

  /** The mean cross-entropy of predicting {@code tokens[1..16]} from {@code tokens[0..15]}. */
  @Differentiable
  public static Value loss(
      @Shape({27, 16}) Value[][] wte,
      @Shape({16, 16}) Value[][] wpe,
      @Shape({16, 16}) Value[][] wq,
      @Shape({16, 16}) Value[][] wk,
      @Shape({16, 16}) Value[][] wv,
      @Shape({16, 16}) Value[][] wo,
      @Shape({64, 16}) Value[][] fc1,
      @Shape({16, 64}) Value[][] fc2,
      @Shape({27, 16}) Value[][] lmHead,
      @Shape(17) @Domain(min = 0, max = 26) int[] tokens) {
    Value[][] residual = new Value[BLOCK][];
    Value[][] queries = new Value[BLOCK][];
    Value[][] keys = new Value[BLOCK][];
    Value[][] values = new Value[BLOCK][];
    for (int pos = 0; pos < BLOCK; pos++) {
      Value[] x = new Value[EMBD];
      for (int i = 0; i < EMBD; i++) {
        x[i] = wte[tokens[pos]][i].add(wpe[pos][i]);
      }
      residual[pos] = Nn.rmsnorm(x);
      Value[] normed = Nn.rmsnorm(residual[pos]);
      queries[pos] = Nn.linear(normed, wq);
      keys[pos] = Nn.linear(normed, wk);
      values[pos] = Nn.linear(normed, wv);
    }
    Value total = Value.of(0.0);
    double scale = Math.sqrt(HEAD_DIM);
    for (int pos = 0; pos < BLOCK; pos++) {
      Value[] attn = new Value[EMBD];
      for (int h = 0; h < HEADS; h++) {
        int hs = h * HEAD_DIM;
        // Causal attention over the whole block: later positions are masked out of the softmax.
        Value[] logits = new Value[BLOCK];
        for (int t = 0; t < BLOCK; t++) {
          Value dot = queries[pos][hs].mul(keys[t][hs]);
          for (int j = 1; j < HEAD_DIM; j++) {
            dot = dot.add(queries[pos][hs + j].mul(keys[t][hs + j]));
          }
          logits[t] = t <= pos ? dot.div(scale) : Value.of(-1e9);
        }
        Value[] weights = Nn.softmax(logits);
        for (int j = 0; j < HEAD_DIM; j++) {
          Value acc = weights[0].mul(values[0][hs + j]);
          for (int t = 1; t < BLOCK; t++) {
            acc = acc.add(weights[t].mul(values[t][hs + j]));
          }
          attn[hs + j] = acc;
        }
      }
      Value[] projected = Nn.linear(attn, wo);
      Value[] x2 = new Value[EMBD];
      for (int i = 0; i < EMBD; i++) {
        x2[i] = projected[i].add(residual[pos][i]);
      }
      Value[] hidden = Nn.linear(Nn.rmsnorm(x2), fc1);
      Value[] relu = new Value[hidden.length];
      for (int i = 0; i < hidden.length; i++) {
        relu[i] = hidden[i].relu();
      }
      Value[] out = Nn.linear(relu, fc2);
      Value[] x3 = new Value[EMBD];
      for (int i = 0; i < EMBD; i++) {
        x3[i] = out[i].add(x2[i]);
      }
      total = total.add(Nn.crossEntropy(Nn.linear(x3, lmHead), tokens[pos + 1]));
    }
    return total.div((double) BLOCK);
  }
}
