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

  /** The status, the standard output and the standard error of one run. */
  private record Result(int status, String out, String err) {}

  private static Result run(List<CompiledFunction> fns, String... args) {
    return run(fns, List.of(), args);
  }

  private static Result run(List<CompiledFunction> fns, List<String> problems, String... args) {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    int status = Main.run(args, out, err, fns, problems, false);
    return new Result(
        status,
        outBytes.toString(StandardCharsets.UTF_8),
        errBytes.toString(StandardCharsets.UTF_8));
  }

  /** One line on standard error, nothing on standard output, no stack trace. */
  private static void assertOneErrorLine(Result r, String part) {
    assertEquals("", r.out(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains(part), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  @Test
  void allCorrectFunctionsGiveOneSortedRowEachAndStatusZero() {
    Result r = run(CORRECT);
    assertEquals(0, r.status(), r.out());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("FUNCTION"), r.out());
    assertTrue(lines.get(0).contains("FWD ULPS"), r.out());
    assertFalse(lines.get(0).contains("SOURCE"), r.out());
    assertTrue(lines.get(1).startsWith("--------"), r.out());
    assertTrue(lines.get(2).startsWith("test.Layers.affine2x3"), r.out());
    assertTrue(lines.get(3).startsWith("test.Losses.crossEntropy"), r.out());
    assertTrue(lines.get(4).startsWith("test.Scalar.xyExp"), r.out());
    assertTrue(lines.get(3).endsWith(" ok"), r.out());
    assertTrue(r.out().contains("3 checked, 0 failed"), r.out());
    // Every line fits a terminal of 120 columns, the legend included.
    for (String line : lines) {
      assertTrue(line.length() <= Main.WIDTH, line);
    }
    String legend = r.out().replace('\n', ' ');
    assertTrue(legend.contains("FWD ULPS: largest difference of the forward value"), r.out());
    assertTrue(legend.contains("SPEEDUP: the engine's time"), r.out());
    assertTrue(legend.contains("STATUS: ok within the limits below"), r.out());
    // Columns line up: every row is as wide as its header up to the last column.
    int status = lines.get(0).indexOf("STATUS");
    for (String row : lines.subList(2, 5)) {
      assertEquals("ok", row.substring(status, status + 2), row);
    }
    assertEquals("", r.err());
  }

  @Test
  void wideShowsEveryColumn() {
    Result r = run(CORRECT, "--wide");
    assertEquals(0, r.status(), r.out());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).contains("SHAPES"), r.out());
    assertTrue(lines.get(0).contains("GEN us"), r.out());
    assertTrue(lines.get(3).contains("logits[5], target:int -> scalar"), r.out());
    assertTrue(
        lines.get(3).endsWith("  target/generated-sources/annotations/test/LossesAdjoint.java"),
        r.out());
    assertTrue(r.out().replace('\n', ' ').contains("SOURCE: the generated file"), r.out());
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
    Result none = run(CORRECT, "--filter", "nothing");
    assertEquals(1, none.status());
    assertOneErrorLine(none, "no compiled function matches --filter nothing");
  }

  @Test
  void badUsageIsOneLineAndStatusTwo() {
    Result bogus = run(CORRECT, "--bogus");
    assertEquals(2, bogus.status());
    assertOneErrorLine(bogus, "unknown option --bogus (see --help)");
    assertOneErrorLine(run(CORRECT, "stray"), "unexpected argument stray");
    assertOneErrorLine(run(CORRECT, "--seed"), "--seed needs a value");
    assertOneErrorLine(run(CORRECT, "--seed", "x"), "--seed needs an integer, got x");
    assertOneErrorLine(run(CORRECT, "--out", "f.dot"), "--out needs --dot");
    assertOneErrorLine(run(CORRECT, "--reverse"), "--reverse needs --dot");
    assertOneErrorLine(run(CORRECT, "--dot", "--reverse"), "--dot needs a value");
    for (String[] args :
        List.of(new String[] {"--bogus"}, new String[] {"--seed", "x"}, new String[] {"x"})) {
      assertEquals(2, run(CORRECT, args).status());
    }
  }

  @Test
  void unknownNamesAreOneLineWithSuggestions() {
    Result r = run(CORRECT, "--source", "no.Such.function");
    assertEquals(2, r.status());
    assertOneErrorLine(r, "no compiled function named no.Such.function; 3 are registered");
    Result near = run(CORRECT, "--dot", "cross");
    assertEquals(2, near.status());
    assertOneErrorLine(near, "did you mean test.Losses.crossEntropy?");
    Result none = run(List.of(), "--dot", "x");
    assertOneErrorLine(none, "no function is registered on the class path");
  }

  @Test
  void helpPrintsUsageAndExitStatuses() {
    Result r = run(CORRECT, "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("usage:"), r.out());
    assertTrue(r.out().contains("Exit status:"), r.out());
    assertTrue(r.out().contains("  2  bad usage"), r.out());
    for (String line : r.out().lines().toList()) {
      assertTrue(line.length() <= 100, line);
    }
  }

  @Test
  void emptyClasspathIsAFailureWithAHint() {
    Result r = run(List.of());
    assertEquals(1, r.status());
    assertOneErrorLine(r, "processor");
  }

  @Test
  void registrationsThatDoNotLoadAreReportedAndFailTheRun() {
    String problem = "META-INF/services/dev.adjoint.CompiledFunction in target/classes names x.Y";
    Result r = run(CORRECT, List.of(problem));
    assertEquals(1, r.status(), r.err());
    assertEquals("error: " + problem + "\n", r.err());
    assertTrue(r.out().contains("3 checked, 0 failed"), r.out());
  }

  @Test
  void progressGoesToStandardErrorOnceCheckingTakesMoreThanASecond() {
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    long[] clock = {0};
    // Each look at the clock is 0.6 s later.
    Progress slow = new Progress(err, 3, () -> clock[0] += 600_000_000L, false);
    slow.checking(0, "a");
    slow.checking(1, "b");
    slow.checking(2, "c");
    slow.done();
    // Shown from the first look past a second, then at most once a second.
    assertEquals("checking 2/3: b\n", errBytes.toString(StandardCharsets.UTF_8));

    ByteArrayOutputStream tty = new ByteArrayOutputStream();
    Progress terminal =
        new Progress(
            new PrintStream(tty, true, StandardCharsets.UTF_8),
            2,
            () -> clock[0] += 2_000_000_000L,
            true);
    terminal.checking(0, "long.name");
    terminal.checking(1, "b");
    terminal.done();
    String shown = tty.toString(StandardCharsets.UTF_8);
    assertTrue(shown.startsWith("\rchecking 1/2: long.name\rchecking 2/2: b"), shown);
    assertTrue(shown.endsWith("\r"), shown);
    assertFalse(shown.contains("\n"), shown);

    ByteArrayOutputStream quick = new ByteArrayOutputStream();
    Progress fast =
        new Progress(new PrintStream(quick, true, StandardCharsets.UTF_8), 2, () -> 0, true);
    fast.checking(0, "a");
    fast.done();
    assertEquals("", quick.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sourcePrintsTheFunctionsWorkspaceClass(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("test/ScalarAdjoint.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.join(
            "\n",
            "package test;",
            "public final class ScalarAdjoint {",
            "  public static double xyExp(double x, double y) { return new Scalar().forward(x, y); }",
            "",
            "  /** The workspace. */",
            "  public static final class Scalar {",
            "    String s = \"}\"; // }",
            "    double forward(double x, double y) { return Math.exp(x * y); }",
            "  }",
            "",
            "  public static final class ScalarFunction {}",
            "}",
            ""));
    Result r = run(CORRECT, "--sources", dir.toString(), "--source", "xyExp");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("// test.Scalar.xyExp: class Scalar in "), r.out());
    assertTrue(
        r.out().contains("  /** The workspace. */\n  public static final class Scalar {"), r.out());
    assertTrue(r.out().endsWith("return Math.exp(x * y); }\n  }\n"), r.out());
    assertFalse(r.out().contains("ScalarFunction"), r.out());
    Result missing = run(CORRECT, "--sources", dir.toString(), "--source", "test.Layers.affine2x3");
    assertEquals(1, missing.status(), missing.out());
    assertOneErrorLine(missing, "cannot read");
  }

  @Test
  void sourcePathFollowsThePackage() {
    assertEquals(
        Path.of("base/demo/x/LossesAdjoint.java"),
        Main.sourcePath("base", "demo.x.LossesAdjoint$Inner"));
    assertEquals(Path.of("base/Top.java"), Main.sourcePath("base", "Top"));
  }

  @Test
  void dotPrintsTheCompiledProgramsGraphFromItsResource(@TempDir Path dir) throws Exception {
    Result r = run(CORRECT, "--dot", "test.Scalar.xyExp");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("digraph \"xyExp\""), r.out());
    assertEquals(
        "test/ScalarAdjoint.xyExp.reverse.dot", Main.graphResource(new ScalarFunction(), true));

    Path file = dir.resolve("g.dot");
    Result written = run(CORRECT, "--dot", "xyExp", "--out", file.toString());
    assertEquals(0, written.status(), written.err());
    assertTrue(Files.readString(file).contains("exp(·)"));
    assertTrue(written.out().contains("dot -Tsvg"), written.out());

    Result reverse = run(CORRECT, "--dot", "xyExp", "--reverse");
    assertEquals(1, reverse.status());
    assertOneErrorLine(reverse, "test/ScalarAdjoint.xyExp.reverse.dot is not on the class path");
  }
}
