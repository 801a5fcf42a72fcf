package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.F64;
import static dev.adjoint.processor.ir.ScalarType.I32;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built programs of runtime size, each exercising constructs of the dynamic IR, for the
 * emitter's tests: they run through the emitted Java and through the interpreter.
 */
final class DynamicPrograms {
  private DynamicPrograms() {}

  /** An array parameter whose dimensions are all known only at run time; returns its id. */
  static int param(Builder b, String name, int rank) {
    List<Integer> sizes = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      sizes.add(null);
    }
    return b.inputArrayWithLengths(name, F64, sizes, false);
  }

  /** The runtime extent of dimension {@code axis} of array {@code array}. */
  static Extent.Dynamic extent(Builder b, int array, int axis) {
    return (Extent.Dynamic) b.array(array).extents().get(axis);
  }

  /** The id of the loop whose scope this is: the builder numbers a loop just before its index. */
  static int loopId(Builder.LoopScope l) {
    return l.index() - 1;
  }

  private static int i(Builder b, int v) {
    return b.intConstant(v);
  }

  /** Softmax over logits of any length: a max loop, exponentials stored and summed, a division. */
  static Function softmax() {
    Builder b = new Builder("softmax");
    b.setLine(3);
    int x = param(b, "logits", 1);
    Extent.Dynamic n = extent(b, x, 0);
    int out = b.declare("probs", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int v = b.load(x, List.of(l.index()));
    int max = b.endLoop(List.of(b.apply(Op.MAX, l.carried().get(0), v))).get(0);
    b.name(max, "max");
    b.setLine(4);
    l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.SUB, b.load(x, List.of(l.index())), max));
    b.store(out, List.of(l.index()), e);
    int sum = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), e))).get(0);
    b.name(sum, "sum");
    b.setLine(5);
    l = b.beginLoop(n, false, List.of());
    b.store(out, List.of(l.index()), b.apply(Op.DIV, b.load(out, List.of(l.index())), sum));
    b.endLoop(List.of());
    b.resultOf("probs", out, List.of(n));
    return b.build();
  }

  /**
   * Copies {@code x} until the running sum of magnitudes reaches {@code limit} (a loop that stops
   * early), and returns that sum plus the number of elements copied (its trip count).
   */
  static Function prefix() {
    Builder b = new Builder("prefix");
    int x = param(b, "x", 1);
    int limit = b.input("limit", F64, false);
    Extent.Dynamic n = extent(b, x, 0);
    int out = b.declare("kept", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.load(x, List.of(l.index()));
    int s = b.apply(Op.ADD, l.carried().get(0), b.apply(Op.ABS, v));
    b.store(out, List.of(l.index()), v);
    // The test reads the carried value of this iteration, which the yield overwrites.
    int again = b.apply(Op.LT, l.carried().get(0), limit);
    List<Integer> r = b.endLoop(List.of(s), again);
    int count = b.tripCount(loopId(l));
    b.name(count, "count");
    int total = b.apply(Op.ADD, r.get(0), b.apply(Op.I2D, count));
    b.beginIf(b.apply(Op.GT, n.id(), i(b, 0)));
    int zero = i(b, 0);
    b.store(out, List.of(zero), b.apply(Op.ADD, b.load(out, List.of(zero)), total));
    b.orElse(List.of());
    b.endIf(List.of());
    b.resultOf("kept", out, List.of(n));
    return b.build();
  }

  /**
   * Branches with effects: per element, a store in either arm and a yielded count; then, at the top
   * level, a branch on the length whose arm runs a loop, and a branch whose arm is empty.
   */
  static Function branches() {
    Builder b = new Builder("branches");
    int x = param(b, "x", 1);
    Extent.Dynamic n = extent(b, x, 0);
    int out = b.declare("out", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.load(x, List.of(l.index()));
    b.beginIf(b.apply(Op.GT, v, b.constant(0.0)));
    b.store(out, List.of(l.index()), b.apply(Op.MUL, v, b.constant(2.0)));
    b.orElse(List.of(b.constant(1.0)));
    b.store(out, List.of(l.index()), b.apply(Op.NEG, v));
    int picked = b.endIf(List.of(b.constant(0.0))).get(0);
    b.name(picked, "positive");
    int count = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), picked))).get(0);
    b.beginIf(b.apply(Op.GT, n.id(), i(b, 3)));
    l = b.beginLoop(n, true, List.of(b.constant(0.0)));
    int w = b.apply(Op.MUL, b.load(out, List.of(l.index())), b.constant(0.5));
    int acc = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), w))).get(0);
    b.orElse(List.of(acc));
    int neg = b.apply(Op.NEG, count);
    int r = b.endIf(List.of(neg)).get(0);
    int positive = b.apply(Op.GT, n.id(), i(b, 0));
    b.beginIf(b.apply(Op.AND, positive, b.apply(Op.NOT, b.apply(Op.LT, r, b.constant(-100.0)))));
    b.store(out, List.of(i(b, 0)), b.apply(Op.ADD, r, count));
    b.orElse(List.of());
    b.endIf(List.of());
    b.beginIf(b.apply(Op.LE, n.id(), i(b, 1)));
    b.orElse(List.of());
    b.store(out, List.of(i(b, 1)), count);
    b.endIf(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  /**
   * A linear layer on a matrix of any shape: checks that the rows are as long as {@code x}, copies
   * the weights transposed into a runtime-sized workspace (strides known only at run time), stores
   * every element of another workspace twice, and multiplies.
   */
  static Function linear() {
    Builder b = new Builder("linear");
    int x = param(b, "x", 1);
    int w = param(b, "w", 2);
    Extent.Dynamic n = extent(b, x, 0);
    Extent.Dynamic rows = extent(b, w, 0);
    Extent.Dynamic cols = extent(b, w, 1);
    b.check(
        b.apply(Op.EQ, cols.id(), n.id()),
        "w has rows of %d elements but x has %d",
        List.of(cols.id(), n.id()));
    int wt = b.declare("wt", F64, List.of(cols, rows), Role.LOCAL, false);
    int sq = b.declare("sq", F64, List.of(n), Role.LOCAL, false);
    int y = b.declare("y", F64, List.of(rows), Role.OUTPUT, false);
    Builder.LoopScope o = b.beginLoop(rows, false, List.of());
    Builder.LoopScope c = b.beginLoop(cols, false, List.of());
    b.store(wt, List.of(c.index(), o.index()), b.load(w, List.of(o.index(), c.index())));
    b.endLoop(List.of());
    b.endLoop(List.of());
    Builder.LoopScope k = b.beginLoop(n, false, List.of());
    b.store(sq, List.of(k.index()), b.load(x, List.of(k.index())));
    int s = b.load(sq, List.of(k.index()));
    b.store(sq, List.of(k.index()), b.apply(Op.ADD, b.apply(Op.MUL, s, s), b.constant(1.0)));
    b.endLoop(List.of());
    o = b.beginLoop(rows, false, List.of());
    c = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int term =
        b.apply(
            Op.MUL,
            b.load(wt, List.of(c.index(), o.index())),
            b.apply(Op.MUL, b.load(x, List.of(c.index())), b.load(sq, List.of(c.index()))));
    int dot = b.endLoop(List.of(b.apply(Op.ADD, c.carried().get(0), term))).get(0);
    b.store(y, List.of(o.index()), dot);
    b.endLoop(List.of());
    b.resultOf("y", y, List.of(rows));
    return b.build();
  }

  /**
   * A growable list: the positive elements of {@code x} appended at a cursor carried through a loop
   * and a branch, then read back in reverse order, plus an element read past the end (zero); and a
   * growable matrix of rows of {@code width} elements filled the same way.
   */
  static Function growable() {
    Builder b = new Builder("growable");
    int x = param(b, "x", 1);
    int width = b.input("width", I32, false);
    Extent.Dynamic n = extent(b, x, 0);
    int list = b.declare("list", F64, List.of(Extent.of(1)), Role.LOCAL, true);
    int rows =
        b.declare("rows", F64, List.of(Extent.of(0), new Extent.Dynamic(width)), Role.LOCAL, true);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(i(b, 0)));
    int v = b.load(x, List.of(l.index()));
    int cursor = l.carried().get(0);
    b.beginIf(b.apply(Op.GT, v, b.constant(0.0)));
    b.store(list, List.of(cursor), v);
    Builder.LoopScope c = b.beginLoop(new Extent.Dynamic(width), false, List.of());
    b.store(rows, List.of(cursor, c.index()), b.apply(Op.MUL, v, b.apply(Op.I2D, c.index())));
    b.endLoop(List.of());
    b.orElse(List.of(b.apply(Op.IADD, cursor, i(b, 1))));
    int next = b.endIf(List.of(cursor)).get(0);
    int count = b.endLoop(List.of(next)).get(0);
    b.name(count, "count");
    l = b.beginLoop(new Extent.Dynamic(count), true, List.of(b.constant(0.0)));
    int back = b.load(list, List.of(l.index()));
    int weight = b.apply(Op.I2D, b.apply(Op.IADD, l.index(), i(b, 1)));
    int row = b.load(rows, List.of(l.index(), b.apply(Op.ISUB, width, i(b, 1))));
    int acc =
        b.endLoop(
                List.of(
                    b.apply(
                        Op.ADD,
                        l.carried().get(0),
                        b.apply(Op.ADD, b.apply(Op.MUL, back, weight), row))))
            .get(0);
    int beyond = b.load(list, List.of(b.apply(Op.IADD, count, i(b, 5))));
    b.result("r", b.apply(Op.ADD, acc, beyond), List.of());
    return b.build();
  }

  /**
   * A check on two lengths before anything is written, then an elementwise product into an output
   * of the first length.
   */
  static Function checked() {
    Builder b = new Builder("checked");
    int x = param(b, "x", 1);
    int y = param(b, "y", 1);
    Extent.Dynamic n = extent(b, x, 0);
    Extent.Dynamic m = extent(b, y, 0);
    b.check(
        b.apply(Op.EQ, n.id(), m.id()), "x has %d elements but y has %d", List.of(n.id(), m.id()));
    int out = b.declare("out", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of());
    b.store(
        out,
        List.of(l.index()),
        b.apply(Op.MUL, b.load(x, List.of(l.index())), b.load(y, List.of(l.index()))));
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  /**
   * A rank-3 argument of any shape: per plane and column the sum over rows, into an output of rank
   * 2 whose dimensions are the argument's first and last.
   */
  static Function tensor() {
    Builder b = new Builder("tensor");
    int t = param(b, "t", 3);
    Extent.Dynamic a = extent(b, t, 0);
    Extent.Dynamic r = extent(b, t, 1);
    Extent.Dynamic c = extent(b, t, 2);
    int out = b.declare("sums", F64, List.of(a, c), Role.OUTPUT, false);
    Builder.LoopScope i = b.beginLoop(a, false, List.of());
    Builder.LoopScope k = b.beginLoop(c, false, List.of());
    Builder.LoopScope j = b.beginLoop(r, false, List.of(b.constant(0.0)));
    int v = b.load(t, List.of(i.index(), j.index(), k.index()));
    int s = b.endLoop(List.of(b.apply(Op.ADD, j.carried().get(0), v))).get(0);
    b.store(out, List.of(i.index(), k.index()), s);
    b.endLoop(List.of());
    b.endLoop(List.of());
    b.resultOf("sums", out, List.of(a, c));
    return b.build();
  }

  /**
   * Trip counts the program computes: a descending loop over an {@code int} argument (which may be
   * negative) and one over half of it, and an index into {@code x} checked with {@code
   * Objects.checkIndex}.
   */
  static Function counted() {
    Builder b = new Builder("counted");
    int x = param(b, "x", 1);
    int count = b.input("count", I32, false);
    int at = b.input("at", I32, false);
    Extent.Dynamic n = extent(b, x, 0);
    Builder.LoopScope l = b.beginLoop(new Extent.Dynamic(count), true, List.of(b.constant(1.0)));
    int a =
        b.apply(
            Op.ADD,
            b.apply(Op.MUL, l.carried().get(0), b.constant(0.5)),
            b.apply(Op.I2D, l.index()));
    int first = b.endLoop(List.of(a)).get(0);
    int half = b.apply(Op.IDIV, b.apply(Op.IADD, count, i(b, 1)), i(b, 2));
    l = b.beginLoop(new Extent.Dynamic(half), false, List.of(first));
    int second = b.endLoop(List.of(b.apply(Op.SUB, l.carried().get(0), b.constant(0.25)))).get(0);
    int safe = b.apply(Op.CHECK_INDEX, at, n.id());
    int picked = b.load(x, List.of(safe));
    b.result("r", b.apply(Op.ADD, second, picked), List.of());
    return b.build();
  }
}
