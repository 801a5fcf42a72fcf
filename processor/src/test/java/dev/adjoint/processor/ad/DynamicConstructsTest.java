package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Reverse and forward mode on each construct of the dynamic IR ({@link DynamicPrograms}), at
 * runtime sizes 0, 1, 2, 7 and 100: gradients against finite differences, tangents against finite
 * differences, and the two modes against each other ({@link DerivativeCheck}).
 */
class DynamicConstructsTest {

  private static final int[] SIZES = {0, 1, 2, 7, 100};

  /** Values in [lo, hi) with a random sign: away from a branch at zero. */
  private static double[] signed(SplittableRandom r, int n, double lo, double hi) {
    double[] a = Args.uniform(r, n, lo, hi);
    for (int i = 0; i < n; i++) {
      a[i] = r.nextBoolean() ? a[i] : -a[i];
    }
    return a;
  }

  private static void check(Function f, BiFunction<Integer, SplittableRandom, List<Object>> args) {
    DerivativeCheck c = DerivativeCheck.of(f);
    SplittableRandom r = new SplittableRandom(f.name().hashCode());
    int compared = 0;
    for (int n : SIZES) {
      for (int trial = 0; trial < 3; trial++) {
        List<Object> a = args.apply(n, r);
        String label = f.name() + " n=" + n + " trial " + trial;
        compared += c.check(a, r, n <= 7 ? 8 : 3, label).finiteDifferences();
      }
    }
    assertTrue(compared >= 20, f.name() + ": only " + compared + " finite differences compared");
  }

  @Test
  void triangularNest() {
    check(DynamicPrograms.triangular(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void loopUntilLargeInsideACountedLoop() {
    check(
        DynamicPrograms.squareUntilLarge(),
        (n, r) -> List.of(Args.uniform(r, n, 1.1, 3), r.nextDouble(1, 1.2)));
  }

  @Test
  void loopUntilLargeAtTheTopLevel() {
    check(DynamicPrograms.squareOnce(), (n, r) -> List.of(r.nextDouble(1.1, 3) + n * 1e-3));
  }

  @Test
  void breakOutOfALoopWithATape() {
    check(
        DynamicPrograms.breakOut(),
        (n, r) -> List.of(Args.uniform(r, n, -1, 1), r.nextDouble(0.5, 1)));
  }

  @Test
  void branchesWithStoresAndLoopsInTheirArms() {
    check(
        DynamicPrograms.branches(), (n, r) -> List.of(signed(r, n, 0.05, 1), r.nextDouble(0.5, 1)));
  }

  @Test
  void inPlaceUpdatesAndReadModifyWrite() {
    for (boolean overwriteAfter : new boolean[] {false, true}) {
      inPlace(overwriteAfter);
    }
  }

  private void inPlace(boolean overwriteAfter) {
    check(
        DynamicPrograms.inPlace(overwriteAfter),
        (n, r) -> {
          // Away from relu's kink at x = 0.25.
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
  }

  @Test
  void elementOverwrittenInALoop() {
    check(DynamicPrograms.overwritten(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void growableListAtARunningCounter() {
    check(DynamicPrograms.runningList(), (n, r) -> List.of(signed(r, n, 0.05, 1)));
  }

  @Test
  void mutableOutputArray() {
    check(DynamicPrograms.mutableOutput(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void readOnlyOneElementOfAWorkspace() {
    Function f = DynamicPrograms.logsAt(-1);
    DerivativeCheck c = DerivativeCheck.of(f);
    SplittableRandom r = new SplittableRandom(5);
    int compared = 0;
    for (int n : SIZES) {
      if (n > 0) {
        List<Object> args = new ArrayList<>();
        args.add(Args.uniform(r, n, 0.5, 2));
        args.add((double) r.nextInt(n));
        compared += c.check(args, r, 8, "logsAt n=" + n).finiteDifferences();
      }
    }
    assertTrue(compared >= 10);
  }

  @Test
  void outputOfTwoRuntimeDimensions() {
    DerivativeCheck c = DerivativeCheck.of(DynamicPrograms.outerProduct());
    SplittableRandom r = new SplittableRandom(8);
    int compared = 0;
    for (int n : SIZES) {
      List<Object> args = List.of(Args.uniform(r, Math.min(n, 20), -1, 1));
      int m = Math.min(n, 20);
      compared += c.check(args, r, 6, "outerProduct n=" + m, new int[] {m, m}).finiteDifferences();
    }
    assertTrue(compared >= 15);
  }

  @Test
  void negativeTripCountsRunNoIteration() {
    check(DynamicPrograms.shortened(), (n, r) -> List.of(Args.uniform(r, n, -1, 1)));
  }

  @Test
  void seedsAndTangentsOfTheWrongLengthAreRejected() {
    DerivativeCheck c = DerivativeCheck.of(DynamicPrograms.mutableOutput());
    List<Object> args = List.of(new double[] {1, 2, 3}, new double[] {1, 2});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Interpreter.run(c.reverse(), args));
    assertTrue(e.getMessage().contains("seed has 2 elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(c.tangent(), args));
    assertTrue(e.getMessage().contains("dX has 2 elements"), e.getMessage());
  }
}
