package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
 * Constant folding, algebraic simplification, dead-code elimination and the rewriting plumbing on
 * branches, runtime trip counts, {@code again}, trip counts and checks.
 */
class BranchesAndTripsTest {

  private static Node.Loop onlyLoop(Function f) {
    return (Node.Loop)
        f.allNodes().stream().filter(n -> n instanceof Node.Loop).findFirst().orElseThrow();
  }

  @Test
  void aBranchOnAConstantBecomesItsArmAndItsResultsTheArmsYields() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out = b.declare("out", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    b.beginIf(b.boolConstant(false));
    b.store(out, List.of(b.intConstant(0)), x);
    b.orElse(List.of(x));
    int twice = b.apply(Op.ADD, x, x);
    b.store(out, List.of(b.intConstant(0)), twice);
    int y = b.endIf(List.of(twice)).get(0);
    b.result("y", b.apply(Op.MUL, y, x), List.of());
    b.result("out", out, List.of(1));
    Function f = b.build();
    Function g = ConstantFolding.run(f);
    assertEquals(0, count(g, Node.If.class));
    assertEquals(0, count(g, Node.IfResult.class));
    assertEquals(1, count(g, Node.Store.class));
    assertEquivalent(f, g);
  }

  @Test
  void constantTripCountsAndAgainsAreFolded() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    // A runtime trip count that is a constant; an again that is always true.
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(b.intConstant(3)), false, List.of(x));
    int s = b.apply(Op.MUL, l.carried().get(0), x);
    b.endLoop(List.of(s), b.boolConstant(true));
    Function f = b.build();
    Node.Loop folded = onlyLoop(ConstantFolding.run(f));
    assertEquals(Extent.of(3), folded.trips());
    assertNull(folded.body().again());

    // An again that is always false: at most one iteration, of a fixed or a runtime count.
    for (Extent trips : List.of(Extent.of(5), new Extent.Dynamic(n))) {
      Builder c = new Builder("g");
      int cx = c.input("x", ScalarType.F64, true);
      int cn = c.input("n", ScalarType.I32, false);
      Extent t = trips.isFixed() ? trips : new Extent.Dynamic(cn);
      Builder.LoopScope k = c.beginLoop(t, false, List.of(cx));
      int loop = k.index() - 1;
      int next = c.apply(Op.ADD, k.carried().get(0), cx);
      int r = c.endLoop(List.of(next), c.boolConstant(false)).get(0);
      c.result("r", r, List.of());
      c.result("trips", c.tripCount(loop), List.of());
      Function h = c.build();
      Function once = Optimizer.run(h, 0);
      assertEquivalent(h, once);
      assertEquivalent(h, ConstantFolding.run(h));
      assertTrue(
          once.allNodes().stream().noneMatch(z -> z instanceof Node.Loop lp && lp.stopsEarly()));
    }
  }

  @Test
  void aTripCountOfALoopOfFixedTripsIsThatNumberAndAZeroTripLoopVanishes() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(b.intConstant(-2)), false, List.of(x));
    int loop = l.index() - 1;
    int r = b.endLoop(List.of(b.apply(Op.EXP, l.carried().get(0)))).get(0);
    b.result("r", r, List.of());
    b.result("k", b.tripCount(loop), List.of());
    Function f = b.build();
    Function g = Optimizer.run(f, 0);
    assertEquals(0, count(g, Node.Loop.class));
    assertEquals(0, count(g, Node.TripCount.class));
    assertEquivalent(f, g);
  }

  @Test
  void operationsThatWouldThrowAreNotFoldedButSafeIndexChecksAre() {
    Builder b = new Builder("f");
    int bad = b.apply(Op.CHECK_INDEX, b.intConstant(3), b.intConstant(3));
    int good = b.apply(Op.CHECK_INDEX, b.intConstant(2), b.intConstant(3));
    b.result("bad", bad, List.of());
    b.result("good", good, List.of());
    Function g = ConstantFolding.run(b.build());
    assertEquals(1, count(g, Op.CHECK_INDEX));
    assertEquals(1, count(g, Node.Const.class) - 4);
  }

  @Test
  void deadCodeKeepsChecksThrowingOperationsTripCountsAndAgainsButDropsDeadBranches() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int k = b.input("k", ScalarType.I32, false);
    int flag = b.input("flag", ScalarType.BOOL, false);
    b.check(b.apply(Op.GE, n, b.intConstant(0)), "n = %d", List.of(n));
    b.apply(Op.IDIV, n, k); // unused, but throws when k is 0
    b.apply(Op.IDIV, n, b.intConstant(2)); // unused and harmless
    b.beginIf(flag); // no effect, no used result
    b.apply(Op.EXP, x);
    b.orElse(List.of());
    b.endIf(List.of());
    int limit = b.apply(Op.IADD, n, b.intConstant(1));
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(limit), false, List.of(x));
    int next = b.apply(Op.MUL, l.carried().get(0), x);
    int goOn = b.apply(Op.LT, next, b.constant(100.0));
    int r = b.endLoop(List.of(next), goOn).get(0);
    b.result("r", r, List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(1, count(g, Node.Check.class));
    assertEquals(1, count(g, Op.IDIV));
    assertEquals(0, count(g, Node.If.class));
    Node.Loop loop = onlyLoop(g);
    assertEquals(new Extent.Dynamic(limit), loop.trips());
    assertEquals(goOn, loop.body().again());
    assertEquivalent(f, g);
  }

  @Test
  void aStoreToACallersArrayOverwrittenAfterACheckStays() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int out = b.declare("out", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    int t = b.declare("t", ScalarType.F64, List.of(1), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    b.store(out, List.of(zero), x);
    b.store(t, List.of(zero), x);
    b.check(b.apply(Op.GT, n, zero), "n = %d", List.of(n));
    b.store(out, List.of(zero), b.apply(Op.NEG, x));
    b.store(t, List.of(zero), b.apply(Op.NEG, x));
    b.result("y", b.load(t, List.of(zero)), List.of());
    b.result("out", out, List.of(1));
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    // The caller sees out[0] = x if the check throws; nobody sees t's first value.
    assertEquals(3, count(g, Node.Store.class));
    assertEquivalent(f, g);
  }

  @Test
  void deadResultSlotsOfABranchGoAndTheRestAreRenumbered() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int flag = b.input("flag", ScalarType.BOOL, false);
    b.beginIf(flag);
    int e = b.apply(Op.EXP, x);
    int t = b.apply(Op.TANH, x);
    b.orElse(List.of(e, t));
    int s = b.apply(Op.SQRT, x);
    List<Integer> rs = b.endIf(List.of(x, s));
    b.result("y", rs.get(1), List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    Node.If branch =
        (Node.If) g.allNodes().stream().filter(n -> n instanceof Node.If).findFirst().orElseThrow();
    assertEquals(1, branch.slots());
    assertEquals(0, count(g, Op.EXP));
    assertEquivalent(f, g);
  }

  @Test
  void aResultBothArmsYieldIsThatValueAndARuntimeLoopKeepsItsResult() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int flag = b.input("flag", ScalarType.BOOL, false);
    b.beginIf(flag);
    b.orElse(List.of(x));
    int same = b.endIf(List.of(x)).get(0);
    int y = b.constant(2.0);
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(n), false, List.of(x));
    // The loop may run no iteration: its result is x or y, not y.
    int r = b.endLoop(List.of(y)).get(0);
    b.result("same", same, List.of());
    b.result("r", r, List.of());
    Function f = b.build();
    Function g = AlgebraicSimplification.run(f);
    assertEquals(0, count(g, Node.IfResult.class));
    assertEquals(1, count(g, Node.LoopResult.class));
    assertEquivalent(f, g);
  }

  @Test
  void withBodyRenamesAgainAndRegionsRenameTheYieldsOfArms() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int flag = b.input("flag", ScalarType.BOOL, false);
    Builder.LoopScope l = b.beginLoop(3, false, List.of());
    int again = b.apply(Op.NOT, flag);
    b.endLoop(List.of(), again);
    b.beginIf(flag);
    b.orElse(List.of(x));
    b.endIf(List.of(x));
    Function f = b.build();
    Ids.Renaming rename = new Ids.Renaming(f.nextId());
    rename.put(again, flag);
    rename.put(x, flag);
    Node.Loop loop = onlyLoop(f);
    assertEquals(flag, Rewrite.withBody(loop, loop.body().nodes(), rename).body().again());
    Node.If branch =
        (Node.If) f.body().stream().filter(n -> n instanceof Node.If).findFirst().orElseThrow();
    Node renamed = Rewrite.regions(branch, nodes -> nodes, rename);
    assertEquals(List.of(flag), ((Node.If) renamed).then().yields());
    assertSame(loop, Rewrite.withBody(loop, loop.body().nodes(), id -> id));
    assertEquals(List.of(l.index()), List.of(loop.body().index().id()));
  }
}
