package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopInvariantCodeMotionTest {

  private static Function nested(int outerCount) {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.inputArray("a", ScalarType.F64, List.of(2), true);
    int acc = b.declare("acc", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope outer = b.beginLoop(outerCount, false, List.of(b.constant(0.0)));
    Builder.LoopScope inner = b.beginLoop(2, false, List.of(outer.carried().get(0)));
    int ex = b.apply(Op.EXP, x); // invariant in both loops
    int a0 = b.load(a, List.of(b.intConstant(0))); // a is never stored
    int acc0 = b.load(acc, List.of(b.intConstant(0))); // acc is stored in the inner loop
    int byRow = b.apply(Op.MUL, ex, b.apply(Op.I2D, outer.index())); // varies with the outer loop
    b.store(acc, List.of(inner.index()), b.apply(Op.ADD, acc0, byRow));
    int next = b.apply(Op.ADD, inner.carried().get(0), b.apply(Op.MUL, a0, byRow));
    int innerSum = b.endLoop(List.of(next)).get(0);
    int total = b.endLoop(List.of(innerSum)).get(0);
    b.result("total", total, List.of());
    b.result("acc", acc, List.of(2));
    return b.build();
  }

  @Test
  void hoistsInvariantsAsFarAsTheyGo() {
    Function f = nested(3);
    Function g = LoopInvariantCodeMotion.run(f);
    assertEquals(
        """
        function f(%1 x: f64 active, a: f64[2] active)
          output acc: f64[2]
          %4 = const f64 0.0
          %11 = exp %1
          %12 = const i32 0
          %13 = load a[%12]
          %14 = const i32 0
          loop %5 x3 (i=%6, carried %7 = %4) {
            %16 = i2d %6
            %17 = mul %11, %16
            %20 = mul %13, %17
            loop %8 x2 (i=%9, carried %10 = %7) {
              %15 = load acc[%14]
              %18 = add %15, %17
              store %19 acc[%9] = %18
              %21 = add %10, %20
              yield %21
            }
            %22 = result %8#0
            yield %22
          }
          %23 = result %5#0
          return total=%23, acc=acc
        """,
        Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void leavesLoopsThatNeverRunAlone() {
    Function f = nested(0);
    Function g = LoopInvariantCodeMotion.run(f);
    assertEquals(f.body().size(), g.body().size(), Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, LoopInvariantCodeMotion.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, LoopInvariantCodeMotion.run(f));
    }
  }
}
