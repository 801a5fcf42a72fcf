package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emits the fixtures as one class, compiles it warning-free and checks every generated entry point
 * against the interpreter (bit for bit) and the adapter against the {@code Value} engine.
 */
class KernelTest {

  private static final List<CompiledMethod> METHODS = Fixtures.all();
  private static Harness.Loaded loaded;

  @BeforeAll
  static void compile() {
    JavaFile file = ClassEmitter.emit("demo", "LossesCompiled", "demo.Losses", METHODS);
    loaded = Harness.compile(file, "demo.Losses", Fixtures.LOSSES);
  }

  private static CompiledMethod method(String name) {
    return METHODS.stream()
        .filter(m -> m.source().methodName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Object kernel(String simpleName) {
    return loaded.instance("demo.LossesCompiled$" + simpleName);
  }

  /** Forward, reverse and tangent on one instance, twice (the workspace is reused). */
  private static void checkPrograms(
      String name, String kernelName, String reverse, Map<String, Double> ints) {
    CompiledMethod m = method(name);
    Object k = kernel(kernelName);
    for (long seed : new long[] {1, 2}) {
      Runner.check(k, "forward", m.forward(), Runner.arguments(m.forward(), seed, ints));
      Runner.check(k, reverse, m.reverse(), Runner.arguments(m.reverse(), seed, ints));
      Runner.check(k, "tangent", m.tangent(), Runner.arguments(m.tangent(), seed, ints));
    }
  }

  @Test
  void crossEntropyMatchesInterpreter() {
    checkPrograms("crossEntropy", "CrossEntropy", "gradient", Map.of("target", 5.0));
  }

  @Test
  void softmaxMatchesInterpreter() {
    checkPrograms("softmax", "Softmax", "vjp", Map.of());
  }

  @Test
  void linearMatchesInterpreterAndClearsAccumulatedOutputs() {
    checkPrograms("linear", "Linear", "vjp", Map.of());
  }

  @Test
  void mixMatchesInterpreterWithPassiveArguments() {
    checkPrograms("mix", "Mix", "gradient", Map.of("c", 0.5, "flip", 1.0));
    checkPrograms("mix", "Mix", "gradient", Map.of("c", -1.5, "flip", 0.0));
  }

  @Test
  void outerMatchesInterpreterWithMatrixOutput() {
    checkPrograms("outer", "Outer", "vjp", Map.of());
  }

  @Test
  void staticConvenienceEvaluatesForward() throws Exception {
    double[] logits = Harness.random(7, 27, -3, 3);
    Object loss =
        loaded
            .load("demo.LossesCompiled")
            .getMethod("crossEntropy", double[].class, int.class)
            .invoke(null, logits, 3);
    double expected =
        Interpreter.run(method("crossEntropy").forward(), List.of(logits, 3.0)).get(0)[0];
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits((double) loss));
    double[] probs =
        (double[])
            loaded
                .load("demo.LossesCompiled")
                .getMethod("softmax", double[].class)
                .invoke(null, (Object) logits.clone());
    assertEquals(5, probs.length);
    double[][] outer =
        (double[][])
            loaded
                .load("demo.LossesCompiled")
                .getMethod("outer", double[].class, double[].class)
                .invoke(null, new double[] {1, 2}, new double[] {3, 4, 5});
    assertEquals(10.0, outer[1][2]);
  }

  /** The expected Jacobian: tangent columns (n <= m) or reverse rows, from the interpreter. */
  private static double[][] expectedJacobian(CompiledMethod m, List<Object> primal) {
    Function f = m.forward();
    int rows = Interpreter.run(f, primal).get(0).length;
    List<Integer> sizes = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      if (p.active()) {
        sizes.add(JavaTypes.size(p.shape()));
      }
    }
    int cols = sizes.stream().mapToInt(Integer::intValue).sum();
    double[][] jac = new double[rows][cols];
    if (cols <= rows) {
      for (int c = 0; c < cols; c++) {
        List<Object> args = new ArrayList<>(primal);
        int base = 0;
        for (int size : sizes) {
          double[] t = new double[size];
          if (c >= base && c < base + size) {
            t[c - base] = 1.0;
          }
          args.add(t);
          base += size;
        }
        double[] col = Interpreter.run(m.tangent(), args).get(0);
        for (int r = 0; r < rows; r++) {
          jac[r][c] = col[r];
        }
      }
    } else {
      for (int r = 0; r < rows; r++) {
        List<Object> args = new ArrayList<>(primal);
        double[] seed = new double[rows];
        seed[r] = 1.0;
        args.add(seed);
        List<double[]> res = Interpreter.run(m.reverse(), args);
        int c = 0;
        for (double[] g : res.subList(1, res.size())) {
          for (double d : g) {
            jac[r][c++] = d;
          }
        }
      }
    }
    return jac;
  }

