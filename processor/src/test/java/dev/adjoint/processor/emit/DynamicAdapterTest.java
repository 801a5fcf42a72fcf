package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Dim;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Interpreter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiled methods of runtime size (hand-built forward, reverse and tangent programs) behind the
 * generated {@code CompiledFunction} adapter: the gradient checker drives them at several sizes
 * through the shaped entry points and compares them with the {@code Value} engine, and the kernels
 * check their seeds and tangents against their arguments.
 */
class DynamicAdapterTest {

  private static final List<CompiledMethod> METHODS =
      List.of(
          DynamicFixtures.sumSquares(),
          DynamicFixtures.softmax(),
          DynamicFixtures.linear(),
          DynamicFixtures.mixed());

  private static Harness.Loaded loaded;

  @BeforeAll
  static void compile() {
    loaded =
        Harness.compile(
            ClassEmitter.emit("demo", "DynCompiled", "demo.Dyn", METHODS),
            "demo.Dyn",
            DynamicFixtures.SOURCE);
  }

  private static CompiledFunction adapter(String name) {
    return (CompiledFunction) loaded.instance("demo.DynCompiled$" + name);
  }

  @Test
  void sumOfSquaresPassesAtEverySize() {
    CheckReport report = GradientCheck.of(adapter("SumSquaresFunction")).assertPasses();
    assertEquals(List.of("n=5", "n=0", "n=1", "n=1000"), report.sizes());
    assertTrue(report.notApplicable().isEmpty(), report::toString);
    assertEquals(0, report.forwardMaxUlps());
  }

  @Test
  void softmaxIsNotApplicableToNothing() {
    CheckReport report = GradientCheck.of(adapter("SoftmaxFunction")).assertPasses();
    assertEquals(List.of("n=5", "n=0", "n=1", "n=1000"), report.sizes());
    assertEquals(1, report.notApplicable().size(), report::toString);
    assertTrue(report.notApplicable().get(0).startsWith("n=0: "), report::toString);
  }

  @Test
  void linearRelatesTheRowLengthToTheVector() {
    CompiledFunction fn = adapter("LinearFunction");
    assertEquals(List.of(Dim.of("n")), fn.parameters().get(0).dims());
    assertEquals(List.of(Dim.of("m"), Dim.of("n")), fn.parameters().get(1).dims());
    assertEquals(List.of(-1, -1), fn.parameters().get(1).shape());
    assertEquals(List.of(Dim.of("m")), fn.outputDims());
    assertArrayEquals(new int[] {4}, fn.outputShape(new int[][] {{3}, {4, 3}}, new Object[0]));
    assertArrayEquals(new int[] {0}, fn.outputShape(new int[][] {{3}, {0, 3}}, new Object[0]));
    CheckReport report = GradientCheck.of(fn).assertPasses();
    assertEquals(8, report.sizes().size(), report::toString);
    assertTrue(report.sizes().contains("n=5 m=0"), report::toString);
    assertTrue(report.sizes().contains("n=5 m=1000"), report::toString);
  }

  @Test
  void rankThreeAndListsOfRowsOfAnyShape() {
    CompiledFunction fn = adapter("MixedFunction");
    assertEquals(CompiledFunction.Kind.VALUE_TENSOR, fn.parameters().get(0).kind());
    assertEquals(List.of(-1, -1), fn.parameters().get(1).shape());
    CheckReport report = GradientCheck.of(fn).assertPasses();
    assertEquals(17, report.sizes().size(), report::toString);
    assertEquals(0, report.forwardMaxUlps(), report::toString);
    Object value =
        fn.invokeOriginal(
            new Object[] {
              new dev.adjoint.Value[][][] {{{dev.adjoint.Value.of(3)}}},
              List.<dev.adjoint.Value[]>of(
                  new dev.adjoint.Value[] {dev.adjoint.Value.of(1), dev.adjoint.Value.of(2)})
            });
    assertEquals(12.0, ((dev.adjoint.Value) value).data());
  }

