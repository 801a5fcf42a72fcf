package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs over arrays and lists without {@code @Shape}, written as a Java programmer would: their
 * sizes are known only at run time, and the traced IR computes what the engine computes at every
 * size, bit for bit.
 */
class DynamicSizesTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Sizes",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Sizes {",
            // The seed lesson's softmax and log-softmax, over a Value[] ...
            "  @Differentiable public static Value[] softmax(Value[] logits) {",
            "    double maxVal = Double.NEGATIVE_INFINITY;",
            "    for (Value val : logits) maxVal = Math.max(maxVal, val.data());",
            "    Value[] exps = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) exps[i] = logits[i].sub(maxVal).exp();",
            "    Value total = Value.sum(exps);",
            "    Value[] out = new Value[exps.length];",
            "    for (int i = 0; i < exps.length; i++) out[i] = exps[i].div(total);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value[] logSoftmax(Value[] logits) {",
            "    double maxVal = Double.NEGATIVE_INFINITY;",
            "    for (Value val : logits) maxVal = Math.max(maxVal, val.data());",
            "    Value[] shifted = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(maxVal);",
            "    Value sum = Value.of(0);",
            "    for (Value s : shifted) sum = sum.add(s.exp());",
            "    Value logSum = sum.log();",
            "    Value[] out = new Value[shifted.length];",
            "    for (int i = 0; i < shifted.length; i++) out[i] = shifted[i].sub(logSum);",
            "    return out;",
            "  }",
            "",
            // ... and over a List<Value>.
            "  @Differentiable public static List<Value> softmaxList(List<Value> logits) {",
            "    double maxVal = Double.NEGATIVE_INFINITY;",
            "    for (Value val : logits) maxVal = Math.max(maxVal, val.data());",
            "    List<Value> exps = new ArrayList<>();",
            "    for (Value val : logits) exps.add(val.sub(maxVal).exp());",
            "    Value total = Value.sum(exps);",
            "    List<Value> out = new ArrayList<>();",
            "    for (Value e : exps) out.add(e.div(total));",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static List<Value> logSoftmaxList(List<Value> logits) {",
            "    double maxVal = Double.NEGATIVE_INFINITY;",
            "    for (Value val : logits) maxVal = Math.max(maxVal, val.data());",
            "    List<Value> shifted = new ArrayList<>();",
            "    for (Value val : logits) shifted.add(val.sub(maxVal));",
            "    Value sum = Value.of(0);",
            "    for (Value s : shifted) sum = sum.add(s.exp());",
            "    Value logSum = sum.log();",
            "    List<Value> out = new ArrayList<>();",
            "    for (Value s : shifted) out.add(s.sub(logSum));",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value crossEntropy(Value[] logits, int target) {",
            "    Value[] logProbs = logSoftmax(logits);",
            "    return logProbs[target].neg();",
            "  }",
            "",
            "  @Differentiable public static Value[] linear(Value[] x, Value[][] w) {",
            "    Value[] out = new Value[w.length];",
            "    for (int o = 0; o < w.length; o++) {",
            "      Value acc = Value.of(0);",
            "      for (int j = 0; j < x.length; j++) acc = acc.add(w[o][j].mul(x[j]));",
            "      out[o] = acc;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value[] library(Value[] x, Value[][] w) {",
            "    Value[] h = dev.adjoint.nn.Nn.rmsnorm(dev.adjoint.nn.Nn.linear(x, w));",
            "    Value[] p = dev.adjoint.nn.Nn.softmax(h);",
            "    Value[] lp = dev.adjoint.nn.Nn.logSoftmax(h);",
            "    for (int i = 0; i < p.length; i++) p[i] = p[i].add(lp[i]);",
            "    return p;",
            "  }",
            "",
            "  @Differentiable public static Value nnLoss(Value[] x, Value[][] w, int target) {",
            "    Value[] h = dev.adjoint.nn.Nn.linear(x, w);",
            "    return dev.adjoint.nn.Nn.crossEntropy(h, target).add(Value.sum(dev.adjoint.nn.Nn.softmax(h, 0.5)));",
            "  }",
            "",
            "  @Differentiable public static Value[][] causalAttention(Value[][] q, Value[][] k,",
            "      Value[][] v) {",
            "    int d = q.length == 0 ? 0 : q[0].length;",
            "    Value[][] out = new Value[q.length][d];",
            "    for (int pos = 0; pos < q.length; pos++) {",
            "      Value[] logits = new Value[pos + 1];",
            "      for (int t = 0; t <= pos; t++) {",
            "        Value dot = Value.of(0);",
            "        for (int j = 0; j < d; j++) dot = dot.add(q[pos][j].mul(k[t][j]));",
            "        logits[t] = dot.div(Math.sqrt(d));",
            "      }",
            "      Value[] weights = softmax(logits);",
            "      for (int j = 0; j < d; j++) {",
            "        Value acc = Value.of(0);",
            "        for (int t = 0; t <= pos; t++) acc = acc.add(weights[t].mul(v[t][j]));",
            "        out[pos][j] = acc;",
            "      }",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value triangle(Value[] x, int n) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < n; i++)",
            "      for (int j = i; j < x.length; j += 2) acc = acc.add(x[j].mul(i + 1));",
            "    for (int i = x.length - 1; i >= n; i -= 3) acc = acc.sub(x[i]);",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value[] window(Value[] x, int width) {",
            "    int n = x.length - width + 1;",
            "    Value[] out = new Value[Math.max(n, 0)];",
            "    for (int i = 0; i < n; i++) {",
            "      Value[] w = new Value[width];",
            "      for (int j = 0; j < width; j++) w[j] = x[i + j];",
            "      out[i] = Value.sum(w).div(width);",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value[][] outer(Value[] a, Value[] b) {",
            "    Value[][] m = new Value[a.length][b.length];",
            "    for (int i = 0; i < a.length; i++)",
            "      for (int j = 0; j < b.length; j++) m[i][j] = a[i].mul(b[j]);",
            "    return m;",
            "  }",
            "",
            "  @Differentiable public static Value stacked(Value[][][] w, Value[] x) {",
            "    Value[] h = x;",
            "    for (int l = 0; l < w.length; l++) h = linear(h, w[l]);",
            "    return Value.sum(h);",
            "  }",
            "}");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 27, 1000})
  void theLessonsSoftmaxAndLogSoftmaxAtAnySize(int n) {
    Args a = new Args(n);
    h.compare("softmax", (Object) a.values(n));
    h.compare("logSoftmax", (Object) a.values(n));
    h.compare("softmaxList", a.list(n));
    h.compare("logSoftmaxList", a.list(n));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 27, 1000})
  void crossEntropyAtAnySize(int n) {
    Args a = new Args(n);
    h.compare("crossEntropy", a.values(n), a.nextInt(n));
    // A target outside the logits throws in both.
    h.compareOrThrow("crossEntropy", a.values(n), n);
    h.irFailure("crossEntropy", a.values(n), -1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 27})
  void linearLayerAtAnySize(int n) {
    Args a = new Args(n + 100);
    h.compare("linear", a.values(n), a.matrix(n + 1, n));
    h.compare("linear", a.values(n), a.matrix(3, n + 2));
    h.compare("linear", a.values(n), a.matrix(0, n));
  }

  @Test
  void linearLayerChecksItsShapesAtEntry() {
    Args a = new Args(7);
    String message = h.irFailure("linear", a.values(4), a.matrix(2, 3));
    assertTrue(message.contains("w[0].length (3)") && message.contains("x.length (4)"), message);
    Function f = h.traced("linear").function();
    // The check comes first, before anything is stored.
    int check = -1;
    int firstLoop = -1;
    for (int i = 0; i < f.body().size(); i++) {
      Node n = f.body().get(i);
      if (n instanceof Node.Check && check < 0) {
        check = i;
      }
      if (n instanceof Node.Loop && firstLoop < 0) {
        firstLoop = i;
      }
    }
    assertTrue(check >= 0 && check < firstLoop, "entry check before the loops");
    // With the check, the loops need no index checks.
    assertEquals(0, f.allNodes().stream().filter(DynamicSizesTest::checksIndex).count());
  }

  private static boolean checksIndex(Node n) {
    return n instanceof Node.Apply a && a.op() == dev.adjoint.processor.ir.Op.CHECK_INDEX;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 27})
  void nnFunctionsAcceptRuntimeLengths(int n) {
    Args a = new Args(n + 200);
    h.compare("library", a.values(n), a.matrix(n + 2, n));
    h.compare("nnLoss", a.values(n), a.matrix(n + 2, n), a.nextInt(n + 2));
    // Nn's own checks: an empty vector, rows of the wrong length.
    h.irFailure("library", a.values(n), a.matrix(2, n + 1));
    h.irFailure("library", a.values(0), a.matrix(2, 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 16})
  void causalAttentionWithALengthPerPosition(int t) {
    Args a = new Args(t + 300);
    h.compare("causalAttention", a.matrix(t, 4), a.matrix(t, 4), a.matrix(t, 4));
    // The logits of position pos get one row of a [t][t] array: no pool is needed.
    Function f = h.traced("causalAttention").function();
    for (ArrayDecl d : f.arrays().values()) {
      assertTrue(!d.growable(), d.name() + " is growable");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 27})
  void triangularAndStridedLoopsWithRuntimeBounds(int n) {
    Args a = new Args(n + 400);
    for (int k = 0; k <= n + 2; k++) {
      h.compare("triangle", a.values(n), k);
    }
    // A negative bound makes the last loop read x[-1]: both throw.
    h.compareOrThrow("triangle", a.values(n), -2);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 27})
  void arraysSizedAtRuntimeInsideLoops(int n) {
    Args a = new Args(n + 500);
    for (int w = 0; w <= 4; w++) {
      h.compare("window", a.values(n), w);
    }
    // new Value[-1] throws NegativeArraySizeException; the IR throws too.
    h.irFailure("window", a.values(n + 1), -1);
    h.compare("outer", a.values(n), a.values(n + 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void stackedLayersOfATensorParameter(int layers) {
    Args a = new Args(layers + 600);
    h.compare("stacked", a.tensor(layers, 5, 5), a.values(5));
    h.compare("stacked", a.tensor(layers, 3, 3), a.values(3));
  }
}
