package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.check.CompiledFunctions;
import dev.adjoint.check.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison CLI on code the processor generated, as a user runs it over a build's output: it
 * checks the function in 120 columns, prints its workspace class, and draws its compiled program
 * from the graph resources the processor wrote next to the generated class.
 */
class CliTest {

  private static final JavaFileObject LOSSES =
      JavaFileObjects.forSourceLines(
          "demo.Losses",
          "package demo;",
          "import dev.adjoint.*;",
          "public final class Losses {",
          "  @Differentiable",
          "  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value sum = Value.of(0);",
          "    for (Value v : logits) sum = sum.add(v.sub(max).exp());",
          "    return logits[target].sub(max).sub(sum.log()).neg();",
          "  }",
          "}");

  /** The status, output and errors of one run. */
  private record Run(int status, String out, String err) {}

  /** Writes the compilation's files as a build would: classes and resources, and sources. */
  private static void writeOut(Compilation c, Path classes, Path sources) throws IOException {
    for (JavaFileObject f : c.generatedFiles()) {
      String path = f.toUri().getPath();
      Path target;
      if (path.contains("/CLASS_OUTPUT/")) {
        target = classes.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + 14));
      } else if (path.contains("/SOURCE_OUTPUT/")) {
        target = sources.resolve(path.substring(path.indexOf("/SOURCE_OUTPUT/") + 15));
      } else {
        continue;
      }
      Files.createDirectories(target.getParent());
      try (InputStream in = f.openInputStream()) {
        Files.write(target, in.readAllBytes());
      }
    }
  }

  private static Run cli(ClassLoader loader, String... args) {
    CompiledFunctions.Discovery found = CompiledFunctions.discover(loader);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            found.functions(),
            found.problems(),
            false);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void checksPrintsTheWorkspaceClassAndDrawsTheProgram(@TempDir Path dir) throws Exception {
    Compilation c = InMemory.compile(LOSSES);
    assertThat(c).succeededWithoutWarnings();
    Path classes = dir.resolve("classes");
    Path sources = dir.resolve("sources");
    writeOut(c, classes, sources);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Run table = cli(loader);
      assertEquals(0, table.status(), table.out() + table.err());
      assertTrue(table.out().contains("demo.Losses.crossEntropy"), table.out());
      for (String line : table.out().lines().toList()) {
        assertTrue(line.length() <= 120, line);
      }

      Run source = cli(loader, "--source", "crossEntropy", "--sources", sources.toString());
      assertEquals(0, source.status(), source.err());
      assertTrue(source.out().contains("public static final class CrossEntropy {"), source.out());
      assertFalse(source.out().contains("class CrossEntropyFunction"), source.out());
      assertFalse(source.out().contains("package demo;"), source.out());

      Run forward = cli(loader, "--dot", "Losses.crossEntropy");
      assertEquals(0, forward.status(), forward.err());
      assertTrue(forward.out().startsWith("digraph \"crossEntropy\" {"), forward.out());
      assertTrue(forward.out().contains("Losses.crossEntropy: the forward program"), forward.out());
      assertTrue(forward.out().contains("for i &lt; 27") || forward.out().contains("for i < 27"));
      assertTrue(forward.out().contains("max = max(·, ·)"), forward.out());

      Run reverse = cli(loader, "--dot", "crossEntropy", "--reverse");
      assertEquals(0, reverse.status(), reverse.err());
      assertTrue(reverse.out().contains("gradLogits"), reverse.out());

      Run unknown = cli(loader, "--dot", "softmax");
      assertEquals(2, unknown.status());
      assertEquals(1, unknown.err().lines().count(), unknown.err());
    }
  }
}
