package dev.adjoint.examples.microgpt;

import java.util.Arrays;
import java.util.Random;

/**
 * Samples new names as microgpt does: start from BOS, draw each next token from {@code
 * softmax(logits / temperature)}, stop at BOS or after 16 tokens. The logits come from the compiled
 * forward pass of {@link MicroGpt#nextLogits}, the same {@code gpt} the loss trains.
 */
public final class Sampler {
  private final CompiledModel model;
  private final Vocabulary vocabulary;
  private final Random random;

  /** A sampler drawing from {@code random}. */
  public Sampler(CompiledModel model, Vocabulary vocabulary, Random random) {
    this.model = model;
    this.vocabulary = vocabulary;
    this.random = random;
  }

  /** One name sampled from {@code weights} at {@code temperature}. */
  public String sample(Weights weights, double temperature) {
    int[] context = new int[MicroGpt.BLOCK_SIZE];
    context[0] = vocabulary.bos();
    int length = 1;
    double[] logits = new double[vocabulary.size()];
    double[] probs = new double[vocabulary.size()];
    StringBuilder name = new StringBuilder();
    while (true) {
      model.nextLogits(Arrays.copyOf(context, length), weights, logits);
      softmax(logits, temperature, probs);
      int token = draw(probs);
      if (token == vocabulary.bos()) {
        break;
      }
      name.append(vocabulary.character(token));
      if (length == MicroGpt.BLOCK_SIZE) {
        break;
      }
      context[length++] = token;
    }
    return name.toString();
  }

  static void softmax(double[] logits, double temperature, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l / temperature);
    }
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] / temperature - max);
      total += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= total;
    }
  }

  private int draw(double[] probs) {
    double u = random.nextDouble();
    double acc = 0;
    for (int i = 0; i < probs.length; i++) {
      acc += probs[i];
      if (u < acc) {
        return i;
      }
    }
    return probs.length - 1;
  }
}
