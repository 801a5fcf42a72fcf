package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreshAccumulationTest {

  /** {@code for i: g[i] += x * i} then {@code g[2] += x}: the loop's reads go, the last stays. */
  @Test
  void theFirstAccumulationIntoEachElementBecomesAStore() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int g = b.declare("g", ScalarType.F64, List.of(4), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope s = b.beginLoop(4, true, List.of());
    List<Integer> i = List.of(s.index());
    int term = b.apply(Op.MUL, x, b.apply(Op.I2D, s.index()));
    b.store(g, i, b.apply(Op.ADD, b.load(g, i), term));
    b.endLoop(List.of());
    List<Integer> two = List.of(b.intConstant(2));
    b.store(g, two, b.apply(Op.ADD, b.load(g, two), x));
    b.result("g", g, List.of(4));
    Function f = b.build();
    Function r = FreshAccumulation.run(f);
    Verifier.verify(r);
    assertEquals(1, count(r, Node.Load.class));
    assertEquals(1, count(r, Op.ADD));
    assertSameUpToZeroSign(f, r);
  }

  @Test
  void leavesProgramsWithoutFreshReadsAlone() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int g = b.declare("g", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    List<Integer> zero = List.of(b.intConstant(0));
    b.store(g, zero, x);
    b.store(g, zero, b.apply(Op.ADD, b.load(g, zero), x));
    b.result("g", g, List.of(1));
    Function f = b.build();
    assertSame(f, FreshAccumulation.run(f));
  }

  @Test
  void preservesResultsOfRandomProgramsUpToTheSignOfZero() {
    for (long seed = 0; seed < 500; seed++) {
      Function f = RandomPrograms.generate(seed);
      Function r = FreshAccumulation.run(f);
      Verifier.verify(r);
      assertSameUpToZeroSign(f, r);
    }
  }

  @Test
  void preservesResultsOfDynamicProgramsUpToTheSignOfZero() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      Function r = FreshAccumulation.run(f);
      Verifier.verify(r);
      assertSameUpToZeroSign(f, r);
      Function adjoint = Optimizer.runAdjoint(f);
      Verifier.verify(adjoint);
      assertSameUpToZeroSign(f, adjoint);
    }
  }

  private static void assertSameUpToZeroSign(Function f, Function g) {
    Random random = new Random(7);
    for (int t = 0; t < 32; t++) {
      List<Object> args = IrTesting.randomArguments(f, random);
      List<double[]> want;
      List<double[]> got;
      try {
        want = Interpreter.run(f, args);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
        // A check, an index check or a division by zero: the rewrite must throw the same.
        Class<?> expected = e.getClass();
        try {
          Interpreter.run(g, args);
        } catch (RuntimeException thrown) {
          assertEquals(expected, thrown.getClass());
          continue;
        }
        throw new AssertionError("the rewrite does not throw " + expected, e);
      }
      got = Interpreter.run(g, args);
      for (int k = 0; k < want.size(); k++) {
        for (int e = 0; e < want.get(k).length; e++) {
          double w = want.get(k)[e];
          double v = got.get(k)[e];
          // Doubles compare -0.0 and 0.0 as equal with ==; Double.compare keeps NaN equal to NaN.
          if (!(w == v || Double.compare(w, v) == 0)) {
            throw new AssertionError("result " + k + "[" + e + "]: " + w + " vs " + v);
          }
        }
      }
    }
  }
}
