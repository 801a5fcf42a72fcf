package dev.adjoint.examples.microgpt;

/**
 * microgpt through the code Adjoint generated from {@link MicroGpt}: one workspace for the loss and
 * its gradient, one for the sampling logits, both reused for every call (they allocate nothing).
 */
public final class CompiledModel {
  private final MicroGptCompiled.Loss loss = new MicroGptCompiled.Loss();
  private final MicroGptCompiled.NextLogits next = new MicroGptCompiled.NextLogits();

  /** The loss of one document; writes every parameter's gradient into {@code grads}. */
  public double lossAndGradient(int[] tokens, Weights w, Weights grads) {
    return loss.gradient(
        tokens,
        w.wte,
        w.wpe,
        w.attnWq,
        w.attnWk,
        w.attnWv,
        w.attnWo,
        w.mlpFc1,
        w.mlpFc2,
        w.lmHead,
        grads.wte,
        grads.wpe,
        grads.attnWq,
        grads.attnWk,
        grads.attnWv,
        grads.attnWo,
        grads.mlpFc1,
        grads.mlpFc2,
        grads.lmHead);
  }

  /** The loss of one document (the forward pass only). */
  public double loss(int[] tokens, Weights w) {
    return loss.forward(
        tokens, w.wte, w.wpe, w.attnWq, w.attnWk, w.attnWv, w.attnWo, w.mlpFc1, w.mlpFc2, w.lmHead);
  }

  /** Writes the logits of the token after {@code context} into {@code out}. */
  public void nextLogits(int[] context, Weights w, double[] out) {
    next.forward(
        context, w.wte, w.wpe, w.attnWq, w.attnWk, w.attnWv, w.attnWo, w.mlpFc1, w.mlpFc2, w.lmHead,
        out);
  }
}
