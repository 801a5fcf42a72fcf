package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.opt.ArrayForwarding;
import dev.adjoint.processor.opt.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reverse and forward mode on hand-built programs, run on the IR interpreter: gradients against
 * central finite differences and the analytic formula, tangents against gradients (the identity
 * {@code <seed, J v> = <J^T seed, v>}), and forward values of the derivative programs bit-identical
 * to the primal's.
 */
class DerivativeModesTest {

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHot() {
    for (int n : new int[] {1, 3, 27}) {
      Function f = Programs.crossEntropy(n);
      Function rev = ReverseMode.differentiate(f);
      SplittableRandom r = new SplittableRandom(n);
      for (int trial = 0; trial < 5; trial++) {
        int target = r.nextInt(n);
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
          logits[i] = r.nextDouble(-3, 3) + (trial == 4 ? 1000 : 0);
        }
        List<Object> args = List.of(logits, (double) target);
        List<double[]> out = Interpreter.run(rev, args);
        double loss = Interpreter.run(f, args).get(0)[0];
        assertEquals(
            Double.doubleToRawLongBits(loss), Double.doubleToRawLongBits(out.get(0)[0]), "value");
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
          sum += Math.exp(v - max);
        }
        for (int i = 0; i < n; i++) {
          double expected = Math.exp(logits[i] - max) / sum - (i == target ? 1 : 0);
          assertEquals(expected, out.get(1)[i], 1e-14, "gradient " + i);
        }
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesAndTangents() {
    checkAll(false);
  }

  @Test
  void optimizedDerivativesMatchToo() {
    checkAll(true);
  }

  private static void checkAll(boolean optimized) {
    List<Function> programs =
        List.of(
            Programs.crossEntropy(5), Programs.softmax(4), Programs.softmax(1), Programs.mlp(3, 4));
    SplittableRandom r = new SplittableRandom(7);
    for (Function original : programs) {
      Function f =
          optimized ? Optimizer.run(ArrayForwarding.run(Optimizer.run(original))) : original;
      Function rev = ReverseMode.differentiate(f);
      Function tan = TangentMode.differentiate(f);
      if (optimized) {
        rev = Optimizer.run(rev);
        tan = Optimizer.run(tan);
      }
      for (int trial = 0; trial < 10; trial++) {
        List<Object> args = FiniteDifferences.randomArgs(f, r, -1.5, 1.5, 2 % countOf(f));
        double[] primalOut = Interpreter.run(f, args).get(0);
        double[] seed = new double[primalOut.length];
        for (int i = 0; i < seed.length; i++) {
          seed[i] = r.nextDouble(-1, 1);
        }
        List<Object> revArgs = new ArrayList<>(args);
        if (f.results().get(0).isArray()) {
          revArgs.add(seed);
        } else {
          seed[0] = 1.0;
        }
        List<double[]> grads = Interpreter.run(rev, revArgs);
        assertEquals(primalOut.length, grads.get(0).length);
        for (int i = 0; i < primalOut.length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(primalOut[i]),
              Double.doubleToRawLongBits(grads.get(0)[i]),
              f.name() + ": reverse forward value " + i);
        }
        List<Object> tanArgs = new ArrayList<>(args);
        List<Object> direction = new ArrayList<>();
        double predicted = 0;
        int g = 1;
        for (int p = 0; p < f.params().size(); p++) {
          Function.Parameter param = f.params().get(p);
          if (!param.active()) {
            continue;
          }
          double[] grad = grads.get(g++);
          int size = grad.length;
          double[] v = new double[size];
          for (int e = 0; e < size; e++) {
            v[e] = r.nextDouble(-1, 1);
            double fd = FiniteDifferences.partial(f, args, p, e, seed);
            assertEquals(
                fd,
                grad[e],
                1e-6 * Math.max(1, Math.abs(fd)),
                f.name() + " d/d" + param.name() + "[" + e + "]");
            predicted += grad[e] * v[e];
          }
          direction.add(param.isArray() ? v : (Object) v[0]);
        }
        tanArgs.addAll(direction);
        double[] tangent = Interpreter.run(tan, tanArgs).get(0);
        double jvp = FiniteDifferences.dot(seed, tangent);
        assertEquals(
            predicted, jvp, 1e-12 * Math.max(1, Math.abs(predicted)), f.name() + " <seed, J v>");
      }
    }
  }

  @Test
  void untakenSelectArmsContributeExactZeros() {
    Function f = Programs.guardedPower(4);
    for (boolean optimized : new boolean[] {false, true}) {
      Function rev = ReverseMode.differentiate(optimized ? Optimizer.run(f) : f);
      double[] x = {-2.0, 0.25, -0.0, 9.0};
      double[] grad = Interpreter.run(rev, List.of(x)).get(1);
      // x[0] < 0: the top-level select takes x*x (derivative 2x = -4) and the loop takes 2x.
      assertEquals(2.0 + -4.0, grad[0], 0.0);
      assertEquals(0.5 * Math.pow(0.25, -0.5), grad[1], 1e-15);
      assertEquals(2.0, grad[2], 0.0);
      assertEquals(0.5 * Math.pow(9.0, -0.5), grad[3], 1e-15);
    }
  }

  @Test
  void reverseKeepsLoopsAsLoops() {
    Function small = ReverseMode.differentiate(Programs.crossEntropy(3));
    Function large = ReverseMode.differentiate(Programs.crossEntropy(50_257));
    assertEquals(small.size(), large.size(), "program size must not grow with the input size");
    assertTrue(large.size() < 200, "reverse program has " + large.size() + " nodes");
  }

  private static int countOf(Function f) {
    return f.params().get(0).shape().isEmpty() ? 1 : f.params().get(0).shape().get(0);
  }
}
