package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator is deterministic per seed, and different seeds give different programs. */
class ProgramGeneratorTest {

  @Test
  void sameSeedSameProgram() {
    for (long seed = 0; seed < 50; seed++) {
      assertEquals(
          ProgramGenerator.generate(seed).standaloneSource(),
          ProgramGenerator.generate(seed).standaloneSource());
    }
  }

  @Test
  void seedsGiveDistinctPrograms() {
    Set<String> bodies = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      // Strip the seed-derived names so that only the structure is compared.
      String body = ProgramGenerator.generate(seed).standaloneSource().replace("p" + seed, "p");
      bodies.add(body);
    }
    assertTrue(bodies.size() >= 195, bodies.size() + " distinct programs of 200");
  }

  @Test
  void intervalArithmeticContainsSampledValues() {
    Range a = new Range(-1.5, 0.5);
    Range b = new Range(0.2, 2);
    for (double x = a.lo(); x <= a.hi(); x += 0.01) {
      for (double y = b.lo(); y <= b.hi(); y += 0.01) {
        assertTrue(contains(a.mul(b), x * y) && contains(a.div(b), x / y));
        assertTrue(contains(b.pow(-0.5), Math.pow(y, -0.5)) && contains(a.pow(3), x * x * x));
        assertTrue(contains(a.exp(), Math.exp(x)) && contains(b.log(), Math.log(y)));
      }
    }
  }

  private static boolean contains(Range r, double v) {
    return r.lo() <= v && v <= r.hi();
  }
}
