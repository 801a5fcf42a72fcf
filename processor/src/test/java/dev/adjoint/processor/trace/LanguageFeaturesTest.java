package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java subset the tracer supports, each construct checked against the engine. */
class LanguageFeaturesTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Features",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Features {",
            "  static final int N = 4;",
            "  static final double SCALE = 0.5;",
            "  static final boolean USE_BIAS = false;",
            "",
            "  @Differentiable public static Value nested(@Shape({3, 4}) Value[][] m,",
            "      @Shape(4) Value[] x) {",
            "    Value total = Value.of(0);",
            "    double count = 0;",
            "    for (int i = 0; i < m.length; i++) {",
            "      Value row = m[i][0].mul(x[0]);",
            "      for (int j = 1; j < N; j++) {",
            "        row = row.add(m[i][j].mul(x[j]));",
            "        count += 1;",
            "      }",
            "      total = total.add(row.tanh());",
            "    }",
            "    return total.mul(count).mul(SCALE);",
            "  }",
            "",
            "  @Differentiable public static Value selectOnData(@Shape(6) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (Value v : x) {",
            "      Value y;",
            "      if (v.data() > 0) {",
            "        y = v.mul(2);",
            "      } else {",
            "        y = v.mul(0.1);",
            "      }",
            "      acc = acc.add(y);",
            "      acc = v.data() < -1 ? acc.sub(v) : acc;",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value selectOnIndex(@Shape(5) Value[] x, int target) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) {",
            "      Value term = x[i].mul(x[i]);",
            "      if (i == target || i % 2 == 1 && target > 0) term = term.neg();",
            "      acc = acc.add(term);",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value compileTimeIfs(@Shape(5) Value[] x) {",
            "    Value acc = x[0];",
            "    if (USE_BIAS) {",
            "      acc = acc.add(1.0);",
            "    } else if (x.length > 3) {",
            "      acc = acc.mul(x[3]);",
            "    } else {",
            "      acc = acc.mul(x[1]);",
            "    }",
            "    return x.length == 5 ? acc.exp() : acc;",
            "  }",
            "",
            "  @Differentiable public static Value lists(@Shape(5) List<Value> xs) {",
            "    List<Value> squares = new ArrayList<>();",
            "    for (Value v : xs) squares.add(v.mul(v));",
            "    squares.add(xs.get(0));",
            "    List<Value> pair = List.of(xs.get(1), xs.get(xs.size() - 1));",
            "    Value s = Value.sum(squares);",
            "    for (int i = 0; i < squares.size(); i++) s = s.add(squares.get(i).mul(0.5));",
            "    return s.add(Value.sum(pair));",
            "  }",
            "",
            "  @Differentiable public static List<Value> listResult(@Shape(3) Value[] x) {",
            "    List<Value> out = new ArrayList<>();",
            "    for (int i = 0; i < 2; i++) {",
            "      for (int j = 0; j < x.length; j++) out.add(x[j].mul(i + 1));",
            "    }",
            "    out.add(Value.sum(x[0], x[1], x[2]));",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value loopForms(@Shape(10) Value[] x) {",
            "    Value acc = Value.of(1);",
            "    for (int i = x.length - 1; i >= 0; i--) acc = acc.mul(0.5).add(x[i]);",
            "    for (int i = 1; i <= 9; i += 2) acc = acc.add(x[i].div(i));",
            "    for (int i = 8; i > 0; i -= 3) acc = acc.sub(x[i]);",
            "    for (var i = 2; i < 2; i++) acc = acc.log();",
            "    int k = 0;",
            "    for (int i = 0; i < 4; ++i) { k++; acc = acc.add(x[k]); }",
            "    return acc.mul(k);",
            "  }",
            "",
            "  @Differentiable public static Value arithmetic(@Shape(4) Value[] x, double d, int n,",
            "      boolean flag) {",
            "    int m = Math.max(n, 1) * 3 % 7 - Math.abs(n) / 2;",
            "    double y = (double) m / 3 + d * 2 - -d;",
            "    y += Math.exp(d) - Math.log(Math.abs(d) + 1) + Math.sqrt(4) + Math.pow(d, 2);",
            "    y = Math.min(y, 100.0) + Math.tanh(d) + (flag ? 1 : 0);",
            "    Value acc = x[0].mul(y);",
            "    acc = acc.add(x[1].pow(2)).sub(x[2].relu()).div(x[3].exp());",
            "    boolean big = y > 1 && !flag || d == 0;",
            "    return big ? acc : acc.neg();",
            "  }",
            "",
            "  @Differentiable public static Value arraysAndInitializers(@Shape(3) Value[] x,",
            "      @Shape(3) double[] c, @Shape(2) int[] idx) {",
            "    Value[] pair = {x[0], x[1].mul(c[0])};",
            "    Value[][] grid = new Value[2][3];",
            "    for (int i = 0; i < 2; i++)",
            "      for (int j = 0; j < 3; j++) grid[i][j] = x[j].mul(c[j] + i);",
            "    double[] ws = new double[] {1.5, -2};",
            "    Value acc = Value.sum(pair).mul(ws[1]);",
            "    for (Value[] row : grid) acc = acc.add(Value.sum(row));",
            "    acc = acc.add(x[idx[0]]).add(x[idx[1] + 0]);",
            "    return acc.mul(ws[0]).add(Value.sum(Arrays.asList(x)));",
            "  }",
            "",
            "  static Value leaky(Value v) {",
            "    if (v.data() > 0) return v;",
            "    return v.mul(0.01);",
            "  }",
            "",
            "  static Value clip(Value v, double lo) {",
            "    if (v.data() < lo) {",
            "      return Value.of(lo);",
            "    } else if (v.data() > 1) {",
            "      return Value.of(1);",
            "    }",
            "    return v;",
            "  }",
            "",
            "  static double sumOf(double... ds) {",
            "    double s = 0;",
            "    for (double d : ds) s += d;",
            "    return s;",
            "  }",
            "",
            "  @Differentiable public static Value earlyReturns(@Shape(4) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (Value v : x) acc = acc.add(leaky(v)).add(clip(v, -0.5));",
            "    return acc.mul(sumOf(1, 2.5, x.length));",
            "  }",
            "",
            "  @Differentiable public static Value[][] matrixResult(@Shape({2, 3}) Value[][] m) {",
            "    Value[][] out = new Value[3][2];",
            "    for (int i = 0; i < 2; i++)",
            "      for (int j = 0; j < 3; j++) out[j][i] = m[i][j].exp();",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value[] identity(@Shape(3) Value[] x) {",
            "    return x;",
            "  }",
            "",
            "  @Differentiable public static Value[] row(@Shape({2, 3}) Value[][] m) {",
            "    return m[1];",
            "  }",
            "",
            "  @Differentiable public static Value perIterationArrays(@Shape({4, 3}) Value[][] m) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < m.length; i++) {",
            "      Value[] sq = new Value[3];",
            "      for (int j = 0; j < 3; j++) sq[j] = m[i][j].mul(m[i][j]);",
            "      List<Value> kept = new ArrayList<>();",
            "      kept.add(sq[0]);",
            "      kept.add(sq[2]);",
            "      acc = acc.add(Value.sum(sq)).add(Value.sum(kept));",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value[][] tableOfConstantRows(@Shape(4) Value[] q,",
            "      @Shape({3, 4}) Value[][] k, @Shape({3, 4}) Value[][] v) {",
            "    Value[][] out = new Value[2][];",
            "    out[0] = dev.adjoint.nn.Nn.rmsnorm(q);",
            "    out[1] = dev.adjoint.nn.Nn.attention(q, k, v);",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value[][] tableFilledByLoops(@Shape({3, 5}) Value[][] m) {",
            "    Value[][] probs = new Value[m.length][];",
            "    for (int i = 0; i < m.length; i++) probs[i] = dev.adjoint.nn.Nn.softmax(m[i]);",
            "    Value[][] sq = new Value[3][];",
            "    for (int i = 0; i < 3; i++) {",
            "      sq[i] = new Value[5];",
            "      for (int j = 0; j < 5; j++) sq[i][j] = probs[i][j].mul(m[i][j]);",
            "    }",
            "    Value[][] alias = new Value[3][];",
            "    for (int i = 0; i < 3; i++) alias[i] = m[i];",
            "    Value[][] out = new Value[3][];",
            "    for (int i = 0; i < 3; i++) {",
            "      Value[] row = new Value[5];",
            "      for (int j = 0; j < 5; j++) row[j] = sq[i][j].add(alias[2 - i][j]);",
            "      out[i] = row;",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value tablesUsedWhole(@Shape(3) Value[] a,",
            "      @Shape(3) Value[] b) {",
            "    Value[][] t = {a, b};",
            "    Value[][] u = new Value[2][];",
            "    u[0] = b;",
            "    u[1] = a;",
            "    Value[] lin = dev.adjoint.nn.Nn.linear(a, t);",
            "    Value acc = t[1][2].add(u[0][1]);",
            "    for (int i = 0; i < 2; i++) acc = acc.add(u[i][0].mul(t.length));",
            "    for (Value[] row : t) acc = acc.add(row[1]);",
            "    return acc.add(Value.sum(lin));",
            "  }",
            "",
            "  @Differentiable public static Value branchLocalArrays(@Shape(4) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < 2; i++) {",
            "      Value pick;",
            "      if (x[i].data() > 0) {",
            "        Value[] p = dev.adjoint.nn.Nn.softmax(x);",
            "        List<Value> l = new ArrayList<>();",
            "        l.add(p[i]);",
            "        l.add(p[3 - i]);",
            "        pick = Value.sum(l);",
            "      } else {",
            "        pick = x[i].data() < -1 ? dev.adjoint.nn.Nn.logSoftmax(x)[3] : x[i];",
            "      }",
            "      acc = acc.add(pick);",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value scalarInput(Value a, Value b, double c) {",
            "    Value x = a.mul(b).add(c);",
            "    x = x.sub(a.data() * b.data());",
            "    return x.tanh().add(Value.sum());",
            "  }",
            "}");
  }

  @Test
  void nestedLoopsWithCarriedValuesAndConstants() {
    h.check("nested", 20, 31);
  }

  @Test
  void selectsOnData() {
    h.check("selectOnData", 40, 32);
    boolean hasSelect =
        h.traced("selectOnData").function().allNodes().stream()
            .anyMatch(n -> n instanceof Node.Select);
    assertTrue(hasSelect);
  }

  @Test
  void selectsOnLoopIndex() {
    h.check("selectOnIndex", 40, 33);
  }

  @Test
  void compileTimeIfsTraceOnlyTheTakenBranch() {
    h.check("compileTimeIfs", 10, 34);
    boolean hasSelect =
        h.traced("compileTimeIfs").function().allNodes().stream()
            .anyMatch(n -> n instanceof Node.Select);
    assertTrue(!hasSelect);
  }

  @Test
  void lists() {
    h.check("lists", 20, 35);
    assertEquals(SourceMethod.Kind.VALUE_LIST, h.traced("lists").source().params().get(0).kind());
  }

  @Test
  void listResultGrowsInNestedLoops() {
    h.check("listResult", 20, 36);
    SourceMethod s = h.traced("listResult").source();
    assertEquals(SourceMethod.Kind.VALUE_LIST, s.returnKind());
    assertEquals(List.of(7), s.returnShape());
  }

  @Test
  void loopForms() {
    h.check("loopForms", 20, 37);
  }

  @Test
  void intDoubleAndBooleanArithmetic() {
    h.check("arithmetic", 60, 38);
  }

  @Test
  void arraysInitializersAndPassiveArrays() {
    h.check("arraysAndInitializers", 20, 39);
  }

  @Test
  void helpersWithEarlyReturnsAndVarargs() {
    h.check("earlyReturns", 40, 40);
  }

  @Test
  void matrixResult() {
    h.check("matrixResult", 10, 41);
    assertEquals(List.of(3, 2), h.traced("matrixResult").source().returnShape());
    assertEquals(SourceMethod.Kind.VALUE_MATRIX, h.traced("matrixResult").source().returnKind());
  }

  @Test
  void returningParametersCopiesIntoTheOutput() {
    h.check("identity", 5, 42);
    h.check("row", 5, 43);
  }

  @Test
  void arraysAndListsCreatedInLoopsArePrivatized() {
    h.check("perIterationArrays", 20, 44);
  }

  @Test
  void tablesOfRowReferences() {
    h.check("tableOfConstantRows", 10, 46);
    assertEquals(List.of(2, 4), h.traced("tableOfConstantRows").source().returnShape());
    h.check("tableFilledByLoops", 10, 47);
    assertEquals(List.of(3, 5), h.traced("tableFilledByLoops").source().returnShape());
    h.check("tablesUsedWhole", 10, 48);
  }

  @Test
  void armsOfRuntimeBranchesMayFillTheirOwnArrays() {
    h.check("branchLocalArrays", 40, 49);
  }

  @Test
  void scalarInputs() {
    h.check("scalarInput", 20, 45);
  }
}
