package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Softmax's own rule ({@link LibraryRules}) on a softmax of runtime length: it applies when its
 * arrays are known to be write-once and agrees with the chain rule and finite differences; it
 * declines when they may be overwritten or the template runs under a branch.
 */
class DynamicLibraryRulesTest {

  /** Nn.softmax's template over a vector of runtime length, into an output or a workspace. */
  private static Function softmax(boolean output, boolean call, boolean branch) {
    Builder b = new Builder("softmax");
    int x = DynamicPrograms.vector(b, "logits", true);
    Extent n = DynamicPrograms.extent(b, x, 0);
    if (branch) {
      b.beginIf(b.apply(Op.GT, n.node(), b.intConstant(2)));
    }
    Builder.LoopScope mx = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int m = b.apply(Op.MAX, mx.carried().get(0), b.apply(Op.STOP, b.load(x, List.of(mx.index()))));
    int max = b.endLoop(List.of(m)).get(0);
    int exps = b.declare("exps", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope ex = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.SUB, b.load(x, List.of(ex.index())), max));
    b.store(exps, List.of(ex.index()), e);
    int total = b.endLoop(List.of(b.apply(Op.ADD, ex.carried().get(0), e))).get(0);
    ArrayDecl.Role role = output ? ArrayDecl.Role.OUTPUT : ArrayDecl.Role.LOCAL;
    int out = b.declare("out", ScalarType.F64, List.of(n), role, false);
    Builder.LoopScope dv = b.beginLoop(n, false, List.of());
    b.store(out, List.of(dv.index()), b.apply(Op.DIV, b.load(exps, List.of(dv.index())), total));
    b.endLoop(List.of());
    if (branch) {
      b.orElse(List.of());
      b.endIf(List.of());
    }
    if (call) {
      b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x, out));
    }
    if (output) {
      b.resultOf("out", out, List.of(n));
    } else {
      // sum(p[i]^2 * w[i]) with w[i] = i + 1.
      Builder.LoopScope sq = b.beginLoop(n, false, List.of(b.constant(0.0)));
      int p = b.load(out, List.of(sq.index()));
      int w = b.apply(Op.I2D, b.apply(Op.IADD, sq.index(), b.intConstant(1)));
      int acc = b.apply(Op.ADD, sq.carried().get(0), b.apply(Op.MUL, b.apply(Op.MUL, p, p), w));
      b.result("r", b.endLoop(List.of(acc)).get(0), List.of());
    }
    return b.build();
  }

  /** The local and output arrays, all filled once. */
  private static Set<Integer> arrays(Function f) {
    Set<Integer> out = new java.util.HashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        out.add(a.id());
      }
    }
    return out;
  }

  @Test
  void ruleAppliesToARuntimeLengthAndAgrees() {
    SplittableRandom r = new SplittableRandom(3);
    for (boolean output : new boolean[] {true, false}) {
      Function ruled = softmax(output, true, false);
      Function chain = softmax(output, false, false);
      Set<Integer> once = arrays(ruled);
      assertEquals(1, LibraryRules.of(ruled, once).size());
      DerivativeCheck withRule =
          new DerivativeCheck(
              ruled,
              ReverseMode.differentiate(ruled, once),
              TangentMode.differentiate(ruled, once));
      Function chainRev = ReverseMode.differentiate(chain, arrays(chain));
      int compared = 0;
      for (int n : new int[] {0, 1, 2, 7, 100}) {
        double[] logits = Args.uniform(r, n, -3, 3);
        List<Object> args = List.of(logits);
        compared += withRule.check(args, r, 6, "softmax n=" + n).finiteDifferences();
        double[] seed = Args.uniform(r, n, -1, 1);
        List<Object> revArgs = new ArrayList<>(args);
        if (output) {
          revArgs.add(seed);
        }
        double[] a = Interpreter.run(withRule.reverse(), revArgs).get(1);
        double[] b = Interpreter.run(chainRev, revArgs).get(1);
        for (int i = 0; i < n; i++) {
          assertEquals(b[i], a[i], 1e-13, "rule against chain rule, n=" + n);
        }
      }
      assertTrue(compared >= 15, compared + " finite differences");
    }
  }

  @Test
  void ruleDeclinesOverwritableArraysAndBranches() {
    Function f = softmax(true, true, false);
    assertEquals(0, LibraryRules.of(f, Set.of()).size(), "arrays that may be overwritten");
    // WriteOnce proves the template's fills write-once, so the rule applies on its own.
    assertEquals(1, LibraryRules.of(f).size(), "the rule at runtime length, proven write-once");
    Function branched = softmax(true, true, true);
    assertEquals(
        0, LibraryRules.of(branched, arrays(branched)).size(), "a template under a branch");
    SplittableRandom r = new SplittableRandom(4);
    DerivativeCheck c =
        new DerivativeCheck(
            branched,
            ReverseMode.differentiate(branched, arrays(branched)),
            TangentMode.differentiate(branched, arrays(branched)));
    for (int n : new int[] {1, 2, 3, 7}) {
      c.check(List.of(Args.uniform(r, n, -3, 3)), r, 6, "branched softmax n=" + n);
    }
  }
}
