package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What moves, merges or unrolls around runtime trip counts, early exits, branches and checks, and
 * what must not.
 */
class DynamicMotionTest {

  /** Nodes of the first loop's body. */
  private static List<Node> body(Function f) {
    return f.allNodes().stream()
        .filter(n -> n instanceof Node.Loop)
        .map(n -> ((Node.Loop) n).body().nodes())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRuntimeLoopGivesUpPureOperationsButNotLoadsOrWhatMayThrow() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int k = b.input("k", ScalarType.I32, false);
    int a = b.inputArray("a", ScalarType.F64, List.of(3), false);
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(n), false, List.of(x));
    int e = b.apply(Op.EXP, x); // pure: hoisted
    int q = b.apply(Op.IDIV, n, k); // may throw: stays
    int v = b.load(a, List.of(b.intConstant(1))); // a load: stays
    int s = b.apply(Op.ADD, b.apply(Op.ADD, l.carried().get(0), e), v);
    int r = b.endLoop(List.of(b.apply(Op.ADD, s, b.apply(Op.I2D, q)))).get(0);
    b.result("r", r, List.of());
    Function f = b.build();
    Function g = LoopInvariantCodeMotion.run(f);
    List<Node> kept = body(g);
    assertTrue(kept.stream().noneMatch(z -> z.id() == e));
    assertTrue(kept.stream().anyMatch(z -> z.id() == q));
    assertTrue(kept.stream().anyMatch(z -> z.id() == v));
    assertEquivalent(f, g);
  }

  @Test
  void nothingThatMayThrowMovesBeforeACheckThatStays() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int a = b.inputArray("a", ScalarType.F64, List.of(3), false);
    Builder.LoopScope l = b.beginLoop(2, false, List.of(x));
    b.check(b.apply(Op.LT, l.index(), n), "i = %d", List.of(l.index()));
    int i = b.apply(Op.CHECK_INDEX, n, b.intConstant(3)); // invariant, but after the check
    int v = b.load(a, List.of(i));
    int r = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), v))).get(0);
    b.result("r", r, List.of());
    Function f = b.build();
    Function g = LoopInvariantCodeMotion.run(f);
    assertTrue(body(g).stream().anyMatch(z -> z.id() == i));
    assertTrue(body(g).stream().anyMatch(z -> z.id() == v));
    assertEquivalent(f, g);
  }

  @Test
  void aLoadAfterAStoreInABranchArmIsNotTheLoadBefore() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int flag = b.input("flag", ScalarType.BOOL, false);
    int t = b.declare("t", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    b.store(t, List.of(zero), x);
    int before = b.load(t, List.of(zero));
    b.beginIf(flag);
    b.store(t, List.of(zero), b.apply(Op.EXP, x));
    b.beginIf(flag);
    int inner = b.load(t, List.of(zero)); // the stored exp, not `before`
    b.orElse(List.of(inner));
    int other = b.endIf(List.of(x)).get(0);
    b.orElse(List.of(other));
    int y = b.endIf(List.of(x)).get(0);
    int after = b.load(t, List.of(zero)); // either value
    b.result("y", b.apply(Op.ADD, b.apply(Op.ADD, y, after), before), List.of());
    Function f = b.build();
    for (Function g :
        List.of(CommonSubexpressionElimination.run(f), StoreForwarding.run(f), Optimizer.run(f))) {
      assertEquivalent(f, g);
    }
    assertEquals(3, count(CommonSubexpressionElimination.run(f), Node.Load.class));
  }

  @Test
  void onlyLoopsOfFixedTripsWithoutAnExitUnrollAndBranchesInsideAreCopied() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    Builder.LoopScope early = b.beginLoop(3, false, List.of(x));
    int e = b.apply(Op.MUL, early.carried().get(0), x);
    int r1 = b.endLoop(List.of(e), b.apply(Op.LT, e, b.constant(10.0))).get(0);
    Builder.LoopScope runtime = b.beginLoop(new Extent.Dynamic(n), false, List.of(x));
    int r2 = b.endLoop(List.of(b.apply(Op.SQRT, runtime.carried().get(0)))).get(0);
    Builder.LoopScope fixed = b.beginLoop(3, false, List.of(x));
    b.beginIf(b.apply(Op.LT, fixed.index(), b.intConstant(1)));
    b.orElse(List.of(b.apply(Op.NEG, fixed.carried().get(0))));
    int yielded = b.endIf(List.of(b.apply(Op.EXP, fixed.carried().get(0)))).get(0);
    int r3 = b.endLoop(List.of(yielded)).get(0);
    b.result("y", b.apply(Op.ADD, b.apply(Op.ADD, r1, r2), r3), List.of());
    Function f = b.build();
    Function g = LoopUnrolling.run(f);
    assertEquals(2, count(g, Node.Loop.class));
    assertEquals(3, count(g, Node.If.class));
    assertEquivalent(f, g);
  }

  @Test
  void aDescendingLoopWithACheckKeepsItsDirection() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int out = b.declare("out", ScalarType.F64, List.of(4), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope l = b.beginLoop(4, true, List.of());
    b.check(b.apply(Op.LT, l.index(), n), "at %d", List.of(l.index()));
    b.store(out, List.of(l.index()), x);
    b.endLoop(List.of());
    b.result("out", out, List.of(4));
    Function f = b.build();
    assertEquals(f, AscendingLoops.run(f));
  }

  @Test
  void anAccumulationIsNotSunkPastACheck() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int k = b.input("k", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    int target = b.apply(Op.CHECK_INDEX, k, b.intConstant(3));
    b.store(g, List.of(target), b.apply(Op.ADD, b.load(g, List.of(target)), x));
    b.check(b.apply(Op.GE, k, b.intConstant(1)), "k = %d", List.of(k));
    Builder.LoopScope l = b.beginLoop(3, false, List.of());
    b.store(g, List.of(l.index()), b.apply(Op.ADD, b.load(g, List.of(l.index())), x));
    b.endLoop(List.of());
    b.result("g", g, List.of(3));
    Function f = b.build();
    assertEquals(f, AccumulationSinking.run(f));
  }
}
