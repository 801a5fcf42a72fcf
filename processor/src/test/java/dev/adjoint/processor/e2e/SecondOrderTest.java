package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The elementary functions and Hessian-vector products through the whole pipeline: functions using
 * every new {@code Value} method, {@code Math} function, {@code Math.floor} and {@code (int)}
 * casts, static and of runtime size, with scalar and array results, loops that stop on data,
 * branches and in-place updates, compiled by the processor and checked by {@link GradientCheck}
 * (forward bit for bit against the engine, gradients and tangents, and the generated {@code hvp}
 * against differences of the generated {@code vjp} and of the engine's gradient); the Rosenbrock
 * function's {@code hvp} and {@code hessian} against its analytic Hessian.
 */
class SecondOrderTest {

  private static final String SOURCE =
      String.join(
          "\n",
          "package demo;",
          "import dev.adjoint.*;",
          "import java.util.*;",
          "public final class Second {",
          "  @Differentiable public static Value unary(",
          "      @Domain(min = 0.1, max = 0.8) Value x, @Domain(min = -2, max = 2) Value y) {",
          "    Value a = x.sin().mul(y.cos()).add(x.tan()).add(x.asin().mul(x.acos()));",
          "    Value b = y.atan().add(y.sinh().mul(0.1)).add(y.cosh().mul(0.1)).add(y.sigmoid());",
          "    Value c = x.log1p().add(y.expm1().mul(0.1)).add(x.sqrt()).add(y.abs().mul(x));",
          "    return a.mul(b).add(c).add(y.softplus().mul(x.gelu()));",
          "  }",
          "  @Differentiable public static Value binary(",
          "      @Domain(min = 0.5, max = 2) Value a, @Domain(min = -2, max = 2) Value b) {",
          "    Value p = a.pow(b).add(b.atan2(a)).add(a.min(b).mul(a.max(b)));",
          "    return p.add(a.mul(b).pow(a));",
          "  }",
          "  @Differentiable public static Value mathOnData(Value x) {",
          "    double s = Math.sin(x.data()) + Math.atan2(1.0, x.data()) + Math.floor(x.data());",
          "    return x.mul(Math.ceil(s)).add(x.gelu().mul(Math.expm1(0.5)));",
          "  }",
          "  @Differentiable public static Value[] activations(@Shape(4) Value[] x) {",
          "    Value[] out = new Value[4];",
          "    out[0] = x[0].gelu().mul(x[1]);",
          "    out[1] = x[1].softplus().mul(x[2].sigmoid());",
          "    out[2] = x[2].tanh().mul(x[3].sin());",
          "    out[3] = x[3].mul(x[0]).atan();",
          "    return out;",
          "  }",
          "  @Differentiable public static Value[] elementwise(Value[] x) {",
          "    Value[] out = new Value[x.length];",
          "    for (int i = 0; i < x.length; i++) {",
          "      out[i] = x[i].sigmoid().mul(x[i].softplus()).add(x[i].mul(x[i]).cos());",
          "    }",
          "    return out;",
          "  }",
          "  @Differentiable public static Value rosenbrock(Value[] x) {",
          "    Value sum = Value.of(0);",
          "    for (int i = 0; i + 1 < x.length; i++) {",
          "      Value a = x[i + 1].sub(x[i].mul(x[i]));",
          "      Value b = x[i].neg().add(1);",
          "      sum = sum.add(a.mul(a).mul(100)).add(b.mul(b));",
          "    }",
          "    return sum;",
          "  }",
          "  @Differentiable public static Value histogram(",
          "      Value[] x, @Domain(min = 2, max = 6) int bins) {",
          "    double[] counts = new double[bins];",
          "    Value[] sums = new Value[bins];",
          "    Arrays.fill(sums, Value.of(0));",
          "    for (Value v : x) {",
          "      int b = (int) Math.min(bins - 1, Math.max(0, Math.floor((v.data() + 3) / 6 * bins)));",
          "      counts[b] += 1;",
          "      sums[b] = sums[b].add(v);",
          "    }",
          "    Value acc = Value.of(0);",
          "    for (int b = 0; b < bins; b++) {",
          "      if (counts[b] > 0) {",
          "        acc = acc.add(sums[b].div(counts[b]).pow(2));",
          "      }",
          "    }",
          "    return acc;",
          "  }",
          "  @Differentiable public static Value layer(Value[][] w, Value[] x, Value unused) {",
          "    Value total = Value.of(0);",
          "    for (Value[] row : w) {",
          "      Value acc = Value.of(0);",
          "      for (int i = 0; i < x.length; i++) {",
          "        acc = acc.add(row[i].mul(x[i]));",
          "      }",
          "      total = total.add(acc.tanh().mul(acc));",
          "    }",
          "    return total;",
          "  }",
          "  @Differentiable public static Value untilSmall(@Domain(min = 2, max = 50) Value x) {",
          "    int steps = 0;",
          "    while (x.data() > 1.5 && steps < 20) {",
          "      x = x.sqrt().add(x.mul(0.01));",
          "      steps++;",
          "    }",
          "    if (x.data() > 1.2) {",
          "      x = x.mul(x).log1p();",
          "    }",
          "    return x.mul(x.sin());",
          "  }",
          "}");

  private static Compilation compilation;
  private static final Map<String, CompiledFunction> FUNCTIONS = new LinkedHashMap<>();

  @BeforeAll
  static void compile() {
    compilation = InMemory.compile(JavaFileObjects.forSourceString("demo.Second", SOURCE));
    assertThat(compilation).succeededWithoutWarnings();
    for (CompiledFunction f : InMemory.functions(compilation)) {
      FUNCTIONS.put(f.name().substring("demo.Second.".length()), f);
    }
  }

  @Test
  void everyFunctionChecksOutToSecondOrder() {
    assertEquals(9, FUNCTIONS.size());
    for (CompiledFunction f : FUNCTIONS.values()) {
      assertTrue(f.hasHvp(), f.name());
      CheckReport report = GradientCheck.check(f);
      assertTrue(report.passed(), report::toString);
      assertTrue(report.hvpVsFiniteDifference().compared() > 0, report::toString);
      assertTrue(report.hvpVsEngine().compared() > 0, report::toString);
    }
  }

  /** The Hessian of Rosenbrock's function, by hand. */
  private static double[][] rosenbrockHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i + 1 < n; i++) {
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i][i + 1] += -400 * x[i];
      h[i + 1][i] += -400 * x[i];
      h[i + 1][i + 1] += 200;
    }
    return h;
  }

  @Test
  void rosenbrockHvpIsTheAnalyticHessianTimesTheDirection() {
    CompiledFunction f = FUNCTIONS.get("rosenbrock");
    SplittableRandom r = new SplittableRandom(3);
    for (int n : new int[] {1, 2, 5, 30}) {
      double[] x = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = r.nextDouble(-2, 2);
        v[i] = r.nextDouble(-1, 1);
      }
      double seed = 0.5;
      double[] hv =
          f.hvp(new double[][] {x}, new Object[0], new double[] {seed}, new double[][] {v})[0];
      double[][] h = rosenbrockHessian(x);
      for (int i = 0; i < n; i++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          expected += h[i][j] * v[j];
        }
        assertEquals(seed * expected, hv[i], 1e-10 * Math.max(1, Math.abs(expected)), "n=" + n);
      }
      double[][] full = f.hessian(new double[][] {x}, null, new Object[0], new double[] {1});
      for (int i = 0; i < n; i++) {
        assertArrayEquals(h[i], full[i], 1e-10, "hessian row " + i + " at n=" + n);
      }
    }
  }

  @Test
  void staticKernelsWriteTheFullHessian() throws Exception {
    ClassLoader loader = InMemory.loader(compilation);
    Class<?> kernel = loader.loadClass("demo.SecondCompiled$Activations");
    Object k = kernel.getDeclaredConstructor().newInstance();
    Method hessian = kernel.getMethod("hessian", double[].class, double[].class, double[][].class);
    double[] x = {0.3, -0.7, 1.1, 0.4};
    double[] seed = {0.5, -1, 0.25, 2};
    double[][] h = new double[4][4];
    hessian.invoke(k, x, seed, h);
    CompiledFunction f = FUNCTIONS.get("activations");
    double[][] viaSpi = f.hessian(new double[][] {x}, null, new Object[0], seed);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(viaSpi[i], h[i], 0.0, "row " + i);
      for (int j = 0; j < 4; j++) {
        assertEquals(h[i][j], h[j][i], 1e-12, "symmetric at " + i + ", " + j);
      }
    }
    // The unary function's Hessian is 2 by 2 and symmetric.
    Class<?> unary = loader.loadClass("demo.SecondCompiled$Unary");
    Object u = unary.getDeclaredConstructor().newInstance();
    double[][] hu = new double[2][2];
    unary
        .getMethod("hessian", double.class, double.class, double[][].class)
        .invoke(u, 0.4, 0.3, hu);
    assertEquals(hu[0][1], hu[1][0], 1e-12 * Math.abs(hu[0][1]));
  }

  @Test
  void inactiveParametersGetZeroProducts() {
    CompiledFunction f = FUNCTIONS.get("layer");
    double[] w = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6};
    double[] x = {0.7, -0.8};
    double[][] hv =
        f.hvp(
            new double[][] {w, x, {3.0}},
            new int[][] {{3, 2}, {2}, {}},
            new Object[0],
            new double[] {1},
            new double[][] {w.clone(), x.clone(), {1.0}});
    assertEquals(3, hv.length);
    assertArrayEquals(new double[] {0.0}, hv[2]);
    assertEquals(6, hv[0].length);
    assertEquals(2, hv[1].length);
  }

  @Test
  void histogramTracesFloorAndIntCasts() {
    CompiledFunction f = FUNCTIONS.get("histogram");
    double[] x = {-2.5, -0.1, 0.2, 2.9, 1.4, 1.5};
    Object[] bins = {4};
    double[] out = f.forward(new double[][] {x}, bins);
    double expected = 0;
    double[] sums = new double[4];
    double[] counts = new double[4];
    for (double v : x) {
      int b = (int) Math.min(3, Math.max(0, Math.floor((v + 3) / 6 * 4)));
      counts[b]++;
      sums[b] += v;
    }
    for (int b = 0; b < 4; b++) {
      if (counts[b] > 0) {
        expected += Math.pow(sums[b] / counts[b], 2);
      }
    }
    assertEquals(expected, out[0], 1e-12);
  }
}
