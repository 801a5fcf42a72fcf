package dev.adjoint.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A returned write-once local array becomes the output itself, values unchanged. */
class ResultForwardingTest {

  /**
   * {@code p[i] = 2 * x[i]} over a runtime length, then the tracer's copy {@code out[i] = p[i]};
   * with {@code overwrite}, {@code p[0]} is stored twice (so it is not write-once).
   */
  private static Function program(boolean overwrite) {
    Builder b = new Builder("f");
    int x = b.inputArrayWithLengths("x", ScalarType.F64, Arrays.asList((Integer) null), true);
    Extent n = b.array(x).extents().get(0);
    int p = b.declare("p", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope fill = b.beginLoop(n, false, List.of());
    int v = b.load(x, List.of(fill.index()));
    b.store(p, List.of(fill.index()), b.apply(Op.MUL, v, b.constant(2.0)));
    b.endLoop(List.of());
    if (overwrite) {
      int zero = b.apply(Op.CHECK_INDEX, b.intConstant(0), n.node());
      b.store(p, List.of(zero), b.constant(5.0));
    }
    b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x, p));
    int out = b.declare("out", ScalarType.F64, List.of(n), ArrayDecl.Role.OUTPUT, false);
    Builder.LoopScope copy = b.beginLoop(n, false, List.of());
    int e = b.load(p, List.of(copy.index()));
    b.store(out, List.of(copy.index()), e);
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  @Test
  void theCopiedLocalBecomesTheOutput() {
    Function f = program(false);
    Function g = ResultForwarding.run(f);
    Verifier.verify(g);
    assertTrue(
        g.arrays().values().stream().noneMatch(a -> a.role() == ArrayDecl.Role.LOCAL), "p is gone");
    assertEquals(1, IrTesting.count(g, Node.Loop.class), "the copy is gone");
    int out = g.results().get(0).id();
    assertEquals(
        List.of(new LibraryCall(LibraryCall.Library.SOFTMAX, f.params().get(0).id(), out)),
        g.calls());
    IrTesting.assertEquivalent(f, g);
  }

  @Test
  void aLocalStoredTwiceKeepsItsCopy() {
    Function f = program(true);
    assertSame(f, ResultForwarding.run(f));
  }
}
