package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative compilation per diagnostic: the processor reports the code on the exact line of the
 * construct at fault.
 */
class DiagnosticsTest {

  static JavaFileObject source(String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package demo;");
    lines.add("import dev.adjoint.*;");
    lines.add("import dev.adjoint.nn.Nn;");
    lines.add("import java.util.*;");
    lines.add("public final class T {");
    lines.addAll(List.of(body));
    lines.add("}");
    return JavaFileObjects.forSourceLines("demo.T", lines);
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new AdjointProcessor()).compile(sources);
  }

  static Arguments error(Code code, String line, String... body) {
    return Arguments.of(code, line, body);
  }

  static Stream<Arguments> cases() {
    String d = "  @Differentiable public static ";
    return Stream.of(
        error(
            Code.NOT_STATIC,
            "public Value f",
            "  @Differentiable public Value f(Value x) { return x; }"),
        error(
            Code.PRIVATE_METHOD,
            "private static",
            "  @Differentiable private static Value f(Value x) { return x; }"),
        error(
            Code.UNREACHABLE_CLASS,
            "Value g",
            "  private static class Hidden {",
            "    @Differentiable static Value g(Value x) { return x; }",
            "  }"),
        error(
            Code.UNREACHABLE_CLASS,
            "Value h",
            "  class Inner {",
            "    @Differentiable static Value h(Value x) { return x; }",
            "  }"),
        error(
            Code.OVERLOADED,
            "Value f(Value x, Value y)",
            d + "Value f(Value x) { return x; }",
            d + "Value f(Value x, Value y) { return x.add(y); }"),
        error(Code.GENERIC_METHOD, "<T>", d + "<T> Value f(Value x) { return x; }"),
        error(Code.PARAMETER_TYPE, "String s", d + "Value f(Value x, String s) { return x; }"),
        error(
            Code.PARAMETER_TYPE,
            "double[][] m",
            d + "Value f(Value x, @Shape({2, 2}) double[][] m) { return x; }"),
        error(Code.RETURN_TYPE, "double f", d + "double f(Value x) { return x.data(); }"),
        error(
            Code.BAD_SHAPE,
            "Value[] xs",
            d + "Value f(@Shape({2, 3}) Value[] xs) { return xs[0]; }"),
        error(Code.BAD_SHAPE, "Value x", d + "Value f(@Shape(3) Value x) { return x; }"),
        error(
            Code.BAD_SHAPE,
            "Value[] xs",
            d + "Value f(@Shape(0) Value[] xs) { return Value.of(1); }"),
        error(
            Code.EXCEPTIONS,
            "throw new",
            d + "Value f(Value x) {",
            "    if (x.data() > 1e9) throw new IllegalStateException();",
            "    return x;",
            "  }"),
        error(
            Code.EXCEPTIONS,
            "try {",
            d + "Value f(Value x) {",
            "    try { return x.log(); } finally { }",
            "  }"),
        error(
            Code.INDEX_OUT_OF_BOUNDS, "x[3]", d + "Value f(@Shape(3) Value[] x) { return x[3]; }"),
        error(
            Code.INDEX_OUT_OF_BOUNDS,
            "x[i]",
            d + "Value f(@Shape(3) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i <= x.length; i++) acc = acc.add(x[i]);",
            "    return acc;",
            "  }"),
        error(
            Code.READ_UNWRITTEN,
            "return a[1]",
            d + "Value f(Value x) {",
            "    Value[] a = new Value[2];",
            "    a[0] = x;",
            "    return a[1];",
            "  }"),
        error(
            Code.OPAQUE_CALL,
            "Math.cbrt",
            d + "Value f(Value x) { return x.mul(Math.cbrt(x.data())); }"),
        error(
            Code.OPAQUE_CALL,
            "println",
            d + "Value f(Value x) {",
            "    System.out.println(x.data());",
            "    return x;",
            "  }"),
        error(Code.OPAQUE_CALL, "toString", d + "Value f(Value x) { x.toString(); return x; }"),
        error(
            Code.INSTANCE_CALL,
            "helper(x)",
            "  Value helper(Value x) { return x; }",
            d + "Value f(Value x) { return helper(x); }"),
        error(
            Code.RECURSION,
            "fact(x, n - 1)",
            "  static Value fact(Value x, int n) { return n == 0 ? x : fact(x, n - 1).mul(x); }",
            d + "Value f(Value x) { return fact(x, 3); }"),
        error(
            Code.BACKWARD_INSIDE,
            "backward",
            d + "Value f(Value x) {",
            "    Value y = x.mul(x);",
            "    y.backward();",
            "    return y;",
            "  }"),
        error(
            Code.LAMBDA,
            "map(",
            d + "Value f(@Shape(3) Value[] x) {",
            "    return Value.sum(Arrays.stream(x).map(v -> v.exp()).toArray(Value[]::new));",
            "  }"),
        error(
            Code.FIELD,
            "x.mul(RATE)",
            "  static double RATE = 0.5;",
            d + "Value f(Value x) { return x.mul(RATE); }"),
        error(
            Code.FIELD,
            "count = 1",
            "  static int count;",
            d + "Value f(Value x) { count = 1; return x; }"),
        error(
            Code.NEW_OBJECT,
            "new LinkedList",
            d + "List<Value> f(Value x) {",
            "    List<Value> l = new LinkedList<>();",
            "    return l;",
            "  }"),
        error(
            Code.NEW_OBJECT,
            "class Local",
            d + "Value f(Value x) {",
            "    class Local {}",
            "    return x;",
            "  }"),
        error(
            Code.STRINGS,
            "String s",
            d + "Value f(Value x) {",
            "    String s = \"x\" + x.data();",
            "    return x;",
            "  }"),
        error(
            Code.SYNCHRONIZED,
            "synchronized",
            d + "Value f(Value x) {",
            "    synchronized (T.class) { x = x.exp(); }",
            "    return x;",
            "  }"),
        error(
            Code.UNSUPPORTED_SYNTAX,
            "t[2 - i] = ",
            d + "Value[][] f(@Shape({3, 2}) Value[][] m) {",
            "    Value[][] t = new Value[3][];",
            "    for (int i = 0; i < 3; i++) t[2 - i] = m[i];",
            "    return t;",
            "  }"),
        error(
            Code.READ_UNWRITTEN,
            "return t;",
            d + "Value[][] f(@Shape(2) Value[] a) {",
            "    Value[][] t = new Value[2][];",
            "    t[0] = a;",
            "    return t;",
            "  }"),
        error(
            Code.UNSUPPORTED_SYNTAX,
            "assert",
            d + "Value f(Value x) {",
            "    assert true;",
            "    return x;",
            "  }"),
        error(
            Code.UNSUPPORTED_TYPE,
            "long n",
            d + "Value f(Value x) {",
            "    long n = 3;",
            "    return x;",
            "  }"),
        error(
            Code.ARITHMETIC,
            "(char) x[0].data()",
            d + "Value f(@Shape(3) Value[] x) {",
            "    char k = (char) x[0].data();",
            "    return x[k];",
            "  }"),
        error(
            Code.BAD_DOMAIN,
            "@Domain",
            d + "Value f(@Domain(min = 1, max = 0) Value x) { return x.log(); }"),
        error(
            Code.SHAPE_MISMATCH,
            "Nn.linear",
            d + "Value[] f(@Shape(3) Value[] x, @Shape({2, 4}) Value[][] w) {",
            "    return Nn.linear(x, w);",
            "  }"),
        error(
            Code.NO_RETURN,
            "Value f(Value x)",
            d + "Value f(Value x) {",
            "    for (;;) x = x.mul(x);",
            "  }"),
        error(
            Code.DATA_DEPENDENT_RESULT,
            "return kept",
            d + "List<Value> f(List<Value> xs) {",
            "    List<Value> kept = new ArrayList<>();",
            "    for (Value x : xs) {",
            "      if (x.data() > 0) kept.add(x);",
            "    }",
            "    return kept;",
            "  }"),
        error(
            Code.LIST_GROWTH,
            "rows.add(row)",
            d + "Value f(Value x) {",
            "    List<List<Value>> rows = new ArrayList<>();",
            "    while (x.data() < 10) {",
            "      List<Value> row = new ArrayList<>();",
            "      row.add(x);",
            "      rows.add(row);",
            "      x = Value.sum(row).mul(2).add(1);",
            "    }",
            "    return x;",
            "  }"),
        error(
            Code.LIST_GROWTH,
            "for (Value v : l)",
            d + "Value f(Value x) {",
            "    List<Value> l = new ArrayList<>();",
            "    l.add(x);",
            "    for (Value v : l) {",
            "      if (v.data() > 100) l.add(v.neg());",
            "    }",
            "    return Value.sum(l);",
            "  }"),
        error(
            Code.ALIASED_WRITE,
            "a[0] = a[0].mul(2)",
            d + "Value f(Value[] x) {",
            "    List<Value[]> kept = new ArrayList<>();",
            "    Value[] a = x.clone();",
            "    kept.add(a);",
            "    a[0] = a[0].mul(2);",
            "    return kept.get(0)[0];",
            "  }"),
        error(
            Code.MERGED_REFERENCES,
            "      l = new",
            d + "List<Value> f(@Shape(2) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value v : x) {",
            "      l = new ArrayList<>();",
            "      l.add(v);",
            "    }",
            "    return l;",
            "  }"),
        error(
            Code.TABLE_ROWS,
            "return t",
            d + "Value[][] f(Value[] x) {",
            "    Value[][] t = new Value[x.length][];",
            "    for (int i = 0; i < x.length; i++) {",
            "      t[i] = java.util.Arrays.copyOf(x, i + 1);",
            "    }",
            "    return t;",
            "  }"),
        error(
            Code.TABLE_ROWS,
            "t[0] = x",
            d + "Value f(Value[] x, int n) {",
            "    Value[][] t = new Value[n][];",
            "    t[0] = x;",
            "    return t[0][0];",
            "  }"),
        error(
            Code.CUSTOM_FUNCTION,
            "Value.custom(T.class",
            "  public static double plain(double a) { return a; }",
            d + "Value f(Value x) {",
            "    return Value.custom(T.class, \"plain\", x);",
            "  }"),
        error(
            Code.CUSTOM_RULE,
            "static double[] lossGrad(",
            "  @CustomGradient(\"lossGrad\") public static double loss(double a) { return a; }",
            "  static double[] lossGrad(double a) { return new double[] {1}; }",
            d + "Value f(Value x) {",
            "    return Value.custom(T.class, \"loss\", x);",
            "  }"),
        error(
            Code.UNRESOLVED,
            "return x.mul(Missing.K)",
            d + "Value f(Value x) {",
            "    return x.mul(Missing.K);",
            "  }"));
  }

  @ParameterizedTest(name = "{0} at \"{1}\"")
  @MethodSource("cases")
  void reportsTheCodeAtTheExactLine(Code code, String line, String[] body) {
    JavaFileObject src = source(body);
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[" + code.id() + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void everyLiveCodeHasANegativeTest() {
    Set<Code> covered = EnumSet.noneOf(Code.class);
    cases().forEach(a -> covered.add((Code) a.get()[0]));
    // These need a special setup, tested below and in ProcessorTest.
    covered.addAll(List.of(Code.NOT_JAVAC, Code.NAME_CLASH, Code.INTERNAL));
    Set<Code> live = EnumSet.noneOf(Code.class);
    for (Code c : Code.values()) {
      if (!c.retired()) {
        live.add(c);
      }
    }
    assertEquals(live, covered);
  }

  @Test
  void nameClashWithAUserClass() {
    JavaFileObject losses =
        JavaFileObjects.forSourceLines(
            "demo.Losses",
            "package demo;",
            "import dev.adjoint.*;",
            "public final class Losses {",
            "  @Differentiable public static Value f(Value x) { return x; }",
            "}");
    JavaFileObject clash =
        JavaFileObjects.forSourceLines(
            "demo.LossesCompiled", "package demo;", "public final class LossesCompiled {}");
    Compilation c = compile(losses, clash);
    assertThat(c).hadErrorContaining("[ADJ006]").inFile(losses).onLineContaining("class Losses");
  }

  @Test
  void errorsInInlinedHelpersPointIntoTheHelperAndNameTheCall() {
    JavaFileObject src =
        source(
            "  static Value helper(Value x) {",
            "    if (x.data() < 1) throw new IllegalArgumentException();",
            "    return x;",
            "  }",
            "  @Differentiable public static Value f(Value x) {",
            "    return helper(x.exp());",
            "  }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ016]").inFile(src).onLineContaining("throw new");
    assertThat(c).hadErrorContaining("inlined at line 11");
  }

  @Test
  void messagesCarryTheCodeTitleDetailAndHint() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value f(Value x) {",
            "    while (true) x = x.mul(2);",
            "  }");
    Compilation c = compile(src);
    String message =
        c.errors().stream()
            .map(e -> e.getMessage(null))
            .filter(m -> m.contains("ADJ045"))
            .findFirst()
            .orElseThrow();
    assertTrue(message.startsWith("[ADJ045] the method never returns: "), message);
    assertTrue(message.contains(" Hint: make every path through the method end"), message);
  }

  @Test
  void oneBadMethodDoesNotHideTheOthersErrors() {
    JavaFileObject src =
        source(
            "  @Differentiable public static Value a(Value x) { while (true) x = x.exp(); }",
            "  @Differentiable public static Value b(Value x) { return x.mul(Math.cbrt(1)); }");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[ADJ045]").inFile(src).onLineContaining("Value a(");
    assertThat(c).hadErrorContaining("[ADJ024]").inFile(src).onLineContaining("Value b(");
    long ours = c.errors().stream().filter(e -> e.getMessage(null).startsWith("[ADJ")).count();
    assertEquals(2, ours);
    assertTrue(c.errors().stream().allMatch(e -> e.getKind() == Diagnostic.Kind.ERROR));
  }
}
