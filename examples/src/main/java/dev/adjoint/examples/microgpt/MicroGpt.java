package dev.adjoint.examples.microgpt;

import dev.adjoint.Differentiable;
import dev.adjoint.Domain;
import dev.adjoint.Shape;
import dev.adjoint.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Karpathy's microgpt, written the way its Python reads: {@link #gpt} processes one token at one
 * position and appends that position's keys and values to a per-layer cache, and {@link #loss} is
 * the mean of {@code -log(probs[target])} over the positions of one document of any length.
 *
 * <p>The hyperparameters are microgpt's: embedding 16, 4 heads of width 4, 1 layer, block size 16,
 * vocabulary 27 (26 letters and BOS), 4,192 parameters. The weights of the layers are stacked in
 * {@code Value[][][]} arrays indexed by layer first. The weights' sizes are the hyperparameters
 * ({@code @Shape}), the document's length is whatever the call passes, and {@code @Domain} says
 * where a checker should sample. Otherwise nothing here knows about the compiler: the {@code Value}
 * engine runs these methods as they are, and Adjoint compiles {@code loss} and {@code nextLogits}.
 */
public final class MicroGpt {
  private MicroGpt() {}

  public static final int N_LAYER = 1;
  public static final int N_EMBD = 16;
  public static final int BLOCK_SIZE = 16;
  public static final int N_HEAD = 4;
  public static final int HEAD_DIM = N_EMBD / N_HEAD;

  /** The names' 26 letters and BOS ({@link Vocabulary} checks that the data has exactly these). */
  public static final int VOCAB_SIZE = 27;

  /**
   * Where the checker samples weights: a few standard deviations of the N(0, 0.08) initialization.
   * Weights of +-3 (its default range) send the logits past where log(softmax) is finite.
   */
  static final double W = 0.3;

  /** {@code w x}: one output per row of {@code w}. */
  static Value[] linear(Value[] x, Value[][] w) {
    Value[] out = new Value[w.length];
    for (int o = 0; o < w.length; o++) {
      Value sum = Value.of(0);
      for (int i = 0; i < x.length; i++) {
        sum = sum.add(w[o][i].mul(x[i]));
      }
      out[o] = sum;
    }
    return out;
  }

