package dev.adjoint.processor.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.e2e.InMemory;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles one regression program (a class {@code demo.Regression} with a single
 * {@code @Differentiable} method) with the processor and checks it with {@link GradientCheck}.
 */
final class Regressions {
  private Regressions() {}

  /** The class source around {@code lines} (members of the class). */
  static String source(String... lines) {
    return Stream.concat(
            Stream.of(
                "package demo;",
                "import dev.adjoint.*;",
                "import dev.adjoint.nn.Nn;",
                "import java.util.*;",
                "public final class Regression {"),
            Stream.concat(Stream.of(lines), Stream.of("}")))
        .collect(Collectors.joining("\n"));
  }

  /** Compiles the program without warnings and returns its one compiled function. */
  static CompiledFunction compile(String... lines) {
    String source = source(lines);
    Compilation c = InMemory.compile(JavaFileObjects.forSourceString("demo.Regression", source));
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics() + "\n" + source);
    assertTrue(c.warnings().isEmpty(), () -> c.warnings() + "\n" + source);
    List<CompiledFunction> fns = InMemory.functions(c);
    assertEquals(1, fns.size(), "one compiled function");
    return fns.get(0);
  }

  /** Compiles the program and asserts that it passes a default {@link GradientCheck}. */
  static CheckReport check(String... lines) {
    CompiledFunction fn = compile(lines);
    CheckReport report = GradientCheck.of(fn).run();
    assertTrue(report.passed(), () -> report + "\n" + source(lines));
    return report;
  }
}
