package dev.adjoint.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Programs written the way a Java programmer writes them, with no {@code @Shape} (the seed lesson's
 * softmax, layers, causal attention, while loops, breaks, in-place updates, growing lists...), in
 * {@code src/test/resources/natural}: each compiles warning-free, and every function checks out
 * against the {@code Value} engine (forward bit for bit) and central finite differences at several
 * runtime sizes.
 */
class NaturalProgramsTest {

  static final List<String> FILES = List.of("Lesson", "Sizes", "ControlFlow", "Mutation");

  @TestFactory
  List<DynamicNode> everyFunctionChecksOut() {
    List<DynamicNode> out = new ArrayList<>();
    for (String file : FILES) {
      Compilation c = compile(file);
      List<DynamicNode> tests = new ArrayList<>();
      tests.add(
          dynamicTest(
              "compiles without diagnostics",
              () -> {
                assertEquals(
                    Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics().toString());
                List<Diagnostic<?>> shown = new ArrayList<>(c.diagnostics());
                assertTrue(shown.isEmpty(), shown::toString);
              }));
      if (c.status() == Compilation.Status.SUCCESS) {
        List<CompiledFunction> functions = InMemory.functions(c);
        tests.add(dynamicTest("compiles functions", () -> assertFalse(functions.isEmpty())));
        for (CompiledFunction f : functions) {
          tests.add(
              dynamicTest(
                  f.name(),
                  () -> {
                    CheckReport report = GradientCheck.check(f);
                    assertTrue(report.passed(), report::toString);
                  }));
        }
      }
      out.add(dynamicContainer(file, tests));
    }
    return out;
  }

  static Compilation compile(String file) {
    String name = "natural/" + file + ".java";
    try (InputStream in = NaturalProgramsTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return InMemory.compile(JavaFileObjects.forSourceString("natural." + file, source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
