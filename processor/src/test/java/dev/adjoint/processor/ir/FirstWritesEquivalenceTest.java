package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * FirstWrites finds the same fresh loads, reads-only-written and covers-all facts whether it
 * enumerates every iteration or decides affine indices from their coefficients.
 */
class FirstWritesEquivalenceTest {

  /** How often each fact held, so that a test that compares nothing fails. */
  private int fresh;

  private int covered;
  private int readsWritten;

  private void compareAll(LongFunction<Function> programs, int seeds) {
    for (long seed = 0; seed < seeds; seed++) {
      Function f = programs.apply(seed);
      Map<Integer, Node> byId = f.nodesById();
      for (ArrayDecl a : f.arrays().values()) {
        if (a.role() == ArrayDecl.Role.INPUT) {
          continue;
        }
        FirstWrites want = FirstWrites.of(f, byId, a.id(), true);
        FirstWrites got = FirstWrites.of(f, byId, a.id(), false);
        String what = "seed " + seed + ", array " + a.name() + "\n" + Printer.print(f);
        assertEquals(
            List.of(want.freshLoads(), want.readsOnlyWritten(), want.coversAll()),
            List.of(got.freshLoads(), got.readsOnlyWritten(), got.coversAll()),
            what);
        fresh += want.freshLoads().isEmpty() ? 0 : 1;
        covered += want.coversAll() ? 1 : 0;
        readsWritten += want.readsOnlyWritten() ? 1 : 0;
      }
    }
  }

  @Test
  void randomProgramsGetTheSameFacts() {
    compareAll(RandomPrograms::generate, 3_000);
    assertTrue(fresh > 100 && covered > 100 && readsWritten > 100, fresh + " " + covered);
  }

  @Test
  void affineLoopNestsGetTheSameFacts() {
    compareAll(AffineNests::generate, 10_000);
    assertTrue(fresh > 300 && covered > 300 && readsWritten > 300, fresh + " " + covered);
  }
}
