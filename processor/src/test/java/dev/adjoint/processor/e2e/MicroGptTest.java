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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole model: microgpt's training loss over one 16-token sequence (4,192 parameters: embeddings,
 * RMSNorm, causal multi-head attention, the MLP, cross-entropy; the source is {@code
 * src/test/resources/models/MicroGpt.java}). It compiles without warnings, every generated method
 * stays JIT-compilable, and its forward value, gradient and tangent check out against the engine
 * and finite differences.
 */
class MicroGptTest {

  /** HotSpot never JIT-compiles a method with more bytecode than this. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = InMemory.compile(JavaFileObjects.forResource("models/MicroGpt.java"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void hasMicrogptsParameterCount() {
    CompiledFunction loss = loss();
    int parameters = 0;
    for (CompiledFunction.Parameter p : loss.parameters()) {
      if (p.kind().differentiable()) {
        parameters += p.size();
      }
    }
    assertEquals(4192, parameters);
  }

  @Test
  void everyGeneratedMethodStaysJitCompilable() throws IOException {
    int methods = 0;
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("MicroGptCompiled")) {
        try (InputStream in = f.openInputStream()) {
          for (Map.Entry<String, Integer> m :
              ClassFiles.codeLengths(in.readAllBytes()).entrySet()) {
            methods++;
            assertTrue(
                m.getValue() < HUGE_METHOD_LIMIT,
                f.getName() + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
          }
        }
      }
    }
    assertTrue(methods > 10, "generated methods found: " + methods);
  }

  @Test
  void checksOutAgainstTheEngineAndFiniteDifferences() {
    CheckReport report = GradientCheck.of(loss()).randomPoints(4).edgeCases(true).run();
    assertTrue(report.passed(), report.toString());
  }

  private static CompiledFunction loss() {
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(1, functions.size());
    return functions.get(0);
  }
}
