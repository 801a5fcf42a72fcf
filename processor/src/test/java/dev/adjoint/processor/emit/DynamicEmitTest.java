package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Programs of runtime size, emitted, compiled warning-free and run against the interpreter bit for
 * bit, each kernel instance reused across calls whose sizes grow and shrink (so a workspace left
 * larger by an earlier call must not leak into a later one).
 */
class DynamicEmitTest {

  private static final Function SOFTMAX = DynamicPrograms.softmax();
  private static final Function PREFIX = DynamicPrograms.prefix();
  private static final Function BRANCHES = DynamicPrograms.branches();
  private static final Function LINEAR = DynamicPrograms.linear();
  private static final Function GROWABLE = DynamicPrograms.growable();
  private static final Function CHECKED = DynamicPrograms.checked();
  private static final Function TENSOR = DynamicPrograms.tensor();
  private static final Function COUNTED = DynamicPrograms.counted();

  /** Sizes in an order that grows and shrinks. */
  private static final int[] SIZES = {5, 0, 1, 40, 3, 40, 7};

  private static Harness.Loaded loaded;

  @BeforeAll
  static void compile() {
    loaded =
        Scaffold.compile(SOFTMAX, PREFIX, BRANCHES, LINEAR, GROWABLE, CHECKED, TENSOR, COUNTED);
  }

  private static Object kernel(String name) {
    return loaded.instance("demo.OpsCompiled$" + name);
  }

  @Test
  void softmaxOfAnyLength() {
    Object k = kernel("Softmax");
    for (int n : SIZES) {
      DynamicRunner.check(k, "forward", SOFTMAX, List.of(DynamicRunner.array(n, n)), new int[] {n});
    }
    assertTrue(loaded.source.contains("for (int i = 0; i < logitsLength; i++)"), loaded.source);
  }

  @Test
  void loopThatStopsEarlyCountsItsIterations() {
    Object k = kernel("Prefix");
    for (int n : SIZES) {
      for (double limit : new double[] {-1, 0.5, 3, 1e9}) {
        DynamicRunner.check(
            k, "forward", PREFIX, List.of(DynamicRunner.array(n + 10, n), limit), new int[] {n});
      }
    }
    assertTrue(loaded.source.contains("break;"), loaded.source);
  }

  @Test
  void branchesStoreAndYield() {
    Object k = kernel("Branches");
    for (int n : SIZES) {
      DynamicRunner.check(
          k, "forward", BRANCHES, List.of(DynamicRunner.array(n + 20, n)), new int[] {n});
    }
    assertTrue(loaded.source.contains("} else {"), loaded.source);
  }

  @Test
  void linearLayerWithRuntimeStridesAndMutatedWorkspace() {
    Object k = kernel("Linear");
    int[][] shapes = {{3, 4}, {0, 4}, {5, 0}, {1, 1}, {17, 9}, {2, 3}};
    for (int[] s : shapes) {
      int rows = s[0];
      int cols = s[1];
      Object x = DynamicRunner.array(rows * 7 + cols, cols);
      Object w = DynamicRunner.array(rows * 3 + cols + 100, rows, cols);
      if (rows == 0) {
        // No rows: the kernel sees a matrix without columns, as Java does.
        w = new Interpreter.Shaped(new double[0], 0, 0);
        x = new double[0];
      }
      DynamicRunner.check(k, "forward", LINEAR, List.of(x, w), new int[] {rows});
    }
  }

  @Test
  void growableArraysKeepTheirContentsAndReadZeroBeyond() {
    Object k = kernel("Growable");
    for (int n : new int[] {0, 3, 50, 2, 200, 1}) {
      for (int width : new int[] {1, 3}) {
        DynamicRunner.check(
            k, "forward", GROWABLE, List.of(DynamicRunner.array(n * 3 + width, n), (double) width));
      }
    }
  }

  @Test
  void checkThrowsBeforeAnythingIsWritten() {
    Object k = kernel("Checked");
    DynamicRunner.check(
        k,
        "forward",
        CHECKED,
        List.of(DynamicRunner.array(1, 6), DynamicRunner.array(2, 6)),
        new int[] {6});
    double[] out = (double[]) DynamicRunner.buffer(4);
    DynamicRunner.assertThrows(
        "x has 4 elements but y has 3", k, "forward", new double[4], new double[3], out);
    assertEquals(DynamicRunner.GARBAGE, out[0]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Interpreter.run(CHECKED, List.of(new double[4], new double[3])));
    assertEquals("x has 4 elements but y has 3", e.getMessage());
  }

  @Test
  void aCheckWithoutArgumentsIsFormattedAsTheInterpreterFormatsIt() {
    dev.adjoint.processor.ir.Builder b = new dev.adjoint.processor.ir.Builder("bounded");
    int x = DynamicPrograms.param(b, "x", 1);
    int n = DynamicPrograms.extent(b, x, 0).id();
    b.check(
        b.apply(dev.adjoint.processor.ir.Op.LE, n, b.intConstant(3)),
        "at most 3 elements (100%% of the budget)",
        List.of());
    b.result("first", b.load(x, List.of(b.intConstant(0))), List.of());
    Function f = b.build();
    Object k = Scaffold.compile(f).instance("demo.OpsCompiled$Bounded");
    DynamicRunner.check(k, "forward", f, List.of(new double[] {2.5, 1}));
    String message = "at most 3 elements (100% of the budget)";
    DynamicRunner.assertThrows(message, k, "forward", (Object) new double[4]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Interpreter.run(f, List.of(new double[4])));
    assertEquals(message, e.getMessage());
  }

