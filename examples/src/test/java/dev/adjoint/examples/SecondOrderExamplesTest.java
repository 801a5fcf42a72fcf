package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Value;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The second-order and custom-derivative examples do what their documentation says: Newton's method
 * with Hessian-vector products reaches the Rosenbrock minimum in a few dozen steps where its first
 * step equals the one solved with the analytic Hessian, and the custom log-sum-exp stays finite and
 * exact where the {@code Value} formula overflows, with softmax as its gradient.
 */
class SecondOrderExamplesTest {

  private static double[] classicStart(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1.2 : 1.0;
    }
    return x;
  }

  @Test
  void newtonReachesTheRosenbrockMinimum() {
    for (int n : new int[] {2, 10, 50, 200}) {
      double[] start = n == 2 ? classicStart(2) : new double[n];
      if (n > 2) {
        java.util.Arrays.fill(start, 0.5);
      }
      double[] x = Newton.minimize(start, 200, 1e-9);
      for (int i = 0; i < n; i++) {
        assertEquals(1.0, x[i], 1e-9, "n=" + n + ", x[" + i + "]");
      }
      int steps = Newton.steps(start, 200, 1e-9);
      assertTrue(steps < 40, "n=" + n + ": " + steps + " steps");
    }
  }

  @Test
  void fromTheClassicStartInTenDimensionsNewtonFindsTheOtherLocalMinimum() {
    // The chained Rosenbrock function has a second local minimum near (-1, 1, ..., 1) from four
    // dimensions on; (-1.2, 1, ...) lies in its basin.
    double[] x = Newton.minimize(classicStart(10), 200, 1e-9);
    assertEquals(-0.99326, x[0], 1e-5);
    double[] g = new double[10];
    new NewtonCompiled.Rosenbrock().gradient(x, g);
    assertTrue(Math.sqrt(Newton.dot(g, g)) < 1e-9);
  }

  @Test
  void aNewtonStepNearTheMinimumSolvesWithTheHessian() {
    // Near the minimum the Hessian is positive definite and the full step is taken: x - H^-1 g.
    double[] x = {0.9, 0.8};
    double[] g = new double[2];
    new NewtonCompiled.Rosenbrock().gradient(x, g);
    double h00 = 1200 * x[0] * x[0] - 400 * x[1] + 2;
    double h01 = -400 * x[0];
    double h11 = 200;
    double det = h00 * h11 - h01 * h01;
    double[] expected = {
      x[0] - (h11 * g[0] - h01 * g[1]) / det, x[1] - (-h01 * g[0] + h00 * g[1]) / det
    };
    new Newton.Solver(2).step(x);
    assertArrayEquals(expected, x, 1e-12);
  }

  @Test
  void customLogSumExpIsStableWhereTheFormulaOverflows() {
    SplittableRandom r = new SplittableRandom(4);
    for (double scale : new double[] {1, 1000, 1e4}) {
      double[] logits = new double[9];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = scale * r.nextDouble(-1, 1);
      }
      logits[4] = scale;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (double v : logits) {
        sum += Math.exp(v - max);
      }
      double expected = max + Math.log(sum);
      double[] grad = new double[logits.length];
      double y = new StableCompiled.LogSumExp().gradient(logits, grad);
      assertEquals(expected, y, 1e-12 * Math.max(1, Math.abs(expected)), "scale " + scale);
      for (int i = 0; i < logits.length; i++) {
        assertEquals(Math.exp(logits[i] - max) / sum, grad[i], 1e-12, "softmax " + i);
      }
      // The same formula with Value operations overflows at these scales.
      Value naive = Value.of(0);
      for (double v : logits) {
        naive = naive.add(Value.of(v).exp());
      }
      assertEquals(scale < 700, Double.isFinite(naive.log().data()), "scale " + scale);
    }
  }
}
