package dev.adjoint.examples.bench;

/**
 * Hand-written value and gradient of {@link NaturalKernels}, as a careful programmer would write
 * them over {@code double[]}: the baselines the generated code is measured against. Each computes
 * the value in the source's order, so values agree bit for bit.
 */
final class HandWrittenNatural {
  private HandWrittenNatural() {}

  /** {@link NaturalKernels#reluLayer} and its gradient; {@code h} is scratch of w.length. */
  static double reluLayer(double[] x, double[][] w, double[] h, double[] gradX, double[][] gradW) {
    double sum = 0;
    for (int o = 0; o < w.length; o++) {
      double acc = 0;
      double[] row = w[o];
      for (int i = 0; i < x.length; i++) {
        acc = acc + row[i] * x[i];
      }
      h[o] = acc;
      sum = sum + (acc > 0 ? acc : 0.0);
    }
    java.util.Arrays.fill(gradX, 0.0);
    for (int o = 0; o < w.length; o++) {
      double g = h[o] > 0 ? 1.0 : 0.0;
      double[] row = w[o];
      double[] gRow = gradW[o];
      for (int i = 0; i < x.length; i++) {
        gRow[i] = g * x[i];
        gradX[i] += g * row[i];
      }
    }
    return sum;
  }

  /**
   * {@link NaturalKernels#expSeries} and its gradient. The backward sweep needs each series' terms,
   * so the forward keeps them in {@code terms} (scratch, grown as needed, returned).
   */
  static double[] expSeries(double[] x, double[] gradX, double[] out, double[] terms) {
    double total = 0;
    for (int e = 0; e < x.length; e++) {
      double xi = x[e];
      double sum = 1;
      double term = 1;
      int k = 1;
      while (Math.abs(term) > 1e-16 * Math.abs(sum)) {
        if (k >= terms.length) {
          terms = java.util.Arrays.copyOf(terms, 2 * terms.length);
        }
        terms[k - 1] = term;
        term = term * xi / k;
        sum = sum + term;
        k++;
      }
      total = total + sum;
      // d sum / d xi: every term t_k = t_(k-1) * xi / k contributes through the chain.
      double gTerm = 0;
      double gx = 0;
      for (int j = k - 1; j >= 1; j--) {
        gTerm += 1.0; // from sum = sum + term
        gx += gTerm * (terms[j - 1] / j);
        gTerm = gTerm * (xi / j);
      }
      gradX[e] = gx;
    }
    out[0] = total;
    return terms;
  }
}
