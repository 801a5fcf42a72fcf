package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Deciding simple loops at once reports exactly what running every iteration reports: the same
 * first violation (problem, node, array, element) or the same fully written arrays.
 */
class WriteOnceCheckEquivalenceTest {

  /** How often each outcome occurred, so that a test that compares nothing fails. */
  private static final class Tally {
    final Map<WriteOnceCheck.Problem, Integer> problems =
        new EnumMap<>(WriteOnceCheck.Problem.class);
    int ok;
    int decided;
    int decidedAndOk;

    void compare(Function f, String what) {
      Verifier.verify(f);
      WriteOnceCheck.Report want = WriteOnceCheck.checkExhaustively(f);
      WriteOnceCheck.Report got = WriteOnceCheck.check(f);
      assertEquals(want, got, () -> what + "\n" + Printer.print(f));
      want.violation().ifPresent(v -> problems.merge(v.problem(), 1, Integer::sum));
      ok += want.ok() ? 1 : 0;
      if (WriteOnceCheck.loopsDecidedAtOnce(f) > 0) {
        decided++;
        decidedAndOk += want.ok() ? 1 : 0;
      }
    }
  }

  private static Tally compareAll(LongFunction<Function> programs, int seeds) {
    Tally t = new Tally();
    for (long seed = 0; seed < seeds; seed++) {
      t.compare(programs.apply(seed), "seed " + seed);
    }
    return t;
  }

  @Test
  void randomProgramsGetTheSameReport() {
    Tally t = compareAll(RandomPrograms::generate, 3_000);
    assertTrue(t.decided > 100, "programs with a loop decided at once: " + t.decided);
    assertTrue(t.ok > 100, "programs without violation: " + t.ok);
  }

  @Test
  void affineLoopNestsGetTheSameReport() {
    Tally t = compareAll(AffineNests::generate, 10_000);
    assertTrue(t.decidedAndOk > 300, "passing programs with a loop decided: " + t.decidedAndOk);
    assertTrue(t.decided - t.decidedAndOk > 300, "failing ones: " + (t.decided - t.decidedAndOk));
    for (WriteOnceCheck.Problem p : WriteOnceCheck.Problem.values()) {
      assertTrue(t.problems.getOrDefault(p, 0) > 20, p + " seen " + t.problems.get(p));
    }
  }
}