  private static void checkJacobian(String name, String kernelName) {
    CompiledMethod m = method(name);
    List<Object> primal = Runner.arguments(m.forward(), 11, Map.of());
    double[][] expected = expectedJacobian(m, primal);
    List<Object> java = new ArrayList<>();
    for (int i = 0; i < primal.size(); i++) {
      java.add(Runner.javaArgument(m.forward().params().get(i), primal.get(i)));
    }
    double[][] actual = new double[expected.length][expected[0].length];
    java.add(actual);
    Object k = kernel(kernelName);
    for (int pass = 0; pass < 2; pass++) { // buffers are reused
      Harness.call(k, "jacobian", java.toArray());
      for (int r = 0; r < expected.length; r++) {
        Harness.assertBits(expected[r], actual[r], name + " jacobian row " + r);
      }
    }
  }

  @Test
  void jacobianByForwardSweeps() {
    checkJacobian("softmax", "Softmax"); // 5 inputs, 5 outputs
    checkJacobian("outer", "Outer"); // 5 inputs, 6 outputs, matrix output
  }

  @Test
  void jacobianByReverseSweeps() {
    checkJacobian("linear", "Linear"); // 15 inputs, 4 outputs
  }

  // ---------------------------------------------------------------- the adapter

  private static CompiledFunction adapter(String name) {
    return (CompiledFunction) loaded.instance("demo.LossesCompiled$" + name);
  }

  @Test
  void adapterNamesAreTheServiceEntries() {
    List<String> names = ClassEmitter.adapterBinaryNames("demo", "LossesCompiled", METHODS);
    assertEquals(
        List.of(
            "demo.LossesCompiled$CrossEntropyFunction",
            "demo.LossesCompiled$SoftmaxFunction",
            "demo.LossesCompiled$LinearFunction",
            "demo.LossesCompiled$MixFunction",
            "demo.LossesCompiled$OuterFunction"),
        names);
    for (String n : names) {
      Object a = loaded.instance(n);
      assertTrue(a instanceof CompiledFunction, n);
    }
    CompiledFunction ce = adapter("CrossEntropyFunction");
    assertEquals("demo.Losses.crossEntropy", ce.name());
    assertEquals("demo.LossesCompiled", ce.generatedClass());
    assertEquals(CompiledFunction.Kind.VALUE, ce.outputKind());
    assertEquals(List.of(), ce.outputShape());
    assertEquals(
        new CompiledFunction.Parameter(
            "logits", CompiledFunction.Kind.VALUE_ARRAY, List.of(27), -2.0, 2.0),
        ce.parameters().get(0));
    assertEquals(CompiledFunction.Kind.INT, ce.parameters().get(1).kind());
    assertEquals(List.of(2, 3), adapter("OuterFunction").outputShape());
  }

  private static Value[] values(double[] d) {
    Value[] v = new Value[d.length];
    for (int i = 0; i < d.length; i++) {
      v[i] = Value.of(d[i]);
    }
    return v;
  }

  @Test
  void adapterCrossEntropyAgreesWithEngine() {
    CompiledFunction ce = adapter("CrossEntropyFunction");
    double[] logits = Harness.random(3, 27, -3, 3);
    Value[] in = values(logits);
    Value loss = (Value) ce.invokeOriginal(new Object[] {in, 4});
    double[] forward = ce.forward(new double[][] {logits}, new Object[] {4});
    assertEquals(Double.doubleToRawLongBits(loss.data()), Double.doubleToRawLongBits(forward[0]));
    loss.backward();
    double[][] grad = ce.vjp(new double[][] {logits}, new Object[] {4}, new double[] {2.0});
    double[] dir = Harness.random(4, 27, -1, 1);
    double jvp = ce.jvp(new double[][] {logits}, new Object[] {4}, new double[][] {dir})[0];
    double expectedJvp = 0;
    for (int i = 0; i < 27; i++) {
      assertEquals(2.0 * in[i].grad(), grad[0][i], 1e-14);
      expectedJvp += in[i].grad() * dir[i];
    }
    assertEquals(expectedJvp, jvp, 1e-13);
  }

