package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dynamic generator's programs are well formed and exercise what they claim to. */
class DynamicProgramsTest {

  @Test
  void programsAreWellFormedRunAndCoverTheNewConstructs() {
    int ifs = 0;
    int again = 0;
    int tripCounts = 0;
    int checks = 0;
    int growable = 0;
    int dynamicTrips = 0;
    int threw = 0;
    int ran = 0;
    for (long seed = 0; seed < 500; seed++) {
      Function f = DynamicPrograms.generate(seed);
      Verifier.verify(f);
      for (Node n : f.allNodes()) {
        ifs += n instanceof Node.If ? 1 : 0;
        again += n instanceof Node.Loop l && l.stopsEarly() ? 1 : 0;
        dynamicTrips += n instanceof Node.Loop l && !l.trips().isFixed() ? 1 : 0;
        tripCounts += n instanceof Node.TripCount ? 1 : 0;
        checks += n instanceof Node.Check || n instanceof Node.Apply a && a.op().mayThrow() ? 1 : 0;
      }
      growable += f.arrays().values().stream().anyMatch(ArrayDecl::growable) ? 1 : 0;
      Random r = new Random(seed);
      for (int t = 0; t < 8; t++) {
        List<Object> args = IrTesting.randomArguments(f, r);
        try {
          Interpreter.run(f, args);
          ran++;
        } catch (IllegalStateException e) {
          throw new AssertionError(Printer.print(f), e);
        } catch (RuntimeException e) {
          threw++;
        }
      }
    }
    String counts =
        List.of(ifs, again, tripCounts, checks, growable, dynamicTrips, threw, ran).toString();
    assertTrue(ifs > 300 && again > 150 && tripCounts > 50 && checks > 300, counts);
    assertTrue(growable > 200 && dynamicTrips > 500, counts);
    assertTrue(threw > 200 && ran > 2000, counts);
  }
}
