package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutation, each checked against the engine: elements written any number of times (also through
 * helpers and with compound assignment), writes into parameters (a local copy in the IR, the
 * caller's array in the engine), array variables reassigned in loops and branches, and aliases.
 */
class MutationTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Mut",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Mut {",
            "  static void scale(Value[] v, double k) {",
            "    for (int i = 0; i < v.length; i++) v[i] = v[i].mul(k);",
            "  }",
            "",
            "  static Value[] layer(Value[] x, Value[][] w) {",
            "    Value[] out = new Value[w.length];",
            "    for (int o = 0; o < w.length; o++) {",
            "      Value acc = Value.of(0);",
            "      for (int j = 0; j < x.length; j++) acc = acc.add(w[o][j].mul(x[j]));",
            "      out[o] = acc.tanh();",
            "    }",
            "    return out;",
            "  }",
            "",
            "  static Value[] rmsnorm(Value[] x) {",
            "    Value ss = Value.of(0);",
            "    for (Value v : x) ss = ss.add(v.mul(v));",
            "    Value scale = ss.div(x.length).add(1e-5).pow(-0.5);",
            "    Value[] out = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) out[i] = x[i].mul(scale);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value inPlace(Value[] x, Value y) {",
            "    Value[] a = new Value[x.length];",
            "    for (int i = 0; i < x.length; i++) a[i] = x[i];",
            "    for (int i = 1; i < a.length; i++) a[i] = a[i].add(a[i - 1]);",
            "    for (int i = 0; i < a.length; i++) a[i] = a[i].mul(y);",
            "    scale(a, 0.5);",
            "    double[] s = new double[a.length];",
            "    for (int i = 0; i < a.length; i++) {",
            "      s[i] += a[i].data();",
            "      s[i] *= 2;",
            "      s[i]++;",
            "    }",
            "    Value acc = Value.sum(a);",
            "    for (double d : s) acc = acc.add(d);",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value sortByData(Value[] x) {",
            "    Value[] a = x.clone();",
            "    for (int i = 0; i < a.length; i++) {",
            "      for (int j = 0; j + 1 < a.length - i; j++) {",
            "        if (a[j].data() > a[j + 1].data()) {",
            "          Value t = a[j];",
            "          a[j] = a[j + 1];",
            "          a[j + 1] = t;",
            "        }",
            "      }",
            "    }",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < a.length; i++) acc = acc.add(a[i].mul(i + 1));",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value writesItsParameters(Value[] x, double[] w,",
            "      Value[][] m) {",
            "    for (int i = 0; i < x.length; i++) x[i] = x[i].tanh();",
            "    w[0] = 3;",
            "    scale(m[0], w[0]);",
            "    Value acc = Value.sum(x).mul(w[0]);",
            "    for (Value[] row : m) acc = acc.add(Value.sum(row));",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value deepNet(Value[][][] w, Value[] x) {",
            "    x = rmsnorm(x);",
            "    for (int l = 0; l < w.length; l++) {",
            "      Value[] residual = x;",
            "      x = rmsnorm(x);",
            "      x = layer(x, w[l]);",
            "      for (int i = 0; i < x.length; i++) x[i] = x[i].add(residual[i]);",
            "    }",
            "    return Value.sum(x);",
            "  }",
            "",
            "  @Differentiable public static Value swapBuffers(Value[] x, int steps) {",
            "    Value[] a = x.clone();",
            "    Value[] b = new Value[x.length];",
            "    for (int s = 0; s < steps; s++) {",
            "      for (int i = 0; i < a.length; i++) {",
            "        Value left = a[(i + a.length - 1) % a.length];",
            "        b[i] = left.add(a[i]).mul(0.5);",
            "      }",
            "      Value[] t = a;",
            "      a = b;",
            "      b = t;",
            "    }",
            "    return Value.sum(a);",
            "  }",
            "",
            "  @Differentiable public static Value branchReassign(Value[] x) {",
            "    Value[] y = x;",
            "    if (x.length > 0 && x[0].data() > 0) {",
            "      y = rmsnorm(x);",
            "    } else if (x.length > 1) {",
            "      y = new Value[x.length - 1];",
            "      for (int i = 0; i < y.length; i++) y[i] = x[i + 1].exp();",
            "    }",
            "    Value[] alias = y;",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < alias.length; i++) acc = acc.add(alias[i].mul(i + 1));",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value whileReassign(Value[] x) {",
            "    Value[] v = x;",
            "    int rounds = 0;",
            "    while (v.length > 0 && Value.sum(v).data() > 0.1 && rounds < 20) {",
            "      Value[] next = new Value[v.length];",
            "      for (int i = 0; i < v.length; i++) next[i] = v[i].mul(0.5).sub(0.05);",
            "      v = next;",
            "      rounds++;",
            "    }",
            "    return Value.sum(v).add(rounds);",
            "  }",
            "",
            "  @Differentiable public static Value rows(Value[][] m) {",
            "    Value[][] t = new Value[m.length][m.length == 0 ? 0 : m[0].length];",
            "    for (int i = 0; i < m.length; i++) t[i] = rmsnorm(m[i]);",
            "    t[0][0] = t[0][0].mul(2);",
            "    Value acc = Value.of(0);",
            "    for (Value[] r : t) acc = acc.add(Value.sum(r));",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value writeAfterAdd(Value[] x) {",
            "    List<Value[]> kept = new ArrayList<>();",
            "    Value[] a = x.clone();",
            "    kept.add(a);",
            "    a[0] = a[0].mul(2);",
            "    return kept.get(0)[0];",
            "  }",
            "}");
  }

  @Test
  void elementsWrittenManyTimes() {
    Args a = new Args(11);
    for (int n : new int[] {0, 1, 2, 3, 27, 1000}) {
      h.compare("inPlace", a.values(n), a.value());
    }
    for (int n : new int[] {0, 1, 2, 3, 9}) {
      for (int p = 0; p < 5; p++) {
        h.compare("sortByData", (Object) a.values(n));
      }
    }
  }

  @Test
  void writesIntoParametersGoToACopy() {
    Args a = new Args(12);
    for (int n : new int[] {1, 2, 3, 27}) {
      h.compare("writesItsParameters", a.values(n), a.doubles(2), a.matrix(2, n));
    }
  }

  @Test
  void arrayVariablesReassignedInLoops() {
    Args a = new Args(13);
    for (int layers : new int[] {0, 1, 2, 3}) {
      h.compare("deepNet", a.tensor(layers, 4, 4), a.values(4));
    }
    for (int steps = 0; steps < 4; steps++) {
      h.compare("swapBuffers", a.values(5), steps);
      h.compare("swapBuffers", a.values(1), steps);
    }
    for (int p = 0; p < 10; p++) {
      h.compare("whileReassign", (Object) a.values(p % 4));
    }
  }

  @Test
  void arrayVariablesReassignedInBranches() {
    Args a = new Args(14);
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      for (int p = 0; p < 4; p++) {
        h.compare("branchReassign", (Object) a.values(n));
      }
    }
  }

  @Test
  void rowsAssignedIntoAMatrix() {
    Args a = new Args(15);
    for (int n : new int[] {1, 2, 3}) {
      h.compare("rows", (Object) a.matrix(n, n + 1));
    }
  }

  @Test
  void aWriteToAnArrayCopiedIntoAListIsAnError() {
    String error = h.error("writeAfterAdd");
    assertTrue(error != null && error.startsWith("[ADJ042]"), error);
  }
}
