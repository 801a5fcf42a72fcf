package dev.adjoint.processor.trace;

import dev.adjoint.Value;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Karpathy's microgpt written the natural way: a {@code gpt(tokenId, posId, keys, values, ...)}
 * call per position that appends to a key/value cache of lists, a per-layer loop over stacked
 * {@code Value[][][]} weights, head slices with {@code Arrays.copyOfRange}, {@code x = rmsnorm(x)}
 * in the layer loop, and the loss as the mean of {@code -log(probs[target])} over a document of any
 * length up to 16. The traced IR computes the engine's loss bit for bit.
 */
class MicroGptTraceTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.MicroGpt",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class MicroGpt {",
            "  static final int N_HEAD = 4;",
            "  static final int BLOCK_SIZE = 16;",
            "",
            "  static Value[] linear(Value[] x, Value[][] w) {",
            "    Value[] out = new Value[w.length];",
            "    for (int o = 0; o < w.length; o++) {",
            "      Value acc = Value.of(0);",
            "      for (int i = 0; i < x.length; i++) acc = acc.add(w[o][i].mul(x[i]));",
            "      out[o] = acc;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  static Value[] softmax(Value[] logits) {",
            "    double maxVal = Double.NEGATIVE_INFINITY;",
            "    for (Value v : logits) maxVal = Math.max(maxVal, v.data());",
            "    Value[] exps = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) exps[i] = logits[i].sub(maxVal).exp();",
            "    Value total = Value.of(0);",
            "    for (Value e : exps) total = total.add(e);",
            "    Value[] out = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) out[i] = exps[i].div(total);",
            "    return out;",
            "  }",
            "",
            "  static Value[] rmsnorm(Value[] x) {",
            "    Value ms = Value.of(0);",
            "    for (Value xi : x) ms = ms.add(xi.mul(xi));",
            "    ms = ms.div(x.length);",
            "    Value scale = ms.add(1e-5).pow(-0.5);",
            "    Value[] out = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) out[i] = x[i].mul(scale);",
            "    return out;",
            "  }",
            "",
            "  static Value[] gpt(int tokenId, int posId, List<List<Value[]>> keys,",
            "      List<List<Value[]>> values, Value[][] wte, Value[][] wpe, Value[][][] attnWq,",
            "      Value[][][] attnWk, Value[][][] attnWv, Value[][][] attnWo,",
            "      Value[][][] mlpFc1, Value[][][] mlpFc2, Value[][] lmHead) {",
            "    int nEmbd = wte[0].length;",
            "    int headDim = nEmbd / N_HEAD;",
            "    Value[] x = new Value[nEmbd];",
            "    for (int i = 0; i < nEmbd; i++) x[i] = wte[tokenId][i].add(wpe[posId][i]);",
            "    x = rmsnorm(x);",
            "    for (int li = 0; li < attnWq.length; li++) {",
            "      Value[] xResidual = x;",
            "      x = rmsnorm(x);",
            "      Value[] q = linear(x, attnWq[li]);",
            "      Value[] k = linear(x, attnWk[li]);",
            "      Value[] v = linear(x, attnWv[li]);",
            "      keys.get(li).add(k);",
            "      values.get(li).add(v);",
            "      Value[] xAttn = new Value[nEmbd];",
            "      for (int h = 0; h < N_HEAD; h++) {",
            "        int hs = h * headDim;",
            "        Value[] qh = Arrays.copyOfRange(q, hs, hs + headDim);",
            "        List<Value[]> kh = new ArrayList<>();",
            "        for (Value[] ki : keys.get(li)) kh.add(Arrays.copyOfRange(ki, hs, hs + headDim));",
            "        List<Value[]> vh = new ArrayList<>();",
            "        for (Value[] vi : values.get(li)) vh.add(Arrays.copyOfRange(vi, hs, hs + headDim));",
            "        Value[] attnLogits = new Value[kh.size()];",
            "        for (int t = 0; t < kh.size(); t++) {",
            "          Value dot = Value.of(0);",
            "          for (int j = 0; j < headDim; j++) dot = dot.add(qh[j].mul(kh.get(t)[j]));",
            "          attnLogits[t] = dot.div(Math.sqrt(headDim));",
            "        }",
            "        Value[] attnWeights = softmax(attnLogits);",
            "        for (int j = 0; j < headDim; j++) {",
            "          Value acc = Value.of(0);",
            "          for (int t = 0; t < vh.size(); t++)",
            "            acc = acc.add(attnWeights[t].mul(vh.get(t)[j]));",
            "          xAttn[hs + j] = acc;",
            "        }",
            "      }",
            "      x = linear(xAttn, attnWo[li]);",
            "      for (int i = 0; i < nEmbd; i++) x[i] = x[i].add(xResidual[i]);",
            "      xResidual = x;",
            "      x = rmsnorm(x);",
            "      x = linear(x, mlpFc1[li]);",
            "      for (int i = 0; i < x.length; i++) x[i] = x[i].relu();",
            "      x = linear(x, mlpFc2[li]);",
            "      for (int i = 0; i < nEmbd; i++) x[i] = x[i].add(xResidual[i]);",
            "    }",
            "    return linear(x, lmHead);",
            "  }",
            "",
            "  @Differentiable public static Value loss(int[] tokens, Value[][] wte, Value[][] wpe,",
            "      Value[][][] attnWq, Value[][][] attnWk, Value[][][] attnWv, Value[][][] attnWo,",
            "      Value[][][] mlpFc1, Value[][][] mlpFc2, Value[][] lmHead) {",
            "    int n = Math.min(BLOCK_SIZE, tokens.length - 1);",
            "    List<List<Value[]>> keys = new ArrayList<>();",
            "    List<List<Value[]>> values = new ArrayList<>();",
            "    for (int li = 0; li < attnWq.length; li++) {",
            "      keys.add(new ArrayList<>());",
            "      values.add(new ArrayList<>());",
            "    }",
            "    List<Value> losses = new ArrayList<>();",
            "    for (int posId = 0; posId < n; posId++) {",
            "      int tokenId = tokens[posId];",
            "      int targetId = tokens[posId + 1];",
            "      Value[] logits = gpt(tokenId, posId, keys, values, wte, wpe, attnWq, attnWk,",
            "          attnWv, attnWo, mlpFc1, mlpFc2, lmHead);",
            "      Value[] probs = softmax(logits);",
            "      Value lossT = probs[targetId].log().neg();",
            "      losses.add(lossT);",
            "    }",
            "    Value total = Value.of(0);",
            "    for (Value l : losses) total = total.add(l);",
            "    return total.mul(1.0 / n);",
            "  }",
            "}");
  }

  private static Value[][] gauss(Random r, int rows, int cols) {
    Value[][] m = new Value[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = Value.of(0.08 * r.nextGaussian());
      }
    }
    return m;
  }

  private static Value[][][] stack(Random r, int layers, int rows, int cols) {
    Value[][][] t = new Value[layers][][];
    for (int l = 0; l < layers; l++) {
      t[l] = gauss(r, rows, cols);
    }
    return t;
  }

  @ParameterizedTest(name = "document of {0} characters, {1} layer(s)")
  @CsvSource({"0, 1", "1, 1", "2, 1", "3, 1", "7, 1", "15, 1", "20, 1", "4, 2", "15, 2", "3, 0"})
  void theLossOfADocumentOfAnyLength(int chars, int layers) {
    Random r = new Random(1000 * chars + layers);
    int vocab = 27;
    int embd = 16;
    int[] tokens = new int[chars + 2];
    tokens[0] = 26;
    tokens[chars + 1] = 26;
    for (int i = 1; i <= chars; i++) {
      tokens[i] = r.nextInt(26);
    }
    h.compare(
        "loss",
        tokens,
        gauss(r, vocab, embd),
        gauss(r, 16, embd),
        stack(r, layers, embd, embd),
        stack(r, layers, embd, embd),
        stack(r, layers, embd, embd),
        stack(r, layers, embd, embd),
        stack(r, layers, 4 * embd, embd),
        stack(r, layers, embd, 4 * embd),
        gauss(r, vocab, embd));
  }

  @org.junit.jupiter.api.Test
  void theKeyValueCacheNeedsNoMaskAndNoPool() {
    dev.adjoint.processor.ir.Function f = h.traced("loss").function();
    java.util.List<String> pools =
        f.arrays().values().stream()
            .filter(d -> d.name().endsWith("Top"))
            .map(d -> d.name())
            .toList();
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), pools);
  }
}
