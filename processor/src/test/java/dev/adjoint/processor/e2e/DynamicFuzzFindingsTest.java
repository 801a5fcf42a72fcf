package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that the dynamic pipeline fuzzer ({@code fuzz.DynamicPipelineFuzzTest}) found broken,
 * minimized: each must compile without warnings and pass {@link GradientCheck} at every runtime
 * size.
 */
class DynamicFuzzFindingsTest {

  static Stream<Arguments> programs() {
    return Stream.of(
        program(
            "an empty table: its element accesses are printed though never reached (seed 31)",
            "@Differentiable public static Value f(Value[] x) {",
            "  Value acc = x.length > 0 ? x[0] : Value.of(0.5);",
            "  Value[][] t = new Value[0][];",
            "  for (int i = 0; i < t.length; i++) {",
            "    Value[] row = new Value[i + 1];",
            "    for (int j = 0; j <= i; j++) row[j] = acc.mul(j + 1);",
            "    t[i] = row;",
            "  }",
            "  int a = x.length + 1;",
            "  if (t.length > a) acc = acc.add(t[a][a / 2]);",
            "  return acc.tanh();",
            "}"),
        program(
            "slices of a slice shorter than the step (seed 2000179)",
            "@Differentiable public static Value f(Value[] x) {",
            "  Value acc = Value.of(0.5);",
            "  int lo = Math.min(Math.min(x.length, 5), x.length);",
            "  Value[] c = Arrays.copyOfRange(x, lo, Math.min(lo + 2, x.length));",
            "  List<Value[]> parts = new ArrayList<>();",
            "  for (int i = 0; i < c.length; i += 3)",
            "    parts.add(Arrays.copyOfRange(c, i, Math.min(i + 3, c.length)));",
            "  for (Value[] q : parts) acc = acc.add(q[q.length - 1].mul(0.5));",
            "  return acc;",
            "}"),
        program(
            "a loop stepping by 2 stops short of its runtime bound (like seed 2000179)",
            "@Differentiable public static Value f(Value[] x) {",
            "  Value[] a = new Value[Math.max(0, 2 * x.length - 1)];",
            "  for (int j = 0; j < a.length; j++) a[j] = x[j / 2].mul(j + 1);",
            "  Value acc = Value.of(0.5);",
            "  for (int i = 0; i < 2 * x.length; i += 2) acc = acc.add(a[i].mul(0.5));",
            "  return acc;",
            "}"));
  }

  private static Arguments program(String name, String... lines) {
    String source =
        Stream.concat(
                Stream.of(
                    "package demo;",
                    "import dev.adjoint.*;",
                    "import java.util.*;",
                    "public final class Demo {"),
                Stream.concat(Stream.of(lines), Stream.of("}")))
            .collect(Collectors.joining("\n"));
    return Arguments.of(name, source);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void compiledMatchesEngineAndFiniteDifferences(String name, String source) {
    Compilation compilation =
        InMemory.compile(JavaFileObjects.forSourceString("demo.Demo", source));
    assertThat(compilation).succeededWithoutWarnings();
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(1, functions.size(), "one compiled function");
    CheckReport report = GradientCheck.of(functions.get(0)).run();
    assertTrue(report.passed(), name + "\n" + source + "\n" + report);
  }
}
