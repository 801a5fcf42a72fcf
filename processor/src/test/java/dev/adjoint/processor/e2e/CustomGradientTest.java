package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @CustomGradient} functions through the whole pipeline: the generated code calls the
 * function as a black box (its body is never traced) and differentiates it by its rule, in reverse
 * mode, forward mode and forward over reverse (the rule is traced, so its own derivatives give the
 * Hessian); the engine uses the same rule, so forward values agree bit for bit; and {@link
 * GradientCheck} catches a wrong rule by comparing it with finite differences of the function.
 */
class CustomGradientTest {

  private static String source(String grad) {
    return String.join(
        "\n",
        "package demo;",
        "import dev.adjoint.*;",
        "public final class Stable {",
        "  /** log(e^a + e^b) without overflow. */",
        "  @CustomGradient(\"logAddExpGrad\")",
        "  public static double logAddExp(double a, double b) {",
        "    double m = Math.max(a, b);",
        "    if (Double.isInfinite(m)) {",
        "      return m;",
        "    }",
        "    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));",
        "  }",
        "  static double[] logAddExpGrad(double a, double b, double y) {",
        "    return new double[] {" + grad + ", Math.exp(b - y)};",
        "  }",
        "  public static Value logAddExp(Value a, Value b) {",
        "    return Value.custom(Stable.class, \"logAddExp\", a, b);",
        "  }",
        "  /** log(sigmoid(x)), whose rule needs no value: 1 - sigmoid(x). */",
        "  @CustomGradient(\"logSigmoidGrad\")",
        "  public static double logSigmoid(@Domain(min = -30, max = 30) double x) {",
        "    return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));",
        "  }",
        "  static double logSigmoidGrad(double x) {",
        "    return 1 / (1 + Math.exp(x));",
        "  }",
        "  /** A weighted product of three: a rule returning three partials. */",
        "  @CustomGradient(\"tripleGrad\")",
        "  public static double triple(double a, double b, double c) {",
        "    return a * b * c + Math.sin(a);",
        "  }",
        "  static double[] tripleGrad(double a, double b, double c) {",
        "    return new double[] {b * c + Math.cos(a), a * c, a * b};",
        "  }",
        "  @Differentiable public static Value logSumExp(Value[] x) {",
        "    Value acc = x[0];",
        "    for (int i = 1; i < x.length; i++) {",
        "      acc = logAddExp(acc, x[i]);",
        "    }",
        "    return acc;",
        "  }",
        "  @Differentiable public static Value mixed(Value x, Value y, Value z) {",
        "    Value s = Value.custom(Stable.class, \"logSigmoid\", x.mul(y));",
        "    Value t = Value.custom(Stable.class, \"triple\", x, y.tanh(), z);",
        "    return x.data() > 0 ? s.mul(t) : s.add(t.mul(t));",
        "  }",
        "  @Differentiable public static Value[] pairwise(@Shape(3) Value[] x) {",
        "    Value[] out = new Value[3];",
        "    for (int i = 0; i < 3; i++) {",
        "      out[i] = logAddExp(x[i], x[(i + 1) % 3].mul(x[i]));",
        "    }",
        "    return out;",
        "  }",
        "}");
  }

  private static Map<String, CompiledFunction> compile(String grad, Compilation[] out) {
    Compilation c = InMemory.compile(JavaFileObjects.forSourceString("demo.Stable", source(grad)));
    assertThat(c).succeededWithoutWarnings();
    out[0] = c;
    Map<String, CompiledFunction> fs = new LinkedHashMap<>();
    for (CompiledFunction f : InMemory.functions(c)) {
      fs.put(f.name().substring("demo.Stable.".length()), f);
    }
    return fs;
  }

  @Test
  void correctRulesCheckOutToSecondOrder() {
    Compilation[] c = new Compilation[1];
    Map<String, CompiledFunction> fs = compile("Math.exp(a - y)", c);
    assertEquals(3, fs.size());
    for (CompiledFunction f : fs.values()) {
      assertFalse(f.customFunctions().isEmpty(), f.name());
      CheckReport report = GradientCheck.check(f);
      assertTrue(report.passed(), report::toString);
      assertTrue(report.customRulesVsFiniteDifference().compared() > 0, report::toString);
      assertTrue(report.hvpVsEngine().compared() > 0, report::toString);
    }
  }

  @Test
  void theGeneratedCodeCallsTheFunctionAndTheForwardNeverRunsTheRule() {
    Compilation[] c = new Compilation[1];
    compile("Math.exp(a - y)", c);
    String text = generated(c[0], "demo/StableCompiled.java");
    assertTrue(text.contains("demo.Stable.logAddExp("), text);
    assertTrue(text.contains("demo.Stable.triple("), text);
    // The function's body is a black box: its own max and log never appear in generated code.
    int forward = text.indexOf("public double forward(double[] x)");
    int end = text.indexOf("public double gradient(", forward);
    String body = text.substring(forward, end);
    assertFalse(body.contains("Math.exp"), body);
    assertFalse(body.contains("Math.log"), body);
  }

  @Test
  void aWrongRuleIsCaughtAndNamed() {
    Compilation[] c = new Compilation[1];
    // Twice the first partial: the engine and the generated code agree with each other.
    Map<String, CompiledFunction> fs = compile("2 * Math.exp(a - y)", c);
    CheckReport report = GradientCheck.check(fs.get("logSumExp"));
    assertFalse(report.passed(), report::toString);
    assertTrue(report.gradientVsEngine().passed(), report::toString);
    assertFalse(report.customRulesVsFiniteDifference().passed(), report::toString);
    assertTrue(
        report.problems().stream()
            .anyMatch(
                p ->
                    p.startsWith("custom rule vs finite differences")
                        && p.contains("logAddExpGrad")),
        report::toString);
  }

  private static String generated(Compilation c, String path) {
    for (JavaFileObject f : c.generatedSourceFiles()) {
      if (f.toUri().getPath().endsWith(path)) {
        try {
          return f.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no " + path);
  }
}
