package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import dev.adjoint.processor.opt.Optimizer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Black-box calls ({@link Op#CALL}) whose derivatives come from a custom rule ({@link Op#LINK}), as
 * the tracer builds them for {@code Value.custom}: in reverse, tangent and forward-over-reverse
 * mode against finite differences, at the top level and inside loops (where reverse mode tapes the
 * call's result rather than calling again), with the rule traced on the value (and again on the
 * linked value, so that the Hessian follows it); and {@code Optimizer.forEmission} removes the
 * links and every rule computation a program does not need.
 */
class CustomCallsTest {

  /** {@code log(e^a + e^b)}, computed stably; its partials are {@code e^(a - y), e^(b - y)}. */
  private static final int LOG_ADD_EXP =
      Callee.register(
          new Callee(
              "test.CustomCallsTest",
              "test.CustomCallsTest",
              "logAddExp",
              2,
              x -> {
                double m = Math.max(x[0], x[1]);
                return m + Math.log(Math.exp(x[0] - m) + Math.exp(x[1] - m));
              }));

  /** {@code a} linked to the rule's partials computed from {@code value}. */
  private static int link(Builder b, int call, int a, int c, int value) {
    int pa = b.apply(Op.EXP, b.apply(Op.SUB, a, value));
    int pc = b.apply(Op.EXP, b.apply(Op.SUB, c, value));
    return b.apply(Op.LINK, b.apply(Op.LINK, call, a, pa), c, pc);
  }

  /** The tracer's shape: call, rule on the value, link, rule again on the link, link. */
  private static int logAddExp(Builder b, int a, int c) {
    int call = b.apply(Op.CALL, b.intConstant(LOG_ADD_EXP), a, c);
    int first = link(b, call, a, c, call);
    return link(b, call, a, c, first);
  }

  /** {@code sum_i logAddExp(acc, x[i] * w)} over a vector of runtime length, times {@code w}. */
  private static Function logSumExp() {
    Builder b = new Builder("logSumExp");
    int x = DynamicPrograms.vector(b, "x", true);
    int w = b.input("w", ScalarType.F64, true);
    int n = DynamicPrograms.length(b, x, 0);
    int first = b.apply(Op.MUL, b.load(x, List.of(b.intConstant(0))), w);
    Builder.LoopScope l =
        b.beginLoop(
            new Extent.Dynamic(b.apply(Op.ISUB, n, b.intConstant(1))), false, List.of(first));
    int xi = b.load(x, List.of(b.apply(Op.IADD, l.index(), b.intConstant(1))));
    int acc = logAddExp(b, l.carried().get(0), b.apply(Op.MUL, xi, w));
    int total = b.endLoop(List.of(acc)).get(0);
    b.result("y", b.apply(Op.MUL, total, w), List.of());
    return Verifier.verify(b.build());
  }

  /** An array of pairwise values, stored in an output. */
  private static Function pairwise(int n) {
    Builder b = new Builder("pairwise");
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    int out = b.declare("out", ScalarType.F64, List.of(n), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope l = b.beginLoop(n, false, List.of());
    int next = b.apply(Op.IREM, b.apply(Op.IADD, l.index(), b.intConstant(1)), b.intConstant(n));
    int xi = b.load(x, List.of(l.index()));
    int v = logAddExp(b, xi, b.apply(Op.MUL, xi, b.load(x, List.of(next))));
    b.store(out, List.of(l.index()), b.apply(Op.MUL, v, v));
    b.endLoop(List.of());
    b.result("out", out, List.of(n));
    return Verifier.verify(b.build());
  }

  @Test
  void derivativesOfCustomCallsMatchFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(5);
    int compared = 0;
    Function f = logSumExp();
    for (boolean optimized : new boolean[] {false, true}) {
      Function g = optimized ? Optimizer.run(f) : f;
      DerivativeCheck d = DerivativeCheck.of(g);
      Function rev = optimized ? Optimizer.runAdjoint(d.reverse()) : d.reverse();
      HvpCheck h = new HvpCheck(rev);
      for (int n : new int[] {1, 2, 5, 30}) {
        List<Object> args = List.of(Args.uniform(r, n, -3, 3), r.nextDouble(0.5, 1.5));
        compared += d.check(args, r, 5, "logSumExp n=" + n).finiteDifferences();
        compared += h.check(args, null, r, "logSumExp n=" + n).compared();
      }
    }
    Function p = pairwise(4);
    DerivativeCheck d = DerivativeCheck.of(p);
    HvpCheck h = new HvpCheck(d.reverse());
    for (int trial = 0; trial < 5; trial++) {
      List<Object> args = List.of(Args.uniform(r, 4, -2, 2));
      compared += d.check(args, r, 4, "pairwise").finiteDifferences();
      compared += h.check(args, Args.uniform(r, 4, -1, 1), r, "pairwise").compared();
    }
    assertTrue(compared > 100, compared + " compared");
  }

  @Test
  void reverseModeTapesTheCallInsteadOfCallingAgain() {
    Function rev =
        Optimizer.forEmission(Optimizer.runAdjoint(ReverseMode.differentiate(logSumExp())));
    long calls =
        rev.allNodes().stream().filter(n -> n instanceof Node.Apply a && a.op() == Op.CALL).count();
    assertEquals(1, calls, "one call, in the forward sweep");
  }

  @Test
  void emissionDropsLinksAndTheRuleFromTheForwardProgram() {
    Function f = Optimizer.run(logSumExp());
    Function emitted = Optimizer.forEmission(f);
    for (Node n : emitted.allNodes()) {
      if (n instanceof Node.Apply a) {
        assertTrue(a.op() != Op.LINK && a.op() != Op.EXP, "left in the forward: " + a);
      }
    }
    SplittableRandom r = new SplittableRandom(9);
    for (int n : new int[] {1, 4, 17}) {
      List<Object> args = List.of(Args.uniform(r, n, -3, 3), 0.75);
      assertEquals(
          Double.doubleToRawLongBits(Interpreter.run(f, args).get(0)[0]),
          Double.doubleToRawLongBits(Interpreter.run(emitted, args).get(0)[0]));
    }
  }
}
