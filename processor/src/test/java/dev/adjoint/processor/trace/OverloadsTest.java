package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call of an overloaded helper inlines the overload Java invokes (JLS 15.12.2: applicable without
 * boxing or varargs first, then the most specific), whatever the order of declaration: the traced
 * program is bit-identical to the engine's.
 */
class OverloadsTest {

  private static TraceHarness harness(String... members) {
    String[] lines = new String[members.length + 4];
    lines[0] = "package demo;";
    lines[1] = "import dev.adjoint.*;";
    lines[2] = "public final class Over {";
    System.arraycopy(members, 0, lines, 3, members.length);
    lines[lines.length - 1] = "}";
    return new TraceHarness("demo.Over", lines);
  }

  @Test
  void anIntArgumentPicksTheIntOverloadDeclaredAfterTheDoubleOne() {
    TraceHarness h =
        harness(
            "  static Value k(double a, Value x) { return x.mul(2); }",
            "  static Value k(int a, Value x) { return x.add(a); }",
            "  @Differentiable public static Value f(Value x) { return k(2, x); }");
    h.check("f", 10, 1);
    double[] out = h.compare("f", Value.of(1.5));
    assertEquals(3.5, out[0]);
  }

  @Test
  void fixedArityWinsOverVarargsDeclaredFirst() {
    TraceHarness h =
        harness(
            "  static Value s(Value... xs) { return xs[0].mul(xs[1]); }",
            "  static Value s(Value a, Value b) { return a.add(b); }",
            "  @Differentiable public static Value f(Value x, Value y) { return s(x, y); }");
    h.check("f", 10, 2);
    assertEquals(5.0, h.compare("f", Value.of(2), Value.of(3))[0]);
  }

  @Test
  void varargsApplyWhenNoFixedArityOverloadDoes() {
    TraceHarness h =
        harness(
            "  static Value s(Value a, Value b) { return a.add(b); }",
            "  static Value s(Value... xs) { return xs[0].mul(xs[2]); }",
            "  @Differentiable public static Value f(Value x, Value y) { return s(x, y, x); }");
    h.check("f", 10, 3);
  }

  @Test
  void theIntParameterIsMoreSpecificThanTheDoubleOne() {
    TraceHarness h =
        harness(
            "  static Value m(Value x, double d) { return x.mul(d); }",
            "  static Value m(Value x, int i) { return x.add(i); }",
            "  @Differentiable public static Value f(Value x, int n) {",
            "    return m(x, 3).add(m(x, n)).add(m(x, 0.5));",
            "  }");
    h.check("f", 10, 4);
    assertEquals((1 + 3) + (1 + 2) + 0.5, h.compare("f", Value.of(1), 2)[0]);
  }

  @Test
  void anInheritedOverloadThatIsMoreSpecificWinsOverTheSubclasssOwn() {
    TraceHarness h =
        new TraceHarness(
            List.of(
                JavaFileObjects.forSourceLines(
                    "demo.Base",
                    "package demo;",
                    "import dev.adjoint.*;",
                    "class Base {",
                    "  static Value h(Value x, int i) { return x.add(i); }",
                    "}")),
            "demo.Sub",
            "package demo;",
            "import dev.adjoint.*;",
            "public final class Sub extends Base {",
            "  static Value h(Value x, double d) { return x.mul(d); }",
            "  @Differentiable public static Value f(Value x) { return h(x, 2).add(h(x, 2.5)); }",
            "}");
    h.check("f", 10, 5);
    assertEquals((1 + 2) + 1 * 2.5, h.compare("f", Value.of(1))[0]);
  }
}
