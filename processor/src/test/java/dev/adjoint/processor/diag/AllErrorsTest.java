package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.diag.DiagnosticsTest.compile;
import static dev.adjoint.processor.diag.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every independent error of a method in one compile, and none that only follows from another. */
class AllErrorsTest {

  private static List<String> ours(Compilation c) {
    return c.errors().stream()
        .map(e -> e.getLineNumber() + ": " + e.getMessage(Locale.ROOT))
        .filter(m -> m.contains("[ADJ"))
        .toList();
  }

  @Test
  void threeUnsupportedStatementsGetThreeErrors() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value f(Value x) {",
            "    try { x = x.exp(); } finally { }",
            "    synchronized (T.class) { x = x.log(); }",
            "    assert x.data() > 0;",
            "    return x.tanh();",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ016]").inFile(src).onLineContaining("try {");
    assertThat(c).hadErrorContaining("[ADJ032]").inFile(src).onLineContaining("synchronized");
    assertThat(c).hadErrorContaining("[ADJ033]").inFile(src).onLineContaining("assert");
    assertEquals(3, ours(c).size(), ours(c).toString());
  }

  @Test
  void everyParameterTheReturnTypeAndTheBodyAreChecked() {
    JavaFileObject src =
        source(
            "  @Differentiable public static double f(",
            "      String s,",
            "      @Shape({2, 3}) Value[] xs,",
            "      @Domain(min = 1, max = 0) Value y,",
            "      Value x) {",
            "    long n = 3;",
            "    return x.data();",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ009]").inFile(src).onLineContaining("double f(");
    assertThat(c).hadErrorContaining("[ADJ008]").inFile(src).onLineContaining("String s");
    assertThat(c).hadErrorContaining("[ADJ011]").inFile(src).onLineContaining("Value[] xs");
    assertThat(c).hadErrorContaining("[ADJ038]").inFile(src).onLineContaining("@Domain");
    assertThat(c).hadErrorContaining("[ADJ034]").inFile(src).onLineContaining("long n");
    assertEquals(5, ours(c).size(), ours(c).toString());
  }

  @Test
  void errorsThatFollowFromAnotherAreNotReported() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value f(Value x) {",
            "    long n = 3;",
            "    Value y = x.mul(n);",
            "    int k = (int) x.data() << 1;",
            "    Value z = y.add(k);",
            "    return z.add(Math.cbrt(1));",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ034]").inFile(src).onLineContaining("long n");
    assertThat(c)
        .hadErrorContaining("[ADJ036]")
        .inFile(src)
        .onLineContaining("(int) x.data() << 1");
    assertEquals(2, ours(c).size(), ours(c).toString());
  }

  @Test
  void statementsInLoopsAndBranchesAndAfterThemAreTraced() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value f(Value x) {",
            "    for (int i = 0; i < 3; i++) {",
            "      x = x.mul(2);",
            "      System.out.println(i);",
            "    }",
            "    if (x.data() > 0) {",
            "      x = x.exp();",
            "      assert x.data() > 0;",
            "    }",
            "    String s = \"loss=\" + x.data();",
            "    return x;",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ024]").inFile(src).onLineContaining("println");
    assertThat(c).hadErrorContaining("[ADJ033]").inFile(src).onLineContaining("assert");
    assertThat(c).hadErrorContaining("[ADJ031]").inFile(src).onLineContaining("String s");
    assertEquals(3, ours(c).size(), ours(c).toString());
  }

  @Test
  void anArrayAFailedStatementWritesIsUnknownNotUnwritten() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value f(Value x) {",
            "    Value[] a = new Value[2];",
            "    a[0] = x.mul(Math.cbrt(1));",
            "    a[1] = x;",
            "    return a[0].add(a[1]);",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ024]").inFile(src).onLineContaining("Math.cbrt");
    assertEquals(1, ours(c).size(), ours(c).toString());
  }

  @Test
  void anErrorInAHelperIsReportedOnceWithItsCallChain() {
    JavaFileObject src =
        source(
            "  static Value g(Value x) { return x.mul(Math.cbrt(1)); }",
            "  static Value h(Value x) { return g(x).add(1); }",
            "  @Differentiable public static Value f(Value x) {",
            "    Value y = h(x);",
            "    Value z = h(x.exp());",
            "    try { x = x.log(); } finally { }",
            "    return x;",
            "  }");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining(
            "Math.cbrt(int) (in T.g, inlined at line 7) (in T.h, inlined at line 9)")
        .inFile(src)
        .onLineContaining("static Value g");
    assertThat(c).hadErrorContaining("[ADJ016]").inFile(src).onLineContaining("try {");
    assertEquals(2, ours(c).size(), ours(c).toString());
  }

  @Test
  void messagesNameTheSourcesArraysNotTheTracersCopies() {
    JavaFileObject src =
        source(
            "  static Value[][] half(Value[] x) {",
            "    Value[][] out = new Value[2][2];",
            "    out[0][0] = x[0];",
            "    return out;",
            "  }",
            "  @Differentiable public static Value f(@Shape(2) Value[] x) {",
            "    Value[][] a = half(x);",
            "    Value[][] b = half(x);",
            "    return b[1][0].add(a[0][0]);",
            "  }",
            "  @Differentiable public static Value g(@Shape(2) Value[] x) {",
            "    Value[][] a = half(x);",
            "    Value[][] b = half(x);",
            "    return b[4][0].add(a[0][0]);",
            "  }");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("[ADJ021] array element read before it is written: b[1][0] is read")
        .inFile(src)
        .onLineContaining("return b[1][0]");
    assertThat(c)
        .hadErrorContaining("[ADJ020] index out of bounds: index 4 is outside b (length 2)")
        .inFile(src)
        .onLineContaining("return b[4][0]");
    assertEquals(2, ours(c).size(), ours(c).toString());
    for (String m : ours(c)) {
      assertFalse(m.contains("out_") || m.contains("out[") || m.contains("outside out"), m);
    }
  }

  @Test
  void theOtherMethodsOfTheClassAreStillGenerated() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value bad(Value x) {",
            "    assert x.data() > 0;",
            "    synchronized (T.class) { x = x.log(); }",
            "    return x;",
            "  }",
            "  @Differentiable public static Value good(Value x) { return x.tanh(); }");
    JavaFileObject uses =
        JavaFileObjects.forSourceLines(
            "demo.Uses", "package demo;", "final class Uses { Class<?> c = TCompiled.class; }");
    Compilation c = compile(src, uses);
    // No "cannot find symbol TCompiled": the class was written with the good method.
    assertEquals(2, c.errors().size(), c.errors().toString());
    assertEquals(2, ours(c).size(), ours(c).toString());
  }
}
