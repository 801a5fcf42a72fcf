package dev.adjoint.examples.bench;

/**
 * The baselines for the attention and MLP examples: forward and vector-Jacobian product written by
 * hand over {@code double[]}, with the derivative worked out on paper (softmax's {@code w * (g -
 * w.g)}, ReLU's mask, outer products for weight gradients), loops in row-major order and every
 * buffer allocated once by the constructor.
 */
final class HandWrittenLayers {
  private HandWrittenLayers() {}

  /**
   * Scaled dot-product attention of one query over {@code positions} keys, on the columns {@code
   * [from, from + width)} of its arguments, so that one instance serves both a single head (all
   * columns) and each head of a multi-head layer (one slice each).
   */
  static final class Attention {
    private final double[] weights;
    private final double[] gLogits;

    Attention(int positions) {
      this.weights = new double[positions];
      this.gLogits = new double[positions];
    }

    /** The head's output into {@code out[from .. from + width)}; leaves softmax in weights. */
    void forward(
        double[] q, double[][] keys, double[][] values, int from, int width, double[] out) {
      int to = from + width;
      double scale = Math.sqrt(width);
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < weights.length; t++) {
        double[] key = keys[t];
        double dot = 0;
        for (int j = from; j < to; j++) {
          dot += q[j] * key[j];
        }
        double logit = dot / scale;
        weights[t] = logit;
        max = Math.max(max, logit);
      }
      double sum = 0;
      for (int t = 0; t < weights.length; t++) {
        double e = Math.exp(weights[t] - max);
        weights[t] = e;
        sum += e;
      }
      for (int t = 0; t < weights.length; t++) {
        weights[t] /= sum;
      }
      for (int j = from; j < to; j++) {
        out[j] = 0;
      }
      // Position-major, so that each value row is read once, front to back.
      for (int t = 0; t < weights.length; t++) {
        double w = weights[t];
        double[] value = values[t];
        for (int j = from; j < to; j++) {
          out[j] += w * value[j];
        }
      }
    }

    /**
     * The head's output and its vector-Jacobian product with {@code seed}, into the same columns of
     * {@code gQ}, {@code gKeys} and {@code gValues} (every column of the slice is overwritten).
     */
    void vjp(
        double[] q,
        double[][] keys,
        double[][] values,
        int from,
        int width,
        double[] seed,
        double[] out,
        double[] gQ,
        double[][] gKeys,
        double[][] gValues) {
      forward(q, keys, values, from, width, out);
      int to = from + width;
      double scale = Math.sqrt(width);
      // d out / d weights[t] = values[t], and d out / d values[t] = weights[t].
      double dot = 0;
      for (int t = 0; t < weights.length; t++) {
        double w = weights[t];
        double[] value = values[t];
        double[] gValue = gValues[t];
        double gw = 0;
        for (int j = from; j < to; j++) {
          gw += seed[j] * value[j];
          gValue[j] = w * seed[j];
        }
        gLogits[t] = gw;
        dot += gw * w;
      }
      // Softmax's Jacobian-vector product w * (g - w.g), then the 1 / scale of the logits.
      for (int t = 0; t < weights.length; t++) {
        gLogits[t] = weights[t] * (gLogits[t] - dot) / scale;
      }
      for (int j = from; j < to; j++) {
        gQ[j] = 0;
      }
      for (int t = 0; t < weights.length; t++) {
        double g = gLogits[t];
        double[] key = keys[t];
        double[] gKey = gKeys[t];
        for (int j = from; j < to; j++) {
          gQ[j] += g * key[j];
          gKey[j] = g * q[j];
        }
      }
    }
  }

  /** microgpt's MLP block {@code y = W2 relu(W1 x)}, any widths. */
  static final class Mlp {
    private final double[] hidden;
    private final double[] activated;
    private final double[] gHidden;

    Mlp(int hiddenWidth) {
      this.hidden = new double[hiddenWidth];
      this.activated = new double[hiddenWidth];
      this.gHidden = new double[hiddenWidth];
    }

    /** {@code out = W2 relu(W1 x)}; leaves the hidden layer in the workspace. */
    void forward(double[] x, double[][] w1, double[][] w2, double[] out) {
      for (int i = 0; i < hidden.length; i++) {
        double[] row = w1[i];
        double acc = 0;
        for (int k = 0; k < x.length; k++) {
          acc += row[k] * x[k];
        }
        hidden[i] = acc;
        activated[i] = acc > 0 ? acc : 0.0;
      }
      for (int j = 0; j < out.length; j++) {
        double[] row = w2[j];
        double acc = 0;
        for (int i = 0; i < activated.length; i++) {
          acc += row[i] * activated[i];
        }
        out[j] = acc;
      }
    }

    /** The output and the vector-Jacobian product with {@code seed} (all gradients overwritten). */
    void vjp(
        double[] x,
        double[][] w1,
        double[][] w2,
        double[] seed,
        double[] out,
        double[] gX,
        double[][] gW1,
        double[][] gW2) {
      forward(x, w1, w2, out);
      for (int i = 0; i < gHidden.length; i++) {
        gHidden[i] = 0;
      }
      // Through W2, row by row: gW2 is the outer product seed x activated.
      for (int j = 0; j < out.length; j++) {
        double s = seed[j];
        double[] row = w2[j];
        double[] gRow = gW2[j];
        for (int i = 0; i < gHidden.length; i++) {
          gHidden[i] += row[i] * s;
          gRow[i] = s * activated[i];
        }
      }
      for (int k = 0; k < gX.length; k++) {
        gX[k] = 0;
      }
      // Through the ReLU (derivative 0 at 0, as the engine has it), then W1.
      for (int i = 0; i < gHidden.length; i++) {
        double g = hidden[i] > 0 ? gHidden[i] : 0.0;
        double[] row = w1[i];
        double[] gRow = gW1[i];
        for (int k = 0; k < gX.length; k++) {
          gX[k] += row[k] * g;
          gRow[k] = g * x[k];
        }
      }
    }
  }
}
