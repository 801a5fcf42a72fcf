package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.opt.ArrayForwarding;
import dev.adjoint.processor.opt.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Softmax's own reverse rule ({@link LibraryRules}) against the chain rule through its template and
 * against finite differences, on random and extreme logits, in each place a softmax can sit: the
 * program's output, a workspace read by later code, and the softmax of a workspace.
 */
class LibraryRulesTest {

  /** Where the softmax sits in the test program. */
  private enum Shape {
    /** {@code return softmax(logits)}. */
    OUTPUT,
    /** {@code p = softmax(logits); return sum(p[i] * p[i])}. */
    READ_BACK,
    /** {@code return softmax(logits * 0.5)}. */
    SCALED_INPUT
  }

  @Test
  void ruleAgreesWithTheChainRuleAndFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(11);
    int checked = 0;
    for (Shape shape : Shape.values()) {
      for (int n : new int[] {1, 2, 5, 16, 40}) {
        for (boolean optimized : new boolean[] {false, true}) {
          Function ruled = compile(program(n, shape, true), optimized);
          Function chain = compile(program(n, shape, false), optimized);
          // The rule applies wherever the call survives optimization (forwarding a workspace
          // away drops it, and the chain rule applies); an output array always survives.
          Function prepared = prepare(program(n, shape, true), optimized);
          String label = shape + " n=" + n + (optimized ? " optimized" : "");
          assertEquals(prepared.calls().size(), LibraryRules.of(prepared).size(), label);
          assertTrue(shape != Shape.OUTPUT || prepared.calls().size() == 1, label);
          Function revRuled = reverse(ruled, optimized);
          Function revChain = reverse(chain, optimized);
          Function tanRuled = tangent(ruled, optimized);
          Function tanChain = tangent(chain, optimized);
          for (int trial = 0; trial < 8; trial++) {
            double[] logits = logits(r, n, trial);
            double[] seed = new double[shape == Shape.READ_BACK ? 1 : n];
            for (int i = 0; i < seed.length; i++) {
              seed[i] = shape == Shape.READ_BACK ? 1.0 : r.nextDouble(-2, 2);
            }
            List<Object> args = List.of(logits);
            List<Object> revArgs = new ArrayList<>(args);
            if (shape != Shape.READ_BACK) {
              revArgs.add(seed);
            }
            List<double[]> a = Interpreter.run(revRuled, revArgs);
            List<double[]> b = Interpreter.run(revChain, revArgs);
            double[] primal = Interpreter.run(ruled, args).get(0);
            for (int i = 0; i < primal.length; i++) {
              assertEquals(
                  Double.doubleToRawLongBits(primal[i]),
                  Double.doubleToRawLongBits(a.get(0)[i]),
                  "forward value stays bit-identical");
            }
            double scale = Math.max(maxAbs(b.get(1)), maxAbs(seed) * maxAbs(primal));
            double tol = 64 * Math.ulp(scale) * Math.sqrt(n) + Double.MIN_NORMAL;
            for (int i = 0; i < n; i++) {
              String where = shape + " n=" + n + " trial " + trial + " element " + i;
              assertEquals(b.get(1)[i], a.get(1)[i], tol, where + " vs chain rule");
              if (trial < 4) {
                double fd = FiniteDifferences.partial(chain, args, 0, i, seed);
                assertEquals(fd, a.get(1)[i], 1e-6 * Math.max(1, Math.abs(fd)), where + " vs fd");
              }
              checked++;
            }
            // Forward mode: the rule's tangent against the chain rule's, and <seed, J v> against
            // the rule's own gradient.
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
              v[i] = r.nextDouble(-1, 1);
            }
            double[] ta = Interpreter.run(tanRuled, List.of(logits, v)).get(0);
            double[] tb = Interpreter.run(tanChain, List.of(logits, v)).get(0);
            double tscale = Math.max(maxAbs(tb), maxAbs(primal)) * maxAbs(v);
            double ttol = 64 * Math.ulp(tscale) * Math.sqrt(n) + Double.MIN_NORMAL;
            double jvp = 0;
            double vjp = 0;
            for (int i = 0; i < ta.length; i++) {
              assertEquals(tb[i], ta[i], ttol, shape + " n=" + n + " tangent " + i);
              jvp += seed[i] * ta[i];
            }
            for (int i = 0; i < n; i++) {
              vjp += a.get(1)[i] * v[i];
            }
            assertEquals(vjp, jvp, 1e-12 * Math.max(1, Math.abs(vjp)), shape + " n=" + n);
          }
        }
      }
    }
    assertTrue(checked > 2000, "checked " + checked);
  }

  @Test
  void ruleReplacesTheTemplatesAdjointAndFusesTheDotProductIntoTheOutputLoop() {
    Function f = compile(program(16, Shape.OUTPUT, true), true);
    Function chain = compile(program(16, Shape.OUTPUT, false), true);
    Function rev = reverse(f, true);
    Function tan = tangent(f, true);
    assertEquals(count(f, Op.DIV), count(tan, Op.DIV), "forward mode needs no division either");
    assertEquals(1, loopStoring(tan, f.results().get(0).id()).body().carried().size());
    // The chain rule through exp(x - max) / sum divides again in the backward sweep (1 / sum);
    // the rule needs no division and no pass over the exponentials.
    assertEquals(count(f, Op.DIV), count(rev, Op.DIV));
    assertTrue(count(reverse(chain, true), Op.DIV) > count(chain, Op.DIV));
    // The output stays a loop (LoopUnrolling keeps it for the rule), carrying the dot product.
    Node.Loop outputLoop = loopStoring(rev, rev.results().get(0).id());
    assertEquals(1, outputLoop.body().carried().size(), "dot product carried in the output loop");
    // The rule's elementwise gradient loop stays a loop too, for HotSpot to vectorize.
    assertTrue(loopStoring(rev, rev.results().get(1).id()) != null, "gradient loop kept");
    assertTrue(loopStoring(f, f.results().get(0).id()) != null, "forward keeps the loop too");
    assertEquals(null, loopStoring(chain, chain.results().get(0).id()), "unrolled without a call");
  }

  @Test
  void aWorkspaceOutputTakesItsDotProductAfterItsLastUse() {
    Function rev = reverse(compile(program(8, Shape.READ_BACK, true), true), true);
    int out = -1;
    for (ArrayDecl a : rev.arrays().values()) {
      if (a.name().equals("out")) {
        out = a.id();
      }
    }
    assertEquals(0, loopStoring(rev, out).body().carried().size(), "the adjoint is not the seed");
  }

  @Test
  void chainRuleWhereTheOutputIsReadBetweenItsStores() {
    // out[0] is read (into the result) before out[1] is stored: no point of the backward sweep
    // has the output's whole adjoint, so the rule must not apply.
    Builder b = new Builder("interleaved");
    int x = b.inputArray("x", ScalarType.F64, List.of(2), true);
    int out = b.declare("out", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    int e0 = b.apply(Op.EXP, b.load(x, List.of(b.intConstant(0))));
    int e1 = b.apply(Op.EXP, b.load(x, List.of(b.intConstant(1))));
    int sum = b.apply(Op.ADD, e0, e1);
    b.store(out, List.of(b.intConstant(0)), b.apply(Op.DIV, e0, sum));
    int p0 = b.load(out, List.of(b.intConstant(0)));
    b.store(out, List.of(b.intConstant(1)), b.apply(Op.DIV, e1, sum));
    int p1 = b.load(out, List.of(b.intConstant(1)));
    b.result("r", b.apply(Op.MUL, p0, p1), List.of());
    b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x, out));
    Function f = b.build();
    assertEquals(Map.of(), LibraryRules.of(f));
    double[] grad =
        Interpreter.run(ReverseMode.differentiate(f), List.of(new double[] {0.3, -1.2})).get(1);
    double fd =
        FiniteDifferences.partial(f, List.of(new double[] {0.3, -1.2}), 0, 0, new double[] {1});
    assertEquals(fd, grad[0], 1e-8);
  }

  @Test
  void aFunctionForgetsACallOnceEitherArrayIsGone() {
    Function f = program(4, Shape.SCALED_INPUT, true);
    assertEquals(1, f.calls().size());
    assertTrue(Printer.print(f).contains("\n  library out = softmax(scaled)\n"), Printer.print(f));
    Function forwarded = ArrayForwarding.run(Optimizer.run(f, 0));
    for (LibraryCall c : forwarded.calls()) {
      assertTrue(forwarded.arrays().containsKey(c.input()));
      assertTrue(forwarded.arrays().containsKey(c.output()));
    }
    LibraryCall call = f.calls().get(0);
    Map<Integer, ArrayDecl> arrays = new java.util.LinkedHashMap<>(f.arrays());
    arrays.remove(call.input());
    Function without =
        new Function(
            f.name(),
            f.params(),
            arrays,
            f.body(),
            f.results(),
            f.calls(),
            f.origins(),
            f.nextId());
    assertFalse(without.calls().contains(call));
  }

  // ---- programs ----

  /** Nn.softmax's template (max, exp with the sum, division) in the given setting. */
  private static Function program(int n, Shape shape, boolean call) {
    Builder b = new Builder("softmax");
    int logits = b.inputArray("logits", ScalarType.F64, List.of(n), true);
    int x = logits;
    if (shape == Shape.SCALED_INPUT) {
      x = b.declare("scaled", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
      Builder.LoopScope s = b.beginLoop(n, false, List.of());
      List<Integer> i = List.of(s.index());
      b.store(x, i, b.apply(Op.MUL, b.load(logits, i), b.constant(0.5)));
      b.endLoop(List.of());
    }
    Builder.LoopScope mx = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int m = b.apply(Op.MAX, mx.carried().get(0), b.apply(Op.STOP, b.load(x, List.of(mx.index()))));
    int max = b.endLoop(List.of(m)).get(0);
    int exps = b.declare("exps", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope ex = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.SUB, b.load(x, List.of(ex.index())), max));
    b.store(exps, List.of(ex.index()), e);
    int total = b.endLoop(List.of(b.apply(Op.ADD, ex.carried().get(0), e))).get(0);
    ArrayDecl.Role role = shape == Shape.READ_BACK ? ArrayDecl.Role.LOCAL : ArrayDecl.Role.OUTPUT;
    int out = b.declare("out", ScalarType.F64, List.of(n), role);
    Builder.LoopScope dv = b.beginLoop(n, false, List.of());
    b.store(out, List.of(dv.index()), b.apply(Op.DIV, b.load(exps, List.of(dv.index())), total));
    b.endLoop(List.of());
    if (call) {
      b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x, out));
    }
    if (shape == Shape.READ_BACK) {
      Builder.LoopScope sq = b.beginLoop(n, false, List.of(b.constant(0.0)));
      int p = b.load(out, List.of(sq.index()));
      int acc = b.apply(Op.ADD, sq.carried().get(0), b.apply(Op.MUL, p, p));
      b.result("r", b.endLoop(List.of(acc)).get(0), List.of());
    } else {
      b.result("out", out, List.of(n));
    }
    return b.build();
  }

  /** The forward program as MethodCompiler makes it, or the traced one. */
  private static Function compile(Function f, boolean optimized) {
    return optimized ? prepare(f, true) : f;
  }

  private static Function prepare(Function f, boolean optimized) {
    return optimized ? Optimizer.run(ArrayForwarding.run(Optimizer.run(f, 0))) : f;
  }

  private static Function reverse(Function f, boolean optimized) {
    Function rev = ReverseMode.differentiate(f);
    return optimized ? Optimizer.runAdjoint(rev) : rev;
  }

  private static Function tangent(Function f, boolean optimized) {
    Function tan = TangentMode.differentiate(f);
    return optimized ? Optimizer.run(tan) : tan;
  }

  private static double[] logits(SplittableRandom r, int n, int trial) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          switch (trial % 4) {
            case 0, 1 -> r.nextDouble(-3, 3);
            case 2 -> r.nextDouble(-3, 3) + (trial < 4 ? 0 : 1000);
            default -> r.nextBoolean() ? 1000 * r.nextDouble() : -1000 * r.nextDouble();
          };
    }
    if (trial == 7) {
      for (int i = 0; i < n; i++) {
        x[i] = 1e-300 * r.nextDouble(-1, 1);
      }
    }
    return x;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static int count(Function f, Op op) {
    int c = 0;
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Apply a && a.op() == op) {
        c++;
      }
    }
    return c;
  }

  private static Node.Loop loopStoring(Function f, int array) {
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Loop l) {
        for (Node inner : l.body().nodes()) {
          if (inner instanceof Node.Store s && s.array() == array) {
            return l;
          }
        }
      }
    }
    return null;
  }
}
