package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.opt.ArrayForwarding;
import dev.adjoint.processor.opt.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An element no taken read reaches passes back exactly 0, as in the engine, even where its local
 * derivative is infinite ({@link ExactZeros}); programs that read every element unconditionally
 * (softmax, cross-entropy) get no masks at all.
 */
class ExactZerosTest {

  private static double[] gradient(Function f, List<Object> args, boolean optimized) {
    Function primal = optimized ? Optimizer.run(ArrayForwarding.run(Optimizer.run(f))) : f;
    Function rev = ReverseMode.differentiate(primal);
    if (optimized) {
      rev = Optimizer.runAdjoint(rev);
    }
    return Interpreter.run(rev, args).get(1);
  }

  @Test
  void unreadElementsOfAWorkspacePassBackZeros() {
    // Fuzzer seed 60276's shape: logs[i] = log(p[i]) for every i, then return logs[k].
    double[] p = {2.0, 0.0, 0.5, 0.0, 4.0};
    for (Function f : List.of(DynamicPrograms.logsAt(5), DynamicPrograms.logsAt(-1))) {
      for (boolean optimized : new boolean[] {false, true}) {
        double[] g = gradient(f, List.of(p, 2.0), optimized && f.isStatic());
        assertEquals(List.of(0.0, 0.0, 2.0, 0.0, 0.0), boxed(g), f.name() + " " + optimized);
      }
    }
  }

  @Test
  void elementsReadOnlyInUntakenSelectArmsPassBackZeros() {
    Builder b = new Builder("pick");
    int p = b.inputArray("p", ScalarType.F64, List.of(2), true);
    int logs = b.declare("logs", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(2, false, List.of());
    b.store(logs, List.of(l.index()), b.apply(Op.LOG, b.load(p, List.of(l.index()))));
    b.endLoop(List.of());
    int first = b.load(p, List.of(b.intConstant(0)));
    int big = b.apply(Op.GT, b.apply(Op.STOP, first), b.constant(1.0));
    int y =
        b.select(
            big, b.load(logs, List.of(b.intConstant(0))), b.load(logs, List.of(b.intConstant(1))));
    b.result("y", y, List.of());
    Function f = b.build();
    double[] g = gradient(f, List.of(new double[] {2.0, 0.0}), false);
    assertEquals(List.of(0.5, 0.0), boxed(g));
  }

  @Test
  void overwrittenValuesPassBackZeros() {
    // a[0] = log(p[0]); a[0] = 2 * p[1]; return a[0]: the logarithm is never read.
    Builder b = new Builder("overwrite");
    int p = b.inputArray("p", ScalarType.F64, List.of(2), true);
    int a = b.declare("a", ScalarType.F64, List.of(1), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    b.store(a, List.of(zero), b.apply(Op.LOG, b.load(p, List.of(zero))));
    int second = b.load(p, List.of(b.intConstant(1)));
    b.store(a, List.of(zero), b.apply(Op.MUL, second, b.constant(2.0)));
    b.result("y", b.load(a, List.of(zero)), List.of());
    double[] g = gradient(b.build(), List.of(new double[] {0.0, 3.0}), false);
    assertEquals(List.of(0.0, 2.0), boxed(g));
  }

  @Test
  void overflowedUnreadElementsPassBackZeros() {
    // a[i] = v after v = v + v * v sixty times (Infinity for v = 10), then return a[k].
    Builder b = new Builder("overflow");
    int p = DynamicPrograms.vector(b, "p", true);
    int k = b.input("k", ScalarType.I32, false);
    int a =
        b.declare(
            "a",
            ScalarType.F64,
            List.of(DynamicPrograms.extent(b, p, 0)),
            ArrayDecl.Role.LOCAL,
            false);
    Builder.LoopScope l = b.beginLoop(DynamicPrograms.extent(b, p, 0), false, List.of());
    Builder.LoopScope grow = b.beginLoop(60, false, List.of(b.load(p, List.of(l.index()))));
    int v = grow.carried().get(0);
    int next = b.endLoop(List.of(b.apply(Op.ADD, v, b.apply(Op.MUL, v, v)))).get(0);
    b.store(a, List.of(l.index()), next);
    b.endLoop(List.of());
    b.result("y", b.load(a, List.of(k)), List.of());
    double[] g = gradient(b.build(), List.of(new double[] {10.0, 1e-3, 10.0}, 1.0), false);
    assertEquals(0.0, g[0]);
    assertEquals(0.0, g[2]);
    assertTrue(g[1] > 1 && Double.isFinite(g[1]), "d/dp[1] = " + g[1]);
  }

  /**
   * {@code keys[t] = log(x[t]); y = sum over pos, t of (t <= pos + shift ? keys[t] * x[pos] : 0)}:
   * causal attention's masking. With {@code shift >= 0} every key is read in a taken arm at the
   * last position; with {@code shift < 0} the last keys are never read.
   */
  static Function causal(int n, int shift) {
    Builder b = new Builder("causal");
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    int keys = b.declare("keys", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope k = b.beginLoop(n, false, List.of());
    b.store(keys, List.of(k.index()), b.apply(Op.LOG, b.load(x, List.of(k.index()))));
    b.endLoop(List.of());
    Builder.LoopScope pos = b.beginLoop(n, false, List.of(b.constant(0.0)));
    Builder.LoopScope t = b.beginLoop(n, false, List.of(pos.carried().get(0)));
    int upTo = b.apply(Op.IADD, pos.index(), b.intConstant(shift));
    int seen = b.apply(Op.LE, t.index(), upTo);
    int score = b.apply(Op.MUL, b.load(keys, List.of(t.index())), b.load(x, List.of(pos.index())));
    int term = b.select(seen, score, b.constant(0.0));
    int inner = b.endLoop(List.of(b.apply(Op.ADD, t.carried().get(0), term))).get(0);
    b.result("y", b.endLoop(List.of(inner)).get(0), List.of());
    return b.build();
  }

  @Test
  void causalMaskingNeedsNoMasksWhenEveryKeyIsReadInATakenArm() {
    assertFalse(masked(ReverseMode.differentiate(causal(4, 0))));
    assertTrue(masked(ReverseMode.differentiate(causal(4, -2))));
  }

  private static boolean masked(Function rev) {
    return rev.allNodes().stream().anyMatch(n -> n instanceof Node.Apply a && a.op() == Op.EQ);
  }

  @Test
  void programsReadingEveryElementGetNoMasks() {
    for (Function f :
        List.of(
            Programs.crossEntropy(5),
            Programs.softmax(4),
            Programs.mlp(3, 4),
            Programs.softmax(1))) {
      for (boolean optimized : new boolean[] {false, true}) {
        Function primal = optimized ? Optimizer.run(ArrayForwarding.run(Optimizer.run(f))) : f;
        assertFalse(
            masked(ReverseMode.differentiate(primal)), f.name() + (optimized ? " optimized" : ""));
      }
    }
  }

  private static List<Double> boxed(double[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
