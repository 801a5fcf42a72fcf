package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.F64;
import static dev.adjoint.processor.ir.ScalarType.I32;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programs far larger than one JIT-compilable method: every generated method must stay under
 * HotSpot's 8,000-byte limit, and the split program must still compute the interpreter's values.
 */
class LargeProgramTest {

  /** HotSpot's HugeMethodLimit: larger methods are never compiled. */
  private static final int JIT_LIMIT = 8000;

  private static void assertMethodsSmall(Harness.Loaded loaded, String kernel, int minParts) {
    Map<String, Integer> lengths = ClassFiles.codeLengths(loaded.classes.get(kernel));
    int parts = 0;
    for (Map.Entry<String, Integer> e : lengths.entrySet()) {
      assertTrue(e.getValue() < JIT_LIMIT, () -> e.getKey() + " has " + e.getValue() + " bytes");
      parts += e.getKey().contains("Part") ? 1 : 0;
    }
    int count = parts;
    assertTrue(parts >= minParts, () -> "only " + count + " helper methods: " + lengths);
  }

  /** A 5,000-node straight-line chain, each node feeding the next. */
  private static Function chain(int length) {
    Builder b = new Builder("chain");
    b.setLine(3);
    int x = b.input("x", F64, false);
    int w = b.declare("w", F64, List.of(4), Role.LOCAL);
    int t = x;
    Op[] ops = {Op.MUL, Op.ADD, Op.TANH, Op.SUB, Op.EXP, Op.DIV, Op.SQRT, Op.ABS};
    for (int k = 0; k < length * 3 / 4; k++) { // about 1.5 nodes per step
      b.setLine(4 + k / 10);
      Op op = ops[k % ops.length];
      t = op.arity() == 1 ? b.apply(op, t) : b.apply(op, t, b.constant(1.0 + k % 7 * 0.125));
      if (k % 97 == 0) { // values also cross the cuts through memory
        int slot = b.intConstant(k % 4);
        b.store(w, List.of(slot), t);
        t = b.apply(Op.ADD, t, b.load(w, List.of(b.intConstant((k + 1) % 4))));
      }
    }
    b.result("y", t, List.of());
    return b.build();
  }

  @Test
  void longChainIsSplitIntoSmallMethods() {
    Function f = chain(5000);
    assertTrue(f.size() >= 5000, "size " + f.size());
    Harness.Loaded loaded = Scaffold.compile(f);
    assertMethodsSmall(loaded, "demo.OpsCompiled$Chain", 5);
    Object kernel = loaded.instance("demo.OpsCompiled$Chain");
    for (double x : new double[] {0.3, -1.7, 2.5}) {
      Runner.check(kernel, "forward", f, List.of(x));
    }
  }

  /**
   * When a method would make more calls to its parts than fit the JIT's size limit (some 8,000 for
   * a 100,000-statement program), runs of calls move into methods of their own, recursively; the
   * budget is lowered here so that a small program shows it.
   */
  @Test
  void manyPartsAreCalledThroughGroups() {
    Function f = chain(5000);
    int before = PartWriter.callsBudget;
    Harness.Loaded loaded;
    try {
      PartWriter.callsBudget = 16; // two calls per method
      loaded = Scaffold.compile(f);
    } finally {
      PartWriter.callsBudget = before;
    }
    assertTrue(loaded.source.contains("private void forwardParts1("), loaded.source);
    assertTrue(loaded.source.contains("forwardParts1(x);"), loaded.source);
    assertMethodsSmall(loaded, "demo.OpsCompiled$Chain", 5);
    Object kernel = loaded.instance("demo.OpsCompiled$Chain");
    for (double x : new double[] {0.3, -1.7, 2.5}) {
      Runner.check(kernel, "forward", f, List.of(x));
    }
  }

  /**
   * Thousands of values computed first and consumed at the end, of all three types, plus loops
   * whose results cross cuts: many values pass through the spill arrays.
   */
  private static Function wide(int width) {
    Builder b = new Builder("wide");
    int x = b.inputArray("x", F64, List.of(8), false);
    int n = b.input("n", I32, false);
    List<Integer> doubles = new ArrayList<>();
    List<Integer> ints = new ArrayList<>();
    List<Integer> bools = new ArrayList<>();
    for (int k = 0; k < width; k++) {
      b.setLine(10 + k);
      int v = b.apply(Op.MUL, b.load(x, List.of(b.intConstant(k % 8))), b.constant(k * 0.5));
      b.name(v, "v");
      doubles.add(v);
      if (k % 50 == 0) {
        int i = b.apply(Op.IADD, n, b.intConstant(k));
        ints.add(i);
        bools.add(b.apply(Op.GT, v, b.constant(1.0)));
        Builder.LoopScope l = b.beginLoop(5, false, List.of(v));
        doubles.add(
            b.endLoop(List.of(b.apply(Op.MUL, l.carried().get(0), b.constant(0.5)))).get(0));
      }
    }
    int out = b.declare("out", F64, List.of(3), Role.OUTPUT);
    int sum = b.constant(0.0);
    for (int v : doubles) {
      sum = b.apply(Op.ADD, sum, v);
    }
    b.store(out, List.of(b.intConstant(0)), sum);
    int isum = b.intConstant(0);
    for (int i : ints) {
      isum = b.apply(Op.IADD, isum, i);
    }
    b.store(out, List.of(b.intConstant(1)), b.apply(Op.I2D, isum));
    int count = b.constant(0.0);
    for (int c : bools) {
      count = b.apply(Op.ADD, count, b.select(c, b.constant(1.0), b.constant(0.0)));
    }
    b.store(out, List.of(b.intConstant(2)), count);
    b.result("out", out, List.of(3));
    return b.build();
  }

