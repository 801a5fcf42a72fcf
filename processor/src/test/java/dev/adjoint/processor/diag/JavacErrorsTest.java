package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A source that does not compile gets javac's own error, in javac's words, not an Adjoint code;
 * Adjoint's messages say what is wrong in terms that fit (a stack overflow, a field that is not a
 * compile-time constant).
 */
class JavacErrorsTest {
  private static final String D = "  @Differentiable public static ";

  private static List<String> errors(Compilation c) {
    return c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
  }

  private static void javacAlone(String expected, String... body) {
    Compilation c = DiagnosticsTest.compile(DiagnosticsTest.source(body));
    List<String> errors = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status());
    assertFalse(errors.stream().anyMatch(m -> m.contains("[ADJ")), errors::toString);
    assertTrue(errors.stream().anyMatch(m -> m.contains(expected)), errors::toString);
  }

  @Test
  void aTypoInAValueMethodIsJavacsCannotFindSymbol() {
    javacAlone("cannot find symbol", D + "Value f(Value x, Value y) { return x.mull(y); }");
  }

  @Test
  void aTypoInAHelperNameIsJavacsCannotFindSymbol() {
    javacAlone(
        "cannot find symbol",
        "  static Value helper(Value v) { return v.exp(); }",
        D + "Value f(Value x) { return hlper(x); }");
  }

  @Test
  void aWrongArityToALibraryFunctionIsJavacsError() {
    javacAlone(
        "cannot be applied to given types",
        D + "Value f(Value[] x, Value[][] w) { return Nn.linear(x)[0]; }");
    javacAlone(
        "no suitable method found",
        "  static Value h(Value a) { return a; }",
        "  static Value h(Value a, Value b) { return a.add(b); }",
        D + "Value f(Value x) { return h(x, x, x); }");
  }

  @Test
  void anUnknownVariableIsJavacsError() {
    javacAlone("cannot find symbol", D + "Value f(Value x) {", "    return y;", "  }");
  }

  @Test
  void aStaticFinalFieldThatIsNotAConstantIsCalledSo() {
    Compilation c =
        DiagnosticsTest.compile(
            DiagnosticsTest.source(
                "  static final double SCALE = Math.sqrt(2);",
                "  static double free = 2;",
                D + "Value f(Value x) { return x.mul(SCALE); }",
                D + "Value g(Value x) { return x.mul(free); }"));
    List<String> errors = errors(c);
    assertTrue(
        errors.stream()
            .anyMatch(
                m ->
                    m.startsWith("[ADJ029]")
                        && m.contains("SCALE is static final but not a compile-time constant")),
        errors::toString);
    assertTrue(
        errors.stream().anyMatch(m -> m.startsWith("[ADJ029]") && m.contains("free is not final")),
        errors::toString);
    assertFalse(errors.stream().anyMatch(m -> m.contains("not a static final")), errors::toString);
  }

  @Test
  void aStackOverflowOnADeepExpressionSaysHowToRaiseTheStack() throws InterruptedException {
    StringBuilder chain = new StringBuilder("x");
    for (int k = 0; k < 2000; k++) {
      chain.append(".add(x)");
    }
    AtomicReference<Compilation> result = new AtomicReference<>();
    // A thread of a small, known stack, so that the overflow does not depend on the JVM's.
    Thread t =
        new Thread(
            null,
            () ->
                result.set(
                    DiagnosticsTest.compile(
                        DiagnosticsTest.source(D + "Value f(Value x) { return " + chain + "; }"))),
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    List<String> errors =
        result.get().errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    assertFalse(errors.isEmpty());
    for (String m : errors) {
      assertTrue(m.startsWith("[ADJ900]") && m.contains("StackOverflowError"), m);
      assertTrue(m.contains("-J-Xss") && m.contains("<fork>true</fork>"), m);
      assertFalse(m.contains("report it"), m);
    }
    assertTrue(result.get().errors().get(0).getKind() == Diagnostic.Kind.ERROR);
  }
}
