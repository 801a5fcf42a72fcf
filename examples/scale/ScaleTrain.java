import dev.adjoint.examples.microgpt.MicroGpt;
import dev.adjoint.examples.microgpt.MicroGptCompiled;
import java.util.Arrays;
import java.util.Random;

/**
 * Trains microgpt, at whatever sizes the MicroGpt on the class path declares, with the generated
 * gradient: plain gradient descent on random documents of 1 to BLOCK_SIZE + 3 positions (a few
 * letters, so the loss falls), and the generated sampling logits every tenth step. Argument: steps.
 */
public final class ScaleTrain {
  public static void main(String[] args) {
    int steps = Integer.parseInt(args[0]);
    int l = MicroGpt.N_LAYER;
    int e = MicroGpt.N_EMBD;
    int b = MicroGpt.BLOCK_SIZE;
    int v = 27;
    Random r = new Random(1);
    double[][][] w = {m(v, e, r), m(b, e, r), null, null, null, null, null, null, m(v, e, r)};
    double[][][][] layers = {t(l, e, e, r), t(l, e, e, r), t(l, e, e, r), t(l, e, e, r), t(l, 4 * e, e, r), t(l, e, 4 * e, r)};
    double[][][] g = {new double[v][e], new double[b][e], null, null, null, null, null, null, new double[v][e]};
    double[][][][] gl = {new double[l][e][e], new double[l][e][e], new double[l][e][e], new double[l][e][e], new double[l][4 * e][e], new double[l][e][4 * e]};
    MicroGptCompiled.Loss loss = new MicroGptCompiled.Loss();
    MicroGptCompiled.NextLogits next = new MicroGptCompiled.NextLogits();
    double[] logits = new double[v];
    long start = System.nanoTime();
    double first = Double.NaN;
    double last = Double.NaN;
    for (int s = 0; s < steps; s++) {
      int n = 1 + r.nextInt(b + 3);
      int[] tokens = new int[n + 1];
      tokens[0] = v - 1;
      for (int i = 1; i < n; i++) {
        tokens[i] = r.nextInt(5);
      }
      tokens[n] = v - 1;
      last = loss.gradient(tokens, w[0], w[1], layers[0], layers[1], layers[2], layers[3], layers[4], layers[5], w[8],
          g[0], g[1], gl[0], gl[1], gl[2], gl[3], gl[4], gl[5], g[8]);
      first = s == 0 ? last : first;
      for (int p : new int[] {0, 1, 8}) {
        sgd(w[p], g[p]);
      }
      for (int p = 0; p < 6; p++) {
        for (int k = 0; k < l; k++) {
          sgd(layers[p][k], gl[p][k]);
        }
      }
      if (s % 10 == 0) {
        next.forward(Arrays.copyOf(tokens, Math.min(n, b)), w[0], w[1], layers[0], layers[1], layers[2], layers[3], layers[4], layers[5], w[8], logits);
      }
    }
    System.err.printf("SCALE %d steps: loss %.3f -> %.3f, %.1f ms/step%n", steps, first, last, (System.nanoTime() - start) / 1e6 / steps);
  }

  private static void sgd(double[][] w, double[][] g) {
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w[i].length; j++) {
        w[i][j] -= 0.05 * g[i][j];
      }
    }
  }

  private static double[][] m(int rows, int cols, Random r) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian() * 0.08;
      }
    }
    return x;
  }

  private static double[][][] t(int n, int rows, int cols, Random r) {
    double[][][] x = new double[n][][];
    for (int i = 0; i < n; i++) {
      x[i] = m(rows, cols, r);
    }
    return x;
  }
}
