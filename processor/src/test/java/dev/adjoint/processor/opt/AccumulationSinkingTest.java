package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.FirstWrites;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccumulationSinkingTest {

  /**
   * Cross-entropy's reverse sweep: {@code g[target] += -1} before {@code g[i] += x * i} makes no
   * later element provably unwritten; sunk after them, all of them are.
   */
  @Test
  void sinksTheTargetsAccumulationAfterTheStraightLineOnes() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int target = b.input("target", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    List<Integer> k = List.of(target);
    accumulate(b, g, k, b.constant(-1.0));
    for (int e = 2; e >= 0; e--) {
      List<Integer> at = List.of(b.intConstant(e));
      accumulate(b, g, at, b.apply(Op.MUL, x, b.constant(e + 0.5)));
    }
    b.result("g", g, List.of(3));
    Function f = b.build();
    Function r = AccumulationSinking.run(f);
    Verifier.verify(r);
    assertNotSame(f, r);
    assertEquals(3, FirstWrites.ofAll(r).get(g).freshLoads().size());
    assertBitIdentical(f, r, 3);
    assertEquals(1, count(FreshAccumulation.run(r), Node.Load.class));
  }

  /** The lesson's form: the target's {@code -1}, then one loop accumulating every element. */
  @Test
  void sinksItAfterALoopOfAccumulations() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int target = b.input("target", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(5), ArrayDecl.Role.OUTPUT);
    List<Integer> k = List.of(target);
    accumulate(b, g, k, b.constant(-1.0));
    Builder.LoopScope s = b.beginLoop(5, true, List.of());
    List<Integer> i = List.of(s.index());
    int term = b.apply(Op.MUL, x, b.apply(Op.I2D, s.index()));
    accumulate(b, g, i, term);
    b.endLoop(List.of());
    b.result("g", g, List.of(5));
    Function f = b.build();
    Function r = AccumulationSinking.run(f);
    Verifier.verify(r);
    assertNotSame(f, r);
    assertEquals(1, FirstWrites.ofAll(r).get(g).freshLoads().size()); // the loop's load
    assertBitIdentical(f, r, 5);
    // The loop's loads became constants; only the target's load is left.
    assertEquals(1, count(FreshAccumulation.run(r), Node.Load.class));
  }

  /**
   * Unrolled cross-entropy's order: some elements are stored first, then the target's {@code -1},
   * then the rest; sinking it makes the rest fresh too.
   */
  @Test
  void sinksItAfterTheRestWhenEarlierElementsAreWritten() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int target = b.input("target", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    List<Integer> two = List.of(b.intConstant(2));
    accumulate(b, g, two, x);
    List<Integer> k = List.of(target);
    accumulate(b, g, k, b.constant(-1.0));
    for (int e = 1; e >= 0; e--) {
      List<Integer> at = List.of(b.intConstant(e));
      accumulate(b, g, at, b.apply(Op.MUL, x, b.constant(e + 0.5)));
    }
    b.result("g", g, List.of(3));
    Function f = b.build();
    Function r = AccumulationSinking.run(f);
    Verifier.verify(r);
    assertEquals(3, FirstWrites.ofAll(r).get(g).freshLoads().size());
    assertBitIdentical(f, r, 3);
    assertEquals(1, count(FreshAccumulation.run(r), Node.Load.class));
  }

  /** Sinking past an element accumulated twice would reorder three additions: not done. */
  @Test
  void leavesItWhenAFollowerAddsTwiceToOneElement() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int target = b.input("target", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    List<Integer> k = List.of(target);
    accumulate(b, g, k, b.constant(-1.0));
    List<Integer> zero = List.of(b.intConstant(0));
    accumulate(b, g, zero, x);
    accumulate(b, g, zero, b.apply(Op.MUL, x, x));
    b.result("g", g, List.of(2));
    Function f = b.build();
    assertSame(f, AccumulationSinking.run(f));
  }

  /** A read of the array in between would see the moved value: not done. */
  @Test
  void leavesItWhenSomethingElseReadsTheArray() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int target = b.input("target", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    int h = b.declare("h", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    List<Integer> k = List.of(target);
    accumulate(b, g, k, b.constant(-1.0));
    List<Integer> zero = List.of(b.intConstant(0));
    List<Integer> one = List.of(b.intConstant(1));
    b.store(h, zero, b.load(g, one));
    accumulate(b, g, zero, x);
    b.result("g", g, List.of(2));
    b.result("h", h, List.of(1));
    Function f = b.build();
    assertSame(f, AccumulationSinking.run(f));
  }

  @Test
  void preservesResultsOfRandomProgramsBitForBit() {
    for (long seed = 0; seed < 500; seed++) {
      Function f = RandomPrograms.generate(seed);
      Function r = AccumulationSinking.run(f);
      Verifier.verify(r);
      assertBitIdentical(f, r);
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      Function r = AccumulationSinking.run(f);
      Verifier.verify(r);
      assertBitIdentical(f, r);
    }
  }

  /** Appends {@code array[at] = array[at] + value}, the form reverse mode accumulates in. */
  private static void accumulate(Builder b, int array, List<Integer> at, int value) {
    b.store(array, at, b.apply(Op.ADD, b.load(array, at), value));
  }

  private static void assertBitIdentical(Function f, Function g) {
    assertBitIdentical(f, g, -1);
  }

  /** Compares on random arguments; a target index (parameter 1) below {@code targets} if >= 0. */
  private static void assertBitIdentical(Function f, Function g, int targets) {
    Random random = new Random(7);
    for (int t = 0; t < 32; t++) {
      List<Object> args = IrTesting.randomArguments(f, random);
      if (targets > 0) {
        args.set(1, (double) (t % targets));
      }
      IrTesting.assertSameResults(f, g, args);
    }
  }
}
