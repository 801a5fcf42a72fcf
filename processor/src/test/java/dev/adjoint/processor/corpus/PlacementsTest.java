package dev.adjoint.processor.corpus;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.e2e.InMemory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a {@code @Differentiable} method may sit: every kind of type that a class in the same
 * package can name works end to end (generated, loaded, checked against the engine), under the
 * documented generated name; the places it cannot name get ADJ004 at the method.
 */
class PlacementsTest {

  private static final JavaFileObject PLACES =
      JavaFileObjects.forSourceLines(
          "places.Places",
          "package places;",
          "import dev.adjoint.*;",
          "public final class Places {",
          "  public static final class Nested {",
          "    @Differentiable public static Value nested(Value x) { return x.mul(x).exp(); }",
          "    static final class Deeper {",
          "      @Differentiable static Value deeper(@Shape(3) Value[] x) {",
          "        return Value.sum(x).tanh();",
          "      }",
          "    }",
          "  }",
          "  public record Point(double a) {",
          "    @Differentiable public static Value inRecord(Value x, Value y) {",
          "      return x.mul(y).add(x);",
          "    }",
          "    static final class InRecord {",
          "      @Differentiable static Value classInRecord(Value x) { return x.exp().neg(); }",
          "    }",
          "  }",
          "  public interface Api {",
          "    @Differentiable static Value inInterface(Value x) { return x.pow(3).sub(x); }",
          "    final class Impl {",
          "      @Differentiable public static Value classInInterface(Value x) {",
          "        return x.mul(3);",
          "      }",
          "    }",
          "  }",
          "  public enum Mode {",
          "    A,",
          "    B;",
          "    @Differentiable public static Value inEnum(Value x) { return x.relu().add(x.tanh()); }",
          "  }",
          "}");

  private static final JavaFileObject PLAIN =
      JavaFileObjects.forSourceLines(
          "Plain",
          "import dev.adjoint.*;",
          "public final class Plain {",
          "  @Differentiable public static Value top(Value x) { return x.log(); }",
          "  static final class Inner {",
          "    @Differentiable static Value inner(@Domain(min = 0.5, max = 2) Value x) {",
          "      return x.pow(0.5);",
          "    }",
          "  }",
          "}");

  /** Method (qualified as CompiledFunction.name() gives it) to the class that must hold it. */
  private static final Map<String, String> GENERATED =
      new TreeMap<>(
          Map.of(
              "places.Places.Nested.nested", "places.Places_NestedCompiled",
              "places.Places.Nested.Deeper.deeper", "places.Places_Nested_DeeperCompiled",
              "places.Places.Point.inRecord", "places.Places_PointCompiled",
              "places.Places.Point.InRecord.classInRecord", "places.Places_Point_InRecordCompiled",
              "places.Places.Api.inInterface", "places.Places_ApiCompiled",
              "places.Places.Api.Impl.classInInterface", "places.Places_Api_ImplCompiled",
              "places.Places.Mode.inEnum", "places.Places_ModeCompiled",
              "Plain.top", "PlainCompiled",
              "Plain.Inner.inner", "Plain_InnerCompiled"));

  @Test
  void everyNameablePlacementCompilesRunsAndMatchesTheEngine() {
    Compilation compilation = InMemory.compile(PLACES, PLAIN);
    assertThat(compilation).succeededWithoutWarnings();
    for (String generated : GENERATED.values()) {
      assertThat(compilation).generatedSourceFile(generated);
    }
    Map<String, CompiledFunction> byName =
        InMemory.functions(compilation).stream()
            .collect(Collectors.toMap(CompiledFunction::name, f -> f, (a, b) -> a, TreeMap::new));
    assertEquals(GENERATED.keySet(), byName.keySet());
    for (Map.Entry<String, CompiledFunction> e : byName.entrySet()) {
      CompiledFunction f = e.getValue();
      assertEquals(GENERATED.get(e.getKey()), f.generatedClass(), e.getKey());
      CheckReport report = GradientCheck.of(f).run();
      assertTrue(report.passed(), e.getKey() + "\n" + report);
    }
  }

  static Stream<Arguments> unreachable() {
    return Stream.of(
        Arguments.of(
            "private nested class",
            List.of(
                "  private static final class Hidden {",
                "    @Differentiable static Value bad(Value x) { return x.exp(); }",
                "  }")),
        Arguments.of(
            "inner (non-static) class",
            List.of(
                "  final class Inner {",
                "    @Differentiable static Value bad(Value x) { return x.exp(); }",
                "  }")),
        Arguments.of(
            "static nested class of an inner class",
            List.of(
                "  final class Inner {",
                "    static final class Nested {",
                "      @Differentiable static Value bad(Value x) { return x.exp(); }",
                "    }",
                "  }")),
        Arguments.of(
            "local class",
            List.of(
                "  static Object local() {",
                "    final class Local {",
                "      @Differentiable static Value bad(Value x) { return x.exp(); }",
                "    }",
                "    return new Local();",
                "  }")),
        Arguments.of(
            "anonymous class",
            List.of(
                "  static final Object ANONYMOUS = new Object() {",
                "    @Differentiable static Value bad(Value x) { return x.exp(); }",
                "  };")),
        Arguments.of(
            "member class of a local class",
            List.of(
                "  static void local() {",
                "    final class Local {",
                "      static final class Member {",
                "        @Differentiable static Value bad(Value x) { return x.exp(); }",
                "      }",
                "    }",
                "  }")),
        Arguments.of(
            "anonymous class in a lambda in an initializer",
            List.of(
                "  static {",
                "    Runnable r = () -> new Object() {",
                "      @Differentiable static Value bad(Value x) { return x.exp(); }",
                "    };",
                "  }")),
        Arguments.of(
            "enum constant's body",
            List.of(
                "  enum Mode {",
                "    ONE {",
                "      @Differentiable static Value bad(Value x) { return x.exp(); }",
                "    }",
                "  }")));
  }

  /**
   * A class in the same package cannot name these classes, so the generated code could not call the
   * method: each must get ADJ004 at the method's name (a silently skipped method would leave the
   * user without compiled code and without a reason).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unreachable")
  void anUnreachablePlacementGetsAdj004AtTheMethod(String placement, List<String> body) {
    CorpusCase c =
        CorpusCase.bad("Unreachable", Code.UNREACHABLE_CLASS, "Value bad(", "bad(").withBody(body);
    JavaFileObject source = c.source();
    Compilation compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-XDshould-stop.ifError=FLOW")
            .compile(source, c.witness());
    String all =
        compilation.diagnostics().stream()
            .map(d -> d.getLineNumber() + ":" + d.getColumnNumber() + " " + d.getMessage(null))
            .collect(Collectors.joining("\n"));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(1, errors.size(), placement + ": one error, ADJ004\n" + all);
    Diagnostic<? extends JavaFileObject> e = errors.get(0);
    assertTrue(e.getMessage(Locale.ROOT).startsWith("[ADJ004] "), all);
    assertEquals(c.expectedLine(), e.getLineNumber(), all);
    assertEquals(c.expectedColumn(), e.getColumnNumber(), all);
    assertThat(compilation).hadErrorContaining("[ADJ004]").inFile(source).onLineContaining("bad(");
  }
}