  @Test
  void fixedDimensionsOfAProgramOfRuntimeSizeAreChecked() {
    dev.adjoint.processor.ir.Builder b = new dev.adjoint.processor.ir.Builder("pinned");
    int w =
        b.inputArrayWithLengths(
            "w", dev.adjoint.processor.ir.ScalarType.F64, java.util.Arrays.asList(null, 3), false);
    int bias = b.inputArray("bias", dev.adjoint.processor.ir.ScalarType.F64, List.of(2), false);
    int zero = b.intConstant(0);
    int v = b.load(w, List.of(zero, b.intConstant(2)));
    b.result(
        "r", b.apply(dev.adjoint.processor.ir.Op.ADD, v, b.load(bias, List.of(zero))), List.of());
    Function f = b.build();
    Object k = Scaffold.compile(f).instance("demo.OpsCompiled$Pinned");
    DynamicRunner.check(
        k,
        "forward",
        f,
        List.of(new Interpreter.Shaped(new double[] {1, 2, 3}, 1, 3), new double[] {4, 5}));
    DynamicRunner.assertThrows(
        "w[0].length is 4, expected 3", k, "forward", new double[2][4], new double[2]);
    DynamicRunner.assertThrows(
        "bias.length is 3, expected 2", k, "forward", new double[1][3], new double[3]);
  }

  @Test
  void entryChecksNameTheParameterAndBothSizes() {
    Object k = kernel("Checked");
    DynamicRunner.assertThrows(
        "out.length is 5, expected 4 (= x.length)",
        k,
        "forward",
        new double[4],
        new double[4],
        DynamicRunner.buffer(5));
    Object lin = kernel("Linear");
    double[][] ragged = {{1, 2, 3}, {4, 5}};
    DynamicRunner.assertThrows(
        "w[1].length is 2, expected 3", lin, "forward", new double[3], ragged, new double[2]);
    double[][] w = {{1, 2, 3}, {4, 5, 6}};
    DynamicRunner.assertThrows(
        "w has rows of 3 elements but x has 2", lin, "forward", new double[2], w, new double[2]);
    double[][][] t = {{{1, 2}, {3, 4}}, {{5, 6}, {7}}};
    DynamicRunner.assertThrows(
        "t[1][1].length is 1, expected 2",
        kernel("Tensor"),
        "forward",
        t,
        DynamicRunner.buffer(2, 2));
    DynamicRunner.assertThrows(
        "sums[0].length is 3, expected 2 (= t[0][0].length)",
        kernel("Tensor"),
        "forward",
        new double[][][] {{{1, 2}}},
        DynamicRunner.buffer(1, 3));
  }

  @Test
  void rankThreeArguments() {
    Object k = kernel("Tensor");
    // With no rows, an array of rank 3 has no columns either, in Java as in the kernel.
    int[][] shapes = {{2, 3, 4}, {1, 1, 1}, {4, 0, 0}, {0, 0, 0}, {3, 5, 2}};
    for (int[] s : shapes) {
      DynamicRunner.check(
          k,
          "forward",
          TENSOR,
          List.of(DynamicRunner.array(s[0] + s[1], s)),
          new int[] {s[0], s[2]});
    }
  }

  @Test
  void computedTripCountsAndCheckedIndices() {
    Object k = kernel("Counted");
    for (int count : new int[] {-3, 0, 1, 6, 11}) {
      DynamicRunner.check(
          k, "forward", COUNTED, List.of(DynamicRunner.array(count + 50, 4), (double) count, 2.0));
    }
    AssertionError e =
        assertThrows(AssertionError.class, () -> Harness.call(k, "forward", new double[4], 1, 4));
    assertEquals(IndexOutOfBoundsException.class, e.getCause().getClass());
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> Interpreter.run(COUNTED, List.of(new double[4], 1.0, 4.0)));
  }

  @Test
  void convenienceMethodAllocatesTheRuntimeSizedResult() throws Exception {
    double[] logits = Harness.random(3, 9, -3, 3);
    double[] probs =
        (double[])
            loaded
                .load("demo.OpsCompiled")
                .getMethod("softmax", double[].class)
                .invoke(null, (Object) logits.clone());
    Harness.assertBits(Interpreter.run(SOFTMAX, List.of(logits)).get(0), probs, "softmax");
    double[][] sums =
        (double[][])
            loaded
                .load("demo.OpsCompiled")
                .getMethod("tensor", double[][][].class)
                .invoke(null, (Object) new double[][][] {{{1, 2, 3}, {4, 5, 6}}});
    assertEquals(1, sums.length);
    assertEquals(List.of(5.0, 7.0, 9.0), List.of(sums[0][0], sums[0][1], sums[0][2]));
  }
}
