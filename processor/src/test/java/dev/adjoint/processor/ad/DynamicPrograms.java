package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built programs over runtime sizes, one per construct of the dynamic IR, written as the
 * tracer lowers the Java they name. Every array parameter's length is known only at run time.
 */
final class DynamicPrograms {
  private DynamicPrograms() {}

  /** A vector parameter of runtime length. */
  static int vector(Builder b, String name, boolean active) {
    return b.inputArrayWithLengths(name, ScalarType.F64, Arrays.asList((Integer) null), active);
  }

  /** The runtime extent of {@code array}'s dimension {@code axis}. */
  static Extent extent(Builder b, int array, int axis) {
    return b.array(array).extents().get(axis);
  }

  /** The runtime extent's node. */
  static int length(Builder b, int array, int axis) {
    return extent(b, array, axis).node();
  }

  /**
   * {@code for (p < n) { for (t <= p) inner += exp(0.3 x[t]) * x[p]; acc += tanh(inner); }}: the
   * inner loop's trip count is computed in the outer body, so its tapes take a cursor.
   */
  static Function triangular() {
    Builder b = new Builder("triangular");
    int x = vector(b, "x", true);
    Builder.LoopScope outer = b.beginLoop(extent(b, x, 0), false, List.of(b.constant(0.0)));
    int p = outer.index();
    int upTo = b.apply(Op.IADD, p, b.intConstant(1));
    Builder.LoopScope inner = b.beginLoop(new Extent.Dynamic(upTo), true, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.MUL, b.load(x, List.of(inner.index())), b.constant(0.3)));
    int term = b.apply(Op.MUL, e, b.load(x, List.of(p)));
    int sum = b.endLoop(List.of(b.apply(Op.ADD, inner.carried().get(0), term))).get(0);
    int acc = b.apply(Op.ADD, outer.carried().get(0), b.apply(Op.TANH, sum));
    b.result("acc", b.endLoop(List.of(acc)).get(0), List.of());
    return b.build();
  }

  /**
   * {@code for (i < n) { y = x[i] * s; do y = y * y; while (y <= 10); total += log(y); }}: a loop
   * with no trip bound that overwrites its carried value non-linearly, inside a counted loop.
   */
  static Function squareUntilLarge() {
    Builder b = new Builder("squareUntilLarge");
    int x = vector(b, "x", true);
    int s = b.input("s", ScalarType.F64, true);
    Builder.LoopScope outer = b.beginLoop(extent(b, x, 0), false, List.of(b.constant(0.0)));
    int y0 = b.apply(Op.MUL, b.load(x, List.of(outer.index())), s);
    Builder.LoopScope w = b.beginLoop(Extent.of(Integer.MAX_VALUE), false, List.of(y0));
    int y = w.carried().get(0);
    int y2 = b.apply(Op.MUL, y, y);
    int again = b.apply(Op.LE, b.apply(Op.STOP, y2), b.constant(10.0));
    int last = b.endLoop(List.of(y2), again).get(0);
    int total = b.apply(Op.ADD, outer.carried().get(0), b.apply(Op.LOG, last));
    b.result("total", b.endLoop(List.of(total)).get(0), List.of());
    return b.build();
  }

  /** The same loop at the top level: {@code y = x; do y = y * y; while (y <= 10); return y;}. */
  static Function squareOnce() {
    Builder b = new Builder("squareOnce");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope w = b.beginLoop(Extent.of(Integer.MAX_VALUE), false, List.of(x));
    int y2 = b.apply(Op.MUL, w.carried().get(0), w.carried().get(0));
    int again = b.apply(Op.LE, y2, b.constant(10.0));
    b.result("y", b.endLoop(List.of(y2), again).get(0), List.of());
    return b.build();
  }

  /**
   * {@code for (i < n) { s += exp(x[i] * w); if (s >= 4) break; } return s * count;}: an early exit
   * from a loop whose exponentials are taped.
   */
  static Function breakOut() {
    Builder b = new Builder("breakOut");
    int x = vector(b, "x", true);
    int w = b.input("w", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(extent(b, x, 0), false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.MUL, b.load(x, List.of(l.index())), w));
    int s = b.apply(Op.ADD, l.carried().get(0), e);
    int again = b.apply(Op.LT, s, b.constant(4.0));
    int loop = b.openLoop();
    int sum = b.endLoop(List.of(s), again).get(0);
    int count = b.apply(Op.I2D, b.tripCount(loop));
    b.result("y", b.apply(Op.MUL, sum, count), List.of());
    return b.build();
  }

  /**
   * {@code for (i < n) { if (x[i] > 0) { h[i] = exp(x[i]); r = sum_{j < i} sqrt(x[i] + j + 1); }
   * else { h[i] = x[i] * x[i]; r = h[i]; } acc += r / 2; } ...}, then a top-level branch with a
   * loop in one arm, then {@code acc + sum(tanh(h[i]))}.
   */
  static Function branches() {
    Builder b = new Builder("branches");
    int x = vector(b, "x", true);
    int s = b.input("s", ScalarType.F64, true);
    Extent n = extent(b, x, 0);
    int h = b.declare("h", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int i = l.index();
    int xi = b.load(x, List.of(i));
    b.beginIf(b.apply(Op.GT, xi, b.constant(0.0)));
    b.store(h, List.of(i), b.apply(Op.EXP, xi));
    Builder.LoopScope in = b.beginLoop(new Extent.Dynamic(i), false, List.of(b.constant(0.0)));
    int j1 = b.apply(Op.I2D, b.apply(Op.IADD, in.index(), b.intConstant(1)));
    int root = b.apply(Op.SQRT, b.apply(Op.ADD, xi, j1));
    int r = b.endLoop(List.of(b.apply(Op.ADD, in.carried().get(0), root))).get(0);
    b.orElse(List.of(r));
    int sq = b.apply(Op.MUL, xi, xi);
    b.store(h, List.of(i), sq);
    int taken = b.endIf(List.of(sq)).get(0);
    int acc = b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, taken, b.constant(0.5)));
    int first = b.endLoop(List.of(acc)).get(0);
    b.beginIf(b.apply(Op.GT, n.node(), b.intConstant(3)));
    Builder.LoopScope m = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int ex = b.apply(Op.EXP, b.apply(Op.MUL, b.load(x, List.of(m.index())), s));
    int big = b.endLoop(List.of(b.apply(Op.ADD, m.carried().get(0), ex))).get(0);
    b.orElse(List.of(b.apply(Op.LOG, big)));
    int small = b.apply(Op.MUL, s, s);
    int second = b.endIf(List.of(small)).get(0);
    Builder.LoopScope t = b.beginLoop(n, false, List.of(b.apply(Op.ADD, first, second)));
    int th = b.apply(Op.TANH, b.load(h, List.of(t.index())));
    b.result("y", b.endLoop(List.of(b.apply(Op.ADD, t.carried().get(0), th))).get(0), List.of());
    return b.build();
  }

  /**
   * In-place updates: {@code h[i] = 2 x[i] - 0.5; h[i] = relu(h[i]); h[i] = h[i] * y;} then a
   * read-modify-write accumulation {@code acc[j] += w[j][i] * h[i]} over a matrix of runtime shape,
   * checked against {@code x}'s length, and {@code sum(tanh(acc[j]))}.
   */
  static Function inPlace() {
    return inPlace(false);
  }

  /**
   * {@link #inPlace()}, and with {@code overwriteAfter}, {@code h[i] = h[i] * y} once more after
   * the accumulation, whose {@code tanh(h[i])} are added to the result: the nest's reads of {@code
   * h} are then overwritten later, so the backward sweep cannot read them again.
   */
  static Function inPlace(boolean overwriteAfter) {
    Builder b = new Builder("inPlace");
    int x = vector(b, "x", true);
    int y = b.input("y", ScalarType.F64, true);
    int w = b.inputArrayWithLengths("w", ScalarType.F64, Arrays.asList(null, null), true);
    Extent n = extent(b, x, 0);
    Extent m = extent(b, w, 0);
    b.check(
        b.apply(Op.EQ, length(b, w, 1), n.node()),
        "w has %d columns, x %d elements",
        List.of(length(b, w, 1), n.node()));
    int h = b.declare("h", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope a = b.beginLoop(n, false, List.of());
    int twice = b.apply(Op.MUL, b.load(x, List.of(a.index())), b.constant(2.0));
    b.store(h, List.of(a.index()), b.apply(Op.SUB, twice, b.constant(0.5)));
    b.endLoop(List.of());
    Builder.LoopScope c = b.beginLoop(n, true, List.of());
    b.store(h, List.of(c.index()), b.apply(Op.RELU, b.load(h, List.of(c.index()))));
    b.endLoop(List.of());
    Builder.LoopScope d = b.beginLoop(n, false, List.of());
    b.store(h, List.of(d.index()), b.apply(Op.MUL, b.load(h, List.of(d.index())), y));
    b.endLoop(List.of());
    int acc = b.declare("acc", ScalarType.F64, List.of(m), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope rows = b.beginLoop(m, false, List.of());
    Builder.LoopScope cols = b.beginLoop(n, false, List.of());
    int j = rows.index();
    int i = b.apply(Op.CHECK_INDEX, cols.index(), n.node());
    int prod = b.apply(Op.MUL, b.load(w, List.of(j, i)), b.load(h, List.of(i)));
    b.store(acc, List.of(j), b.apply(Op.ADD, b.load(acc, List.of(j)), prod));
    b.endLoop(List.of());
    b.endLoop(List.of());
    Builder.LoopScope t = b.beginLoop(m, false, List.of(b.constant(0.0)));
    int th = b.apply(Op.TANH, b.load(acc, List.of(t.index())));
    int sum = b.endLoop(List.of(b.apply(Op.ADD, t.carried().get(0), th))).get(0);
    if (overwriteAfter) {
      Builder.LoopScope e = b.beginLoop(n, false, List.of());
      b.store(h, List.of(e.index()), b.apply(Op.MUL, b.load(h, List.of(e.index())), y));
      b.endLoop(List.of());
      Builder.LoopScope g = b.beginLoop(n, false, List.of(sum));
      int tg = b.apply(Op.TANH, b.load(h, List.of(g.index())));
      sum = b.endLoop(List.of(b.apply(Op.ADD, g.carried().get(0), tg))).get(0);
    }
    b.result("y", sum, List.of());
    return b.build();
  }

  /**
   * {@code a[0] = 0.3; for (t < n) a[0] = tanh(a[0] * x[t] + 0.5); return a[0];}: one element
   * overwritten every iteration, each old value read back in the backward sweep from a tape.
   */
  static Function overwritten() {
    Builder b = new Builder("overwritten");
    int x = vector(b, "x", true);
    int a = b.declare("a", ScalarType.F64, List.of(1), ArrayDecl.Role.LOCAL);
    int zero = b.intConstant(0);
    b.store(a, List.of(zero), b.constant(0.3));
    Builder.LoopScope l = b.beginLoop(extent(b, x, 0), false, List.of());
    int v = b.load(a, List.of(zero));
    int arg = b.apply(Op.ADD, b.apply(Op.MUL, v, b.load(x, List.of(l.index()))), b.constant(0.5));
    b.store(a, List.of(zero), b.apply(Op.TANH, arg));
    b.endLoop(List.of());
    b.result("y", b.load(a, List.of(zero)), List.of());
    return b.build();
  }

  /**
   * {@code k = 0; for (i < n) if (x[i] > 0) list[k++] = x[i] * x[i]; for (j < k) s += sqrt(list[j]
   * + 1);}: a growable list filled at a running counter, read to its runtime length.
   */
  static Function runningList() {
    Builder b = new Builder("runningList");
    int x = vector(b, "x", true);
    int list = b.declare("list", ScalarType.F64, List.of(Extent.of(2)), ArrayDecl.Role.LOCAL, true);
    Builder.LoopScope l = b.beginLoop(extent(b, x, 0), false, List.of(b.intConstant(0)));
    int k = l.carried().get(0);
    int xi = b.load(x, List.of(l.index()));
    b.beginIf(b.apply(Op.GT, xi, b.constant(0.0)));
    b.store(list, List.of(k), b.apply(Op.MUL, xi, xi));
    b.orElse(List.of(b.apply(Op.IADD, k, b.intConstant(1))));
    int next = b.endIf(List.of(k)).get(0);
    int count = b.endLoop(List.of(next)).get(0);
    Builder.LoopScope r = b.beginLoop(new Extent.Dynamic(count), false, List.of(b.constant(0.0)));
    int v = b.apply(Op.ADD, b.load(list, List.of(r.index())), b.constant(1.0));
    int s = b.apply(Op.ADD, r.carried().get(0), b.apply(Op.SQRT, v));
    b.result("s", b.endLoop(List.of(s)).get(0), List.of());
    return b.build();
  }

  /**
   * An output array written, read back and overwritten: {@code out[i] = x[i]; out[i] = out[i]^2 +
   * 1; for (i < n - 1) out[i] += out[i + 1] / 2}.
   */
  static Function mutableOutput() {
    Builder b = new Builder("mutableOutput");
    int x = vector(b, "x", true);
    Extent n = extent(b, x, 0);
    int out = b.declare("out", ScalarType.F64, List.of(n), ArrayDecl.Role.OUTPUT, false);
    Builder.LoopScope a = b.beginLoop(n, false, List.of());
    b.store(out, List.of(a.index()), b.load(x, List.of(a.index())));
    b.endLoop(List.of());
    Builder.LoopScope c = b.beginLoop(n, false, List.of());
    int v = b.load(out, List.of(c.index()));
    b.store(out, List.of(c.index()), b.apply(Op.ADD, b.apply(Op.MUL, v, v), b.constant(1.0)));
    b.endLoop(List.of());
    int less = b.apply(Op.ISUB, n.node(), b.intConstant(1));
    Builder.LoopScope d = b.beginLoop(new Extent.Dynamic(less), false, List.of());
    int next = b.load(out, List.of(b.apply(Op.IADD, d.index(), b.intConstant(1))));
    int here = b.load(out, List.of(d.index()));
    b.store(out, List.of(d.index()), b.apply(Op.ADD, here, b.apply(Op.MUL, next, b.constant(0.5))));
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  /**
   * Fuzzer seed 60276's shape: {@code logs[i] = p[i].log()} for every {@code i}, then {@code return
   * logs[k]}; with {@code n} fixed, or known only at run time when {@code n < 0}.
   */
  static Function logsAt(int n) {
    Builder b = new Builder("logsAt");
    int p = n < 0 ? vector(b, "p", true) : b.inputArray("p", ScalarType.F64, List.of(n), true);
    int k = b.input("k", ScalarType.I32, false);
    Extent size = extent(b, p, 0);
    int logs = b.declare("logs", ScalarType.F64, List.of(size), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope l =
        size instanceof Extent.Fixed fx
            ? b.beginLoop(fx.size(), false, List.of())
            : b.beginLoop(size, false, List.of());
    b.store(logs, List.of(l.index()), b.apply(Op.LOG, b.load(p, List.of(l.index()))));
    b.endLoop(List.of());
    b.result("y", b.load(logs, List.of(k)), List.of());
    return b.build();
  }

  /**
   * {@code out[i][j] = x[i] * tanh(x[j])}: an output of two runtime dimensions, so the seed is a
   * runtime-shaped matrix.
   */
  static Function outerProduct() {
    Builder b = new Builder("outerProduct");
    int x = vector(b, "x", true);
    Extent n = extent(b, x, 0);
    int out = b.declare("out", ScalarType.F64, List.of(n, n), ArrayDecl.Role.OUTPUT, false);
    Builder.LoopScope i = b.beginLoop(n, false, List.of());
    Builder.LoopScope j = b.beginLoop(n, true, List.of());
    int v =
        b.apply(
            Op.MUL, b.load(x, List.of(i.index())), b.apply(Op.TANH, b.load(x, List.of(j.index()))));
    b.store(out, List.of(i.index(), j.index()), v);
    b.endLoop(List.of());
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n, n));
    return b.build();
  }

  /**
   * {@code for (i < n - 2) for (j < n - 2) acc += exp(x[i] * x[j + 1])}: trip counts that are
   * negative for {@code n < 2} (the loops run no iteration, the flat tapes are empty).
   */
  static Function shortened() {
    Builder b = new Builder("shortened");
    int x = vector(b, "x", true);
    int m = b.apply(Op.ISUB, length(b, x, 0), b.intConstant(2));
    Builder.LoopScope i = b.beginLoop(new Extent.Dynamic(m), false, List.of(b.constant(0.0)));
    Builder.LoopScope j = b.beginLoop(new Extent.Dynamic(m), false, List.of(i.carried().get(0)));
    int next = b.load(x, List.of(b.apply(Op.IADD, j.index(), b.intConstant(1))));
    int e = b.apply(Op.EXP, b.apply(Op.MUL, b.load(x, List.of(i.index())), next));
    int inner = b.endLoop(List.of(b.apply(Op.ADD, j.carried().get(0), e))).get(0);
    b.result("acc", b.endLoop(List.of(inner)).get(0), List.of());
    return b.build();
  }
}
