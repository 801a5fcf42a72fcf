package dev.adjoint.examples.microgpt;

import dev.adjoint.Value;

/**
 * microgpt on the {@code Value} engine: {@link MicroGpt#loss} run as written, with {@code
 * backward()} for the gradients. The reference the compiled training is checked against, and the
 * speed it is compared with.
 */
public final class EngineModel {
  private EngineModel() {}

  /** The loss of one document; writes the gradient of every parameter into {@code grads}. */
  public static double lossAndGradient(int[] tokens, Weights w, Weights grads) {
    Value[][] wte = values(w.wte);
    Value[][] wpe = values(w.wpe);
    Value[][][] wq = values(w.attnWq);
    Value[][][] wk = values(w.attnWk);
    Value[][][] wv = values(w.attnWv);
    Value[][][] wo = values(w.attnWo);
    Value[][][] fc1 = values(w.mlpFc1);
    Value[][][] fc2 = values(w.mlpFc2);
    Value[][] head = values(w.lmHead);
    Value loss = MicroGpt.loss(tokens, wte, wpe, wq, wk, wv, wo, fc1, fc2, head);
    loss.backward();
    grads(wte, grads.wte);
    grads(wpe, grads.wpe);
    grads(wq, grads.attnWq);
    grads(wk, grads.attnWk);
    grads(wv, grads.attnWv);
    grads(wo, grads.attnWo);
    grads(fc1, grads.mlpFc1);
    grads(fc2, grads.mlpFc2);
    grads(head, grads.lmHead);
    return loss.data();
  }

  /** The logits after {@code context}, on the engine. */
  public static double[] nextLogits(int[] context, Weights w) {
    Value[] logits =
        MicroGpt.nextLogits(
            context,
            values(w.wte),
            values(w.wpe),
            values(w.attnWq),
            values(w.attnWk),
            values(w.attnWv),
            values(w.attnWo),
            values(w.mlpFc1),
            values(w.mlpFc2),
            values(w.lmHead));
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[i].data();
    }
    return out;
  }

  static Value[][] values(double[][] m) {
    Value[][] out = new Value[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = new Value[m[i].length];
      for (int j = 0; j < m[i].length; j++) {
        out[i][j] = Value.of(m[i][j]);
      }
    }
    return out;
  }

  static Value[][][] values(double[][][] t) {
    Value[][][] out = new Value[t.length][][];
    for (int i = 0; i < t.length; i++) {
      out[i] = values(t[i]);
    }
    return out;
  }

  private static void grads(Value[][] m, double[][] out) {
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        out[i][j] = m[i][j].grad();
      }
    }
  }

  private static void grads(Value[][][] t, double[][][] out) {
    for (int i = 0; i < t.length; i++) {
      grads(t[i], out[i]);
    }
  }
}
