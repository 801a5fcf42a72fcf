package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.IrTesting;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.opt.ArrayForwarding;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Forwarding a cheap local array keeps values bit for bit and removes its adjoint array. */
class ArrayForwardingTest {

  @Test
  void crossEntropyLosesItsShiftedArray() {
    Function f = Programs.crossEntropy(7);
    Function g = ArrayForwarding.run(f);
    assertTrue(
        g.arrays().values().stream().noneMatch(a -> a.role() == ArrayDecl.Role.LOCAL),
        "shifted is recomputed, not stored");
    Function rf = ReverseMode.differentiate(f);
    Function rg = ReverseMode.differentiate(g);
    assertTrue(rg.arrays().size() < rf.arrays().size(), "no adjoint array for shifted");
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      double[] logits = new double[7];
      for (int i = 0; i < 7; i++) {
        logits[i] = r.nextDouble(-5, 5) * (trial % 3 == 0 ? 300 : 1);
      }
      List<Object> args = List.of(logits, (double) r.nextInt(7));
      assertEquals(
          Double.doubleToRawLongBits(Interpreter.run(f, args).get(0)[0]),
          Double.doubleToRawLongBits(Interpreter.run(g, args).get(0)[0]));
      double[] expected = Interpreter.run(rf, args).get(1);
      double[] actual = Interpreter.run(rg, args).get(1);
      for (int i = 0; i < 7; i++) {
        assertEquals(expected[i], actual[i], 1e-15, "gradient " + i);
      }
    }
  }

  @Test
  void expensiveOrOverwrittenArraysStay() {
    Function softmax = Programs.softmax(5); // exps holds exp(...): too expensive to recompute
    assertEquals(softmax.arrays().size(), ArrayForwarding.run(softmax).arrays().size());
  }

  /** A runtime length: {@code s[i] = x[i] - 1} over {@code x.length}, read at a checked index. */
  @Test
  void anArrayOfRuntimeLengthIsForwardedToo() {
    Builder b = new Builder("f");
    int x = b.inputArrayWithLengths("x", ScalarType.F64, Arrays.asList((Integer) null), true);
    int k = b.input("k", ScalarType.I32, false);
    Extent n = b.array(x).extents().get(0);
    int s = b.declare("s", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope fill = b.beginLoop(n, false, List.of());
    int v = b.load(x, List.of(fill.index()));
    b.store(s, List.of(fill.index()), b.apply(Op.SUB, v, b.constant(1.0)));
    b.endLoop(List.of());
    int at = b.apply(Op.CHECK_INDEX, k, n.node());
    b.result("y", b.load(s, List.of(at)), List.of());
    Function f = b.build();
    Function g = ArrayForwarding.run(f);
    assertTrue(g.arrays().values().stream().noneMatch(a -> a.role() == ArrayDecl.Role.LOCAL));
    IrTesting.assertEquivalent(f, g);
  }
}
