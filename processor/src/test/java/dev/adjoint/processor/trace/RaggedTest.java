package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables and lists whose rows are made in a loop at runtime lengths: a square table filled by one
 * loop over a runtime row count, and triangles ({@code new Value[i + 1]}, {@code Arrays.copyOf(x, i
 * + 1)}) kept in a {@code Value[n][]} or a {@code List<Value[]>}, read by index, by length and by
 * for-each, also inside an outer loop. A read past a row's own length throws as Java does, never
 * reads the next row.
 */
class RaggedTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Ragged",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Ragged {",
            "  @Differentiable public static Value square(Value[] x) {",
            "    int n = x.length;",
            "    Value[][] t = new Value[n][];",
            "    for (int i = 0; i < n; i++) {",
            "      t[i] = new Value[n];",
            "      for (int j = 0; j < n; j++) t[i][j] = x[j].mul(x[i]);",
            "    }",
            "    Value s = Value.of(0);",
            "    for (Value[] row : t) for (Value v : row) s = s.add(v.tanh());",
            "    return s;",
            "  }",
            "  @Differentiable public static Value triangleTable(Value[] x) {",
            "    int n = x.length;",
            "    Value[][] tri = new Value[n][];",
            "    for (int i = 0; i < n; i++) {",
            "      tri[i] = new Value[i + 1];",
            "      for (int j = 0; j <= i; j++) tri[i][j] = x[j].mul(x[i]);",
            "    }",
            "    Value s = Value.of(0);",
            "    for (Value[] row : tri) for (Value v : row) s = s.add(v);",
            "    for (int i = 0; i < tri.length; i++) {",
            "      s = s.add(tri[i][tri[i].length - 1].mul(tri[i].length));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value copiedPrefixes(Value[] x, int k) {",
            "    Value[][] pre = new Value[x.length][];",
            "    for (int i = 0; i < x.length; i++) pre[i] = Arrays.copyOf(x, i + 1);",
            "    int r = Math.min(Math.max(k, 0), x.length - 1);",
            "    return r < 0 ? Value.of(0) : Value.sum(pre[r]).mul(pre[r].length);",
            "  }",
            "  @Differentiable public static Value readPastARow(Value[] x, int k) {",
            "    int n = x.length;",
            "    Value[][] tri = new Value[n][];",
            "    for (int i = 0; i < n; i++) {",
            "      tri[i] = new Value[i + 1];",
            "      Arrays.fill(tri[i], x[i]);",
            "    }",
            "    return n == 0 ? Value.of(0) : tri[0][k];",
            "  }",
            "  @Differentiable public static Value attentionPerLayer(Value[][] q) {",
            "    Value s = Value.of(0);",
            "    for (int layer = 0; layer < 2; layer++) {",
            "      Value[][] att = new Value[q.length][];",
            "      for (int pos = 0; pos < q.length; pos++) {",
            "        att[pos] = new Value[pos + 1];",
            "        for (int t = 0; t <= pos; t++) {",
            "          att[pos][t] = q[pos][0].mul(q[t][0]).mul(layer + 1).tanh();",
            "        }",
            "      }",
            "      for (Value[] row : att) s = s.add(Value.sum(row));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value triangleList(Value[] x) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    for (int i = 0; i < x.length; i++) {",
            "      Value[] r = new Value[i + 1];",
            "      for (int j = 0; j <= i; j++) r[j] = x[j].mul(x[i]);",
            "      rows.add(r);",
            "    }",
            "    Value s = Value.of(0);",
            "    for (Value[] row : rows) for (Value v : row) s = s.add(v);",
            "    for (int i = 0; i < rows.size(); i++) {",
            "      s = s.add(rows.get(i)[rows.get(i).length - 1].mul(i));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value attentionWeights(Value[][] q, int k) {",
            "    List<Value[]> weights = new ArrayList<>();",
            "    for (int pos = 0; pos < q.length; pos++) {",
            "      Value[] w = new Value[pos + 1];",
            "      Value sum = Value.of(0);",
            "      for (int t = 0; t <= pos; t++) {",
            "        w[t] = q[pos][0].mul(q[t][0]).exp();",
            "        sum = sum.add(w[t]);",
            "      }",
            "      for (int t = 0; t <= pos; t++) w[t] = w[t].div(sum);",
            "      weights.add(w);",
            "    }",
            "    Value s = Value.of(0);",
            "    int p = Math.min(Math.max(k, 0), weights.size() - 1);",
            "    if (p >= 0) for (Value v : weights.get(p)) s = s.add(v.mul(v));",
            "    return s;",
            "  }",
            "  @Differentiable public static Value rowCountFromAnInt(Value[] x, int k) {",
            "    Value[][] t = new Value[Math.max(0, Math.min(k, 6))][];",
            "    for (int i = 0; i < t.length; i++) {",
            "      Value[] row = new Value[i + 1];",
            "      for (int j = 0; j <= i; j++) row[j] = x[0].mul(j + 1);",
            "      t[i] = row;",
            "    }",
            "    Value s = Value.of(0);",
            "    for (Value[] r : t) s = s.add(r[r.length - 1]);",
            "    return s.add(t.length);",
            "  }",
            "  @Differentiable public static Value negativeRowCount(Value[] x, int k) {",
            "    Value[][] t = new Value[k][];",
            "    for (int i = 0; i < k; i++) t[i] = new Value[i + 1];",
            "    return x[0].mul(t.length);",
            "  }",
            "  @Differentiable public static Value tablesInALoop(Value[] x) {",
            "    Value s = Value.of(0);",
            "    for (int p = 0; p < x.length; p++) {",
            "      Value[][] t = new Value[p + 1][];",
            "      for (int i = 0; i <= p; i++) {",
            "        t[i] = Arrays.copyOfRange(x, i, p + 1);",
            "      }",
            "      for (Value[] r : t) s = s.add(Value.sum(r).mul(r.length));",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value tableInAWhileLoop(Value[] x) {",
            "    Value s = Value.of(0);",
            "    while (s.data() < 1) {",
            "      Value[][] t = new Value[2][];",
            "      for (int i = 0; i < 2; i++) t[i] = new Value[i + 1];",
            "      s = s.add(1);",
            "    }",
            "    return s;",
            "  }",
            "  @Differentiable public static Value listReadPastARow(Value[] x, int k) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    for (int i = 0; i < x.length; i++) {",
            "      Value[] r = new Value[i + 1];",
            "      Arrays.fill(r, x[i]);",
            "      rows.add(r);",
            "    }",
            "    return rows.isEmpty() ? Value.of(0) : rows.get(0)[k];",
            "  }",
            "}");
  }

  @Test
  void everyProgramButATableInAWhileLoopTraces() {
    String error = h.error("tableInAWhileLoop");
    assertTrue(error.startsWith("[ADJ033]") && error.contains("List<Value[]>"), error);
    assertEquals(1, h.processor.errors.size());
  }

  @Test
  void rowCountsFromIntsAndOuterLoops() {
    Args a = new Args(63);
    for (int n : new int[] {1, 2, 3, 27}) {
      for (int k : new int[] {-1, 0, 1, 2, 9}) {
        h.compare("rowCountFromAnInt", a.values(n), k);
      }
      h.compare("negativeRowCount", a.values(n), 3);
      h.irFailure("negativeRowCount", a.values(n), -1);
    }
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      h.compare("tablesInALoop", (Object) a.values(n));
    }
  }

  @Test
  void tablesAndListsOfRowsMadeInALoop() {
    Args a = new Args(61);
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      h.compare("square", (Object) a.values(n));
      h.compare("triangleTable", (Object) a.values(n));
      h.compare("triangleList", (Object) a.values(n));
      h.compare("attentionPerLayer", (Object) a.matrix(n, 2));
      for (int k : new int[] {-1, 0, 1, 5}) {
        h.compare("copiedPrefixes", a.values(n), k);
        h.compare("attentionWeights", a.matrix(n, 1), k);
      }
    }
    h.compare("triangleList", (Object) a.values(200));
  }

  @Test
  void aReadPastARowsOwnLengthThrowsLikeJava() {
    Args a = new Args(62);
    for (int n : new int[] {1, 2, 3}) {
      h.compare("readPastARow", a.values(n), 0);
      h.compare("listReadPastARow", a.values(n), 0);
      for (int k : new int[] {-1, 1, 2}) {
        h.irFailure("readPastARow", a.values(n), k);
        h.irFailure("listReadPastARow", a.values(n), k);
      }
    }
  }
}