  @Test
  void wideProgramPassesValuesThroughSpills() {
    Function f = wide(2000);
    Harness.Loaded loaded = Scaffold.compile(f);
    assertMethodsSmall(loaded, "demo.OpsCompiled$Wide", 5);
    assertTrue(loaded.source.contains("this.spillInt["));
    assertTrue(loaded.source.contains("this.spillBool["));
    Object kernel = loaded.instance("demo.OpsCompiled$Wide");
    Runner.check(kernel, "forward", f, List.of(Harness.random(5, 8, -2, 2), 17.0));
  }

  /** Appends {@code length} operations to {@code t}, mixing in {@code other} now and then. */
  private static int grow(Builder b, int t, int other, int length) {
    Op[] ops = {Op.MUL, Op.ADD, Op.TANH, Op.SUB, Op.SQRT, Op.ABS};
    for (int k = 0; k < length; k++) {
      Op op = ops[k % ops.length];
      t = op.arity() == 1 ? b.apply(op, t) : b.apply(op, t, b.constant(1.0 + k % 5 * 0.25));
      if (k % 150 == 0) {
        t = b.apply(Op.ADD, t, b.apply(Op.MUL, other, b.constant(1e-3)));
      }
    }
    return t;
  }

  /**
   * A long top level, then a loop whose body is huge and holds another loop with a huge body: every
   * level is cut, and loop indices, carried values and enclosing values cross the cuts.
   */
  private static Function hugeLoops() {
    Builder b = new Builder("hugeLoops");
    int x = b.inputArray("x", F64, List.of(6), false);
    int n = b.input("n", I32, false);
    int out = b.declare("out", F64, List.of(8), Role.OUTPUT);
    int zero = b.intConstant(0);
    int head = grow(b, b.load(x, List.of(zero)), b.apply(Op.I2D, n), 1500);
    b.name(head, "head");
    Builder.LoopScope outer = b.beginLoop(6, false, List.of(b.constant(0.0), zero));
    int i = outer.index();
    int acc = outer.carried().get(0);
    int t = b.apply(Op.ADD, b.load(x, List.of(i)), b.apply(Op.MUL, acc, b.constant(1e-6)));
    t = grow(b, t, b.apply(Op.ADD, head, b.apply(Op.I2D, i)), 1200);
    Builder.LoopScope inner = b.beginLoop(3, true, List.of(t));
    int u = grow(b, inner.carried().get(0), b.apply(Op.I2D, inner.index()), 1100);
    int v = b.endLoop(List.of(u)).get(0);
    int r = grow(b, v, acc, 300);
    b.store(out, List.of(i), r);
    List<Integer> done =
        b.endLoop(List.of(b.apply(Op.ADD, acc, r), b.apply(Op.IADD, outer.carried().get(1), i)));
    b.store(out, List.of(b.intConstant(6)), done.get(0));
    b.store(out, List.of(b.intConstant(7)), b.apply(Op.I2D, done.get(1)));
    b.result("out", out, List.of(8));
    return b.build();
  }

  @Test
  void hugeLoopBodiesAreSplitToo() {
    Function f = hugeLoops();
    Analysis an = new Analysis(f);
    SplitPlan plan = SplitPlan.of(an, 3);
    for (int block = 0; block < an.blocks.size(); block++) {
      assertTrue(plan.segments(block) != null, "block " + block + " is not cut");
    }
    Harness.Loaded loaded = Scaffold.compile(f);
    assertMethodsSmall(loaded, "demo.OpsCompiled$HugeLoops", 10);
    Object kernel = loaded.instance("demo.OpsCompiled$HugeLoops");
    for (long seed = 1; seed <= 2; seed++) {
      Runner.check(kernel, "forward", f, List.of(Harness.random(seed, 6, 0.1, 2), 3.0));
    }
  }

  @Test
  void segmentEstimatesBoundTheRealBytecode() {
    Function f = chain(5000);
    Analysis an = new Analysis(f);
    Segments s = SplitPlan.of(an, 1).segments(0);
    Map<String, Integer> real =
        ClassFiles.codeLengths(Scaffold.compile(f).classes.get("demo.OpsCompiled$Chain"));
    for (int seg = 0; seg < s.count; seg++) {
      int estimate = s.estimate(seg);
      int actual = real.get("forwardPart" + (seg + 1) + "(D)V");
      assertTrue(estimate <= Segments.HARD, "segment " + seg + " estimated " + estimate);
      assertTrue(actual <= estimate, "segment " + seg + ": " + actual + " > " + estimate);
    }
  }
}