  @Test
  void shapesComeFromLengthsOnlyWhereTheyCan() {
    CompiledFunction softmax = adapter("SoftmaxFunction");
    double[] p = softmax.forward(new double[][] {{1, 2, 3}}, new Object[0]);
    assertEquals(3, p.length);
    CompiledFunction linear = adapter("LinearFunction");
    double[][] inputs = {{1, 2}, {1, 2, 3, 4, 5, 6}};
    assertThrows(IllegalArgumentException.class, () -> linear.forward(inputs, new Object[0]));
    assertArrayEquals(
        new double[] {5, 11, 17}, linear.forward(inputs, new int[][] {{2}, {3, 2}}, new Object[0]));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> linear.forward(inputs, new int[][] {{2}, {2, 2}}, new Object[0]));
    assertEquals("w has 6 elements, but its shape [2, 2] has 4", e.getMessage());
  }

  @Test
  void seedsAndTangentsMustFitTheirArguments() {
    Object softmax = loaded.instance("demo.DynCompiled$Softmax");
    DynamicRunner.assertThrows(
        "seed.length is 2, expected 3 (= logits.length)",
        softmax,
        "vjp",
        new double[3],
        new double[2],
        new double[3],
        new double[3]);
    DynamicRunner.assertThrows(
        "dLogits.length is 4, expected 3 (= logits.length)",
        softmax,
        "tangent",
        new double[3],
        new double[4],
        new double[3]);
    Object linear = loaded.instance("demo.DynCompiled$Linear");
    DynamicRunner.assertThrows(
        "dW[0].length is 3, expected 2 (= w[0].length)",
        linear,
        "tangent",
        new double[2],
        new double[2][2],
        new double[2],
        new double[2][3],
        new double[2]);
    DynamicRunner.assertThrows(
        "gradW[1].length is 1, expected 2 (= x.length)",
        linear,
        "vjp",
        new double[2],
        new double[2][2],
        new double[2],
        new double[2],
        new double[2],
        new double[][] {{0, 0}, {0}});
  }

  /** Column {@code c} of softmax's Jacobian at {@code x}: its tangent program on a unit vector. */
  private static double[] softmaxColumn(double[] x, int c) {
    double[] unit = new double[x.length];
    unit[c] = 1;
    return Interpreter.run(METHODS.get(1).tangent(), List.of(x, unit)).get(0);
  }

  /** Row {@code r} of linear's Jacobian: its reverse program on a unit seed, x's then w's. */
  private static double[] linearRow(double[] x, double[][] w, int r) {
    double[] seed = new double[w.length];
    seed[r] = 1;
    Object shaped = new Interpreter.Shaped(Harness.flat(w), w.length, x.length);
    List<double[]> out = Interpreter.run(METHODS.get(2).reverse(), List.of(x, shaped, seed));
    double[] row = new double[x.length + w.length * x.length];
    System.arraycopy(out.get(1), 0, row, 0, x.length);
    System.arraycopy(out.get(2), 0, row, x.length, w.length * x.length);
    return row;
  }

  @Test
  void jacobiansOfRuntimeSizeByEitherMode() {
    Object softmax = loaded.instance("demo.DynCompiled$Softmax");
    for (int n : new int[] {4, 2, 6, 4}) {
      double[] x = Harness.random(n, n, -2, 2);
      double[][] jac = new double[n][n];
      Harness.call(softmax, "jacobian", x.clone(), jac); // n columns, n rows: forward sweeps
      for (int c = 0; c < n; c++) {
        double[] column = softmaxColumn(x, c);
        for (int r = 0; r < n; r++) {
          assertEquals(column[r], jac[r][c], 0.0, "softmax " + n + " at " + r + "," + c);
        }
      }
    }
    Object linear = loaded.instance("demo.DynCompiled$Linear");
    for (int[] s : new int[][] {{3, 2}, {1, 4}, {3, 2}}) {
      int n = s[0];
      int m = s[1];
      double[] x = Harness.random(n, n, -1, 1);
      double[][] w = Harness.matrix(Harness.random(m * 7, m * n, -1, 1), m, n);
      double[][] jac = new double[m][n + m * n];
      Harness.call(linear, "jacobian", x, w, jac); // more columns than rows: reverse sweeps
      for (int r = 0; r < m; r++) {
        Harness.assertBits(linearRow(x, w, r), jac[r], "linear row " + r);
      }
    }
    DynamicRunner.assertThrows(
        "jacobian[1].length is 5, expected 6",
        linear,
        "jacobian",
        new double[2],
        new double[2][2],
        new double[][] {new double[6], new double[5]});
  }

  @Test
  void convenienceMethodsAllocateTheirResultOnly() throws Exception {
    double[] y =
        (double[])
            loaded
                .load("demo.DynCompiled")
                .getMethod("linear", double[].class, double[][].class)
                .invoke(null, new double[] {1, 2}, new double[][] {{1, 0}, {0, 1}, {1, 1}});
    assertArrayEquals(new double[] {1, 2, 3}, y);
    assertTrue(loaded.source.contains("double[] y = new double[w.length];"), loaded.source);
  }
}
