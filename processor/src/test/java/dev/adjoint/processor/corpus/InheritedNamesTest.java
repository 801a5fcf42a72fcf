package dev.adjoint.processor.corpus;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.e2e.InMemory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names a class inherits are valid Java that DIAGNOSTICS.md promises to trace ("static final
 * compile-time constants (of any class)", "static helper methods whose source is part of the same
 * compilation"): each must compile and match the engine, not get ADJ041 "unknown name".
 */
class InheritedNamesTest {

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("interface constant by simple name", "x.mul(SCALE)"),
        Arguments.of("superclass constant by simple name", "x.mul(K)"),
        Arguments.of("superclass constant through the subclass", "x.mul(Sub.K)"),
        Arguments.of("superclass static helper by simple name", "helper(x)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void anInheritedNameIsTraced(String form, String expression) {
    Compilation compilation =
        InMemory.compile(
            JavaFileObjects.forSourceLines(
                "inherit.Sub",
                "package inherit;",
                "import dev.adjoint.*;",
                "interface Consts {",
                "  double SCALE = 2;",
                "}",
                "class Base {",
                "  static final double K = 3;",
                "  static Value helper(Value v) { return v.exp(); }",
                "}",
                "public final class Sub extends Base implements Consts {",
                "  @Differentiable public static Value f(Value x) { return " + expression + "; }",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(1, functions.size(), form);
    CheckReport report = GradientCheck.of(functions.get(0)).run();
    assertTrue(report.passed(), form + "\n" + report);
  }
}
