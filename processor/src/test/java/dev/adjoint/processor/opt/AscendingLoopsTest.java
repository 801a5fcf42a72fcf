package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class AscendingLoopsTest {

  private static boolean firstLoopDescends(Function f) {
    return f.body().stream()
        .filter(n -> n instanceof Node.Loop)
        .map(n -> ((Node.Loop) n).descending())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anElementWiseLoopRunsUpwards() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(5), true);
    int out = b.declare("out", ScalarType.F64, List.of(5), ArrayDecl.Role.OUTPUT);
    int tmp = b.declare("tmp", ScalarType.F64, List.of(4), ArrayDecl.Role.LOCAL);
    Builder.LoopScope fill = b.beginLoop(4, false, List.of());
    b.store(tmp, List.of(fill.index()), b.apply(Op.EXP, b.load(x, List.of(fill.index()))));
    b.endLoop(List.of());
    Builder.LoopScope s = b.beginLoop(4, true, List.of());
    int next = b.apply(Op.IADD, s.index(), b.intConstant(1));
    b.store(out, List.of(next), b.apply(Op.NEG, b.load(tmp, List.of(s.index()))));
    b.endLoop(List.of());
    b.result("out", out, List.of(5));
    Function f = b.build();
    Function g = AscendingLoops.run(f);
    assertFalse(g.body().stream().anyMatch(n -> n instanceof Node.Loop l && l.descending()));
    assertEquivalent(f, g);
  }

  @Test
  void carriedValuesCrossIterationReadsOrCallerArraysKeepTheDirection() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(4), true);
    int out = b.declare("out", ScalarType.F64, List.of(5), ArrayDecl.Role.OUTPUT);
    // out[i + 1] = x[i]: the caller may pass x and out as one array.
    Builder.LoopScope s = b.beginLoop(4, true, List.of());
    int next = b.apply(Op.IADD, s.index(), b.intConstant(1));
    b.store(out, List.of(next), b.load(x, List.of(s.index())));
    b.endLoop(List.of());
    b.result("out", out, List.of(5));
    Function f = b.build();
    assertTrue(firstLoopDescends(AscendingLoops.run(f)));

    Builder c = new Builder("g");
    int y = c.inputArray("y", ScalarType.F64, List.of(4), true);
    Builder.LoopScope sum = c.beginLoop(4, true, List.of(c.constant(0.0)));
    int acc = c.apply(Op.ADD, sum.carried().get(0), c.load(y, List.of(sum.index())));
    int total = c.endLoop(List.of(acc)).get(0);
    c.result("s", total, List.of());
    assertTrue(firstLoopDescends(AscendingLoops.run(c.build())));
  }

  @Test
  void preservesResultsOfRandomProgramsBitForBit() {
    for (long seed = 0; seed < 500; seed++) {
      Function f = RandomPrograms.generate(seed);
      assertEquivalent(f, AscendingLoops.run(f));
    }
  }

  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      IrTesting.assertEquivalent(f, AscendingLoops.run(f));
    }
  }
}
