package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reverse and forward mode on hundreds of random dynamic programs ({@link RandomDynamicPrograms}),
 * each at several runtime sizes: every identity of {@link DerivativeCheck}, once with every local
 * array treated as possibly overwritten (what {@code WriteOnce} proves of dynamic programs today)
 * and once with the arrays the generator fills exactly once known to be write-once.
 */
class RandomDynamicProgramsTest {

  private static final int PROGRAMS = 300;

  @Test
  void derivativesAgreeOnRandomPrograms() {
    int compared = 0;
    int skipped = 0;
    for (long seed = 0; seed < PROGRAMS; seed++) {
      RandomDynamicPrograms.Generated g = RandomDynamicPrograms.generate(seed);
      Function f = Verifier.verify(g.function());
      List<DerivativeCheck> checks =
          List.of(
              new DerivativeCheck(
                  f,
                  ReverseMode.differentiate(f, java.util.Set.of()),
                  TangentMode.differentiate(f)),
              new DerivativeCheck(
                  f, ReverseMode.differentiate(f, g.writeOnce()), TangentMode.differentiate(f)));
      SplittableRandom r = new SplittableRandom(seed);
      for (int n : new int[] {0, 1, 3, 6}) {
        List<Object> args = args(f, n, r);
        for (DerivativeCheck c : checks) {
          DerivativeCheck.Counts counts = c.check(args, r, 2, f.name() + " n=" + n);
          compared += counts.finiteDifferences();
          skipped += counts.skipped();
        }
      }
    }
    assertTrue(
        compared > 20 * skipped && compared > 3 * PROGRAMS,
        compared + " finite differences compared, " + skipped + " skipped");
  }

  /** Arguments: vectors of length {@code n}, a matrix of a few rows, scalars near 1. */
  static List<Object> args(Function f, int n, SplittableRandom r) {
    List<Object> args = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      if (p.extents().size() == 2) {
        int rows = 1 + r.nextInt(3);
        args.add(new Interpreter.Shaped(Args.uniform(r, rows * n, -1, 1), rows, n));
      } else if (p.isArray()) {
        args.add(Args.uniform(r, n, -1, 1));
      } else {
        args.add(r.nextDouble(0.5, 1.5));
      }
    }
    return args;
  }
}
