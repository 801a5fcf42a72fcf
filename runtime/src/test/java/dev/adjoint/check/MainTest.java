package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.check.TamperedFunction.Defect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final List<CompiledFunction> CORRECT =
      List.of(new ScalarFunction(), new CrossEntropyFunction(), new AffineFunction());

  /** The status and the output of one run. */
  private record Result(int status, String out) {}

  private static Result run(List<CompiledFunction> fns, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = Main.run(args, out, fns);
    return new Result(status, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void allCorrectFunctionsGiveOneSortedRowEachAndStatusZero() {
    Result r = run(CORRECT);
    assertEquals(0, r.status(), r.out());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("FUNCTION"), r.out());
    assertTrue(lines.get(0).contains("FWD ULPS"), r.out());
    assertTrue(lines.get(1).startsWith("--------"), r.out());
    assertTrue(lines.get(2).startsWith("test.Layers.affine2x3"), r.out());
    assertTrue(lines.get(3).startsWith("test.Losses.crossEntropy"), r.out());
    assertTrue(lines.get(4).startsWith("test.Scalar.xyExp"), r.out());
    assertTrue(lines.get(3).contains("logits[5], target:int -> scalar"), r.out());
    assertTrue(lines.get(4).contains("x, y -> scalar"), r.out());
    assertTrue(lines.get(3).contains(" ok "), r.out());
    assertTrue(
        lines.get(3).endsWith("  target/generated-sources/annotations/test/LossesAdjoint.java"),
        r.out());
    assertTrue(r.out().contains("3 checked, 0 failed"), r.out());
    // Columns line up: every row is as wide as its header up to the last column.
    int sourceColumn = lines.get(0).indexOf("SOURCE");
    for (String row : lines.subList(2, 5)) {
      assertEquals("target/", row.substring(sourceColumn, sourceColumn + 7), row);
    }
  }

  @Test
  void aFailingFunctionGivesStatusOneAndItsReport() {
    CompiledFunction bad = new TamperedFunction(new CrossEntropyFunction(), Defect.GRADIENT_SCALED);
    Result r = run(List.of(new ScalarFunction(), bad));
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("FAIL"), r.out());
    assertTrue(r.out().contains("gradient vs engine: relative error"), r.out());
    assertTrue(r.out().contains("2 checked, 1 failed"), r.out());
  }

  @Test
  void filterSelectsByName() {
    Result r = run(CORRECT, "--filter", "Losses");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("test.Losses.crossEntropy"));
    assertFalse(r.out().contains("test.Scalar.xyExp"));
    assertEquals(1, run(CORRECT, "--filter", "nothing").status());
  }

  @Test
  void badUsageGivesStatusTwo() {
    assertEquals(2, run(CORRECT, "--bogus").status());
    assertEquals(2, run(CORRECT, "--seed").status());
    assertEquals(2, run(CORRECT, "--seed", "x").status());
    assertEquals(2, run(CORRECT, "--out", "f.dot").status());
    assertEquals(2, run(CORRECT, "--source", "no.Such.function").status());
    assertTrue(run(CORRECT, "--bogus").out().contains("unknown argument --bogus"));
  }

  @Test
  void helpPrintsUsage() {
    Result r = run(CORRECT, "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("usage:"), r.out());
  }

  @Test
  void emptyClasspathIsAFailure() {
    assertEquals(1, run(List.of()).status());
  }

  @Test
  void sourcePrintsTheGeneratedFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("test/ScalarAdjoint.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class ScalarAdjoint {}\n");
    Result r = run(CORRECT, "--sources", dir.toString(), "--source", "test.Scalar.xyExp");
    assertEquals(0, r.status(), r.out());
    assertEquals("class ScalarAdjoint {}\n", r.out());
    Result missing = run(CORRECT, "--sources", dir.toString(), "--source", "test.Layers.affine2x3");
    assertEquals(1, missing.status(), missing.out());
  }

  @Test
  void sourcePathFollowsThePackage() {
    assertEquals(
        Path.of("base/demo/x/LossesAdjoint.java"),
        Main.sourcePath("base", "demo.x.LossesAdjoint$Inner"));
    assertEquals(Path.of("base/Top.java"), Main.sourcePath("base", "Top"));
  }

  @Test
  void dotWritesTheTracedGraph(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.dot");
    Result r = run(CORRECT, "--dot", "test.Layers.affine2x3", "--out", file.toString());
    assertEquals(0, r.status(), r.out());
    String dot = Files.readString(file);
    assertTrue(dot.startsWith("digraph"), dot);
    assertTrue(dot.contains("sum"), dot);

    Result stdout = run(CORRECT, "--dot", "test.Scalar.xyExp", "--seed", "3");
    assertEquals(0, stdout.status());
    assertTrue(stdout.out().contains("exp"), stdout.out());
  }
}
