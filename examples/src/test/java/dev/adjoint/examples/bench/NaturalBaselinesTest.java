package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Value;
import org.junit.jupiter.api.Test;

/**
 * {@link NaturalBench} compares like with like: the hand-written baselines, the generated kernels
 * and the engine compute the same values and gradients on the benchmark's inputs.
 */
class NaturalBaselinesTest {
  private static final int N = NaturalBench.N;

  @Test
  void reluLayerAgrees() {
    double[] x = Inputs.vector(N, 1, -3, 3);
    double[][] w = Inputs.matrix(N, N, 2, -0.5, 0.5);
    double[] gX = new double[N];
    double[][] gW = new double[N][N];
    double generated = new NaturalKernelsCompiled.ReluLayer().gradient(x, w, gX, gW);
    double[] hX = new double[N];
    double[][] hW = new double[N][N];
    double hand = HandWrittenNatural.reluLayer(x, w, new double[N], hX, hW);
    assertEquals(Double.doubleToLongBits(hand), Double.doubleToLongBits(generated));
    for (int i = 0; i < N; i++) {
      assertEquals(hX[i], gX[i], 1e-12, "gradX[" + i + "]");
      for (int j = 0; j < N; j++) {
        assertEquals(hW[i][j], gW[i][j], 1e-12, "gradW");
      }
    }
  }

  @Test
  void expSeriesAgrees() {
    double[] x = Inputs.vector(N, 1, -3, 3);
    double[] gX = new double[N];
    double generated = new NaturalKernelsCompiled.ExpSeries().gradient(x, gX);
    double[] hX = new double[N];
    double[] out = new double[1];
    HandWrittenNatural.expSeries(x, hX, out, new double[4]);
    assertEquals(Double.doubleToLongBits(out[0]), Double.doubleToLongBits(generated));
    Value[] vx = new Value[N];
    for (int i = 0; i < N; i++) {
      vx[i] = Value.of(x[i]);
    }
    Value engine = NaturalKernels.expSeries(vx);
    engine.backward();
    assertEquals(Double.doubleToLongBits(engine.data()), Double.doubleToLongBits(generated));
    for (int i = 0; i < N; i++) {
      assertEquals(Math.exp(x[i]), gX[i], 1e-12 * Math.exp(x[i]), "d/dx exp");
      assertEquals(vx[i].grad(), gX[i], 1e-13 * Math.abs(vx[i].grad()), "engine gradient");
      assertEquals(hX[i], gX[i], 1e-13 * Math.abs(hX[i]), "hand gradient");
    }
  }
}
