package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Programs written the way a Java programmer writes them, not to suit the tracer: sorting by data
 * (swaps, an index array and a while loop), argmax, search loops, layer norm, a recurrent cell
 * carried through a for-each, a helper returning from a nested loop, a do/while fixed point, loops
 * over chars, floor arithmetic, local double matrices, boolean arrays, returned lists and arrays.
 * Each is compared with the engine at runtime sizes 0, 1, 2, 3, 5 and 27 and several int arguments
 * (a program that throws must throw on both).
 */
class NaturalProgramsTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Natural",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Natural {",
            "  @Differentiable public static Value bubbleSorted(Value[] x) {",
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
            "    Value s = Value.of(0);",
            "    for (int i = 0; i < a.length; i++) s = s.add(a[i].mul(i + 1));",
            "    return s;",
            "  }",
            "  @Differentiable public static Value insertionSortedIndices(Value[] x) {",
            "    int n = x.length;",
            "    int[] idx = new int[n];",
            "    for (int i = 0; i < n; i++) idx[i] = i;",
            "    for (int i = 1; i < n; i++) {",
            "      int j = i;",
            "      while (j > 0 && x[idx[j - 1]].data() > x[idx[j]].data()) {",
            "        int t = idx[j];",
            "        idx[j] = idx[j - 1];",
            "        idx[j - 1] = t;",
            "        j--;",
            "      }",
            "    }",
            "    Value s = Value.of(0);",
            "    for (int i = 0; i < n; i++) s = s.add(x[idx[i]].mul(i));",
            "    return s;",
            "  }",
            "  @Differentiable public static Value argmaxPick(Value[] x) {",
            "    if (x.length == 0) return Value.of(0);",
            "    int best = 0;",
            "    for (int i = 1; i < x.length; i++) {",
            "      if (x[i].data() > x[best].data()) best = i;",
            "    }",
            "    return x[best].mul(2);",
            "  }",
            "  @Differentiable public static Value firstNonNegative(Value[] x) {",
            "    int i = 0;",
            "    while (i < x.length && x[i].data() < 0) i++;",
            "    return i < x.length ? x[i] : Value.of(-1);",
            "  }",
            "  @Differentiable public static Value layerNorm(Value[] x) {",
            "    int n = x.length;",
            "    if (n == 0) return Value.of(0);",
            "    Value mean = Value.of(0);",
            "    for (Value v : x) mean = mean.add(v);",
            "    mean = mean.div(n);",
            "    Value var = Value.of(0);",
            "    for (Value v : x) {",
            "      Value d = v.sub(mean);",
            "      var = var.add(d.mul(d));",
            "    }",
            "    var = var.div(n);",
            "    Value inv = var.add(1e-5).pow(-0.5);",
            "    Value[] y = new Value[n];",
            "    for (int i = 0; i < n; i++) y[i] = x[i].sub(mean).mul(inv);",
            "    return Value.sum(y);",
            "  }",
            "  @Differentiable public static Value descendingByTwo(Value[] x, int k) {",
            "    Value s = Value.of(1);",
            "    for (int i = x.length - 1; i >= Math.max(k, 0); i -= 2) s = s.mul(x[i].tanh().add(1));",
            "    return s;",
            "  }",
            "  @Differentiable public static Value chosenArray(Value[] x, Value[] y) {",
            "    Value[] a = Value.sum(x).data() > 0 ? x : y;",
            "    Value s = Value.of(0);",
            "    for (Value v : a) s = s.add(v.exp());",
            "    return s;",
            "  }",
            "  @Differentiable public static Value withVar(Value[] x, int k) {",
            "    var out = new ArrayList<Value>();",
            "    for (var v : x) if (v.data() > 0) out.add(v.relu());",
            "    var total = Value.of(0);",
            "    for (int i = out.size() - 1; i >= 0; i--) total = total.add(out.get(i));",
            "    return total.add(out.size());",
            "  }",
            "  @Differentiable public static Value embeddingsOfTokens(Value[][] emb, int[] ids) {",
            "    Value s = Value.of(0);",
            "    for (int t : ids) {",
            "      if (t < emb.length) for (Value v : emb[t]) s = s.add(v.mul(v));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value prefixSums(double[] d, int k) {",
            "    double[] p = new double[d.length + 1];",
            "    for (int i = 0; i < d.length; i++) p[i + 1] = p[i] + d[i];",
            "    Value s = Value.of(0);",
            "    for (int i = 0; i <= d.length; i++) s = s.add(Value.of(p[i]).mul(k));",
            "    return s;",
            "  }",
            "  static Value[] cell(Value[] h, Value[] x, double a) {",
            "    Value[] out = new Value[h.length];",
            "    for (int i = 0; i < h.length; i++) {",
            "      Value in = i < x.length ? x[i] : Value.of(0);",
            "      out[i] = h[i].mul(a).add(in).tanh();",
            "    }",
            "    return out;",
            "  }",
            "  @Differentiable public static Value recurrent(Value[][] xs, int k) {",
            "    int size = Math.max(1, Math.min(k, 3));",
            "    Value[] h = new Value[size];",
            "    Arrays.fill(h, Value.of(0.1));",
            "    for (Value[] xt : xs) {",
            "      h = cell(h, xt, 0.5);",
            "    }",
            "    return Value.sum(h);",
            "  }",
            "  static int findFirst(Value[][] m, double t) {",
            "    for (int i = 0; i < m.length; i++)",
            "      for (int j = 0; j < m[i].length; j++)",
            "        if (m[i][j].data() > t) return i * 100 + j;",
            "    return -1;",
            "  }",
            "  @Differentiable public static Value searchWithHelper(Value[][] m, int k) {",
            "    Value s = Value.of(0);",
            "    for (int r = 0; r < 3; r++) {",
            "      int at = findFirst(m, 0.2 * r - 0.3);",
            "      if (at >= 0) s = s.add(m[at / 100][at % 100]);",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value fixedPoint(Value x) {",
            "    Value y = x;",
            "    boolean changed;",
            "    int it = 0;",
            "    do {",
            "      Value next = y.mul(0.5).add(x.mul(0.25)).tanh();",
            "      changed = Math.abs(next.data() - y.data()) > 1e-6;",
            "      y = next;",
            "      it++;",
            "    } while (changed && it < 100);",
            "    return y;",
            "  }",
            "  @Differentiable public static Value overChars(Value[] x) {",
            "    Value s = Value.of(0);",
            "    for (char c = 'a'; c <= 'e'; c++) {",
            "      int i = c - 'a';",
            "      if (i < x.length) s = s.add(x[i].mul(c));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value floorArithmetic(Value[] x, int k) {",
            "    Value s = Value.of(0);",
            "    for (int i = -5; i < 5; i++) {",
            "      int q = Math.floorDiv(i, 2 + k * k), r = Math.floorMod(i * 3, -4 + k);",
            "      int j = Math.floorMod(i * k, Math.max(1, x.length));",
            "      if (x.length > 0) s = s.add(x[j].mul(q + r + i / 2 + i % 3));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value doubleMatrix(Value[] x) {",
            "    int n = x.length;",
            "    double[][] m = new double[n][n];",
            "    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i][j] = x[i].data() * x[j].data();",
            "    Value s = Value.of(0);",
            "    for (int i = 0; i < n; i++) s = s.add(x[i].mul(m[i][n - 1 - i]));",
            "    return s;",
            "  }",
            "  @Differentiable public static List<Value> logsOfPositives(Value[] x) {",
            "    List<Value> out = new ArrayList<>();",
            "    for (Value v : x) if (v.data() > 0) out.add(v.log());",
            "    return out;",
            "  }",
            "  @Differentiable public static Value[] cumulativeSums(Value[] x) {",
            "    Value[] out = new Value[x.length];",
            "    Value run = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) {",
            "      run = run.add(x[i]);",
            "      out[i] = run;",
            "    }",
            "    return out;",
            "  }",
            "  @Differentiable public static Value used(Value[] x, int k) {",
            "    boolean[] used = new boolean[x.length];",
            "    Value s = Value.of(0);",
            "    for (int r = 0; r < Math.min(Math.max(k, 0), x.length); r++) {",
            "      int best = -1;",
            "      for (int i = 0; i < x.length; i++)",
            "        if (!used[i] && (best < 0 || x[i].data() > x[best].data())) best = i;",
            "      used[best] = true;",
            "      s = s.add(x[best]);",
            "    }",
            "    return s;",
            "  }",
            "  static boolean[] mask(Value[] x) {",
            "    boolean[] m = new boolean[x.length];",
            "    for (int i = 0; i < x.length; i++) m[i] = x[i].data() > 0;",
            "    return m;",
            "  }",
            "  @Differentiable public static Value masked(Value[] x) {",
            "    boolean[] m = mask(x);",
            "    boolean[] flags = {true, false, true};",
            "    Arrays.fill(m, 0, Math.min(1, m.length), false);",
            "    Value s = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) if (m[i] || flags[i % 3]) s = s.add(x[i]);",
            "    boolean any = false;",
            "    for (boolean b : m) any |= b;",
            "    return any ? s : s.neg();",
            "  }",
            "}");
  }

  @Test
  void everyProgramTraces() {
    assertEquals(Map.of(), h.processor.errors);
    assertEquals(20, h.processor.traced.size());
  }

  @Test
  void everyProgramComputesWhatTheEngineComputes() {
    Args a = new Args(2024);
    for (String m : h.processor.traced.keySet()) {
      for (int n : new int[] {0, 1, 2, 3, 5, 27}) {
        for (int k : new int[] {-1, 0, 1, 2, 4}) {
          h.compareOrThrow(m, arguments(m, a, n, k));
        }
      }
    }
  }

  private static Object[] arguments(String method, Args a, int n, int k) {
    List<dev.adjoint.processor.ir.SourceMethod.Param> params =
        h.processor.traced.get(method).source().params();
    Object[] out = new Object[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (params.get(i).kind()) {
            case VALUE -> a.value();
            case INT -> k;
            case VALUE_ARRAY -> a.values(n);
            case VALUE_MATRIX -> a.matrix(n, n % 3 + 1);
            case DOUBLE_ARRAY -> a.doubles(n);
            case INT_ARRAY -> tokens(n, k);
            default -> throw new AssertionError(params.get(i).kind());
          };
    }
    return out;
  }

  /** Token ids, some beyond the embedding table's rows. */
  private static int[] tokens(int n, int k) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.floorMod(i * 7 + k, n + 2);
    }
    return out;
  }
}
