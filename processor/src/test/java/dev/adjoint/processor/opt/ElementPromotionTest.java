package dev.adjoint.processor.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which array elements a loop keeps in a carried value, and that values stay the same. */
class ElementPromotionTest {

  /** Loads and stores of {@code array} in the body of the loop in the first loop of {@code f}. */
  private static long innerAccesses(Function f, int array) {
    Node.Loop outer =
        (Node.Loop) f.body().stream().filter(Node.Loop.class::isInstance).findFirst().orElseThrow();
    Node.Loop inner =
        (Node.Loop)
            outer.body().nodes().stream()
                .filter(Node.Loop.class::isInstance)
                .findFirst()
                .orElseThrow();
    return inner.body().nodes().stream()
        .filter(
            n ->
                n instanceof Node.Load l && l.array() == array
                    || n instanceof Node.Store s && s.array() == array)
        .count();
  }

  /**
   * {@code h[o] = 0; for i < m: h[o] = h[o] + x[i] * x[o % 4]} over {@code o < n}, then the sum of
   * {@code h}: the in-place accumulation of a layer whose width is known at run time.
   */
  private static Function layer(boolean innerIndexInStore) {
    Builder b = new Builder("layer");
    int n = b.input("n", ScalarType.I32, false);
    int m = b.input("m", ScalarType.I32, false);
    int x = b.inputArray("x", ScalarType.F64, List.of(4), true);
    int h =
        b.declare("h", ScalarType.F64, List.of(new Extent.Dynamic(n)), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope outer = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    int o = outer.index();
    b.store(h, List.of(o), b.constant(0.0));
    Builder.LoopScope inner = b.beginLoop(new Extent.Dynamic(m), false, List.of());
    int i = b.apply(Op.IREM, inner.index(), b.intConstant(4));
    int xo = b.load(x, List.of(b.apply(Op.IREM, o, b.intConstant(4))));
    int term = b.apply(Op.MUL, b.load(x, List.of(i)), xo);
    int at = innerIndexInStore ? i : o;
    b.store(h, List.of(at), b.apply(Op.ADD, b.load(h, List.of(at)), term));
    b.endLoop(List.of());
    b.endLoop(List.of());
    Builder.LoopScope sum = b.beginLoop(new Extent.Dynamic(n), false, List.of(b.constant(0.0)));
    int total =
        b.endLoop(List.of(b.apply(Op.ADD, sum.carried().get(0), b.load(h, List.of(sum.index())))))
            .get(0);
    b.result("y", total, List.of());
    return b.build();
  }

  private static double run(Function f, int n, int m) {
    return Interpreter.run(f, List.of((double) n, (double) m, new double[] {0.5, -1.5, 2.0, 3.25}))
        .get(0)[0];
  }

  @Test
  void keepsAnAccumulatedElementInACarriedValue() {
    Function f = layer(false);
    int h =
        f.arrays().values().stream()
            .filter(a -> a.name().equals("h"))
            .findFirst()
            .orElseThrow()
            .id();
    Function g = Verifier.verifyIfEnabled(ElementPromotion.run(f));
    assertEquals(2, innerAccesses(f, h));
    assertEquals(0, innerAccesses(g, h), () -> Printer.print(g));
    for (int[] nm : new int[][] {{3, 5}, {4, 0}, {0, 3}, {1, 1}}) {
      assertEquals(
          Double.doubleToRawLongBits(run(f, nm[0], nm[1])),
          Double.doubleToRawLongBits(run(g, nm[0], nm[1])),
          Printer.print(g));
    }
    Function optimized = Optimizer.run(f);
    assertArrayEquals(
        Interpreter.run(f, List.of(5.0, 7.0, new double[] {0.5, -1.5, 2.0, 3.25})).get(0),
        Interpreter.run(optimized, List.of(5.0, 7.0, new double[] {0.5, -1.5, 2.0, 3.25})).get(0));
  }

  @Test
  void keepsACounterAtAnIndexTheBlockResetBeforeTheLoop() {
    // sizes[2o + 1] = 0, then counted up m times: a list's size per row, as appends keep it.
    Builder b = new Builder("counts");
    int n = b.input("n", ScalarType.I32, false);
    int m = b.input("m", ScalarType.I32, false);
    int rows = b.apply(Op.IMUL, n, b.intConstant(2));
    int sizes =
        b.declare(
            "sizes",
            ScalarType.I32,
            List.of(new Extent.Dynamic(rows)),
            ArrayDecl.Role.LOCAL,
            false);
    Builder.LoopScope outer = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    int r = b.apply(Op.IADD, b.apply(Op.IMUL, outer.index(), b.intConstant(2)), b.intConstant(1));
    b.store(sizes, List.of(r), b.intConstant(0));
    b.beginLoop(new Extent.Dynamic(m), false, List.of());
    int c = b.load(sizes, List.of(r));
    b.store(sizes, List.of(r), b.apply(Op.IADD, c, b.intConstant(1)));
    b.endLoop(List.of());
    b.endLoop(List.of());
    Builder.LoopScope sum = b.beginLoop(new Extent.Dynamic(rows), false, List.of(b.constant(0.0)));
    int total =
        b.endLoop(
                List.of(
                    b.apply(
                        Op.ADD,
                        sum.carried().get(0),
                        b.apply(Op.I2D, b.load(sizes, List.of(sum.index()))))))
            .get(0);
    b.result("y", total, List.of());
    Function f = b.build();
    Function g = Verifier.verifyIfEnabled(ElementPromotion.run(f));
    assertEquals(0, innerAccesses(g, sizes), () -> Printer.print(g));
    for (double[] nm : new double[][] {{3, 5}, {2, 0}, {0, 4}}) {
      assertArrayEquals(
          Interpreter.run(f, List.of(nm[0], nm[1])).get(0),
          Interpreter.run(g, List.of(nm[0], nm[1])).get(0));
    }
  }

  @Test
  void leavesAnElementWhoseIndexChangesInTheLoop() {
    // h[i % 4] with i the inner index: not one element, and i % 4 may exceed h's runtime extent.
    Function f = layer(true);
    assertSame(f, ElementPromotion.run(f));
  }
}
