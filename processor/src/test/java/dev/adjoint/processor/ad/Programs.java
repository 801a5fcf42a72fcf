package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;

/** Hand-built IR programs, written as the tracer would emit them for typical source methods. */
final class Programs {
  private Programs() {}

  /** The lesson's cross-entropy: max on data, shifted, left-fold sum of exps, log, pick, negate. */
  static Function crossEntropy(int n) {
    Builder b = new Builder("crossEntropy");
    int logits = b.inputArray("logits", ScalarType.F64, List.of(n), true);
    int target = b.input("target", ScalarType.I32, false);
    Builder.LoopScope max = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int x = b.load(logits, List.of(max.index()));
    int m = b.apply(Op.MAX, max.carried().get(0), b.apply(Op.STOP, x));
    int maxValue = b.endLoop(List.of(m)).get(0);
    int shifted = b.declare("shifted", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope sh = b.beginLoop(n, false, List.of());
    b.store(
        shifted,
        List.of(sh.index()),
        b.apply(Op.SUB, b.load(logits, List.of(sh.index())), maxValue));
    b.endLoop(List.of());
    Builder.LoopScope sum = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.load(shifted, List.of(sum.index())));
    int total = b.endLoop(List.of(b.apply(Op.ADD, sum.carried().get(0), e))).get(0);
    int logSum = b.apply(Op.LOG, total);
    int loss = b.apply(Op.NEG, b.apply(Op.SUB, b.load(shifted, List.of(target)), logSum));
    b.result("loss", loss, List.of());
    return b.build();
  }

  /** Softmax returning an array: exps in a local array, their sum, then division. */
  static Function softmax(int n) {
    Builder b = new Builder("softmax");
    int logits = b.inputArray("logits", ScalarType.F64, List.of(n), true);
    Builder.LoopScope max = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int m =
        b.apply(
            Op.MAX, max.carried().get(0), b.apply(Op.STOP, b.load(logits, List.of(max.index()))));
    int maxValue = b.endLoop(List.of(m)).get(0);
    int exps = b.declare("exps", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope ex = b.beginLoop(n, false, List.of());
    int shifted = b.apply(Op.SUB, b.load(logits, List.of(ex.index())), maxValue);
    b.store(exps, List.of(ex.index()), b.apply(Op.EXP, shifted));
    b.endLoop(List.of());
    Builder.LoopScope sum =
        b.beginLoop(n - 1, false, List.of(b.load(exps, List.of(b.intConstant(0)))));
    int i1 = b.apply(Op.IADD, sum.index(), b.intConstant(1));
    int total =
        b.endLoop(List.of(b.apply(Op.ADD, sum.carried().get(0), b.load(exps, List.of(i1))))).get(0);
    int out = b.declare("out", ScalarType.F64, List.of(n), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope dv = b.beginLoop(n, false, List.of());
    b.store(out, List.of(dv.index()), b.apply(Op.DIV, b.load(exps, List.of(dv.index())), total));
    b.endLoop(List.of());
    b.result("out", out, List.of(n));
    return b.build();
  }

  /** A linear layer with a ReLU and a product reduction: nested loops, carried products. */
  static Function mlp(int in, int hidden) {
    Builder b = new Builder("mlp");
    int x = b.inputArray("x", ScalarType.F64, List.of(in), true);
    int w = b.inputArray("w", ScalarType.F64, List.of(hidden, in), true);
    int scale = b.input("scale", ScalarType.F64, true);
    int h = b.declare("h", ScalarType.F64, List.of(hidden), ArrayDecl.Role.LOCAL);
    Builder.LoopScope rows = b.beginLoop(hidden, false, List.of());
    int j = rows.index();
    Builder.LoopScope cols =
        b.beginLoop(
            in - 1,
            false,
            List.of(
                b.apply(
                    Op.MUL,
                    b.load(w, List.of(j, b.intConstant(0))),
                    b.load(x, List.of(b.intConstant(0))))));
    int i = b.apply(Op.IADD, cols.index(), b.intConstant(1));
    int prod = b.apply(Op.MUL, b.load(w, List.of(j, i)), b.load(x, List.of(i)));
    int acc = b.endLoop(List.of(b.apply(Op.ADD, cols.carried().get(0), prod))).get(0);
    b.store(h, List.of(j), b.apply(Op.RELU, b.apply(Op.MUL, acc, scale)));
    b.endLoop(List.of());
    // A product reduction of tanh(h[j]) + 1.5 and a data-dependent select.
    Builder.LoopScope pr = b.beginLoop(hidden, true, List.of(b.constant(1.0)));
    int hv = b.load(h, List.of(pr.index()));
    int t = b.apply(Op.ADD, b.apply(Op.TANH, hv), b.constant(1.5));
    int positive = b.apply(Op.GT, b.apply(Op.STOP, hv), b.constant(0.25));
    int factor = b.select(positive, t, b.apply(Op.DIV, b.constant(1.0), t));
    int product = b.endLoop(List.of(b.apply(Op.MUL, pr.carried().get(0), factor))).get(0);
    int y = b.apply(Op.ADD, b.apply(Op.LOG, product), b.apply(Op.POW, scale, b.constant(3.0)));
    b.result("y", y, List.of());
    return b.build();
  }

  /**
   * {@code sum(x > 0 ? pow(x, 0.5) : 2x)}: the untaken arm's local derivative is NaN for negative
   * elements, as the engine never sees it.
   */
  static Function guardedPower(int n) {
    Builder b = new Builder("guardedPower");
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.load(x, List.of(l.index()));
    int positive = b.apply(Op.GT, b.apply(Op.STOP, v), b.constant(0.0));
    int root = b.apply(Op.POW, v, b.constant(0.5));
    int twice = b.apply(Op.MUL, v, b.constant(2.0));
    int picked = b.select(positive, root, twice);
    int total = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), picked))).get(0);
    int top = b.load(x, List.of(b.intConstant(0)));
    int topPicked =
        b.select(
            b.apply(Op.LT, b.apply(Op.STOP, top), b.constant(0.0)),
            b.apply(Op.MUL, top, top),
            b.apply(Op.LOG, top));
    b.result("y", b.apply(Op.ADD, total, topPicked), List.of());
    return b.build();
  }
}
