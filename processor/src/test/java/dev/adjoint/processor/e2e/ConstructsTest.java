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
 * Every supported construct, compiled by the processor, loaded, and checked by {@link
 * GradientCheck} against the {@code Value} engine (forward bit for bit, gradients and tangents to a
 * few ulps) and central finite differences.
 */
class ConstructsTest {

  static Stream<Arguments> programs() {
    return Stream.of(
        program(
            "scalar ops",
            "@Differentiable public static Value f(@Domain(min = 0.5, max = 2) Value x,"
                + " @Domain(min = 0.5, max = 2) Value y) {",
            "  Value a = x.mul(y).add(x.exp()).sub(y.div(x));",
            "  Value b = a.pow(2).add(x.log()).mul(y.tanh()).div(2.0).sub(1.5).neg();",
            "  return b.add(x.relu()).mul(3).add(y.pow(-0.5));",
            "}"),
        program(
            "loops with carried values, var and compound assignment",
            "@Differentiable public static Value f(@Shape(5) Value[] x) {",
            "  var prod = Value.of(1);",
            "  Value sum = x[0];",
            "  double scale = 1;",
            "  for (int i = 1; i < x.length; i++) {",
            "    sum = sum.add(x[i].mul(scale));",
            "    prod = prod.mul(x[i].tanh().add(2));",
            "    scale += 0.5;",
            "  }",
            "  return sum.mul(prod);",
            "}"),
        program(
            "nested loops over a matrix",
            "@Differentiable public static Value[] f(@Shape(3) Value[] x, @Shape({4, 3}) Value[][] w) {",
            "  Value[] out = new Value[w.length];",
            "  for (int j = 0; j < w.length; j++) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) {",
            "      acc = acc.add(w[j][i].mul(x[i]));",
            "    }",
            "    out[j] = acc.relu();",
            "  }",
            "  return out;",
            "}"),
        program(
            "enhanced for, data-dependent select and ?:",
            "@Differentiable public static Value f(@Shape(6) Value[] x) {",
            "  Value acc = Value.of(0);",
            "  for (Value v : x) {",
            "    Value term = v.data() > 0 ? v.mul(v) : v.neg();",
            "    if (v.data() < -1) {",
            "      term = term.mul(0.5);",
            "    } else {",
            "      term = term.add(1);",
            "    }",
            "    acc = acc.add(term);",
            "  }",
            "  return acc;",
            "}"),
        program(
            "lists and Value.sum",
            "@Differentiable public static List<Value> f(@Shape(4) List<Value> x) {",
            "  List<Value> out = new ArrayList<>();",
            "  Value total = Value.sum(x);",
            "  for (int i = 0; i < x.size(); i++) {",
            "    out.add(x.get(i).div(total.add(10)));",
            "  }",
            "  out.add(Value.sum(x.get(0), x.get(1).exp()));",
            "  return out;",
            "}"),
        program(
            "helper methods are inlined; Nn functions",
            "@Differentiable public static Value f(@Shape(5) Value[] logits, int target) {",
            "  Value[] p = Nn.softmax(scaled(logits, 0.5));",
            "  return p[target].log().neg().add(Nn.crossEntropy(logits, target));",
            "}",
            "static Value[] scaled(Value[] x, double k) {",
            "  Value[] out = new Value[x.length];",
            "  for (int i = 0; i < x.length; i++) {",
            "    out[i] = x[i].mul(k);",
            "  }",
            "  return out;",
            "}"),
        program(
            "passive arrays and scalars, compile-time if",
            "static final int N = 4;",
            "@Differentiable public static Value f(@Shape(N) Value[] w, @Shape(N) double[] xs,"
                + " double bias, boolean square) {",
            "  Value acc = Value.of(bias);",
            "  for (int i = 0; i < N; i++) {",
            "    if (i % 2 == 0) {",
            "      acc = acc.add(w[i].mul(xs[i]));",
            "    } else {",
            "      acc = acc.sub(w[i].mul(xs[i] * 2));",
            "    }",
            "  }",
            "  return square ? acc.mul(acc) : acc;",
            "}"),
        program(
            "matrix result, rmsnorm, attention",
            "@Differentiable public static Value[][] f(@Shape(4) Value[] q,"
                + " @Shape({3, 4}) Value[][] k, @Shape({3, 4}) Value[][] v) {",
            "  Value[][] out = new Value[2][];",
            "  out[0] = Nn.rmsnorm(q);",
            "  out[1] = Nn.attention(q, k, v);",
            "  return out;",
            "}"));
  }

  private static Arguments program(String name, String... lines) {
    String source =
        Stream.concat(
                Stream.of(
                    "package demo;",
                    "import dev.adjoint.*;",
                    "import dev.adjoint.nn.Nn;",
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
