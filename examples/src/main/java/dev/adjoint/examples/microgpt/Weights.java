package dev.adjoint.examples.microgpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * microgpt's parameters as plain {@code double} arrays, shaped as {@link MicroGpt#loss} takes them:
 * token and position embeddings, the layers' attention and MLP matrices stacked by layer, and the
 * output head. The same shapes hold gradients and Adam's moments.
 */
public final class Weights {
  public final double[][] wte;
  public final double[][] wpe;
  public final double[][][] attnWq;
  public final double[][][] attnWk;
  public final double[][][] attnWv;
  public final double[][][] attnWo;
  public final double[][][] mlpFc1;
  public final double[][][] mlpFc2;
  public final double[][] lmHead;

  /** Zeros, for a vocabulary of {@code vocab} tokens and {@link MicroGpt}'s hyperparameters. */
  public Weights(int vocab) {
    int e = MicroGpt.N_EMBD;
    int l = MicroGpt.N_LAYER;
    wte = new double[vocab][e];
    wpe = new double[MicroGpt.BLOCK_SIZE][e];
    attnWq = new double[l][e][e];
    attnWk = new double[l][e][e];
    attnWv = new double[l][e][e];
    attnWo = new double[l][e][e];
    mlpFc1 = new double[l][4 * e][e];
    mlpFc2 = new double[l][e][4 * e];
    lmHead = new double[vocab][e];
  }

  /**
   * microgpt's initialization: every weight drawn from N(0, 0.08), in its order of the state dict
   * (wte, wpe, lm_head, then each layer's wq, wk, wv, wo, fc1, fc2).
   */
  public static Weights initial(int vocab, long seed) {
    Weights w = new Weights(vocab);
    Random random = new Random(seed);
    for (double[] row : w.initOrder()) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextGaussian() * 0.08;
      }
    }
    return w;
  }

  private List<double[]> initOrder() {
    List<double[]> rows = new ArrayList<>();
    addRows(rows, wte);
    addRows(rows, wpe);
    addRows(rows, lmHead);
    for (int l = 0; l < MicroGpt.N_LAYER; l++) {
      for (double[][][] m : List.of(attnWq, attnWk, attnWv, attnWo, mlpFc1, mlpFc2)) {
        addRows(rows, m[l]);
      }
    }
    return rows;
  }

  /** Every row of every parameter, in a fixed order (the same for weights, gradients, moments). */
  public List<double[]> rows() {
    List<double[]> rows = new ArrayList<>();
    addRows(rows, wte);
    addRows(rows, wpe);
    for (double[][][] m : List.of(attnWq, attnWk, attnWv, attnWo, mlpFc1, mlpFc2)) {
      for (double[][] layer : m) {
        addRows(rows, layer);
      }
    }
    addRows(rows, lmHead);
    return rows;
  }

  private static void addRows(List<double[]> rows, double[][] m) {
    for (double[] r : m) {
      rows.add(r);
    }
  }

  /** Number of parameters (4,192 for microgpt's 27-token vocabulary). */
  public int count() {
    int n = 0;
    for (double[] r : rows()) {
      n += r.length;
    }
    return n;
  }

  /** A copy of the values of {@code other} into this one (same shapes). */
  public void copyFrom(Weights other) {
    List<double[]> to = rows();
    List<double[]> from = other.rows();
    for (int i = 0; i < to.size(); i++) {
      System.arraycopy(from.get(i), 0, to.get(i), 0, to.get(i).length);
    }
  }

  /** The largest absolute difference between any two corresponding parameters. */
  public double maxDifference(Weights other) {
    List<double[]> a = rows();
    List<double[]> b = other.rows();
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).length; j++) {
        max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
      }
    }
    return max;
  }
}
