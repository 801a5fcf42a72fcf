package dev.adjoint.processor.trace;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IR templates for dev.adjoint.nn.Nn reproduce the runtime's Nn bit for bit. */
class NnLibraryTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.UsesNn",
            "package demo;",
            "import dev.adjoint.*;",
            "import dev.adjoint.nn.Nn;",
            "import static dev.adjoint.nn.Nn.rmsnorm;",
            "public final class UsesNn {",
            "  @Differentiable public static Value[] softmax(@Shape(11) Value[] x) {",
            "    return Nn.softmax(x);",
            "  }",
            "  @Differentiable public static Value[] softmaxT(@Shape(5) Value[] x, double t) {",
            "    return Nn.softmax(x, t);",
            "  }",
            "  @Differentiable public static Value[] softmaxConstT(@Shape(5) Value[] x) {",
            "    return Nn.softmax(x, 2);",
            "  }",
            "  @Differentiable public static Value[] logSoftmax(@Shape(6) Value[] x) {",
            "    return Nn.logSoftmax(x);",
            "  }",
            "  @Differentiable public static Value crossEntropy(@Shape(27) Value[] x, int t) {",
            "    return Nn.crossEntropy(x, t);",
            "  }",
            "  @Differentiable public static Value crossEntropyConst(@Shape(4) Value[] x) {",
            "    return Nn.crossEntropy(x, 3);",
            "  }",
            "  @Differentiable public static Value[] linear(@Shape(4) Value[] x,",
            "      @Shape({6, 4}) Value[][] w) {",
            "    return Nn.linear(x, w);",
            "  }",
            "  @Differentiable public static Value[] norm(@Shape(8) Value[] x) {",
            "    return rmsnorm(x);",
            "  }",
            "  @Differentiable public static Value[] attention(@Shape(4) Value[] q,",
            "      @Shape({5, 4}) Value[][] k, @Shape({5, 3}) Value[][] v) {",
            "    return Nn.attention(q, k, v);",
            "  }",
            "  @Differentiable public static Value single(@Shape(1) Value[] x) {",
            "    return Nn.crossEntropy(x, 0).add(Nn.softmax(x)[0]).add(Nn.rmsnorm(x)[0]);",
            "  }",
            "  @Differentiable public static Value block(@Shape(4) Value[] x,",
            "      @Shape({4, 4}) Value[][] w, @Shape({3, 4}) Value[][] out, int target) {",
            "    Value[] h = Nn.rmsnorm(x);",
            "    Value[] a = Nn.linear(h, w);",
            "    Value[] r = new Value[a.length];",
            "    for (int i = 0; i < a.length; i++) r[i] = a[i].relu().add(x[i]);",
            "    return Nn.crossEntropy(Nn.linear(r, out), target);",
            "  }",
            "  @Differentiable public static Value perRow(@Shape({3, 5}) Value[][] m) {",
            "    Value total = Value.of(0);",
            "    for (int i = 0; i < m.length; i++) {",
            "      Value[] p = Nn.softmax(m[i]);",
            "      total = total.add(p[i].log());",
            "    }",
            "    return total;",
            "  }",
            "}");
  }

  @Test
  void softmax() {
    h.check("softmax", 20, 11);
  }

  @Test
  void softmaxWithTemperature() {
    h.check("softmaxT", 20, 12);
    h.check("softmaxConstT", 20, 13);
  }

  @Test
  void logSoftmax() {
    h.check("logSoftmax", 20, 14);
  }

  @Test
  void crossEntropy() {
    h.check("crossEntropy", 30, 15);
    h.check("crossEntropyConst", 10, 16);
  }

  @Test
  void linear() {
    h.check("linear", 20, 17);
  }

  @Test
  void rmsnormViaStaticImport() {
    h.check("norm", 20, 18);
  }

  @Test
  void attention() {
    h.check("attention", 20, 19);
  }

  @Test
  void singleElementVectors() {
    h.check("single", 10, 20);
  }

  @Test
  void composedBlock() {
    h.check("block", 20, 21);
  }

  @Test
  void nnInsideLoopIsPrivatizedPerIteration() {
    h.check("perRow", 20, 22);
  }
}
