package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.emit.ClassFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Softmax, log-softmax and cross-entropy at 3, 27, 1,024 and 50,257 logits: each compiles, every
 * generated method stays under HotSpot's 8,000-byte limit for JIT compilation (read from the class
 * files), and each checks out against the engine.
 */
class SizesTest {

  /** HotSpot never JIT-compiles a method with more bytecode than this. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {3, 27, 1024, 50_257})
  void everySizeCompilesSmallAndChecksOut(int n) throws IOException {
    String source =
        String.join(
            "\n",
            "package demo;",
            "import dev.adjoint.*;",
            "import dev.adjoint.nn.Nn;",
            "public final class Losses {",
            "  @Differentiable public static Value[] softmax(@Shape(" + n + ") Value[] logits) {",
            "    return Nn.softmax(logits);",
            "  }",
            "  @Differentiable public static Value[] logSoftmax(@Shape("
                + n
                + ") Value[] logits) {",
            "    return Nn.logSoftmax(logits);",
            "  }",
            "  @Differentiable public static Value crossEntropy(@Shape("
                + n
                + ") Value[] logits,"
                + " int target) {",
            "    return Nn.crossEntropy(logits, target);",
            "  }",
            "}");
    Compilation compilation =
        InMemory.compile(JavaFileObjects.forSourceString("demo.Losses", source));
    assertThat(compilation).succeededWithoutWarnings();
    int classes = 0;
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("LossesCompiled")) {
        classes++;
        try (InputStream in = f.openInputStream()) {
          for (Map.Entry<String, Integer> m :
              ClassFiles.codeLengths(in.readAllBytes()).entrySet()) {
            assertTrue(
                m.getValue() < HUGE_METHOD_LIMIT,
                f.getName() + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
          }
        }
      }
    }
    assertTrue(classes > 1, "generated classes found");
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(3, functions.size());
    for (CompiledFunction fn : functions) {
      // Large inputs: fewer points keep the engine's share of the test time small.
      CheckReport report =
          GradientCheck.of(fn).randomPoints(n > 1000 ? 1 : 4).edgeCases(n <= 1024).run();
      assertTrue(report.passed(), report.toString());
    }
  }
}
