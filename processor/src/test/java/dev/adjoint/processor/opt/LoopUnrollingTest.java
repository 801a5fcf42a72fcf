package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopUnrollingTest {

  /** s = init; for i (n, maybe descending): s = s * 0.5 + a[i]; order matters for rounding. */
  private static Function horner(int n, boolean descending) {
    Builder b = new Builder("horner");
    int a = b.inputArray("a", ScalarType.F64, List.of(Math.max(n, 1)), true);
    int init = b.input("init", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(n, descending, List.of(init));
    b.setLine(7);
    int half = b.apply(Op.MUL, l.carried().get(0), b.constant(0.5));
    int next = b.apply(Op.ADD, half, b.load(a, List.of(l.index())));
    b.name(next, "s");
    int s = b.endLoop(List.of(next)).get(0);
    b.result("s", s, List.of());
    return b.build();
  }

  @Test
  void unrollsInIterationOrderThreadingCarriedValues() {
    Function f = horner(2, true);
    Function g = LoopUnrolling.run(f);
    assertEquals(
        """
        function horner(a: f64[2] active, %2 init: f64 active)
          %11 = const i32 1
          %12 = const f64 0.5           ; line 7
          %13 = mul %2, %12             ; line 7
          %14 = load a[%11]             ; line 7
          %15 = add %13, %14            ; s (line 7)
          %16 = const i32 0
          %17 = const f64 0.5           ; line 7
          %18 = mul %15, %17            ; line 7
          %19 = load a[%16]             ; line 7
          %20 = add %18, %19            ; s (line 7)
          return s=%20
        """,
        Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void preservesResultsForEveryTripCountAndDirection() {
    for (int n : new int[] {0, 1, 2, 5, 16, 17}) {
      for (boolean descending : new boolean[] {false, true}) {
        Function f = horner(n, descending);
        Function g = LoopUnrolling.run(f);
        assertEquals(n <= LoopUnrolling.UNROLL_LIMIT ? 0 : 1, count(g, Node.Loop.class));
        assertEquivalent(f, g);
        assertEquivalent(f, Optimizer.run(f));
      }
    }
  }

  @Test
  void limitZeroDisablesUnrollingAndLimitsAreRespected() {
    Function f = horner(4, false);
    assertEquals(f.body(), LoopUnrolling.run(f, 0).body());
    assertEquals(1, count(LoopUnrolling.run(f, 3), Node.Loop.class));
    assertEquals(0, count(LoopUnrolling.run(f, 4), Node.Loop.class));
  }

  @Test
  void keepsLoopsWithLargeBodies() {
    Builder b = new Builder("big");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(2, false, List.of(x));
    int v = l.carried().get(0);
    for (int k = 0; k < LoopUnrolling.MAX_BODY_NODES + 1; k++) {
      v = b.apply(Op.TANH, v);
    }
    int r = b.endLoop(List.of(v)).get(0);
    b.result("r", r, List.of());
    Function f = b.build();
    assertEquals(1, count(LoopUnrolling.run(f), Node.Loop.class));
  }

  @Test
  void unrollsNestedLoopsInnermostFirstWithStores() {
    Builder b = new Builder("outer");
    int m = b.inputArray("m", ScalarType.F64, List.of(3, 2), true);
    int out = b.declare("out", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope rows = b.beginLoop(3, false, List.of(b.constant(0.0)));
    Builder.LoopScope cols = b.beginLoop(2, true, List.of(b.constant(1.0)));
    int p = b.apply(Op.MUL, cols.carried().get(0), b.load(m, List.of(rows.index(), cols.index())));
    int prod = b.endLoop(List.of(p)).get(0);
    b.store(out, List.of(rows.index()), prod);
    int total = b.endLoop(List.of(b.apply(Op.ADD, rows.carried().get(0), prod))).get(0);
    b.result("total", total, List.of());
    b.result("out", out, List.of(3));
    Function f = b.build();
    Function g = LoopUnrolling.run(f);
    assertEquals(0, count(g, Node.Loop.class), Printer.print(g));
    assertEquals(6, count(g, Node.Load.class));
    assertEquals(3, count(g, Node.Store.class));
    assertEquivalent(f, g);
    // With a limit of 2 only the inner loop goes; the outer one keeps a straight-line body.
    Function h = LoopUnrolling.run(f, 2);
    assertEquals(1, count(h, Node.Loop.class));
    assertEquivalent(f, h);
  }

  @Test
  void copiesNestedLoopsThatAreNotUnrolled() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope outer = b.beginLoop(2, false, List.of(x));
    Builder.LoopScope inner = b.beginLoop(20, false, List.of(outer.carried().get(0)));
    int t = b.apply(Op.TANH, inner.carried().get(0));
    int r = b.endLoop(List.of(t)).get(0);
    int outerNext = b.apply(Op.ADD, r, b.apply(Op.I2D, outer.index()));
    int result = b.endLoop(List.of(outerNext)).get(0);
    b.result("r", result, List.of());
    Function f = b.build();
    Function g = LoopUnrolling.run(f);
    assertEquals(2, count(g, Node.Loop.class), Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, LoopUnrolling.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, LoopUnrolling.run(f));
    }
  }
}
