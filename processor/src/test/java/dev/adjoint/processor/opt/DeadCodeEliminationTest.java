package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class DeadCodeEliminationTest {

  @Test
  void removesUnusedValuesTransitivelyAndKeepsOrigins() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int unused = b.input("unused", ScalarType.F64, false);
    b.apply(Op.EXP, b.apply(Op.LOG, unused));
    b.setLine(9);
    int y = b.apply(Op.MUL, x, x);
    b.name(y, "y");
    b.result("y", y, List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(
        """
        function f(%1 x: f64 active, %2 unused: f64)
          %5 = mul %1, %1               ; y (line 9)
          return y=%5
        """,
        Printer.print(g));
    assertEquals(List.of(1, 2, 5), g.origins().keySet().stream().toList());
    assertEquivalent(f, g);
  }

  @Test
  void removesLoopsWithoutLiveResultsOrStoresButKeepsOutputStores() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out = b.declare("out", ScalarType.F64, List.of(4), ArrayDecl.Role.OUTPUT);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(4), ArrayDecl.Role.LOCAL);
    Builder.LoopScope dead = b.beginLoop(4, false, List.of(x));
    b.store(tmp, List.of(dead.index()), dead.carried().get(0)); // nobody reads tmp
    b.endLoop(List.of(b.apply(Op.EXP, dead.carried().get(0))));
    Builder.LoopScope kept = b.beginLoop(4, false, List.of());
    b.store(out, List.of(kept.index()), b.apply(Op.I2D, kept.index()));
    b.endLoop(List.of());
    b.result("x", x, List.of());
    b.result("out", out, List.of(4));
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(1, count(g, Node.Loop.class));
    assertEquals(1, count(g, Node.Store.class));
    assertFalse(g.arrays().containsKey(tmp), "the local array nobody reads is gone");
    assertEquivalent(f, g);
  }

  @Test
  void keepsStoresIntoLocalArraysThatAreRead() {
    Builder b = new Builder("f");
    int a = b.inputArray("a", ScalarType.F64, List.of(3), true);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope fill = b.beginLoop(3, false, List.of());
    b.store(tmp, List.of(fill.index()), b.apply(Op.EXP, b.load(a, List.of(fill.index()))));
    b.endLoop(List.of());
    Builder.LoopScope sum = b.beginLoop(3, true, List.of(b.constant(0.0)));
    int s = b.apply(Op.ADD, sum.carried().get(0), b.load(tmp, List.of(sum.index())));
    int total = b.endLoop(List.of(s)).get(0);
    b.result("total", total, List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(f.body(), g.body());
    assertTrue(g.arrays().containsKey(tmp));
    assertEquivalent(f, g);
  }

  @Test
  void removesUnusedCarriedSlotsAndRenumbersTheRest() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int zero = b.constant(0.0);
    Builder.LoopScope l = b.beginLoop(3, false, List.of(zero, x, zero));
    int c0 = l.carried().get(0);
    int c1 = l.carried().get(1);
    int c2 = l.carried().get(2);
    int next0 = b.apply(Op.ADD, c0, b.apply(Op.TANH, c0));
    int next1 = b.apply(Op.MUL, c1, x);
    int next2 = b.apply(Op.ADD, c2, c1);
    List<Integer> r = b.endLoop(List.of(next0, next1, next2));
    b.result("r", r.get(2), List.of());
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(
        """
        function f(%1 x: f64 active)
          %2 = const f64 0.0
          loop %3 x3 (i=%4, carried %6 = %1, %7 = %2) {
            %10 = mul %6, %1
            %11 = add %7, %6
            yield %10, %11
          }
          %14 = result %3#1
          return r=%14
        """,
        Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void removesStoresOverwrittenBeforeAnyRead() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out = b.declare("out", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    int zero = b.intConstant(0);
    int one = b.intConstant(1);
    b.store(out, List.of(zero), b.apply(Op.EXP, x)); // overwritten: dead
    b.store(out, List.of(one), x);
    b.store(out, List.of(zero), x); // read back below: kept
    int read = b.load(out, List.of(zero));
    b.store(out, List.of(zero), b.apply(Op.NEG, read));
    Builder.LoopScope l = b.beginLoop(2, false, List.of());
    b.store(out, List.of(l.index()), x); // overwritten in the same iteration: dead
    b.store(out, List.of(l.index()), b.apply(Op.TANH, x));
    b.endLoop(List.of());
    b.result("out", out, List.of(2));
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(4, count(g, Node.Store.class), Printer.print(g)); // 6 less the 2 overwritten
    assertEquals(0, count(g, Op.EXP));
    assertEquivalent(f, g);
  }

  @Test
  void isIdempotentWhenARemovedLoadLeavesAStoreOverwritten() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out = b.declare("out", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    int zero = b.intConstant(0);
    b.store(out, List.of(zero), b.apply(Op.EXP, x));
    b.load(out, List.of(zero)); // dead, but it reads the first store until removed
    b.store(out, List.of(zero), x);
    b.result("out", out, List.of(1));
    Function f = b.build();
    Function g = DeadCodeElimination.run(f);
    assertEquals(1, count(g, Node.Store.class), Printer.print(g));
    assertEquals(0, count(g, Op.EXP));
    assertEquals(Printer.print(g), Printer.print(DeadCodeElimination.run(g)));
    assertEquivalent(f, g);
  }

  @Test
  void isIdempotentOnRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function g = DeadCodeElimination.run(RandomPrograms.generate(seed));
      assertEquals(Printer.print(g), Printer.print(DeadCodeElimination.run(g)));
    }
  }

  @Test
  void preservesResultsOfRandomPrograms() {
    for (long seed = 0; seed < 300; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, DeadCodeElimination.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, DeadCodeElimination.run(f));
    }
  }
}
