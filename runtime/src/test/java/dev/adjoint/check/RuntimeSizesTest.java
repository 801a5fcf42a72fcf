package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Dim;
import dev.adjoint.CompiledFunction.Kind;
import dev.adjoint.CompiledFunction.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functions with runtime dimensions, checked at several sizes per size symbol. */
class RuntimeSizesTest {

  @Test
  void softmaxIsCheckedAtSmallMidAndLargeSizes() {
    CheckReport report = GradientCheck.of(new RuntimeSoftmaxFunction()).assertPasses();
    assertEquals(List.of("n=5", "n=0", "n=1", "n=1000"), report.sizes());
    assertEquals("n=5,0,1,1000", report.sizesSummary());
    assertEquals("logits[n] -> [n]", report.signature());
    // Nn.softmax rejects an empty vector: not applicable there, not a failure.
    assertEquals(1, report.notApplicable().size(), report::toString);
    assertTrue(report.notApplicable().get(0).startsWith("n=0: "), report::toString);
    assertTrue(report.toString().contains("not applicable at:"), report::toString);
    assertTrue(report.gradientVsEngine().compared() > 1000, report::toString);
  }

  @Test
  void relatedDimensionsShareTheirSize() {
    CheckReport report = GradientCheck.of(new RuntimeLinearFunction()).assertPasses();
    assertEquals(
        List.of(
            "n=5 m=6",
            "n=5 m=5",
            "n=0 m=6",
            "n=1 m=6",
            "n=1000 m=6",
            "n=5 m=0",
            "n=5 m=1",
            "n=5 m=1000"),
        report.sizes());
    assertEquals("x[n], w[m][n] -> [m]", report.signature());
    assertTrue(report.notApplicable().get(0).startsWith("n=0 m=6: "), report::toString);
  }

  @Test
  void aGradientWrongOnlyForLargeSizesIsFound() {
    CheckReport report =
        GradientCheck.check(
            new RuntimeSoftmaxFunction(RuntimeSoftmaxFunction.Defect.GRADIENT_WRONG_WHEN_LARGE));
    assertFalse(report.passed(), report::toString);
    assertTrue(report.gradientVsEngine().worst().contains("[n=1000]"), report::toString);
    assertTrue(report.gradientVsEngine().worst().contains("logits[0]"), report::toString);
  }

  @Test
  void generatedCodeRejectingWhatTheOriginalAcceptsFails() {
    CheckReport report =
        GradientCheck.check(
            new RuntimeSoftmaxFunction(RuntimeSoftmaxFunction.Defect.FORWARD_REJECTS_ONE));
    assertFalse(report.passed());
    assertTrue(report.errors().get(0).contains("[n=1]"), report::toString);
    assertTrue(report.errors().get(0).contains("one logit"), report::toString);
  }

  @Test
  void largeSizesAreCappedByTheScalarsTheyTake() {
    // A square matrix of n x n: at n = 1000 a million scalars, so the large size is smaller.
    CompiledFunction square =
        new RuntimeLinearFunction() {
          @Override
          public List<Parameter> parameters() {
            return List.of(
                new Parameter("x", Kind.VALUE_ARRAY, List.of(-1), -1, 1, List.of(Dim.of("n"))),
                new Parameter(
                    "w",
                    Kind.VALUE_MATRIX,
                    List.of(-1, -1),
                    -1,
                    1,
                    List.of(Dim.of("n"), Dim.of("n"))));
          }
        };
    List<Sizes.Config> configs = Sizes.configs(square);
    Sizes.Config large = configs.get(configs.size() - 1);
    assertEquals(Sizes.Role.LARGE, large.role());
    int n = large.values().get("n");
    assertTrue(n > 100 && 2L * (n + (long) n * n) <= Sizes.MAX_SCALARS, "n = " + n);
  }

  @Test
  void offsetsKeepEveryDimensionLegal() {
    CompiledFunction fn =
        new RuntimeSoftmaxFunction() {
          @Override
          public List<Parameter> parameters() {
            return List.of(
                new Parameter(
                    "x",
                    Kind.VALUE_MATRIX,
                    List.of(-1, -1),
                    -1,
                    1,
                    List.of(Dim.of("n"), Dim.of("n", -2))));
          }
        };
    List<Sizes.Config> configs = Sizes.configs(fn);
    assertEquals(Map.of("n", 2), configs.get(1).values());
    assertEquals(Map.of("n", 3), configs.get(2).values());
  }

  @Test
  void mainTableShowsTheSizes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status =
        Main.run(
            new String[] {"--wide"},
            out,
            List.of(new RuntimeSoftmaxFunction(), new ScalarFunction()));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    List<String> lines = text.lines().toList();
    assertTrue(lines.get(0).contains("SIZES"), text);
    assertTrue(lines.get(2).contains("n=5,0,1,1000"), text);
    assertTrue(lines.get(3).contains(" static "), text);
  }

  @Test
  void shapesAreImpliedByLengthsWhereTheyCanBe() {
    CompiledFunction softmax = new RuntimeSoftmaxFunction();
    assertArrayEquals(new int[][] {{3}}, softmax.shapes(new double[][] {{1, 2, 3}}));
    CompiledFunction linear = new RuntimeLinearFunction();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> linear.forward(new double[][] {{1, 2}, {1, 2, 3, 4}}, new Object[0]));
    assertEquals("w has several runtime dimensions: pass its shape", e.getMessage());
    assertArrayEquals(
        new double[] {5, 11},
        linear.forward(
            new double[][] {{1, 2}, {1, 2, 3, 4}}, new int[][] {{2}, {2, 2}}, new Object[0]));
    // A static function accepts only its own shapes through the shaped entry points.
    CompiledFunction affine = new AffineFunction();
    double[][] in = {{1, 2, 3, 4, 5, 6}, {0.5, -0.5, 0.25}};
    Object[] passive = {2.0, false};
    assertArrayEquals(
        affine.forward(in, passive), affine.forward(in, new int[][] {{2, 3}, {3}}, passive));
    assertThrows(
        IllegalArgumentException.class,
        () -> affine.forward(in, new int[][] {{3, 2}, {3}}, passive));
  }

  @Test
  void dimensionsAndParameters() {
    assertEquals("n", Dim.of("n").toString());
    assertEquals("n+1", Dim.of("n", 1).toString());
    assertEquals("n-2", Dim.of("n", -2).toString());
    assertEquals("27", Dim.fixed(27).toString());
    assertEquals(7, Dim.of("n", 2).size(Map.of("n", 5)));
    Parameter p = new Parameter("w", Kind.VALUE_MATRIX, List.of(-1, 4), -1, 1);
    assertEquals(List.of(Dim.of("w[0]"), Dim.fixed(4)), p.dims());
    assertTrue(p.isRuntime() && p.isRuntime(0) && !p.isRuntime(1));
    assertThrows(IllegalStateException.class, p::size);
    assertEquals(12, Parameter.size(new int[] {3, 4}));
    assertEquals(3, Kind.VALUE_TENSOR.rank());
    assertTrue(Kind.VALUE_ARRAY_LIST.differentiable());
  }

  @Test
  void engineBuildsArgumentsOfEveryRankFromShapes() {
    CompiledFunction linear = new RuntimeLinearFunction();
    double[][] inputs = {{1, 2}, {1, 2, 3, 4, 5, 6}};
    int[][] shapes = {{2}, {3, 2}};
    double[] seed = {1, 0, -1};
    assertArrayEquals(
        linear.vjp(inputs, shapes, new Object[0], seed)[1],
        Engine.vjp(linear, inputs, shapes, new Object[0], seed)[1]);
  }
}
