package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated class for the lesson's softmax, log-softmax and cross-entropy (and {@code
 * Nn.softmax}, whose gradient takes softmax's own rule instead of the chain rule), compared with a
 * checked-in golden file: as a Java tree (robust to formatting) and as exact text (the formatting
 * users read). Run with {@code -Dgolden.update=true} to rewrite the golden file after an intended
 * change, and review the diff.
 */
class GoldenSourcesTest {

  private static final String GOLDEN = "golden/e2e/LessonCompiled.java";

  static final JavaFileObject LESSON =
      JavaFileObjects.forSourceLines(
          "demo.Lesson",
          "package demo;",
          "",
          "import dev.adjoint.Differentiable;",
          "import dev.adjoint.Shape;",
          "import dev.adjoint.Value;",
          "import dev.adjoint.nn.Nn;",
          "",
          "public final class Lesson {",
          "  @Differentiable",
          "  public static Value[] softmax(@Shape(27) Value[] logits) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value[] exps = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) exps[i] = logits[i].sub(max).exp();",
          "    Value total = Value.sum(exps);",
          "    Value[] probs = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) probs[i] = exps[i].div(total);",
          "    return probs;",
          "  }",
          "",
          "  @Differentiable",
          "  public static Value[] logSoftmax(@Shape(27) Value[] logits) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value[] shifted = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
          "    Value sum = Value.of(0);",
          "    for (Value s : shifted) sum = sum.add(s.exp());",
          "    Value logSum = sum.log();",
          "    Value[] out = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) out[i] = shifted[i].sub(logSum);",
          "    return out;",
          "  }",
          "",
          "  @Differentiable",
          "  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value[] shifted = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
          "    Value sum = Value.of(0);",
          "    for (Value s : shifted) sum = sum.add(s.exp());",
          "    Value logSum = sum.log();",
          "    return shifted[target].sub(logSum).neg();",
          "  }",
          "",
          "  @Differentiable",
          "  public static Value[] librarySoftmax(@Shape(27) Value[] logits) {",
          "    return Nn.softmax(logits);",
          "  }",
          "}");

  private static String generated(Compilation compilation) throws IOException {
    return compilation
        .generatedSourceFile("demo.LessonCompiled")
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  @Test
  void matchesTheGoldenTree() throws IOException {
    Compilation compilation = InMemory.compile(LESSON);
    assertThat(compilation).succeededWithoutWarnings();
    if (Boolean.getBoolean("golden.update")) {
      Path path = Path.of("src/test/resources", GOLDEN);
      Files.createDirectories(path.getParent());
      Files.writeString(path, generated(compilation), StandardCharsets.UTF_8);
    }
    assertThat(compilation)
        .generatedSourceFile("demo.LessonCompiled")
        .hasSourceEquivalentTo(JavaFileObjects.forResource(GOLDEN));
  }

  @Test
  void matchesTheGoldenTextExactly() throws IOException {
    Compilation compilation = InMemory.compile(LESSON);
    assertThat(compilation)
        .generatedSourceFile("demo.LessonCompiled")
        .contentsAsUtf8String()
        .isEqualTo(
            new String(
                JavaFileObjects.forResource(GOLDEN).openInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    // Determinism: a second, independent compilation writes the same bytes.
    assertThat(InMemory.compile(LESSON))
        .generatedSourceFile("demo.LessonCompiled")
        .contentsAsUtf8String()
        .isEqualTo(generated(compilation));
  }
}
