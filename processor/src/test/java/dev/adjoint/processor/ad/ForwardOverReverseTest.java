package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Verifier;
import dev.adjoint.processor.opt.ArrayForwarding;
import dev.adjoint.processor.opt.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products by forward over reverse ({@link ForwardOverReverse}) on the IR
 * interpreter: against the analytic Hessian of cross-entropy, and against central differences of
 * the reverse program's gradients on the static programs (optimized as the processor optimizes
 * them, and not), every construct of the dynamic IR ({@link DynamicPrograms}: triangular nests,
 * early exits, branches with effects, in-place updates, growable lists, mutable outputs) and
 * hundreds of random dynamic programs, whose reverse programs have tapes, cursors and adjoint
 * arrays that are read and cleared.
 */
class ForwardOverReverseTest {

  @Test
  void crossEntropyHessianIsDiagPMinusPPTransposed() {
    for (int n : new int[] {1, 3, 27}) {
      Function f = Programs.crossEntropy(n);
      Function hvp =
          Verifier.verify(ForwardOverReverse.differentiate(ReverseMode.differentiate(f)));
      SplittableRandom r = new SplittableRandom(n);
      for (int trial = 0; trial < 5; trial++) {
        double[] logits = Args.uniform(r, n, -3, 3);
        if (trial == 4) {
          for (int i = 0; i < n; i++) {
            logits[i] += 1000;
          }
        }
        double[] v = Args.uniform(r, n, -1, 1);
        int target = r.nextInt(n);
        double[] hv = Interpreter.run(hvp, List.of(logits, (double) target, v)).get(0);
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
          max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : logits) {
          sum += Math.exp(x - max);
        }
        double pv = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
          p[i] = Math.exp(logits[i] - max) / sum;
          pv += p[i] * v[i];
        }
        for (int i = 0; i < n; i++) {
          assertEquals(p[i] * v[i] - p[i] * pv, hv[i], 1e-14, "n=" + n + " (H v)[" + i + "]");
        }
      }
    }
  }

  @Test
  void staticProgramsMatchDifferencesOfTheirGradients() {
    List<Function> programs =
        List.of(
            Programs.crossEntropy(5),
            Programs.softmax(4),
            Programs.softmax(1),
            Programs.mlp(3, 4),
            Programs.guardedPower(4));
    SplittableRandom r = new SplittableRandom(11);
    int compared = 0;
    for (Function original : programs) {
      for (boolean optimized : new boolean[] {false, true}) {
        Function f =
            optimized ? Optimizer.run(ArrayForwarding.run(Optimizer.run(original))) : original;
        Function rev = ReverseMode.differentiate(f);
        if (optimized) {
          rev = Optimizer.runAdjoint(rev);
        }
        Function hvp = ForwardOverReverse.differentiate(rev);
        HvpCheck c = new HvpCheck(rev, optimized ? Optimizer.run(hvp) : hvp);
        for (int trial = 0; trial < 8; trial++) {
          List<Object> args = FiniteDifferences.randomArgs(f, r, 0.2, 1.5, 2 % countOf(f));
          double[] out = Interpreter.run(f, args).get(0);
          Object seed = f.results().get(0).isArray() ? Args.uniform(r, out.length, -1, 1) : null;
          compared += c.check(args, seed, r, f.name() + " optimized=" + optimized).compared();
        }
      }
    }
    assertTrue(compared > 300, compared + " compared");
  }

  private static int countOf(Function f) {
    return f.params().get(0).shape().isEmpty() ? 1 : f.params().get(0).shape().get(0);
  }

  private static final int[] SIZES = {0, 1, 2, 7, 40};

  private static void dynamic(
      Function f, BiFunction<Integer, SplittableRandom, List<Object>> args) {
    HvpCheck c = new HvpCheck(ReverseMode.differentiate(Verifier.verify(f)));
    SplittableRandom r = new SplittableRandom(f.name().hashCode());
    int compared = 0;
    for (int n : SIZES) {
      for (int trial = 0; trial < 3; trial++) {
        List<Object> a = args.apply(n, r);
        Object seed = null;
        if (f.results().get(0).isArray()) {
          seed = Args.uniform(r, Interpreter.run(f, a).get(0).length, -1, 1);
        }
        compared += c.check(a, seed, r, f.name() + " n=" + n + " trial " + trial).compared();
      }
    }
    assertTrue(compared >= 10, f.name() + ": only " + compared + " compared");
  }

  private static double[] signed(SplittableRandom r, int n, double lo, double hi) {
    double[] a = Args.uniform(r, n, lo, hi);
    for (int i = 0; i < n; i++) {
      a[i] = r.nextBoolean() ? a[i] : -a[i];
    }
    return a;
  }

  @Test
  void triangularNest() {
    dynamic(DynamicPrograms.triangular(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void loopsThatStopEarly() {
    dynamic(
        DynamicPrograms.squareUntilLarge(),
        (n, r) -> List.of(Args.uniform(r, n, 1.1, 3), r.nextDouble(1, 1.2)));
    dynamic(DynamicPrograms.squareOnce(), (n, r) -> List.of(r.nextDouble(1.1, 3) + n * 1e-3));
    dynamic(
        DynamicPrograms.breakOut(),
        (n, r) -> List.of(Args.uniform(r, n, -1, 1), r.nextDouble(0.5, 1)));
  }

  @Test
  void branchesWithEffects() {
    dynamic(
        DynamicPrograms.branches(), (n, r) -> List.of(signed(r, n, 0.05, 1), r.nextDouble(0.5, 1)));
  }

  @Test
  void inPlaceUpdatesAndOverwrites() {
    dynamic(
        DynamicPrograms.inPlace(),
        (n, r) -> {
          double[] x = signed(r, n, 0.05, 1);
          for (int i = 0; i < n; i++) {
            x[i] += 0.25;
          }
          int m = n % 4 + 1;
          return List.of(
              x,
              r.nextDouble(0.5, 1.5),
              new Interpreter.Shaped(Args.uniform(r, m * n, -1, 1), m, n));
        });
    dynamic(DynamicPrograms.overwritten(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
    dynamic(DynamicPrograms.mutableOutput(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void growableListAtARunningCounter() {
    dynamic(DynamicPrograms.runningList(), (n, r) -> List.of(signed(r, n, 0.05, 1)));
  }

  @Test
  void randomDynamicPrograms() {
    int compared = 0;
    int skipped = 0;
    int programs = 200;
    for (long seed = 0; seed < programs; seed++) {
      RandomDynamicPrograms.Generated g = RandomDynamicPrograms.generate(seed);
      Function f = Verifier.verify(g.function());
      List<HvpCheck> checks =
          List.of(
              new HvpCheck(ReverseMode.differentiate(f, Set.of())),
              new HvpCheck(ReverseMode.differentiate(f, g.writeOnce())));
      SplittableRandom r = new SplittableRandom(seed);
      for (int n : new int[] {0, 1, 3, 6}) {
        List<Object> args = RandomDynamicProgramsTest.args(f, n, r);
        Object seedArg = null;
        if (f.results().get(0).isArray()) {
          double[] out = Interpreter.run(f, args).get(0);
          seedArg = Args.uniform(r, out.length, -1, 1);
        }
        for (HvpCheck c : checks) {
          HvpCheck.Counts counts = c.check(new ArrayList<>(args), seedArg, r, f.name() + " n=" + n);
          compared += counts.compared();
          skipped += counts.skipped();
        }
      }
    }
    assertTrue(
        compared > 20 * skipped && compared > 3 * programs,
        compared + " compared, " + skipped + " skipped");
  }
}
