package dev.adjoint.processor.trace;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lists of values, of arrays and of lists, grown anywhere (in loops, under conditions, in helpers);
 * rank-3 arrays; and the JDK's array utilities. Each checked against the engine.
 */
class ContainersTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Box",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Box {",
            "  static void keepPositive(List<Value> out, Value v) {",
            "    if (v.data() > 0) out.add(v);",
            "  }",
            "",
            "  @Differentiable public static Value filtered(Value[] x) {",
            "    List<Value> pos = new ArrayList<>();",
            "    for (Value v : x) keepPositive(pos, v);",
            "    List<Value> squares = new ArrayList<>();",
            "    int i = 0;",
            "    while (i < pos.size()) {",
            "      squares.add(pos.get(i).mul(pos.get(i)));",
            "      i += 2;",
            "    }",
            "    Value acc = Value.sum(squares);",
            "    if (!pos.isEmpty()) acc = acc.add(pos.get(pos.size() - 1));",
            "    for (int k = 0; k < squares.size(); k++) squares.set(k, squares.get(k).neg());",
            "    return acc.add(Value.sum(squares).mul(0.5));",
            "  }",
            "",
            "  @Differentiable public static Value listOfRows(Value[][] m) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    for (Value[] r : m) {",
            "      Value[] copy = Arrays.copyOf(r, r.length);",
            "      for (int j = 0; j < copy.length; j++) copy[j] = copy[j].tanh();",
            "      if (copy.length > 0 && copy[0].data() > -0.5) rows.add(copy);",
            "    }",
            "    Value acc = Value.of(0);",
            "    for (Value[] r : rows) acc = acc.add(Value.sum(r));",
            "    for (int t = 0; t < rows.size(); t++) acc = acc.add(rows.get(t)[0].mul(t));",
            "    Value[][] back = rows.toArray(new Value[0][]);",
            "    return acc.add(back.length);",
            "  }",
            "",
            "  @Differentiable public static Value kvCache(Value[][] xs, Value[][][] wk,",
            "      Value[][][] wv) {",
            "    int layers = wk.length;",
            "    List<List<Value[]>> keys = new ArrayList<>();",
            "    List<List<Value[]>> values = new ArrayList<>();",
            "    for (int l = 0; l < layers; l++) {",
            "      keys.add(new ArrayList<>());",
            "      values.add(new ArrayList<>());",
            "    }",
            "    Value loss = Value.of(0);",
            "    for (int pos = 0; pos < xs.length; pos++) {",
            "      Value[] x = xs[pos];",
            "      for (int l = 0; l < layers; l++) {",
            "        Value[] k = mat(wk[l], x);",
            "        Value[] v = mat(wv[l], x);",
            "        keys.get(l).add(k);",
            "        values.get(l).add(v);",
            "        Value[] logits = new Value[keys.get(l).size()];",
            "        int t = 0;",
            "        for (Value[] kt : keys.get(l)) {",
            "          Value dot = Value.of(0);",
            "          for (int j = 0; j < x.length; j++) dot = dot.add(x[j].mul(kt[j]));",
            "          logits[t++] = dot;",
            "        }",
            "        Value sum = Value.of(0);",
            "        for (int j = 0; j < x.length; j++) {",
            "          for (t = 0; t <= pos; t++) sum = sum.add(logits[t].mul(values.get(l).get(t)[j]));",
            "        }",
            "        x = new Value[x.length];",
            "        for (int j = 0; j < x.length; j++) x[j] = sum.mul(j + 1).tanh();",
            "      }",
            "      loss = loss.add(Value.sum(x));",
            "    }",
            "    return loss;",
            "  }",
            "",
            "  @Differentiable public static Value whileLists(Value x) {",
            "    Value acc = x;",
            "    int rounds = 0;",
            "    while (Math.abs(acc.data()) < 10 && rounds++ < 30) {",
            "      List<Value> row = new ArrayList<>();",
            "      row.add(acc);",
            "      if (acc.data() > 0) row.add(acc.mul(0.5));",
            "      acc = Value.sum(row).mul(2).add(0.25);",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value rowsOfEarlierIterations(Value[][] m) {",
            "    List<Value[]> seen = new ArrayList<>();",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < m.length; i++) {",
            "      for (int t = 0; t < seen.size(); t++) acc = acc.add(seen.get(t)[0].mul(m[i][0]));",
            "      seen.add(m[i].clone());",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  static Value[] mat(Value[][] w, Value[] x) {",
            "    Value[] out = new Value[w.length];",
            "    for (int i = 0; i < w.length; i++) {",
            "      Value acc = Value.of(0);",
            "      for (int j = 0; j < x.length; j++) acc = acc.add(w[i][j].mul(x[j]));",
            "      out[i] = acc;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value utilities(Value[] x, int from, int to) {",
            "    Value[] part = Arrays.copyOfRange(x, from, to);",
            "    Value[] buf = new Value[x.length + 2];",
            "    Arrays.fill(buf, Value.of(1));",
            "    System.arraycopy(x, 0, buf, 1, x.length);",
            "    System.arraycopy(buf, 0, buf, 1, x.length);",
            "    double[] d = new double[3];",
            "    Arrays.fill(d, 0, 2, 2.5);",
            "    List<Value> l = Arrays.asList(part);",
            "    List<Value> two = List.of(x[0], buf[buf.length - 1]);",
            "    Value acc = Value.sum(l).add(Value.sum(two)).mul(d[1] + d[2]);",
            "    for (Value v : buf) acc = acc.add(v);",
            "    Value[] c = buf.clone();",
            "    c[0] = c[0].neg();",
            "    return acc.add(c[0]).add(buf[0]);",
            "  }",
            "",
            "  @Differentiable public static Value cube(Value[][][] t) {",
            "    Value acc = Value.of(0);",
            "    for (int a = 0; a < t.length; a++) {",
            "      for (Value[] row : t[a]) for (Value v : row) acc = acc.add(v.mul(a + 1));",
            "    }",
            "    Value[][][] u = new Value[2][t.length][3];",
            "    for (int a = 0; a < t.length; a++)",
            "      for (int k = 0; k < 3; k++) u[1][a][k] = acc.mul(k);",
            "    for (int a = 0; a < t.length; a++) acc = acc.add(u[1][a][2]);",
            "    return acc;",
            "  }",
            "}");
  }

  @Test
  void listsOfValuesGrownUnderConditionsAndInHelpers() {
    Args a = new Args(21);
    for (int n : new int[] {0, 1, 2, 3, 27, 1000}) {
      h.compare("filtered", (Object) a.values(n));
    }
  }

  @Test
  void listsOfArrays() {
    Args a = new Args(22);
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      h.compare("listOfRows", (Object) a.matrix(n, 3));
    }
  }

  @Test
  void aKeyValueCacheInListsOfLists() {
    Args a = new Args(23);
    for (int t : new int[] {0, 1, 2, 3, 8}) {
      for (int layers : new int[] {0, 1, 2}) {
        h.compare("kvCache", a.matrix(t, 3), a.tensor(layers, 3, 3), a.tensor(layers, 3, 3));
      }
    }
  }

  @Test
  void listsCreatedInWhileLoopsAndRowsReadBeforeTheirIterationAdds() {
    Args a = new Args(26);
    for (int p = 0; p < 10; p++) {
      h.compare("whileLists", a.value());
    }
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      h.compare("rowsOfEarlierIterations", (Object) a.matrix(n, 2));
    }
  }

  @Test
  void arrayUtilities() {
    Args a = new Args(24);
    for (int n : new int[] {1, 2, 3, 27}) {
      for (int from = 0; from <= n; from++) {
        h.compare("utilities", a.values(n), from, Math.min(n, from + 2));
        h.compare("utilities", a.values(n), from, n);
      }
      h.compareOrThrow("utilities", a.values(n), n + 1, n + 2);
      h.compareOrThrow("utilities", a.values(n), 2, 1);
    }
  }

  @Test
  void rankThreeArrays() {
    Args a = new Args(25);
    for (int n : new int[] {0, 1, 2, 3}) {
      h.compare("cube", (Object) a.tensor(n, 2, 3));
    }
  }
}
