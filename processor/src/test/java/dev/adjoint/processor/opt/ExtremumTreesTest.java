package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtremumTreesTest {

  /** An unrolled max over 16 elements from -Infinity: depth 16 becomes depth 4, 15 maxes. */
  @Test
  void balancesAnUnrolledMaxAndDropsMinusInfinity() {
    Function f = chain(Op.MAX, 16, Double.NEGATIVE_INFINITY);
    assertEquals(16, depth(f));
    Function r = ExtremumTrees.run(f);
    assertEquivalent(f, r);
    assertEquals(4, depth(r));
    assertEquals(15, count(r, Op.MAX));
  }

  @Test
  void balancesMinChainsAndDropsPlusInfinity() {
    Function f = chain(Op.MIN, 5, Double.POSITIVE_INFINITY);
    Function r = ExtremumTrees.run(f);
    assertEquivalent(f, r);
    assertEquals(3, depth(r));
    assertEquals(4, count(r, Op.MIN));
  }

  /** Three operands are as shallow as they get; only the identity would go, and there is none. */
  @Test
  void leavesShortChainsAlone() {
    Function f = chain(Op.MAX, 3, Double.NaN);
    assertSame(f, ExtremumTrees.run(f));
  }

  /**
   * A partial maximum used elsewhere (as a reverse sweep's comparison uses it) ends the chain
   * there: it is computed as before, and only what follows is balanced.
   */
  @Test
  void keepsPartialMaximaThatAreUsedElsewhere() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(6), true);
    int acc = b.load(x, List.of(b.intConstant(0)));
    int kept = -1;
    for (int i = 1; i < 6; i++) {
      acc = b.apply(Op.MAX, acc, b.load(x, List.of(b.intConstant(i))));
      if (i == 2) {
        kept = acc;
      }
    }
    b.result("m", acc, List.of());
    b.result("partial", b.apply(Op.GE, kept, b.load(x, List.of(b.intConstant(5)))), List.of());
    Function f = b.build();
    Function r = ExtremumTrees.run(f);
    assertEquivalent(f, r);
    assertEquals(kept, r.nodesById().get(kept).id());
    assertEquals(4, depth(r)); // max(max(kept, x3), max(x4, x5)) over kept's own depth 2
  }

  @Test
  void preservesResultsOfRandomProgramsBitForBit() {
    for (long seed = 0; seed < 500; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, ExtremumTrees.run(f));
    }
  }

  /** {@code op(op(op(seed, x0), x1), ...)} over an input array, or without a seed if NaN. */
  private static Function chain(Op op, int n, double seed) {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    int out = b.declare("out", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    int acc = Double.isNaN(seed) ? -1 : b.constant(seed);
    for (int i = 0; i < n; i++) {
      int xi = b.load(x, List.of(b.intConstant(i)));
      acc = acc < 0 ? xi : b.apply(op, acc, xi);
    }
    b.store(out, List.of(b.intConstant(0)), acc);
    b.result("out", out, List.of(1));
    return b.build();
  }

  /** The longest chain of max/min applications in {@code f}. */
  private static int depth(Function f) {
    Map<Integer, Integer> depth = new HashMap<>();
    int deepest = 0;
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Apply a && (a.op() == Op.MAX || a.op() == Op.MIN)) {
        int d = 1 + a.operands().stream().mapToInt(o -> depth.getOrDefault(o, 0)).max().orElse(0);
        depth.put(a.id(), d);
        deepest = Math.max(deepest, d);
      }
    }
    return deepest;
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, ExtremumTrees.run(f));
    }
  }
}
