package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.F64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.emit.DimensionGroups.Dim;
import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runtime dimensions a function's checks relate, and with which offsets. */
class DimensionGroupsTest {

  private static int len(Builder b, int array, int axis) {
    return DynamicPrograms.extent(b, array, axis).id();
  }

  @Test
  void checksUniteSizesWithTheOffsetsThatSatisfyThem() {
    Builder b = new Builder("f");
    int x = DynamicPrograms.param(b, "x", 1);
    int w = DynamicPrograms.param(b, "w", 2);
    int y = DynamicPrograms.param(b, "y", 1);
    int z = DynamicPrograms.param(b, "z", 1);
    int u = DynamicPrograms.param(b, "u", 1);
    int v = DynamicPrograms.param(b, "v", 1);
    // w[0].length == x.length, or w has no rows
    int rows = b.apply(Op.EQ, len(b, w, 0), b.intConstant(0));
    b.check(b.apply(Op.OR, rows, b.apply(Op.EQ, len(b, w, 1), len(b, x, 0))), "w", List.of());
    // y.length + 1 == x.length, and z.length < y.length
    int y1 = b.apply(Op.IADD, len(b, y, 0), b.intConstant(1));
    b.check(
        b.apply(
            Op.AND, b.apply(Op.EQ, y1, len(b, x, 0)), b.apply(Op.LT, len(b, z, 0), len(b, y, 0))),
        "y, z",
        List.of());
    // u.length == 4 pins it; v.length > 0 is a bound, not a size
    b.check(b.apply(Op.EQ, len(b, u, 0), b.intConstant(4)), "u", List.of());
    b.check(b.apply(Op.GT, len(b, v, 0), b.intConstant(0)), "v", List.of());
    Extent.Dynamic m = DynamicPrograms.extent(b, w, 0);
    int out = b.declare("out", F64, List.of(m), Role.OUTPUT, false);
    b.store(out, List.of(b.intConstant(0)), b.constant(1.0));
    b.resultOf("out", out, List.of(m));
    Function f = b.build();
    DimensionGroups g = DimensionGroups.of(f);
    assertEquals(List.of(new Dim("n", 0)), g.params.get(0));
    assertEquals(List.of(new Dim("m", 0), new Dim("n", 0)), g.params.get(1));
    assertEquals(List.of(new Dim("n", -1)), g.params.get(2));
    assertEquals(List.of(new Dim("n", -2)), g.params.get(3));
    assertEquals(List.of(new Dim(null, 4)), g.params.get(4));
    assertEquals(List.of(new Dim("k", 0)), g.params.get(5));
    assertEquals(List.of(new Dim("m", 0)), g.result);
  }

  @Test
  void sidesOfNestedDisjunctionsRelateToo() {
    // The tracer's entry check for x[i], i < w[o].length: no rows, or no columns, or x is long
    // enough: w[0].length <= 0 || (w.length <= 0 || w[0].length <= x.length).
    Builder b = new Builder("f");
    int x = DynamicPrograms.param(b, "x", 1);
    int w = DynamicPrograms.param(b, "w", 2);
    int zero = b.intConstant(0);
    int fits = b.apply(Op.LE, len(b, w, 1), len(b, x, 0));
    int inner = b.apply(Op.OR, b.apply(Op.LE, len(b, w, 0), zero), fits);
    b.check(b.apply(Op.OR, b.apply(Op.LE, len(b, w, 1), zero), inner), "x", List.of());
    Extent.Dynamic m = DynamicPrograms.extent(b, w, 0);
    int out = b.declare("out", F64, List.of(m), Role.OUTPUT, false);
    b.store(out, List.of(b.intConstant(0)), b.constant(1.0));
    b.resultOf("out", out, List.of(m));
    DimensionGroups g = DimensionGroups.of(b.build());
    assertEquals(List.of(new Dim("n", 0)), g.params.get(0));
    assertEquals(List.of(new Dim("m", 0), new Dim("n", 0)), g.params.get(1));
  }
}
