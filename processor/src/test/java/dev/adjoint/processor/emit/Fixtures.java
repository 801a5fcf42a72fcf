package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.BOOL;
import static dev.adjoint.processor.ir.ScalarType.F64;
import static dev.adjoint.processor.ir.ScalarType.I32;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.SourceMethod.Kind;
import java.util.List;

/**
 * Hand-built compiled methods (forward, reverse and tangent programs written directly as IR) that
 * mirror {@code dev.adjoint.nn.Nn} operation for operation, and the user class they come from.
 */
final class Fixtures {
  private Fixtures() {}

  /** The user class the fixtures are compiled from. */
  static final String LOSSES =
      """
      package demo;

      import dev.adjoint.Value;
      import dev.adjoint.nn.Nn;
      import java.util.List;

      public final class Losses {
        private Losses() {}

        public static Value crossEntropy(Value[] logits, int target) {
          return Nn.crossEntropy(logits, target);
        }

        public static Value[] softmax(Value[] logits) {
          return Nn.softmax(logits);
        }

        public static Value[] linear(Value[] x, Value[][] w) {
          return Nn.linear(x, w);
        }

        public static Value mix(Value a, List<Value> xs, double c, boolean flip) {
          Value s = Value.sum(xs);
          return flip ? a.mul(s).add(c) : a.sub(c);
        }

        public static Value[][] outer(Value[] u, Value[] v) {
          Value[][] out = new Value[u.length][v.length];
          for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
              out[i][j] = u[i].mul(v[j]);
            }
          }
          return out;
        }
      }
      """;

  static SourceMethod source(
      String name, List<SourceMethod.Param> params, Kind kind, List<Integer> shape, int line) {
    return new SourceMethod("demo", "demo.Losses", name, params, kind, shape, "Losses.java", line);
  }

  static SourceMethod.Param param(String name, Kind kind, Integer... shape) {
    return new SourceMethod.Param(name, kind, List.of(shape), -2.0, 2.0);
  }

  /** {@code x + 1} for a loop index. */
  private static int plusOne(Builder b, int index) {
    return b.apply(Op.IADD, index, b.intConstant(1));
  }

  // ---------------------------------------------------------------- cross-entropy

  private record Ce(int shifted, int sum, int logSum, int loss) {}

  private static Ce crossEntropyPrimal(Builder b, int logits, int target, int n) {
    b.setLine(12);
    int zero = b.intConstant(0);
    int first = b.apply(Op.STOP, b.load(logits, List.of(zero)));
    Builder.LoopScope s = b.beginLoop(n - 1, false, List.of(first));
    int next = b.apply(Op.STOP, b.load(logits, List.of(plusOne(b, s.index()))));
    int max = b.endLoop(List.of(b.apply(Op.MAX, s.carried().get(0), next))).get(0);
    b.name(max, "max");
    b.setLine(13);
    int shifted = b.declare("shifted", F64, List.of(n), Role.LOCAL);
    s = b.beginLoop(n, false, List.of());
    b.name(s.index(), "i");
    b.store(shifted, List.of(s.index()), b.apply(Op.SUB, b.load(logits, List.of(s.index())), max));
    b.endLoop(List.of());
    b.setLine(14);
    int e0 = b.apply(Op.EXP, b.load(shifted, List.of(zero)));
    s = b.beginLoop(n - 1, false, List.of(e0));
    int e = b.apply(Op.EXP, b.load(shifted, List.of(plusOne(b, s.index()))));
    int sum = b.endLoop(List.of(b.apply(Op.ADD, s.carried().get(0), e))).get(0);
    b.name(sum, "sum");
    b.setLine(15);
    int logSum = b.apply(Op.LOG, sum);
    b.name(logSum, "logSum");
    b.setLine(16);
    int loss = b.apply(Op.NEG, b.apply(Op.SUB, b.load(shifted, List.of(target)), logSum));
    b.name(loss, "loss");
    return new Ce(shifted, sum, logSum, loss);
  }

