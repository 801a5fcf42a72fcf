package dev.adjoint.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Index checks that cannot fail, or that the access makes itself, go; values are unchanged. */
class IndexChecksTest {

  @Test
  void checksALoopIndexOrACallersArrayMakesAreDropped() {
    Builder b = new Builder("f");
    int x = b.inputArrayWithLengths("x", ScalarType.F64, Arrays.asList((Integer) null), true);
    int k = b.input("k", ScalarType.I32, false);
    Extent n = b.array(x).extents().get(0);
    int w = b.declare("w", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope s = b.beginLoop(n, false, List.of());
    int i = b.apply(Op.CHECK_INDEX, s.index(), n.node()); // a loop index below n: cannot fail
    b.store(w, List.of(i), b.load(x, List.of(i)));
    b.endLoop(List.of());
    int atX = b.apply(Op.CHECK_INDEX, k, n.node()); // x's own bounds check does it
    int fromX = b.load(x, List.of(atX));
    int atW = b.apply(Op.CHECK_INDEX, b.apply(Op.IADD, k, b.intConstant(1)), n.node());
    int fromW = b.load(w, List.of(atW)); // a workspace: stays
    b.result("y", b.apply(Op.ADD, fromX, fromW), List.of());
    Function f = b.build();
    Function g = IndexChecks.run(f);
    Verifier.verify(g);
    assertEquals(1, IrTesting.count(g, Op.CHECK_INDEX));
    IrTesting.assertEquivalent(f, g);
  }

  @Test
  void keepsDynamicProgramsEquivalent() {
    for (long seed = 0; seed < 400; seed++) {
      Function f = Optimizer.run(DynamicPrograms.generate(seed));
      IrTesting.assertEquivalent(f, IndexChecks.run(f));
    }
  }
}
