package dev.adjoint.processor.build;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Non-trivial user sources for the build tests: several classes, a nested class, helpers, lists,
 * matrices, passive parameters and {@code Nn} calls, so that every kind of generated code is in the
 * output whose properties (determinism, lint cleanliness) the tests check.
 */
final class Models {
  private Models() {}

  static final String LOSSES =
      String.join(
          "\n",
          "package models;",
          "import dev.adjoint.*;",
          "import dev.adjoint.nn.Nn;",
          "/** Losses. */",
          "public final class Losses {",
          "  private Losses() {}",
          "  /** Cross-entropy written out. */",
          "  @Differentiable",
          "  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value[] shifted = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
          "    Value sum = Value.of(0);",
          "    for (Value s : shifted) sum = sum.add(s.exp());",
          "    return shifted[target].sub(sum.log()).neg();",
          "  }",
          "  /** The library's. */",
          "  @Differentiable",
          "  public static Value library(@Shape(5) Value[] logits, int target) {",
          "    return Nn.crossEntropy(logits, target);",
          "  }",
          "  /** Squared error with weights. */",
          "  @Differentiable",
          "  public static Value weighted(@Shape(4) Value[] y, @Shape(4) double[] t,",
          "      @Domain(min = 0.5, max = 2) double w, boolean square) {",
          "    Value acc = Value.of(0);",
          "    for (int i = 0; i < y.length; i++) {",
          "      Value d = y[i].sub(t[i]);",
          "      acc = acc.add(square ? d.mul(d) : d.relu());",
          "    }",
          "    return acc.mul(w);",
          "  }",
          "  /** Nested. */",
          "  public static final class Smooth {",
          "    private Smooth() {}",
          "    /** Softplus-like. */",
          "    @Differentiable",
          "    public static Value softplus(Value x) { return x.exp().add(1).log(); }",
          "  }",
          "}");

  static final String MLP =
      String.join(
          "\n",
          "package models;",
          "import dev.adjoint.*;",
          "import dev.adjoint.nn.Nn;",
          "import java.util.ArrayList;",
          "import java.util.List;",
          "/** A small network. */",
          "public final class Mlp {",
          "  private Mlp() {}",
          "  static Value[] layer(Value[] x, Value[][] w, Value[] b) {",
          "    Value[] out = new Value[w.length];",
          "    for (int j = 0; j < w.length; j++) {",
          "      Value acc = b[j];",
          "      for (int i = 0; i < x.length; i++) acc = acc.add(w[j][i].mul(x[i]));",
          "      out[j] = acc.tanh();",
          "    }",
          "    return out;",
          "  }",
          "  /** Two layers. */",
          "  @Differentiable",
          "  public static Value[] forward(@Shape(3) Value[] x, @Shape({4, 3}) Value[][] w1,",
          "      @Shape(4) Value[] b1, @Shape({2, 4}) Value[][] w2, @Shape(2) Value[] b2) {",
          "    return layer(layer(x, w1, b1), w2, b2);",
          "  }",
          "  /** A list result. */",
          "  @Differentiable",
          "  public static List<Value> normalized(@Shape(3) List<Value> xs) {",
          "    Value total = Value.sum(xs);",
          "    List<Value> out = new ArrayList<>();",
          "    for (Value v : xs) out.add(v.div(total.add(10)));",
          "    return out;",
          "  }",
          "  /** A matrix result. */",
          "  @Differentiable",
          "  public static Value[][] heads(@Shape(4) Value[] q, @Shape({3, 4}) Value[][] k) {",
          "    Value[][] out = new Value[2][];",
          "    out[0] = Nn.rmsnorm(q);",
          "    out[1] = Nn.attention(q, k, k);",
          "    return out;",
          "  }",
          "}");

  static List<JavaFileObject> sources() {
    return List.of(
        JavaFileObjects.forSourceString("models.Losses", LOSSES),
        JavaFileObjects.forSourceString("models.Mlp", MLP));
  }
}
