package dev.adjoint.processor.trace;

import dev.adjoint.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every program the diagnostics and corpus tests used to reject with a code that is now retired
 * (ADJ010, 012-015, 017-019, 022, 023, 035, 040, and the list growth and char cases), exactly as it
 * was written there: each now traces, and computes what the engine computes.
 */
class FormerlyRejectedTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Former",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Former {",
            "  @Differentiable public static Value missingShape(Value[] xs) { return xs[0]; }",
            "  @Differentiable public static Value missingShapeOnList(List<Value> xs) {",
            "    return xs.get(0);",
            "  }",
            "  @Differentiable public static Value missingShapeOnMatrix(Value[][] m) {",
            "    return m[0][0];",
            "  }",
            "  @Differentiable public static Value missingShapeOnPassiveArray(Value x, double[] w) {",
            "    return x.mul(w[0]);",
            "  }",
            "  @Differentiable public static Value whileCounted(Value x) {",
            "    int i = 0;",
            "    while (i < 3) { x = x.mul(x); i++; }",
            "    return x;",
            "  }",
            "  @Differentiable public static Value doOnData(Value x) {",
            "    do { x = x.mul(x); } while (x.data() < 10);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value whileOnData(Value x) {",
            "    while (x.data() < 100) x = x.mul(2);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value doWhileCounted(Value x) {",
            "    int i = 0;",
            "    do { x = x.tanh(); i++; } while (i < 3);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value doublingFor(Value x) {",
            "    for (int i = 1; i < 8; i *= 2) x = x.mul(x);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value twoVariables(@Shape(3) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0, j = 2; i < 3; i++, j--) acc = acc.add(x[i].mul(x[j]));",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value overDoubles(Value x) {",
            "    for (double t = 0; t < 1; t += 0.25) x = x.mul(t);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value variableAssignedInBody(@Shape(4) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < 4; i++) {",
            "      acc = acc.add(x[i]);",
            "      i = i + 1;",
            "    }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value boundFromParameter(Value x, int n) {",
            "    for (int i = 0; i < n; i++) x = x.mul(x);",
            "    return x;",
            "  }",
            "  @Differentiable public static Value triangular(@Shape(4) Value[] x) {",
            "    Value acc = x[0];",
            "    for (int i = 0; i < 4; i++)",
            "      for (int j = 0; j <= i; j++) acc = acc.add(x[j]);",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value lengthFromParameter(Value x, int n) {",
            "    Value[] a = new Value[n];",
            "    double[] w = new double[n];",
            "    return x;",
            "  }",
            "  @Differentiable public static Value boundFromPassiveArray(@Shape(4) Value[] x,",
            "      @Shape(1) int[] n) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < n[0]; i++) acc = acc.add(x[i]);",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value breakOnIndex(@Shape(3) Value[] x) {",
            "    Value acc = x[0];",
            "    for (int i = 0; i < 3; i++) { if (i == 1) break; acc = acc.add(x[i]); }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value continueAlways(@Shape(3) Value[] x) {",
            "    Value acc = x[0];",
            "    for (int i = 0; i < 3; i++) {",
            "      continue;",
            "    }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value labeledBreak(@Shape({2, 2}) Value[][] m) {",
            "    Value acc = Value.of(0);",
            "    outer: for (int i = 0; i < 2; i++) {",
            "      for (int j = 0; j < 2; j++) {",
            "        if (i == j) break outer;",
            "        acc = acc.add(m[i][j]);",
            "      }",
            "    }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value labeledContinue(@Shape({2, 2}) Value[][] m) {",
            "    Value acc = Value.of(0);",
            "    rows: for (Value[] row : m) {",
            "      for (Value v : row) {",
            "        if (v.data() < 0) continue rows;",
            "        acc = acc.add(v);",
            "      }",
            "    }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value breakOnData(@Shape(3) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (Value v : x) {",
            "      if (v.data() > 1) break;",
            "      acc = acc.add(v);",
            "    }",
            "    return acc;",
            "  }",
            "  @Differentiable public static Value switchDefault(Value x) {",
            "    int k = 2;",
            "    switch (k) { default: x = x.exp(); }",
            "    return x;",
            "  }",
            "  @Differentiable public static Value switchOnParameter(Value x, int mode) {",
            "    switch (mode) {",
            "      case 0: x = x.exp(); break;",
            "      default: x = x.tanh();",
            "    }",
            "    return x;",
            "  }",
            "  @Differentiable public static Value switchExpression(Value x) {",
            "    int k = 1;",
            "    double s = switch (k) { case 0 -> 1.0; default -> 2.0; };",
            "    return x.mul(s);",
            "  }",
            "  @Differentiable public static Value[] storeInArms(Value x) {",
            "    Value[] out = new Value[1];",
            "    if (x.data() > 0) out[0] = x; else out[0] = x.neg();",
            "    return out;",
            "  }",
            "  @Differentiable public static List<Value> listAddInBranch(Value x) {",
            "    List<Value> out = new ArrayList<>();",
            "    if (x.data() < 0) out.add(x.neg());",
            "    out.add(x);",
            "    return out;",
            "  }",
            "  @Differentiable public static Value arrayChosenByData(@Shape(2) Value[] a,",
            "      @Shape(2) Value[] b) {",
            "    Value[] pick = a;",
            "    if (b[0].data() > a[0].data()) pick = b;",
            "    return pick[1];",
            "  }",
            "  @Differentiable public static List<Value> ternaryWithSideEffect(Value x) {",
            "    List<Value> out = new ArrayList<>();",
            "    boolean added = x.data() > 0 ? out.add(x) : false;",
            "    out.add(x.neg());",
            "    return out;",
            "  }",
            "  @Differentiable public static Value reassignedInLoop(@Shape(3) Value[] x) {",
            "    Value[] h = x;",
            "    for (int layer = 0; layer < 2; layer++) {",
            "      Value[] next = new Value[3];",
            "      for (int i = 0; i < 3; i++) next[i] = h[i].tanh();",
            "      h = next;",
            "    }",
            "    return h[0];",
            "  }",
            "  @Differentiable public static Value doubleArrayReassignedInLoop(@Shape(2) Value[] x) {",
            "    double[] acc = {1, 2};",
            "    for (int k = 0; k < 3; k++) {",
            "      double[] step = {acc[1], acc[0] + 1};",
            "      acc = step;",
            "    }",
            "    return x[0].mul(acc[0]);",
            "  }",
            "  @Differentiable public static Value[] writtenTwice(@Shape(3) Value[] x) {",
            "    Value[] out = new Value[1];",
            "    out[0] = x[0];",
            "    for (int i = 1; i < 3; i++)",
            "      out[0] = out[0].add(x[i]);",
            "    return out;",
            "  }",
            "  @Differentiable public static Value[] writtenTwiceStraightLine(Value x) {",
            "    Value[] a = new Value[1];",
            "    a[0] = x;",
            "    a[0] = x.neg();",
            "    return a;",
            "  }",
            "  @Differentiable public static Value storeAtRuntimeIndex(Value x, int k) {",
            "    Value[] a = new Value[3];",
            "    a[k] = x;",
            "    return x;",
            "  }",
            "  @Differentiable public static Value[] storeAtIndexFromPassiveArray(Value x,",
            "      @Shape(1) int[] idx) {",
            "    Value[] a = new Value[2];",
            "    a[0] = x;",
            "    a[idx[0]] = x;",
            "    return a;",
            "  }",
            "  @Differentiable public static Value returnInLoop(@Shape(3) Value[] x) {",
            "    for (int i = 0; i < 3; i++) {",
            "      return x[i];",
            "    }",
            "    return x[0];",
            "  }",
            "  @Differentiable public static Value returnInRuntimeIfInLoop(@Shape(3) Value[] x) {",
            "    for (Value v : x) {",
            "      if (v.data() > 0) return v.neg();",
            "    }",
            "    return x[0];",
            "  }",
            "  @Differentiable public static Value writesParameter(@Shape(3) Value[] x) {",
            "    x[0] = x[1];",
            "    return x[0];",
            "  }",
            "  @Differentiable public static Value addsToParameter(@Shape(3) List<Value> xs) {",
            "    xs.add(xs.get(0));",
            "    return xs.get(0);",
            "  }",
            "  @Differentiable public static Value matrixParameterWrite(",
            "      @Shape({2, 2}) Value[][] m) {",
            "    m[1][0] = m[0][0];",
            "    return m[1][1];",
            "  }",
            "  @Differentiable public static Value passiveParameterWrite(Value x,",
            "      @Shape(2) double[] w) {",
            "    w[0] = 1;",
            "    return x.mul(w[1]);",
            "  }",
            "  @Differentiable public static List<Value> twoAddsPerIteration(@Shape(3) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value v : x) {",
            "      l.add(v);",
            "      l.add(v.neg());",
            "    }",
            "    return l;",
            "  }",
            "  @Differentiable public static List<Value> sizeReadWhileGrowing(@Shape(3) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value v : x) {",
            "      l.add(v.mul(l.size()));",
            "    }",
            "    return l;",
            "  }",
            "  @Differentiable public static List<Value> addOnIndexCondition(@Shape(4) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (int i = 0; i < 4; i++) {",
            "      if (i % 2 == 0) l.add(x[i]);",
            "    }",
            "    return l;",
            "  }",
            "  @Differentiable public static List<Value> growsInNestedLoops(@Shape(2) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value a : x) {",
            "      l.add(a);",
            "      for (Value b : x) l.add(a.mul(b));",
            "    }",
            "    return l;",
            "  }",
            "  @Differentiable public static Value rank3Parameter(@Shape({2, 2, 2}) Value[][][] t) {",
            "    return t[0][0][0];",
            "  }",
            "  @Differentiable public static Value charLiteral(Value x) { return x.mul('a'); }",
            "  @Differentiable public static Value stringConstant(Value x) {",
            "    String s = \"x\";",
            "    return x;",
            "  }",
            "}");
  }

  @Test
  void parametersWithoutShape() {
    Args a = new Args(31);
    for (int n : new int[] {1, 2, 27}) {
      h.compare("missingShape", (Object) a.values(n));
      h.compare("missingShapeOnList", a.list(n));
      h.compare("missingShapeOnMatrix", (Object) a.matrix(n, n + 1));
      h.compare("missingShapeOnPassiveArray", a.value(), a.doubles(n));
    }
    h.compareOrThrow("missingShape", (Object) a.values(0));
  }

  @Test
  void whileAndDoLoops() {
    Args a = new Args(32);
    for (int p = 0; p < 10; p++) {
      Value x = a.value();
      h.compare("whileCounted", x);
      h.compare("doWhileCounted", x);
      h.compare("doOnData", Value.of(1.1 + Math.abs(x.data())));
      h.compare("whileOnData", Value.of(0.05 + Math.abs(x.data())));
    }
  }

  @Test
  void forLoopsOfEveryHeader() {
    Args a = new Args(33);
    for (int p = 0; p < 5; p++) {
      h.compare("doublingFor", a.value());
      h.compare("twoVariables", (Object) a.values(3));
      h.compare("overDoubles", a.value());
      h.compare("variableAssignedInBody", (Object) a.values(4));
      h.compare("triangular", (Object) a.values(4));
      for (int n = -1; n < 4; n++) {
        h.compare("boundFromParameter", a.value(), n);
        h.compare("boundFromPassiveArray", a.values(4), new int[] {Math.max(n, 0)});
      }
      h.compare("lengthFromParameter", a.value(), p);
    }
    h.irFailure("lengthFromParameter", a.value(), -1);
  }

  @Test
  void jumps() {
    Args a = new Args(34);
    for (int p = 0; p < 10; p++) {
      h.compare("breakOnIndex", (Object) a.values(3));
      h.compare("continueAlways", (Object) a.values(3));
      h.compare("labeledBreak", (Object) a.matrix(2, 2));
      h.compare("labeledContinue", (Object) a.matrix(2, 2));
      h.compare("breakOnData", (Object) a.values(3));
    }
  }

  @Test
  void switches() {
    Args a = new Args(35);
    h.compare("switchDefault", a.value());
    h.compare("switchExpression", a.value());
    for (int mode = -1; mode < 3; mode++) {
      h.compare("switchOnParameter", a.value(), mode);
    }
  }

  @Test
  void branchesWithEffects() {
    Args a = new Args(36);
    for (int p = 0; p < 10; p++) {
      h.compare("storeInArms", a.value());
      h.compare("listAddInBranch", a.value());
      h.compare("arrayChosenByData", a.values(2), a.values(2));
      h.compare("ternaryWithSideEffect", a.value());
    }
  }

  @Test
  void mutationAndReassignment() {
    Args a = new Args(37);
    h.compare("reassignedInLoop", (Object) a.values(3));
    h.compare("doubleArrayReassignedInLoop", (Object) a.values(2));
    h.compare("writtenTwice", (Object) a.values(3));
    h.compare("writtenTwiceStraightLine", a.value());
    for (int k = 0; k < 3; k++) {
      h.compare("storeAtRuntimeIndex", a.value(), k);
    }
    h.irFailure("storeAtRuntimeIndex", a.value(), 3);
    h.compare("storeAtIndexFromPassiveArray", a.value(), new int[] {1});
    h.compare("writesParameter", (Object) a.values(3));
    h.compare("addsToParameter", a.list(3));
    h.compare("matrixParameterWrite", (Object) a.matrix(2, 2));
    h.compare("passiveParameterWrite", a.value(), a.doubles(2));
  }

  @Test
  void returnsInsideLoops() {
    Args a = new Args(38);
    for (int p = 0; p < 10; p++) {
      h.compare("returnInLoop", (Object) a.values(3));
      h.compare("returnInRuntimeIfInLoop", (Object) a.values(3));
    }
  }

  @Test
  void listsGrowingIrregularly() {
    Args a = new Args(39);
    h.compare("twoAddsPerIteration", (Object) a.values(3));
    h.compare("sizeReadWhileGrowing", (Object) a.values(3));
    h.compare("addOnIndexCondition", (Object) a.values(4));
    h.compare("growsInNestedLoops", (Object) a.values(2));
  }

  @Test
  void rank3ParametersCharsAndStringConstants() {
    Args a = new Args(40);
    h.compare("rank3Parameter", (Object) a.tensor(2, 2, 2));
    h.compare("charLiteral", a.value());
    h.compare("stringConstant", a.value());
  }
}
