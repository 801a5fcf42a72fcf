package dev.adjoint.processor.trace;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.ir.Function;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Helpers in other classes and files are inlined; their errors point into their own file. */
class InliningTest {

  private static final JavaFileObject UTIL =
      JavaFileObjects.forSourceLines(
          "demo.util.Util",
          "package demo.util;",
          "import dev.adjoint.Value;",
          "public final class Util {",
          "  public static final double EPS = 1e-3;",
          "  public static Value dot(Value[] a, Value[] b) {",
          "    Value acc = a[0].mul(b[0]);",
          "    for (int i = 1; i < a.length; i++) acc = acc.add(a[i].mul(b[i]));",
          "    return acc;",
          "  }",
          "  public static Value square(Value x) { return x.mul(x).add(EPS); }",
          "  public static void fill(Value[] out, Value[] x) {",
          "    for (int i = 0; i < out.length; i++) out[i] = x[i].tanh();",
          "  }",
          "  public static Value broken(Value x) {",
          "    if (x.data() < 1) throw new IllegalStateException();",
          "    return x;",
          "  }",
          "}");

  private static final JavaFileObject SAME_PACKAGE =
      JavaFileObjects.forSourceLines(
          "demo.Near",
          "package demo;",
          "import dev.adjoint.Value;",
          "final class Near {",
          "  static final class Inner {",
          "    static Value twice(Value x) { return x.add(x); }",
          "  }",
          "  static Value half(Value x) { return x.div(2); }",
          "}");

  @Test
  void helpersFromOtherFilesPackagesAndNestedClasses() {
    TraceHarness h =
        new TraceHarness(
            List.of(UTIL, SAME_PACKAGE),
            "demo.Uses",
            "package demo;",
            "import dev.adjoint.*;",
            "import demo.util.Util;",
            "import static demo.util.Util.square;",
            "public final class Uses {",
            "  @Differentiable public static Value f(@Shape(4) Value[] a, @Shape(4) Value[] b) {",
            "    Value[] t = new Value[4];",
            "    Util.fill(t, a);",
            "    Value d = demo.util.Util.dot(t, b);",
            "    return Near.half(Near.Inner.twice(square(d))).mul(Util.EPS);",
            "  }",
            "}");
    h.check("f", 20, 60);
    Function f = h.traced("f").function();
    assertEquals("f", f.name());
  }

  @Test
  void anErrorInAHelperOfAnotherFileIsReportedThere() {
    JavaFileObject uses =
        JavaFileObjects.forSourceLines(
            "demo.Uses",
            "package demo;",
            "import dev.adjoint.*;",
            "import demo.util.Util;",
            "public final class Uses {",
            "  @Differentiable public static Value f(Value x) {",
            "    return Util.broken(x);",
            "  }",
            "}");
    Compilation c = javac().withProcessors(new AdjointProcessor()).compile(UTIL, uses);
    assertThat(c).hadErrorContaining("[ADJ016]").inFile(UTIL).onLineContaining("throw new");
    assertThat(c).hadErrorContaining("(in Util.broken, inlined at line 6)");
  }
}
