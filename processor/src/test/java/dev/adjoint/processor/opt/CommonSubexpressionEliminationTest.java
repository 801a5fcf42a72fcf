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

class CommonSubexpressionEliminationTest {

  @Test
  void mergesEqualOperationsSelectsAndConstantsByRawBits() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int y = b.input("y", ScalarType.F64, true);
    int c = b.apply(Op.LT, x, y);
    int s1 = b.select(c, x, y);
    int s2 = b.select(b.apply(Op.LT, x, y), x, y);
    int e1 = b.apply(Op.EXP, b.apply(Op.ADD, x, b.constant(1.0)));
    int e2 = b.apply(Op.EXP, b.apply(Op.ADD, x, b.constant(1.0)));
    int z1 = b.apply(Op.ADD, x, b.constant(0.0));
    int z2 = b.apply(Op.ADD, x, b.constant(-0.0));
    int n1 = b.apply(Op.ADD, x, b.constant(Double.NaN));
    int n2 = b.apply(Op.ADD, x, b.constant(Double.longBitsToDouble(0x7ff8000000000001L)));
    int commuted = b.apply(Op.ADD, y, x);
    int plain = b.apply(Op.ADD, x, y);
    for (int id : List.of(s1, s2, e1, e2, z1, z2, n1, n2, commuted, plain)) {
      b.result("r" + id, id, List.of());
    }
    Function f = b.build();
    Function g = CommonSubexpressionElimination.run(f);
    List<Integer> results = g.results().stream().map(Function.Result::id).toList();
    assertEquals(List.of(s1, s1, e1, e1, z1, z2, n1, n2, commuted, plain), results);
    assertEquals(1, count(g, Op.EXP));
    assertEquals(1, count(g, Op.LT));
    assertEquals(5, count(g, Node.Const.class), Printer.print(g)); // 1.0, 0.0, -0.0, two NaNs
    assertEquivalent(f, g);
  }

  @Test
  void neverMergesInputs() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int y = b.input("y", ScalarType.F64, true);
    b.result("x", x, List.of());
    b.result("y", y, List.of());
    Function g = CommonSubexpressionElimination.run(b.build());
    assertEquals(List.of(x, y), g.results().stream().map(Function.Result::id).toList());
  }

  @Test
  void loadsAreReusedOnlyWhileNoStoreToTheArrayIntervenes() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    int other = b.declare("other", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    int one = b.intConstant(1);
    b.store(tmp, List.of(zero), x);
    int a1 = b.load(tmp, List.of(zero));
    b.store(other, List.of(zero), a1); // another array: a1 stays valid
    int a2 = b.load(tmp, List.of(zero));
    b.store(tmp, List.of(one), b.apply(Op.EXP, a2)); // same array, other element: still a barrier
    int a3 = b.load(tmp, List.of(zero));
    Builder.LoopScope l = b.beginLoop(2, false, List.of());
    b.store(tmp, List.of(l.index()), x);
    b.endLoop(List.of());
    int a4 = b.load(tmp, List.of(zero));
    int o = b.load(other, List.of(zero));
    for (int id : List.of(a1, a2, a3, a4, o)) {
      b.result("r" + id, id, List.of());
    }
    Function f = b.build();
    Function g = CommonSubexpressionElimination.run(f);
    assertEquals(
        List.of(a1, a1, a3, a4, o), g.results().stream().map(Function.Result::id).toList());
    assertEquivalent(f, g);
  }

  @Test
  void loopBodiesSeeEnclosingValuesButNotStaleLoads() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.inputArray("a", ScalarType.F64, List.of(3), true);
    int acc = b.declare("acc", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    int zero = b.intConstant(0);
    int ex = b.apply(Op.EXP, x);
    int a0 = b.load(a, List.of(zero));
    int acc0 = b.load(acc, List.of(zero));
    Builder.LoopScope l = b.beginLoop(3, false, List.of(b.constant(0.0)));
    int ex2 = b.apply(Op.EXP, x); // reuses ex
    int a0again = b.load(a, List.of(b.intConstant(0))); // a is never stored: reuses a0
    int accAgain = b.load(acc, List.of(zero)); // acc is stored below: must stay
    b.store(acc, List.of(l.index()), b.apply(Op.ADD, accAgain, ex2));
    int sum = b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, a0again, acc0));
    int s = b.endLoop(List.of(sum)).get(0);
    b.result("s", s, List.of());
    b.result("acc", acc, List.of(3));
    Function f = b.build();
    Function g = CommonSubexpressionElimination.run(f);
    assertEquals(1, count(g, Op.EXP));
    assertEquals(3, count(g, Node.Load.class), Printer.print(g));
    assertEquals(2, count(g, Node.Const.class)); // int 0 (the loop's copy merged) and 0.0
    Node.Loop loop =
        (Node.Loop) g.body().stream().filter(n -> n instanceof Node.Loop).findFirst().get();
    assertEquals(
        1, loop.body().nodes().stream().filter(n -> n instanceof Node.Load).count(), "acc load");
    assertEquals(ex, ((Node.Apply) loop.body().nodes().get(1)).operands().get(1));
    assertEquals(a0, ((Node.Apply) loop.body().nodes().get(3)).operands().get(0));
    assertEquivalent(f, g);
  }

  @Test
  void valuesFromALoopBodyAreNotVisibleAfterItOrInASiblingLoop() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    b.beginLoop(2, false, List.of());
    int inFirst = b.apply(Op.TANH, x);
    b.endLoop(List.of());
    b.beginLoop(2, false, List.of());
    int inSecond = b.apply(Op.TANH, x);
    b.endLoop(List.of());
    int after = b.apply(Op.TANH, x);
    b.result("t", after, List.of());
    Function f = b.build();
    Function g = CommonSubexpressionElimination.run(f);
    assertEquals(3, count(g, Op.TANH), "nothing is hoisted or merged across loops");
    assertEquals(after, g.results().get(0).id());
    List<Integer> tanhs =
        g.allNodes().stream()
            .filter(n -> n instanceof Node.Apply a && a.op() == Op.TANH)
            .map(Node::id)
            .toList();
    assertEquals(List.of(inFirst, inSecond, after), tanhs);
    assertEquivalent(f, g);
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, CommonSubexpressionElimination.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, CommonSubexpressionElimination.run(f));
    }
  }
}