  @Test
  void adapterSoftmaxAndLinearAgreeWithEngine() {
    double[] logits = Harness.random(5, 5, -3, 3);
    Value[] out =
        (Value[]) adapter("SoftmaxFunction").invokeOriginal(new Object[] {values(logits)});
    double[] forward = adapter("SoftmaxFunction").forward(new double[][] {logits}, new Object[0]);
    for (int i = 0; i < 5; i++) {
      assertEquals(
          Double.doubleToRawLongBits(out[i].data()), Double.doubleToRawLongBits(forward[i]));
    }
    double[] x = Harness.random(6, 3, -1, 1);
    double[] w = Harness.random(7, 12, -1, 1);
    Value[][] wv = new Value[4][];
    for (int j = 0; j < 4; j++) {
      wv[j] = values(java.util.Arrays.copyOfRange(w, 3 * j, 3 * j + 3));
    }
    Value[] xv = values(x);
    CompiledFunction lin = adapter("LinearFunction");
    Value[] y = (Value[]) lin.invokeOriginal(new Object[] {xv, wv});
    double[] fy = lin.forward(new double[][] {x, w}, new Object[0]);
    double[] seed = {1, -2, 0.5, 3};
    Value loss = Value.of(0);
    for (int j = 0; j < 4; j++) {
      assertEquals(Double.doubleToRawLongBits(y[j].data()), Double.doubleToRawLongBits(fy[j]));
      loss = loss.add(y[j].mul(seed[j]));
    }
    loss.backward();
    double[][] g = lin.vjp(new double[][] {x, w}, new Object[0], seed);
    for (int i = 0; i < 3; i++) {
      assertEquals(xv[i].grad(), g[0][i], 1e-14);
    }
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < 3; i++) {
        assertEquals(wv[j][i].grad(), g[1][3 * j + i], 1e-14);
      }
    }
    double[] jvp = lin.jvp(new double[][] {x, w}, new Object[0], new double[][] {x, w});
    assertEquals(4, jvp.length);
  }

  @Test
  void adapterMixHandlesScalarListAndPassiveArguments() {
    CompiledFunction mix = adapter("MixFunction");
    double[] xs = {0.25, -1.5, 2.0};
    Value a = Value.of(0.75);
    Value[] xv = values(xs);
    Value y = (Value) mix.invokeOriginal(new Object[] {a, List.of(xv), 0.5, true});
    double[] fy = mix.forward(new double[][] {{0.75}, xs}, new Object[] {0.5, true});
    assertEquals(Double.doubleToRawLongBits(y.data()), Double.doubleToRawLongBits(fy[0]));
    y.backward();
    double[][] g = mix.vjp(new double[][] {{0.75}, xs}, new Object[] {0.5, true}, new double[] {1});
    assertEquals(1, g[0].length);
    assertEquals(a.grad(), g[0][0], 1e-15);
    for (int i = 0; i < 3; i++) {
      assertEquals(xv[i].grad(), g[1][i], 1e-15);
    }
    double[] t =
        mix.jvp(
            new double[][] {{0.75}, xs}, new Object[] {0.5, true}, new double[][] {{1}, {0, 0, 0}});
    assertEquals(a.grad(), t[0], 1e-15);
  }

  @Test
  void adapterOuterFlattensMatrixOutput() {
    CompiledFunction outer = adapter("OuterFunction");
    double[] u = {1, 2};
    double[] v = {3, 4, 5};
    assertEquals(
        List.of(3.0, 4.0, 5.0, 6.0, 8.0, 10.0),
        boxed(outer.forward(new double[][] {u, v}, new Object[0])));
    double[][] g = outer.vjp(new double[][] {u, v}, new Object[0], new double[] {1, 0, 0, 0, 0, 1});
    assertEquals(List.of(3.0, 5.0), boxed(g[0]));
    assertEquals(List.of(1.0, 0.0, 2.0), boxed(g[1]));
    assertEquals(
        List.of(0.0, 0.0, 0.0, 3.0, 4.0, 5.0),
        boxed(outer.jvp(new double[][] {u, v}, new Object[0], new double[][] {{0, 1}, {0, 0, 0}})));
  }

  private static List<Double> boxed(double[] d) {
    return java.util.Arrays.stream(d).boxed().toList();
  }
}