  static CompiledMethod crossEntropy(int n) {
    Builder f = new Builder("crossEntropy");
    int logits = f.inputArray("logits", F64, List.of(n), true);
    int target = f.input("target", I32, false);
    f.result("loss", crossEntropyPrimal(f, logits, target, n).loss(), List.of());

    Builder r = new Builder("crossEntropyReverse");
    logits = r.inputArray("logits", F64, List.of(n), true);
    target = r.input("target", I32, false);
    Ce ce = crossEntropyPrimal(r, logits, target, n);
    r.setLine(17);
    int grad = r.declare("gradLogits", F64, List.of(n), Role.OUTPUT);
    Builder.LoopScope s = r.beginLoop(n, false, List.of());
    int p = r.apply(Op.DIV, r.apply(Op.EXP, r.load(ce.shifted(), List.of(s.index()))), ce.sum());
    r.name(p, "p");
    int hit = r.select(r.apply(Op.EQ, s.index(), target), r.constant(1.0), r.constant(0.0));
    r.store(grad, List.of(s.index()), r.apply(Op.SUB, p, hit));
    r.endLoop(List.of());
    r.result("loss", ce.loss(), List.of());
    r.result("gradLogits", grad, List.of(n));

    Builder t = new Builder("crossEntropyTangent");
    logits = t.inputArray("logits", F64, List.of(n), true);
    target = t.input("target", I32, false);
    int dLogits = t.inputArray("dLogits", F64, List.of(n), false);
    ce = crossEntropyPrimal(t, logits, target, n);
    t.setLine(18);
    s = t.beginLoop(n, true, List.of(t.constant(0.0)));
    int term =
        t.apply(
            Op.MUL,
            t.apply(Op.EXP, t.load(ce.shifted(), List.of(s.index()))),
            t.load(dLogits, List.of(s.index())));
    int dot = t.endLoop(List.of(t.apply(Op.ADD, s.carried().get(0), term))).get(0);
    t.name(dot, "dot");
    int dOut =
        t.apply(
            Op.NEG,
            t.apply(Op.SUB, t.load(dLogits, List.of(target)), t.apply(Op.DIV, dot, ce.sum())));
    t.result("dLoss", dOut, List.of());

    SourceMethod src =
        source(
            "crossEntropy",
            List.of(param("logits", Kind.VALUE_ARRAY, n), param("target", Kind.INT)),
            Kind.VALUE,
            List.of(),
            11);
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 99);
  }

  // ---------------------------------------------------------------- softmax

  /** Writes softmax(logits) into {@code out}; returns nothing. */
  private static void softmaxPrimal(Builder b, int logits, int out, int n) {
    b.setLine(20);
    int zero = b.intConstant(0);
    int first = b.apply(Op.STOP, b.load(logits, List.of(zero)));
    Builder.LoopScope s = b.beginLoop(n - 1, false, List.of(first));
    int next = b.apply(Op.STOP, b.load(logits, List.of(plusOne(b, s.index()))));
    int max = b.endLoop(List.of(b.apply(Op.MAX, s.carried().get(0), next))).get(0);
    b.name(max, "max");
    int exps = b.declare("exps", F64, List.of(n), Role.LOCAL);
    s = b.beginLoop(n, false, List.of());
    b.store(
        exps,
        List.of(s.index()),
        b.apply(Op.EXP, b.apply(Op.SUB, b.load(logits, List.of(s.index())), max)));
    b.endLoop(List.of());
    b.setLine(21);
    s = b.beginLoop(n - 1, false, List.of(b.load(exps, List.of(zero))));
    int total =
        b.endLoop(
                List.of(
                    b.apply(
                        Op.ADD, s.carried().get(0), b.load(exps, List.of(plusOne(b, s.index()))))))
            .get(0);
    b.name(total, "total");
    b.setLine(22);
    s = b.beginLoop(n, false, List.of());
    b.store(out, List.of(s.index()), b.apply(Op.DIV, b.load(exps, List.of(s.index())), total));
    b.endLoop(List.of());
  }

  static CompiledMethod softmax(int n) {
    Builder f = new Builder("softmax");
    int logits = f.inputArray("logits", F64, List.of(n), true);
    int out = f.declare("out", F64, List.of(n), Role.OUTPUT);
    softmaxPrimal(f, logits, out, n);
    f.result("out", out, List.of(n));

    Builder r = new Builder("softmaxReverse");
    logits = r.inputArray("logits", F64, List.of(n), true);
    int seed = r.inputArray("seed", F64, List.of(n), false);
    out = r.declare("out", F64, List.of(n), Role.OUTPUT);
    int grad = r.declare("gradLogits", F64, List.of(n), Role.OUTPUT);
    softmaxPrimal(r, logits, out, n);
    r.setLine(23);
    Builder.LoopScope s = r.beginLoop(n, false, List.of(r.constant(0.0)));
    int dot =
        r.endLoop(
                List.of(
                    r.apply(
                        Op.ADD,
                        s.carried().get(0),
                        r.apply(
                            Op.MUL,
                            r.load(seed, List.of(s.index())),
                            r.load(out, List.of(s.index()))))))
            .get(0);
    r.name(dot, "dot");
    s = r.beginLoop(n, false, List.of());
    r.store(
        grad,
        List.of(s.index()),
        r.apply(
            Op.MUL,
            r.load(out, List.of(s.index())),
            r.apply(Op.SUB, r.load(seed, List.of(s.index())), dot)));
    r.endLoop(List.of());
    r.result("out", out, List.of(n));
    r.result("gradLogits", grad, List.of(n));

    Builder t = new Builder("softmaxTangent");
    logits = t.inputArray("logits", F64, List.of(n), true);
    int dLogits = t.inputArray("dLogits", F64, List.of(n), false);
    int primal = t.declare("probs", F64, List.of(n), Role.LOCAL);
    int dOut = t.declare("dOut", F64, List.of(n), Role.OUTPUT);
    softmaxPrimal(t, logits, primal, n);
    t.setLine(24);
    s = t.beginLoop(n, false, List.of(t.constant(0.0)));
    dot =
        t.endLoop(
                List.of(
                    t.apply(
                        Op.ADD,
                        s.carried().get(0),
                        t.apply(
                            Op.MUL,
                            t.load(primal, List.of(s.index())),
                            t.load(dLogits, List.of(s.index()))))))
            .get(0);
    s = t.beginLoop(n, false, List.of());
    t.store(
        dOut,
        List.of(s.index()),
        t.apply(
            Op.MUL,
            t.load(primal, List.of(s.index())),
            t.apply(Op.SUB, t.load(dLogits, List.of(s.index())), dot)));
    t.endLoop(List.of());
    t.result("dOut", dOut, List.of(n));

    SourceMethod src =
        source(
            "softmax",
            List.of(param("logits", Kind.VALUE_ARRAY, n)),
            Kind.VALUE_ARRAY,
            List.of(n),
            19);
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 40);
  }

  // ---------------------------------------------------------------- linear

  private static void linearPrimal(Builder b, int x, int w, int out, int in, int rows) {
    b.setLine(30);
    Builder.LoopScope row = b.beginLoop(rows, false, List.of());
    b.name(row.index(), "j");
    int zero = b.intConstant(0);
    int first = b.apply(Op.MUL, b.load(w, List.of(row.index(), zero)), b.load(x, List.of(zero)));
    Builder.LoopScope col = b.beginLoop(in - 1, false, List.of(first));
    int i = plusOne(b, col.index());
    int acc =
        b.apply(
            Op.ADD,
            col.carried().get(0),
            b.apply(Op.MUL, b.load(w, List.of(row.index(), i)), b.load(x, List.of(i))));
    int sum = b.endLoop(List.of(acc)).get(0);
    b.name(sum, "acc");
    b.store(out, List.of(row.index()), sum);
    b.endLoop(List.of());
  }

  static CompiledMethod linear(int in, int rows) {
    Builder f = new Builder("linear");
    int x = f.inputArray("x", F64, List.of(in), true);
    int w = f.inputArray("w", F64, List.of(rows, in), true);
    int out = f.declare("out", F64, List.of(rows), Role.OUTPUT);
    linearPrimal(f, x, w, out, in, rows);
    f.result("out", out, List.of(rows));

    Builder r = new Builder("linearReverse");
    x = r.inputArray("x", F64, List.of(in), true);
    w = r.inputArray("w", F64, List.of(rows, in), true);
    int seed = r.inputArray("seed", F64, List.of(rows), false);
    out = r.declare("out", F64, List.of(rows), Role.OUTPUT);
    int gradX = r.declare("gradX", F64, List.of(in), Role.OUTPUT);
    int gradW = r.declare("gradW", F64, List.of(rows, in), Role.OUTPUT);
    int contrib = r.declare("contrib", F64, List.of(rows, in), Role.LOCAL);
    linearPrimal(r, x, w, out, in, rows);
    r.setLine(31);
    Builder.LoopScope j = r.beginLoop(rows, false, List.of());
    Builder.LoopScope i = r.beginLoop(in, false, List.of());
    int sj = r.load(seed, List.of(j.index()));
    r.store(
        gradW, List.of(j.index(), i.index()), r.apply(Op.MUL, sj, r.load(x, List.of(i.index()))));
    r.store(
        contrib,
        List.of(j.index(), i.index()),
        r.apply(Op.MUL, sj, r.load(w, List.of(j.index(), i.index()))));
    r.endLoop(List.of());
    r.endLoop(List.of());
    // gradX accumulates into the (initially zero) output, relying on the IR's zeroed memory.
    j = r.beginLoop(rows, false, List.of());
    i = r.beginLoop(in, false, List.of());
    r.store(
        gradX,
        List.of(i.index()),
        r.apply(
            Op.ADD,
            r.load(gradX, List.of(i.index())),
            r.load(contrib, List.of(j.index(), i.index()))));
    r.endLoop(List.of());
    r.endLoop(List.of());
    r.result("out", out, List.of(rows));
    r.result("gradX", gradX, List.of(in));
    r.result("gradW", gradW, List.of(rows, in));

    Builder t = new Builder("linearTangent");
    x = t.inputArray("x", F64, List.of(in), true);
    w = t.inputArray("w", F64, List.of(rows, in), true);
    int dX = t.inputArray("dX", F64, List.of(in), false);
    int dW = t.inputArray("dW", F64, List.of(rows, in), false);
    int dOut = t.declare("dOut", F64, List.of(rows), Role.OUTPUT);
    t.setLine(32);
    j = t.beginLoop(rows, false, List.of());
    i = t.beginLoop(in, false, List.of(t.constant(0.0)));
    int a =
        t.apply(Op.MUL, t.load(dW, List.of(j.index(), i.index())), t.load(x, List.of(i.index())));
    int c =
        t.apply(Op.MUL, t.load(w, List.of(j.index(), i.index())), t.load(dX, List.of(i.index())));
    int d = t.endLoop(List.of(t.apply(Op.ADD, i.carried().get(0), t.apply(Op.ADD, a, c)))).get(0);
    t.store(dOut, List.of(j.index()), d);
    t.endLoop(List.of());
    t.result("dOut", dOut, List.of(rows));

    SourceMethod src =
        source(
            "linear",
            List.of(param("x", Kind.VALUE_ARRAY, in), param("w", Kind.VALUE_MATRIX, rows, in)),
            Kind.VALUE_ARRAY,
            List.of(rows),
            29);
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 30);
  }

  // ---------------------------------------------------------------- mix

  static CompiledMethod mix(int n) {
    Builder f = new Builder("mix");
    int a = f.input("a", F64, true);
    int xs = f.inputArray("xs", F64, List.of(n), true);
    int c = f.input("c", F64, false);
    int flip = f.input("flip", BOOL, false);
    f.result("y", mixPrimal(f, a, xs, c, flip, n)[0], List.of());

    Builder r = new Builder("mixReverse");
    a = r.input("a", F64, true);
    xs = r.inputArray("xs", F64, List.of(n), true);
    c = r.input("c", F64, false);
    flip = r.input("flip", BOOL, false);
    int[] y = mixPrimal(r, a, xs, c, flip, n);
    int gradA = r.declare("gradA", F64, List.of(1), Role.OUTPUT);
    int gradXs = r.declare("gradXs", F64, List.of(n), Role.OUTPUT);
    int zero = r.intConstant(0);
    r.store(gradA, List.of(zero), r.select(flip, y[1], r.constant(1.0)));
    Builder.LoopScope s = r.beginLoop(n, false, List.of());
    r.store(gradXs, List.of(s.index()), r.select(flip, a, r.constant(0.0)));
    r.endLoop(List.of());
    r.result("y", y[0], List.of());
    r.result("gradA", gradA, List.of(1));
    r.result("gradXs", gradXs, List.of(n));

    Builder t = new Builder("mixTangent");
    a = t.input("a", F64, true);
    xs = t.inputArray("xs", F64, List.of(n), true);
    c = t.input("c", F64, false);
    flip = t.input("flip", BOOL, false);
    int dA = t.input("dA", F64, false);
    int dXs = t.inputArray("dXs", F64, List.of(n), false);
    y = mixPrimal(t, a, xs, c, flip, n);
    s = t.beginLoop(n - 1, false, List.of(t.load(dXs, List.of(t.intConstant(0)))));
    int ds =
        t.endLoop(
                List.of(
                    t.apply(
                        Op.ADD, s.carried().get(0), t.load(dXs, List.of(plusOne(t, s.index()))))))
            .get(0);
    int onFlip = t.apply(Op.ADD, t.apply(Op.MUL, dA, y[1]), t.apply(Op.MUL, a, ds));
    t.result("dY", t.select(flip, onFlip, dA), List.of());

    SourceMethod src =
        source(
            "mix",
            List.of(
                param("a", Kind.VALUE),
                param("xs", Kind.VALUE_LIST, n),
                param("c", Kind.DOUBLE),
                param("flip", Kind.BOOLEAN)),
            Kind.VALUE,
            List.of(),
            39);
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 12);
  }

  /** Returns {result, s}. */
  private static int[] mixPrimal(Builder b, int a, int xs, int c, int flip, int n) {
    b.setLine(40);
    Builder.LoopScope s = b.beginLoop(n - 1, false, List.of(b.load(xs, List.of(b.intConstant(0)))));
    int sum =
        b.endLoop(
                List.of(
                    b.apply(
                        Op.ADD, s.carried().get(0), b.load(xs, List.of(plusOne(b, s.index()))))))
            .get(0);
    b.name(sum, "s");
    b.setLine(41);
    int onFlip = b.apply(Op.ADD, b.apply(Op.MUL, a, sum), c);
    int otherwise = b.apply(Op.SUB, a, c);
    return new int[] {b.select(flip, onFlip, otherwise), sum};
  }

  // ---------------------------------------------------------------- outer

  static CompiledMethod outer(int m, int n) {
    Builder f = new Builder("outer");
    int u = f.inputArray("u", F64, List.of(m), true);
    int v = f.inputArray("v", F64, List.of(n), true);
    int out = f.declare("out", F64, List.of(m, n), Role.OUTPUT);
    outerPrimal(f, u, v, out, m, n);
    f.result("out", out, List.of(m, n));

    Builder r = new Builder("outerReverse");
    u = r.inputArray("u", F64, List.of(m), true);
    v = r.inputArray("v", F64, List.of(n), true);
    int seed = r.inputArray("seed", F64, List.of(m, n), false);
    out = r.declare("out", F64, List.of(m, n), Role.OUTPUT);
    int gradU = r.declare("gradU", F64, List.of(m), Role.OUTPUT);
    int gradV = r.declare("gradV", F64, List.of(n), Role.OUTPUT);
    outerPrimal(r, u, v, out, m, n);
    Builder.LoopScope i = r.beginLoop(m, false, List.of());
    Builder.LoopScope j = r.beginLoop(n, false, List.of(r.constant(0.0)));
    int su =
        r.endLoop(
                List.of(
                    r.apply(
                        Op.ADD,
                        j.carried().get(0),
                        r.apply(
                            Op.MUL,
                            r.load(seed, List.of(i.index(), j.index())),
                            r.load(v, List.of(j.index()))))))
            .get(0);
    r.store(gradU, List.of(i.index()), su);
    r.endLoop(List.of());
    j = r.beginLoop(n, false, List.of());
    i = r.beginLoop(m, false, List.of(r.constant(0.0)));
    int sv =
        r.endLoop(
                List.of(
                    r.apply(
                        Op.ADD,
                        i.carried().get(0),
                        r.apply(
                            Op.MUL,
                            r.load(seed, List.of(i.index(), j.index())),
                            r.load(u, List.of(i.index()))))))
            .get(0);
    r.store(gradV, List.of(j.index()), sv);
    r.endLoop(List.of());
    r.result("out", out, List.of(m, n));
    r.result("gradU", gradU, List.of(m));
    r.result("gradV", gradV, List.of(n));

    Builder t = new Builder("outerTangent");
    u = t.inputArray("u", F64, List.of(m), true);
    v = t.inputArray("v", F64, List.of(n), true);
    int du = t.inputArray("dU", F64, List.of(m), false);
    int dv = t.inputArray("dV", F64, List.of(n), false);
    int dOut = t.declare("dOut", F64, List.of(m, n), Role.OUTPUT);
    i = t.beginLoop(m, false, List.of());
    j = t.beginLoop(n, false, List.of());
    t.store(
        dOut,
        List.of(i.index(), j.index()),
        t.apply(
            Op.ADD,
            t.apply(Op.MUL, t.load(du, List.of(i.index())), t.load(v, List.of(j.index()))),
            t.apply(Op.MUL, t.load(u, List.of(i.index())), t.load(dv, List.of(j.index())))));
    t.endLoop(List.of());
    t.endLoop(List.of());
    t.result("dOut", dOut, List.of(m, n));

    SourceMethod src =
        source(
            "outer",
            List.of(param("u", Kind.VALUE_ARRAY, m), param("v", Kind.VALUE_ARRAY, n)),
            Kind.VALUE_MATRIX,
            List.of(m, n),
            49);
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 7);
  }

  private static void outerPrimal(Builder b, int u, int v, int out, int m, int n) {
    b.setLine(50);
    Builder.LoopScope i = b.beginLoop(m, false, List.of());
    Builder.LoopScope j = b.beginLoop(n, false, List.of());
    b.store(
        out,
        List.of(i.index(), j.index()),
        b.apply(Op.MUL, b.load(u, List.of(i.index())), b.load(v, List.of(j.index()))));
    b.endLoop(List.of());
    b.endLoop(List.of());
  }

  /** All fixtures, as one class emits them. */
  static List<CompiledMethod> all() {
    return List.of(crossEntropy(27), softmax(5), linear(3, 4), mix(3), outer(2, 3));
  }
}