  /** The lesson's softmax: subtract the largest logit, exponentiate, normalize. */
  static Value[] softmax(Value[] logits) {
    double maxVal = Double.NEGATIVE_INFINITY;
    for (Value val : logits) {
      maxVal = Math.max(maxVal, val.data());
    }
    Value[] exps = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exps[i] = logits[i].sub(maxVal).exp();
    }
    Value total = Value.sum(exps);
    Value[] probs = new Value[exps.length];
    for (int i = 0; i < exps.length; i++) {
      probs[i] = exps[i].div(total);
    }
    return probs;
  }

  /** Root-mean-square normalization, without weights. */
  static Value[] rmsnorm(Value[] x) {
    Value ms = Value.of(0);
    for (Value xi : x) {
      ms = ms.add(xi.mul(xi));
    }
    ms = ms.div(x.length);
    Value scale = ms.add(1e-5).pow(-0.5);
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(scale);
    }
    return out;
  }

  /** The logits of the next token after {@code tokenId} at position {@code posId}. */
  static Value[] gpt(
      int tokenId,
      int posId,
      List<List<Value[]>> keys,
      List<List<Value[]>> values,
      Value[][] wte,
      Value[][] wpe,
      Value[][][] attnWq,
      Value[][][] attnWk,
      Value[][][] attnWv,
      Value[][][] attnWo,
      Value[][][] mlpFc1,
      Value[][][] mlpFc2,
      Value[][] lmHead) {
    Value[] x = new Value[N_EMBD];
    for (int i = 0; i < N_EMBD; i++) {
      x[i] = wte[tokenId][i].add(wpe[posId][i]);
    }
    x = rmsnorm(x);
    for (int li = 0; li < N_LAYER; li++) {
      // 1) multi-head attention block
      Value[] xResidual = x;
      x = rmsnorm(x);
      Value[] q = linear(x, attnWq[li]);
      Value[] k = linear(x, attnWk[li]);
      Value[] v = linear(x, attnWv[li]);
      keys.get(li).add(k);
      values.get(li).add(v);
      List<Value> xAttn = new ArrayList<>();
      for (int h = 0; h < N_HEAD; h++) {
        int hs = h * HEAD_DIM;
        Value[] qh = Arrays.copyOfRange(q, hs, hs + HEAD_DIM);
        List<Value[]> kh = new ArrayList<>();
        for (Value[] ki : keys.get(li)) {
          kh.add(Arrays.copyOfRange(ki, hs, hs + HEAD_DIM));
        }
        List<Value[]> vh = new ArrayList<>();
        for (Value[] vi : values.get(li)) {
          vh.add(Arrays.copyOfRange(vi, hs, hs + HEAD_DIM));
        }
        Value[] attnLogits = new Value[kh.size()];
        for (int t = 0; t < kh.size(); t++) {
          Value dot = Value.of(0);
          for (int j = 0; j < HEAD_DIM; j++) {
            dot = dot.add(qh[j].mul(kh.get(t)[j]));
          }
          attnLogits[t] = dot.div(Math.sqrt(HEAD_DIM));
        }
        Value[] attnWeights = softmax(attnLogits);
        for (int j = 0; j < HEAD_DIM; j++) {
          Value headOut = Value.of(0);
          for (int t = 0; t < vh.size(); t++) {
            headOut = headOut.add(attnWeights[t].mul(vh.get(t)[j]));
          }
          xAttn.add(headOut);
        }
      }
      x = linear(xAttn.toArray(new Value[0]), attnWo[li]);
      for (int i = 0; i < N_EMBD; i++) {
        x[i] = x[i].add(xResidual[i]);
      }
      // 2) MLP block
      xResidual = x;
      x = rmsnorm(x);
      x = linear(x, mlpFc1[li]);
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i].relu();
      }
      x = linear(x, mlpFc2[li]);
      for (int i = 0; i < N_EMBD; i++) {
        x[i] = x[i].add(xResidual[i]);
      }
    }
    return linear(x, lmHead);
  }

  /**
   * The training loss of one document: {@code tokens} is BOS, the name's characters, BOS; each of
   * the first {@code n = min(16, tokens.length - 1)} positions predicts the next token.
   */
  @Differentiable
  public static Value loss(
      @Domain(min = 0, max = VOCAB_SIZE - 1) int[] tokens,
      @Shape({VOCAB_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] wte,
      @Shape({BLOCK_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] wpe,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWq,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWk,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWv,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWo,
      @Shape({N_LAYER, 4 * N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] mlpFc1,
      @Shape({N_LAYER, N_EMBD, 4 * N_EMBD}) @Domain(min = -W, max = W) Value[][][] mlpFc2,
      @Shape({VOCAB_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] lmHead) {
    int n = Math.min(BLOCK_SIZE, tokens.length - 1);
    List<List<Value[]>> keys = new ArrayList<>();
    List<List<Value[]>> values = new ArrayList<>();
    for (int li = 0; li < N_LAYER; li++) {
      keys.add(new ArrayList<>());
      values.add(new ArrayList<>());
    }
    List<Value> losses = new ArrayList<>();
    for (int posId = 0; posId < n; posId++) {
      int tokenId = tokens[posId];
      int targetId = tokens[posId + 1];
      Value[] logits =
          gpt(
              tokenId, posId, keys, values, wte, wpe, attnWq, attnWk, attnWv, attnWo, mlpFc1,
              mlpFc2, lmHead);
      Value[] probs = softmax(logits);
      Value lossT = probs[targetId].log().neg();
      losses.add(lossT);
    }
    return Value.sum(losses).mul(1.0 / n);
  }

  /**
   * The logits of the token that follows {@code context} (at most 16 tokens, starting with BOS):
   * what sampling needs. Runs the same {@link #gpt} over the whole context, as the Python does
   * token by token.
   */
  @Differentiable
  public static Value[] nextLogits(
      @Domain(min = 0, max = VOCAB_SIZE - 1) int[] context,
      @Shape({VOCAB_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] wte,
      @Shape({BLOCK_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] wpe,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWq,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWk,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWv,
      @Shape({N_LAYER, N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] attnWo,
      @Shape({N_LAYER, 4 * N_EMBD, N_EMBD}) @Domain(min = -W, max = W) Value[][][] mlpFc1,
      @Shape({N_LAYER, N_EMBD, 4 * N_EMBD}) @Domain(min = -W, max = W) Value[][][] mlpFc2,
      @Shape({VOCAB_SIZE, N_EMBD}) @Domain(min = -W, max = W) Value[][] lmHead) {
    List<List<Value[]>> keys = new ArrayList<>();
    List<List<Value[]>> values = new ArrayList<>();
    for (int li = 0; li < N_LAYER; li++) {
      keys.add(new ArrayList<>());
      values.add(new ArrayList<>());
    }
    // The context's earlier tokens only fill the cache, as in the Python's token-by-token loop.
    int last = context.length - 1;
    for (int posId = 0; posId < last; posId++) {
      gpt(
          context[posId],
          posId,
          keys,
          values,
          wte,
          wpe,
          attnWq,
          attnWk,
          attnWv,
          attnWo,
          mlpFc1,
          mlpFc2,
          lmHead);
    }
    return gpt(
        context[last],
        last,
        keys,
        values,
        wte,
        wpe,
        attnWq,
        attnWk,
        attnWv,
        attnWo,
        mlpFc1,
        mlpFc2,
        lmHead);
  }
}
