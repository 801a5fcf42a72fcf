package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {

  @Test
  void foldsDoubleArithmeticInPlaceKeepingIdsAndOrigins() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    b.setLine(3);
    int sum = b.apply(Op.ADD, b.constant(2.0), b.constant(3.0));
    b.name(sum, "k");
    int y = b.apply(Op.MUL, x, b.apply(Op.EXP, sum));
    b.result("y", y, List.of());
    Function f = b.build();
    Function g = ConstantFolding.run(f);
    assertEquals(
        """
        function f(%1 x: f64 active)
          %2 = const f64 2.0            ; line 3
          %3 = const f64 3.0            ; line 3
          %4 = const f64 5.0            ; k (line 3)
          %5 = const f64 148.4131591025766  ; line 3
          %6 = mul %1, %5               ; line 3
          return y=%6
        """,
        Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void foldsSignedZerosNaNsAndInfinitiesExactly() {
    Builder b = new Builder("f");
    int negZero = b.apply(Op.MUL, b.constant(0.0), b.constant(-1.0));
    int nan = b.apply(Op.DIV, b.constant(0.0), b.constant(0.0));
    int logNeg = b.apply(Op.LOG, b.constant(-1.0));
    int inf = b.apply(Op.DIV, b.constant(1.0), b.constant(-0.0));
    int relu = b.apply(Op.RELU, b.constant(-0.0));
    int stop = b.apply(Op.STOP, b.constant(-0.0));
    for (int id : List.of(negZero, nan, logNeg, inf, relu, stop)) {
      b.result("r" + id, id, List.of());
    }
    Function f = b.build();
    Function g = ConstantFolding.run(f);
    assertEquals(0, count(g, Node.Apply.class));
    assertEquivalent(f, g);
    List<double[]> out = Interpreter.run(g, List.of());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(out.get(0)[0]));
    assertEquals(Double.NEGATIVE_INFINITY, out.get(3)[0]);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(out.get(4)[0]));
  }

  @Test
  void foldsIntArithmeticWithJavaOverflowButNeverDivisionByZero() {
    Builder b = new Builder("f");
    int big = b.intConstant(Integer.MAX_VALUE);
    int wrapped = b.apply(Op.IMUL, big, b.intConstant(2));
    int quotient = b.apply(Op.IDIV, b.intConstant(-7), b.intConstant(2));
    int remainder = b.apply(Op.IREM, b.intConstant(-7), b.intConstant(2));
    int byZero = b.apply(Op.IDIV, b.intConstant(1), b.intConstant(0));
    int asDouble = b.apply(Op.I2D, b.apply(Op.INEG, b.intConstant(Integer.MIN_VALUE)));
    b.result("w", wrapped, List.of());
    b.result("q", quotient, List.of());
    b.result("r", remainder, List.of());
    b.result("d", asDouble, List.of());
    b.result("z", byZero, List.of());
    Function g = ConstantFolding.run(b.build());
    assertEquals(1, count(g, Node.Apply.class), Printer.print(g)); // only 1 / 0 remains
    assertEquals(1, count(g, Op.IDIV));
    var nodes = g.nodesById();
    assertEquals(-2.0, ((Node.Const) nodes.get(wrapped)).value());
    assertEquals(-3.0, ((Node.Const) nodes.get(quotient)).value());
    assertEquals(-1.0, ((Node.Const) nodes.get(remainder)).value());
    assertEquals((double) Integer.MIN_VALUE, ((Node.Const) nodes.get(asDouble)).value());
    assertEquals(ScalarType.F64, nodes.get(asDouble).type());
  }

  @Test
  void foldsComparisonsBooleansAndSelectsWithConstantConditions() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int y = b.input("y", ScalarType.F64, true);
    int nanLess = b.apply(Op.LT, b.constant(Double.NaN), b.constant(1.0));
    int zerosEqual = b.apply(Op.EQ, b.constant(0.0), b.constant(-0.0));
    int both = b.apply(Op.AND, b.apply(Op.NOT, nanLess), zerosEqual);
    int picked = b.select(both, x, y);
    int other = b.select(nanLess, x, y);
    b.result("picked", picked, List.of());
    b.result("other", other, List.of());
    Function f = b.build();
    Function g = ConstantFolding.run(f);
    assertEquals(0, count(g, Node.Select.class));
    assertEquals(List.of(x, y), g.results().stream().map(Function.Result::id).toList());
    assertEquivalent(f, g);
  }

  @Test
  void foldsInsideLoopsButNotCarriedValues() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int two = b.constant(2.0);
    Builder.LoopScope l = b.beginLoop(3, false, List.of(b.constant(1.0)));
    int four = b.apply(Op.MUL, two, two);
    int next = b.apply(Op.MUL, l.carried().get(0), b.apply(Op.ADD, four, x));
    int r = b.endLoop(List.of(next)).get(0);
    b.result("r", r, List.of());
    Function f = b.build();
    Function g = ConstantFolding.run(f);
    assertEquals(2, count(g, Op.MUL) + count(g, Op.ADD), Printer.print(g));
    assertEquals(4.0, ((Node.Const) g.nodesById().get(four)).value());
    assertEquivalent(f, g);
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, ConstantFolding.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, ConstantFolding.run(f));
    }
  }
}
