package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.F64;
import static dev.adjoint.processor.ir.ScalarType.I32;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programs of runtime size far larger than one JIT-compilable method, with branches, early exits
 * and many parameters: every generated method stays under HotSpot's 8,000-byte limit, helpers take
 * no parameters (so a wide signature never reaches C2's limit on arguments), and the split program
 * still computes the interpreter's values.
 */
class DynamicLargeProgramTest {

  private static final int JIT_LIMIT = 8000;

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
   * A long top level, then a loop over the argument whose body branches into two huge arms, one of
   * which runs a loop that stops early with a huge body of its own; the iterations it ran are read.
   */
  private static Function hugeBranches() {
    Builder b = new Builder("hugeBranches");
    int x = DynamicPrograms.param(b, "x", 1);
    Extent.Dynamic n = DynamicPrograms.extent(b, x, 0);
    int out = b.declare("out", F64, List.of(n), Role.OUTPUT, false);
    int head = grow(b, b.apply(Op.I2D, n.id()), b.constant(0.5), 1500);
    b.name(head, "head");
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.load(x, List.of(l.index()));
    b.beginIf(b.apply(Op.GT, v, b.constant(0.0)));
    int a = grow(b, v, head, 1300);
    b.store(out, List.of(l.index()), a);
    b.orElse(List.of(a));
    Builder.LoopScope w =
        b.beginLoop(Extent.of(Integer.MAX_VALUE), false, List.of(v, b.intConstant(0)));
    int u = grow(b, w.carried().get(0), b.apply(Op.I2D, w.index()), 1200);
    int k = b.apply(Op.IADD, w.carried().get(1), b.intConstant(1));
    List<Integer> done = b.endLoop(List.of(u, k), b.apply(Op.LT, k, b.intConstant(3)));
    int trips = b.tripCount(DynamicPrograms.loopId(w));
    int c = b.apply(Op.ADD, done.get(0), b.apply(Op.I2D, trips));
    b.store(out, List.of(l.index()), c);
    int picked = b.endIf(List.of(c)).get(0);
    b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), picked)));
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  /** Forty vectors of one runtime length and an int: a weighted sum, element by element. */
  private static Function wide(int count) {
    Builder b = new Builder("wide");
    List<Integer> xs = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      xs.add(DynamicPrograms.param(b, "x" + p, 1));
    }
    int scale = b.input("scale", I32, false);
    Extent.Dynamic n = DynamicPrograms.extent(b, xs.get(0), 0);
    for (int p = 1; p < count; p++) {
      int len = DynamicPrograms.extent(b, xs.get(p), 0).id();
      b.check(
          b.apply(Op.EQ, len, n.id()), "x" + p + " has %d elements, x0 %d", List.of(len, n.id()));
    }
    int out = b.declare("out", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of());
    int sum = b.constant(0.0);
    for (int p = 0; p < count; p++) {
      int term = b.apply(Op.MUL, b.load(xs.get(p), List.of(l.index())), b.constant(p + 1.0));
      sum = b.apply(Op.ADD, sum, term);
    }
    b.store(out, List.of(l.index()), b.apply(Op.MUL, sum, b.apply(Op.I2D, scale)));
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  /** {@code count} vectors of which only the first is read: a small body, a wide signature. */
  private static Function wideButSmall(int count) {
    Builder b = new Builder("wideButSmall");
    int x0 = DynamicPrograms.param(b, "x0", 1);
    for (int p = 1; p < count; p++) {
      DynamicPrograms.param(b, "x" + p, 1);
    }
    Extent.Dynamic n = DynamicPrograms.extent(b, x0, 0);
    int out = b.declare("out", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of());
    b.store(
        out, List.of(l.index()), b.apply(Op.ADD, b.load(x0, List.of(l.index())), b.constant(1)));
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(n));
    return b.build();
  }

  @Test
  void publicMethodsTooWideForTheJitOnlyCheckAndDelegate() {
    Function narrow = wideButSmall(3);
    Function wide = wideButSmall(ProgramWriter.MAX_COMPILED_ARGUMENTS);
    Harness.Loaded loaded = Scaffold.compile(narrow);
    assertTrue(!loaded.source.contains("Part1()"), loaded.source);
    loaded = Scaffold.compile(wide);
    assertTrue(loaded.source.contains("forwardPart1();"), loaded.source);
    assertSmall(loaded, "demo.OpsCompiled$WideButSmall", 1);
    Object kernel = loaded.instance("demo.OpsCompiled$WideButSmall");
    List<Object> args = new ArrayList<>();
    for (int p = 0; p < ProgramWriter.MAX_COMPILED_ARGUMENTS; p++) {
      args.add(DynamicRunner.array(p, 4));
    }
    DynamicRunner.check(kernel, "forward", wide, args, new int[] {4});
  }

  private static void assertSmall(Harness.Loaded loaded, String kernel, int minParts) {
    Map<String, Integer> lengths = ClassFiles.codeLengths(loaded.classes.get(kernel));
    int parts = 0;
    for (Map.Entry<String, Integer> e : lengths.entrySet()) {
      assertTrue(e.getValue() < JIT_LIMIT, () -> e.getKey() + " has " + e.getValue() + " bytes");
      if (e.getKey().contains("Part")) {
        parts++;
        assertTrue(e.getKey().endsWith("()V"), () -> e.getKey() + " takes parameters");
      }
    }
    int count = parts;
    assertTrue(parts >= minParts, () -> "only " + count + " helper methods: " + lengths);
  }

  @Test
  void hugeArmsAndEarlyExitLoopsAreSplit() {
    Function f = hugeBranches();
    Harness.Loaded loaded = Scaffold.compile(f);
    assertSmall(loaded, "demo.OpsCompiled$HugeBranches", 6);
    Object kernel = loaded.instance("demo.OpsCompiled$HugeBranches");
    for (int n : new int[] {4, 0, 9, 1}) {
      DynamicRunner.check(
          kernel, "forward", f, List.of(DynamicRunner.array(n + 3, n)), new int[] {n});
    }
  }

  @Test
  void wideSignaturesKeepTheWorkInHelpersWithoutParameters() {
    Function f = wide(40);
    Harness.Loaded loaded = Scaffold.compile(f);
    assertSmall(loaded, "demo.OpsCompiled$Wide", 1);

    Object kernel = loaded.instance("demo.OpsCompiled$Wide");
    for (int n : new int[] {3, 0, 12}) {
      List<Object> args = new ArrayList<>();
      for (int p = 0; p < 40; p++) {
        args.add(DynamicRunner.array(n * 100 + p, n));
      }
      args.add(-2.0);
      DynamicRunner.check(kernel, "forward", f, args, new int[] {n});
    }
    Object[] bad = new Object[42];
    for (int p = 0; p < 40; p++) {
      bad[p] = new double[p == 7 ? 2 : 3];
    }
    bad[40] = 1;
    bad[41] = new double[3];
    DynamicRunner.assertThrows("x7 has 2 elements, x0 3", kernel, "forward", bad);
  }
}
