package dev.adjoint.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Semantics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Constant folding of the elementary functions: an operation on constants becomes the constant
 * {@link Semantics} computes, the very number the generated code and the engine compute (including
 * {@code Math.floor}, {@code Math.ceil} and the {@code (int)} cast at their edges).
 */
class ElementaryFoldingTest {

  private static final Op[] UNARY = {
    Op.SIN,
    Op.COS,
    Op.TAN,
    Op.ASIN,
    Op.ACOS,
    Op.ATAN,
    Op.SINH,
    Op.COSH,
    Op.SIGMOID,
    Op.LOG1P,
    Op.EXPM1,
    Op.SOFTPLUS,
    Op.GELU,
    Op.FLOOR,
    Op.CEIL
  };

  private static final double[] POINTS = {
    0.0,
    -0.0,
    0.5,
    -0.5,
    1.0,
    -1.0,
    2.5,
    -2.5,
    700,
    -700,
    1e300,
    Double.NaN,
    Double.POSITIVE_INFINITY
  };

  @Test
  void foldsToTheSemanticsValue() {
    for (Op op : UNARY) {
      for (double x : POINTS) {
        assertFolds(op, Semantics.apply(op, x, 0), x, null);
      }
    }
    for (double x : POINTS) {
      for (double y : new double[] {0.0, -0.0, 1.0, -2.0, Double.NaN}) {
        assertFolds(Op.ATAN2, Math.atan2(x, y), x, y);
      }
      assertFolds(Op.D2I, (int) x, x, null);
    }
  }

  @Test
  void floorAndCeilCarryNoDerivative() {
    assertEquals(false, Op.FLOOR.isDifferentiable());
    assertEquals(false, Op.CEIL.isDifferentiable());
    assertEquals(false, Op.D2I.isDifferentiable());
    assertEquals(true, Op.GELU.isDifferentiable());
  }

  private static void assertFolds(Op op, double expected, double x, Double y) {
    Builder b = new Builder("fold");
    int a = b.constant(x);
    int r = y == null ? b.apply(op, a) : b.apply(op, a, b.constant(y));
    if (op.resultType() == ScalarType.I32) {
      r = b.apply(Op.I2D, r);
    }
    b.result("r", r, List.of());
    Function f = ConstantFolding.run(b.build());
    Node last = f.body().get(f.body().size() - 1);
    Node.Const c = assertInstanceOf(Node.Const.class, last, op + " at " + x);
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(c.value()),
        op + " at " + x + ", " + y);
  }
}
