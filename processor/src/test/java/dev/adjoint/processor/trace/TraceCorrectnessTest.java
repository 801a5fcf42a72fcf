package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-written models: the traced IR computes what the Value engine computes, bit for bit. */
class TraceCorrectnessTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Models",
            "package demo;",
            "import dev.adjoint.*;",
            "public final class Models {",
            "  @Differentiable",
            "  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {",
            "    double max = Double.NEGATIVE_INFINITY;",
            "    for (Value v : logits) max = Math.max(max, v.data());",
            "    Value[] shifted = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
            "    Value sum = Value.of(0);",
            "    for (Value s : shifted) sum = sum.add(s.exp());",
            "    Value logSum = sum.log();",
            "    return shifted[target].sub(logSum).neg();",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] softmax(@Shape(10) Value[] x) {",
            "    double max = x[0].data();",
            "    for (int i = 1; i < x.length; i++) max = Math.max(max, x[i].data());",
            "    Value[] exps = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) exps[i] = x[i].sub(max).exp();",
            "    Value total = exps[0];",
            "    for (int i = 1; i < x.length; i++) total = total.add(exps[i]);",
            "    Value[] out = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) out[i] = exps[i].div(total);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] logSoftmax(@Shape(7) Value[] x) {",
            "    double max = Double.NEGATIVE_INFINITY;",
            "    for (Value v : x) max = Math.max(max, v.data());",
            "    Value[] shifted = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) shifted[i] = x[i].sub(max);",
            "    Value sum = shifted[0].exp();",
            "    for (int i = 1; i < x.length; i++) sum = sum.add(shifted[i].exp());",
            "    Value logSum = sum.log();",
            "    Value[] out = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) out[i] = shifted[i].sub(logSum);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] temperature(@Shape(6) Value[] x, double t) {",
            "    Value[] scaled = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) scaled[i] = x[i].div(t);",
            "    return softmax(scaled);",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] linear(@Shape(5) Value[] x, @Shape({3, 5}) Value[][] w) {",
            "    Value[] out = new Value[w.length];",
            "    for (int j = 0; j < w.length; j++) {",
            "      Value acc = w[j][0].mul(x[0]);",
            "      for (int i = 1; i < x.length; i++) acc = acc.add(w[j][i].mul(x[i]));",
            "      out[j] = acc;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  static Value[] layer(Value[] x, Value[][] w, Value[] b, boolean relu) {",
            "    Value[] out = new Value[w.length];",
            "    for (int j = 0; j < w.length; j++) {",
            "      Value acc = b[j];",
            "      for (int i = 0; i < x.length; i++) acc = acc.add(w[j][i].mul(x[i]));",
            "      out[j] = relu ? acc.relu() : acc;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value mlp(@Shape(4) Value[] x, @Shape({8, 4}) Value[][] w1,",
            "      @Shape(8) Value[] b1, @Shape({3, 8}) Value[][] w2, @Shape(3) Value[] b2,",
            "      int target) {",
            "    Value[] h = layer(x, w1, b1, true);",
            "    Value[] logits = layer(h, w2, b2, false);",
            "    return crossEntropy27(logits, target);",
            "  }",
            "",
            "  static Value crossEntropy27(Value[] logits, int target) {",
            "    double max = Double.NEGATIVE_INFINITY;",
            "    for (Value v : logits) max = Math.max(max, v.data());",
            "    Value sum = Value.of(0);",
            "    for (Value v : logits) sum = sum.add(v.sub(max).exp());",
            "    return logits[target].sub(max).sub(sum.log()).neg();",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] rmsnorm(@Shape(9) Value[] x) {",
            "    Value ss = Value.of(0.0);",
            "    for (Value v : x) ss = ss.add(v.mul(v));",
            "    Value scale = ss.div(x.length).add(1e-5).pow(-0.5);",
            "    Value[] out = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) out[i] = x[i].mul(scale);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable",
            "  public static Value[] attention(@Shape(4) Value[] q, @Shape({3, 4}) Value[][] k,",
            "      @Shape({3, 2}) Value[][] v) {",
            "    Value[] logits = new Value[k.length];",
            "    for (int t = 0; t < k.length; t++) {",
            "      Value dot = q[0].mul(k[t][0]);",
            "      for (int j = 1; j < q.length; j++) dot = dot.add(q[j].mul(k[t][j]));",
            "      logits[t] = dot.div(Math.sqrt(q.length));",
            "    }",
            "    Value[] w = softmax(logits);",
            "    Value[] out = new Value[v[0].length];",
            "    for (int j = 0; j < out.length; j++) {",
            "      Value acc = w[0].mul(v[0][j]);",
            "      for (int t = 1; t < k.length; t++) acc = acc.add(w[t].mul(v[t][j]));",
            "      out[j] = acc;",
            "    }",
            "    return out;",
            "  }",
            "}");
  }

  @Test
  void issueExampleCrossEntropy() {
    h.check("crossEntropy", 20, 1);
    SourceMethod s = h.traced("crossEntropy").source();
    assertEquals("demo", s.packageName());
    assertEquals("demo.Models", s.declaringClass());
    assertEquals("Models.java", s.sourceFile());
    assertEquals(SourceMethod.Kind.VALUE, s.returnKind());
    SourceMethod.Param target = s.params().get(1);
    assertEquals(0.0, target.min());
    assertEquals(26.0, target.max(), "an int used as an index samples the valid indices");
    assertEquals(-3.0, s.params().get(0).min());
  }

  @Test
  void softmax() {
    h.check("softmax", 20, 2);
    var f = h.traced("softmax").function();
    var result = f.results().get(0);
    assertEquals(List.of(10), result.shape());
    assertEquals(ArrayDecl.Role.OUTPUT, f.array(result.id()).role(), "out itself is the output");
  }

  @Test
  void logSoftmax() {
    h.check("logSoftmax", 20, 3);
  }

  @Test
  void temperatureSoftmax() {
    h.check("temperature", 20, 4);
  }

  @Test
  void linear() {
    h.check("linear", 20, 5);
  }

  @Test
  void mlpWithReluAndHelpers() {
    h.check("mlp", 20, 6);
    assertEquals(2.0, h.traced("mlp").source().params().get(5).max());
  }

  @Test
  void rmsnorm() {
    h.check("rmsnorm", 20, 7);
  }

  @Test
  void attention() {
    h.check("attention", 20, 8);
  }
}
