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
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreForwardingTest {

  @Test
  void readsBackTheStoredValueInStraightLineCode() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    b.store(tmp, List.of(b.intConstant(0)), b.apply(Op.EXP, x));
    b.store(tmp, List.of(b.intConstant(1)), b.apply(Op.LOG, x));
    int sum =
        b.apply(
            Op.ADD, b.load(tmp, List.of(b.intConstant(0))), b.load(tmp, List.of(b.intConstant(1))));
    b.result("y", sum, List.of());
    Function f = b.build();
    Function g = StoreForwarding.run(f);
    assertEquals(0, count(g, Node.Load.class));
    assertEquivalent(f, g);
  }

  @Test
  void aLaterStoreThatMayHitTheElementOrALoopStoringTheArrayStopsForwarding() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int k = b.input("k", ScalarType.I32, false);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    b.store(tmp, List.of(b.intConstant(0)), x);
    int at = b.apply(Op.IMIN, b.apply(Op.IMAX, k, b.intConstant(0)), b.intConstant(2));
    b.store(tmp, List.of(at), b.apply(Op.NEG, x)); // may be element 0
    int first = b.load(tmp, List.of(b.intConstant(0)));
    b.store(tmp, List.of(b.intConstant(2)), x);
    Builder.LoopScope s = b.beginLoop(3, false, List.of());
    b.store(tmp, List.of(s.index()), b.apply(Op.I2D, s.index()));
    b.endLoop(List.of());
    int second = b.load(tmp, List.of(b.intConstant(2)));
    b.result("y", b.apply(Op.ADD, first, second), List.of());
    Function f = b.build();
    Function g = StoreForwarding.run(f);
    assertEquals(2, count(g, Node.Load.class));
    assertEquivalent(f, g);
  }

  @Test
  void aStoreToAnotherCallerArrayMayAliasAnOutput() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int out = b.declare("out", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    int other = b.declare("other", ScalarType.F64, List.of(2), ArrayDecl.Role.OUTPUT);
    b.store(out, List.of(b.intConstant(0)), x);
    b.store(other, List.of(b.intConstant(0)), b.apply(Op.NEG, x)); // the caller may pass out twice
    int back = b.load(out, List.of(b.intConstant(0)));
    b.result("y", back, List.of());
    Function f = b.build();
    assertEquals(1, count(StoreForwarding.run(f), Node.Load.class));
  }

  @Test
  void preservesResultsOfRandomProgramsBitForBit() {
    for (long seed = 0; seed < 500; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, StoreForwarding.run(f));
      Function unrolled = LoopUnrolling.run(f);
      assertEquivalent(f, StoreForwarding.run(unrolled));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, StoreForwarding.run(f));
    }
  }
}
