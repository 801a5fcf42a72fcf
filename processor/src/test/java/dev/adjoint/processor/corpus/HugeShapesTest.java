package dev.adjoint.processor.corpus;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge {@code @Shape}s. The generated code must not grow with them (loops stay loops), and the
 * processor must either compile them in reasonable time or reject them with a clear error; it must
 * never crash or hang.
 *
 * <p>Measured on the reference machine (2 cores): the trip count, not the source, sets the compile
 * time, because the write-once check runs every loop's index arithmetic over its whole iteration
 * space: about 0.6 s for 50,257 elements, 1.5 s for 10^6, 3 s for 10^7, 5 s for 10^8 and 50 s for
 * {@code Integer.MAX_VALUE}.
 */
class HugeShapesTest {

  private static String sumOfSquares(String size) {
    return String.join(
        "\n",
        "package huge;",
        "import dev.adjoint.*;",
        "public final class Huge {",
        "  @Differentiable public static Value f(@Shape(" + size + ") Value[] x) {",
        "    Value acc = Value.of(0);",
        "    for (Value v : x) acc = acc.add(v.mul(v));",
        "    return acc;",
        "  }",
        "}");
  }

  private static String generated(Compilation c) {
    try {
      return c.generatedSourceFile("huge.HugeCompiled")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aHundredMillionElementsCompileAndTheLoopStaysALoop() {
    JavaFileObject small = JavaFileObjects.forSourceString("huge.Huge", sumOfSquares("5"));
    JavaFileObject big = JavaFileObjects.forSourceString("huge.Huge", sumOfSquares("100_000_000"));
    Compilation smallCompilation = javac().withProcessors(new AdjointProcessor()).compile(small);
    long start = System.nanoTime();
    Compilation bigCompilation = javac().withProcessors(new AdjointProcessor()).compile(big);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(smallCompilation).succeededWithoutWarnings();
    assertThat(bigCompilation).succeededWithoutWarnings();
    // Generous: about 5 s here; a regression to unrolling would take minutes or run out of memory.
    assertTrue(seconds < 60, "compiling @Shape(100_000_000) took " + seconds + " s");
    String smallCode = generated(smallCompilation);
    String bigCode = generated(bigCompilation);
    // Same code up to the numbers: the loop is emitted once whatever its trip count.
    assertTrue(
        Math.abs(bigCode.length() - smallCode.length()) < 400,
        smallCode.length() + " vs " + bigCode.length() + " characters");
    assertTrue(bigCode.contains("i < 100000000; i++"), bigCode);
  }

  /**
   * {@code @Shape(Integer.MAX_VALUE)} with a loop over it. No JVM can allocate such an array, so a
   * clear error would do; compiling it is fine too, if quick. Run in a separate javac process that
   * the test can kill, so that a slow compilation cannot keep burning the test JVM's CPU.
   */
  @Test
  void integerMaxValueCompilesQuicklyOrGetsAClearError(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path source = dir.resolve("src/huge/Huge.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, sumOfSquares("Integer.MAX_VALUE"));
    Path log = dir.resolve("javac.log");
    String classPath = System.getProperty("java.class.path");
    Process javac =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-J-Xmx1g",
                "-cp",
                classPath,
                "-processorpath",
                classPath,
                "-processor",
                AdjointProcessor.class.getName(),
                "-d",
                dir.resolve("out").toString(),
                "-s",
                dir.resolve("gen").toString(),
                source.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // A cold javac process needs 2-3 s for a small class.
      if (!javac.waitFor(10, TimeUnit.SECONDS)) {
        fail(
            "javac with @Shape(Integer.MAX_VALUE) did not finish in 10 s (it takes about 50 s):"
                + " neither quick nor a clear error");
      }
    } finally {
      javac.destroyForcibly();
      javac.waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertFalse(output.contains("ADJ900"), output);
    assertFalse(output.contains("Exception"), output);
    if (javac.exitValue() != 0) {
      List<String> ours = output.lines().filter(l -> l.contains("[ADJ")).toList();
      assertFalse(ours.isEmpty(), "failed without an Adjoint error:\n" + output);
    }
  }
}
