package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class AlgebraicSimplificationTest {

  /** f(x) = rule(x), one result; returns the function. */
  private static Function unary(ScalarType type, BiFunction<Builder, Integer, Integer> rule) {
    Builder b = new Builder("f");
    int x = b.input("x", type, true);
    b.result("y", rule.apply(b, x), List.of());
    return b.build();
  }

  private static void assertRemoved(ScalarType type, BiFunction<Builder, Integer, Integer> rule) {
    Function f = unary(type, rule);
    Function g = AlgebraicSimplification.run(f);
    assertEquals(1, g.results().get(0).id(), () -> "not simplified to x:\n" + Printer.print(g));
    assertEquivalent(f, g);
  }

  private static void assertKept(BiFunction<Builder, Integer, Integer> rule) {
    Function f = unary(ScalarType.F64, rule);
    Function g = AlgebraicSimplification.run(f);
    assertEquals(f.body(), g.body(), () -> "wrongly simplified:\n" + Printer.print(g));
  }

  private static long bits(double d) {
    return Double.doubleToRawLongBits(d);
  }

  @Test
  void removesExactDoubleIdentities() {
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.MUL, x, b.constant(1.0)));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.MUL, b.constant(1.0), x));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.DIV, x, b.constant(1.0)));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.SUB, x, b.constant(0.0)));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.ADD, x, b.constant(-0.0)));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.ADD, b.constant(-0.0), x));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.NEG, b.apply(Op.NEG, x)));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.MAX, x, x));
    assertRemoved(ScalarType.F64, (b, x) -> b.apply(Op.MIN, x, x));
    assertRemoved(ScalarType.F64, (b, x) -> b.select(b.apply(Op.LT, x, b.constant(0.0)), x, x));
  }

  @Test
  void keepsRewritesThatAreOnlyMathematicallyTrue() {
    assertKept((b, x) -> b.apply(Op.ADD, x, b.constant(0.0)));
    assertKept((b, x) -> b.apply(Op.SUB, x, b.constant(-0.0)));
    assertKept((b, x) -> b.apply(Op.MUL, x, b.constant(-1.0)));
    assertKept((b, x) -> b.apply(Op.DIV, x, b.constant(-1.0)));
    assertKept((b, x) -> b.apply(Op.MUL, x, b.constant(0.0)));
    assertKept((b, x) -> b.apply(Op.SUB, x, x));
    assertKept((b, x) -> b.apply(Op.SUB, b.constant(0.0), x));
    assertKept((b, x) -> b.apply(Op.POW, x, b.constant(1.0)));
    assertKept((b, x) -> b.apply(Op.STOP, x));
    // ...and each exclusion is needed: the "simplified" form differs on some input.
    assertNotEquals(bits(-0.0), bits(-0.0 + 0.0));
    assertNotEquals(bits(-0.0 * 0.0), bits(0.0));
    Function times = unary(ScalarType.F64, (b, x) -> b.apply(Op.MUL, x, b.constant(-1.0)));
    Function negated = unary(ScalarType.F64, (b, x) -> b.apply(Op.NEG, x));
    double nan = Double.NaN;
    assertNotEquals(
        bits(Interpreter.run(times, List.of(nan)).get(0)[0]),
        bits(Interpreter.run(negated, List.of(nan)).get(0)[0]),
        "x * -1.0 and -x differ in the sign of NaN");
  }

  @Test
  void keepsStopsButMergesStopOfStop() {
    Function f = unary(ScalarType.F64, (b, x) -> b.apply(Op.STOP, b.apply(Op.STOP, x)));
    Function g = AlgebraicSimplification.run(f);
    int inner = ((Node.Apply) g.body().get(1)).id();
    assertEquals(inner, g.results().get(0).id());
    assertEquals(Op.STOP, ((Node.Apply) g.nodesById().get(inner)).op());
    assertEquivalent(f, g);
  }

  @Test
  void simplifiesIntsAndBooleans() {
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.IADD, i, b.intConstant(0)));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.IADD, b.intConstant(0), i));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.ISUB, i, b.intConstant(0)));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.IMUL, i, b.intConstant(1)));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.IDIV, i, b.intConstant(1)));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.INEG, b.apply(Op.INEG, i)));
    assertRemoved(ScalarType.I32, (b, i) -> b.apply(Op.IMAX, i, i));
    assertRemoved(ScalarType.BOOL, (b, c) -> b.apply(Op.NOT, b.apply(Op.NOT, c)));
    assertRemoved(ScalarType.BOOL, (b, c) -> b.apply(Op.AND, c, b.boolConstant(true)));
    assertRemoved(ScalarType.BOOL, (b, c) -> b.apply(Op.OR, b.boolConstant(false), c));
    assertRemoved(
        ScalarType.BOOL, (b, c) -> b.select(c, b.boolConstant(true), b.boolConstant(false)));
    for (BiFunction<Builder, Integer, Integer> zero :
        List.<BiFunction<Builder, Integer, Integer>>of(
            (b, i) -> b.apply(Op.IMUL, i, b.intConstant(0)),
            (b, i) -> b.apply(Op.ISUB, i, i),
            (b, i) -> b.apply(Op.IREM, i, b.intConstant(1)))) {
      Function f = unary(ScalarType.I32, zero);
      Function g = AlgebraicSimplification.run(f);
      Node result = g.nodesById().get(g.results().get(0).id());
      assertTrue(result instanceof Node.Const c && c.value() == 0, Printer.print(g));
      assertEquivalent(f, g);
    }
  }

  @Test
  void foldsDifferencesOfOffsetsThroughIndexChecksAndKeepsTheCheck() {
    // (i + 4) - checkIndex(i, n) is 4 whenever the check returns; the check still throws.
    Builder b = new Builder("f");
    int i = b.input("i", ScalarType.I32, false);
    int n = b.input("n", ScalarType.I32, false);
    int checked = b.apply(Op.CHECK_INDEX, i, n);
    int diff = b.apply(Op.ISUB, b.apply(Op.IADD, i, b.intConstant(4)), checked);
    b.result("y", diff, List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(AlgebraicSimplification.run(f));
    Node result = g.nodesById().get(g.results().get(0).id());
    assertTrue(result instanceof Node.Const c && c.value() == 4, Printer.print(g));
    assertEquals(1, count(g, Op.CHECK_INDEX), Printer.print(g));
    assertEquals(4.0, Interpreter.run(g, List.of(2.0, 3.0)).get(0)[0]);
    for (Function h : List.of(f, g)) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IndexOutOfBoundsException.class, () -> Interpreter.run(h, List.of(3.0, 3.0)));
    }
    // (i + 3) - (i - 2) is 5; i - (j + 1) for another j stays.
    Builder c = new Builder("g");
    int x = c.input("x", ScalarType.I32, false);
    int y = c.input("y", ScalarType.I32, false);
    c.result(
        "five",
        c.apply(
            Op.ISUB, c.apply(Op.IADD, c.intConstant(3), x), c.apply(Op.ISUB, x, c.intConstant(2))),
        List.of());
    c.result("kept", c.apply(Op.ISUB, x, c.apply(Op.IADD, y, c.intConstant(1))), List.of());
    Function h = c.build();
    Function k = AlgebraicSimplification.run(h);
    assertTrue(
        k.nodesById().get(k.results().get(0).id()) instanceof Node.Const five && five.value() == 5,
        Printer.print(k));
    assertEquals(Op.ISUB, ((Node.Apply) k.nodesById().get(k.results().get(1).id())).op());
    assertEquivalent(h, k);
  }

  @Test
  void aCounterFromZeroIsTheIndexAndAConstantSlotItsValue() {
    // for i < n: s[c] = x; c = c + 1; k = 1 (k from 1): c is i, k is 1, and the loop's results
    // (c after the loop is n, k is 1) stay.
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int s =
        b.declare(
            "s",
            ScalarType.F64,
            List.of(new dev.adjoint.processor.ir.Extent.Dynamic(n)),
            dev.adjoint.processor.ir.ArrayDecl.Role.OUTPUT,
            false);
    int one = b.intConstant(1);
    Builder.LoopScope l =
        b.beginLoop(
            new dev.adjoint.processor.ir.Extent.Dynamic(n), false, List.of(b.intConstant(0), one));
    int c = l.carried().get(0);
    b.check(
        b.apply(Op.EQ, l.carried().get(1), b.intConstant(1)),
        "k is %d",
        List.of(l.carried().get(1)));
    b.store(s, List.of(c), x);
    List<Integer> out = b.endLoop(List.of(b.apply(Op.IADD, c, b.intConstant(1)), one));
    b.result("count", out.get(0), List.of());
    b.result("k", out.get(1), List.of());
    Function f = b.build();
    Function g = AlgebraicSimplification.run(f);
    Node.Loop loop =
        (Node.Loop) g.body().stream().filter(Node.Loop.class::isInstance).findFirst().orElseThrow();
    Node.Store st =
        (Node.Store)
            loop.body().nodes().stream()
                .filter(Node.Store.class::isInstance)
                .findFirst()
                .orElseThrow();
    assertEquals(loop.body().index().id(), st.index().get(0), Printer.print(g));
    Function h = Optimizer.run(f); // folds k == 1 to true, then drops the check
    assertEquals(0, count(h, Node.Check.class), Printer.print(h));
    for (double size : new double[] {0, 1, 5}) {
      List<double[]> want = Interpreter.run(f, List.of(1.5, size));
      for (Function opt : List.of(g, h)) {
        List<double[]> got = Interpreter.run(opt, List.of(1.5, size));
        for (int r = 0; r < want.size(); r++) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(r), got.get(r));
        }
      }
    }
  }

  @Test
  void removesZeroTripLoopsAndPassThroughSlots() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out =
        b.declare(
            "out", ScalarType.F64, List.of(1), dev.adjoint.processor.ir.ArrayDecl.Role.OUTPUT);
    Builder.LoopScope never = b.beginLoop(0, false, List.of(x));
    b.store(out, List.of(never.index()), b.apply(Op.EXP, never.carried().get(0)));
    int r0 = b.endLoop(List.of(b.apply(Op.EXP, never.carried().get(0)))).get(0);
    Builder.LoopScope l = b.beginLoop(3, false, List.of(r0, x));
    int keep = l.carried().get(0);
    int next = b.apply(Op.ADD, l.carried().get(1), b.apply(Op.MUL, keep, b.constant(1.0)));
    List<Integer> rs = b.endLoop(List.of(keep, next));
    b.result("a", rs.get(0), List.of());
    b.result("b", rs.get(1), List.of());
    b.result("out", out, List.of(1));
    Function f = b.build();
    Function g = AlgebraicSimplification.run(f);
    assertEquals(1, count(g, Node.Loop.class), Printer.print(g));
    assertEquals(x, g.results().get(0).id());
    assertEquals(0, count(g, Op.EXP));
    assertEquivalent(f, g);
  }

  @Test
  void loopResultOfAnInvariantYieldIsThatValueWhenTheLoopRuns() {
    for (int count : new int[] {0, 1, 5}) {
      Builder b = new Builder("f");
      int x = b.input("x", ScalarType.F64, true);
      int y = b.input("y", ScalarType.F64, true);
      Builder.LoopScope l = b.beginLoop(count, true, List.of(x));
      b.apply(Op.EXP, l.carried().get(0));
      int r = b.endLoop(List.of(y)).get(0);
      b.result("r", r, List.of());
      Function f = b.build();
      Function g = AlgebraicSimplification.run(f);
      assertEquals(count == 0 ? x : y, g.results().get(0).id(), Printer.print(g));
      assertEquivalent(f, g);
    }
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, AlgebraicSimplification.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, AlgebraicSimplification.run(f));
    }
  }
}
