package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ArrayForwarding keeps values bit for bit, and forwards only arrays it understands. */
class ArrayForwardingRandomTest {

  @Test
  void preservesResultsOfRandomAndDynamicPrograms() {
    int forwarded = 0;
    for (long seed = 0; seed < 400; seed++) {
      for (Function f : List.of(RandomPrograms.generate(seed), DynamicPrograms.generate(seed))) {
        Function g = ArrayForwarding.run(f);
        assertEquivalent(f, g);
        forwarded += f.arrays().size() - g.arrays().size();
      }
    }
    assertTrue(forwarded > 0, "nothing was forwarded");
  }

  /** {@code t[i] = x * i}: forwarded when every read finds its element stored, else kept. */
  private static Function filled(boolean readFirst, boolean inBranch, boolean dynamic) {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int n = b.input("n", ScalarType.I32, false);
    int flag = b.input("flag", ScalarType.BOOL, false);
    int t = b.declare("t", ScalarType.F64, List.of(4), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    int sum0 = b.constant(0.0);
    if (readFirst) {
      sum0 = b.load(t, List.of(zero)); // reads the initial zero
    }
    if (inBranch) {
      b.beginIf(flag);
    }
    Extent trips =
        dynamic ? new Extent.Dynamic(b.apply(Op.IMIN, n, b.intConstant(4))) : Extent.of(4);
    Builder.LoopScope fill = b.beginLoop(trips, false, List.of());
    b.store(t, List.of(fill.index()), b.apply(Op.MUL, x, b.apply(Op.I2D, fill.index())));
    b.endLoop(List.of());
    if (inBranch) {
      b.orElse(List.of());
      b.endIf(List.of());
    }
    Builder.LoopScope read = b.beginLoop(4, false, List.of(sum0));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(t, List.of(read.index())));
    int total = b.endLoop(List.of(sum)).get(0);
    b.result("y", total, List.of());
    return b.build();
  }

  @Test
  void forwardsOnlyArraysWhoseReadsFindTheirElementStored() {
    Function plain = filled(false, false, false);
    Function forwarded = ArrayForwarding.run(plain);
    assertTrue(forwarded.arrays().isEmpty(), "t is recomputed at each read");
    assertEquivalent(plain, forwarded);
    for (Function f :
        List.of(
            filled(true, false, false), filled(false, true, false), filled(false, false, true))) {
      Function g = ArrayForwarding.run(f);
      assertEquals(f.arrays(), g.arrays());
      assertEquivalent(f, g);
    }
  }
}
