package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a {@code Value.custom} call or a {@code @CustomGradient} rule can fail to fit gets its
 * code ({@link Code#CUSTOM_FUNCTION} at the call, {@link Code#CUSTOM_RULE} at the rule's
 * declaration, or at the function's when the rule is missing) on the exact line.
 */
class CustomGradientDiagnosticsTest {

  private static final String D = "  @Differentiable public static ";

  private static final String FUNCTION_2 =
      "  @CustomGradient(\"grad2\") public static double f2(double a, double b) { return a * b; }";

  private static final String FUNCTION_1 =
      "  @CustomGradient(\"grad1\") public static double f1(double a) { return a * a; }";

  static Stream<Arguments> cases() {
    return Stream.of(
        // ---- the call ----
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "return Value.custom(T.class, \"plain\", x)",
            new String[] {
              "  public static double plain(double a) { return a; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"plain\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "Value.custom(T.class, \"f2\", x)",
            new String[] {
              FUNCTION_2,
              "  static double[] grad2(double a, double b) { return new double[] {b, a}; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f2\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "Value.custom(Value.class, \"f1\", x)",
            new String[] {
              FUNCTION_1,
              "  static double grad1(double a) { return 2 * a; }",
              D + "Value f(Value x) {",
              "    return Value.custom(Value.class, \"f1\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "Value.custom(x.getClass(), \"f1\", x)",
            new String[] {
              FUNCTION_1,
              "  static double grad1(double a) { return 2 * a; }",
              D + "Value f(Value x) {",
              "    return Value.custom(x.getClass(), \"f1\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "Value.custom(T.class, \"hidden\", x)",
            new String[] {
              "  @CustomGradient(\"hiddenGrad\") private static double hidden(double a) {",
              "    return a;",
              "  }",
              "  static double hiddenGrad(double a) { return 1; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"hidden\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_FUNCTION,
            "Value.custom(T.class, \"f1\", new Value[] {x})",
            new String[] {
              FUNCTION_1,
              "  static double grad1(double a) { return 2 * a; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f1\", new Value[] {x});",
              "  }"
            }),
        // ---- the rule ----
        Arguments.of(
            Code.CUSTOM_RULE,
            "public static double f2(",
            new String[] {
              FUNCTION_2,
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f2\", x, x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_RULE,
            "static double grad2(double a, double b) {",
            new String[] {
              FUNCTION_2,
              "  static double grad2(double a, double b) {",
              "    return b;",
              "  }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f2\", x, x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_RULE,
            "double[] grad1(",
            new String[] {
              FUNCTION_1,
              "  static double[] grad1(double a) { return new double[] {2 * a}; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f1\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_RULE,
            "double grad1(double a, double b, double c)",
            new String[] {
              FUNCTION_1,
              "  static double grad1(double a, double b, double c) { return a; }",
              D + "Value f(Value x) {",
              "    return Value.custom(T.class, \"f1\", x);",
              "  }"
            }),
        Arguments.of(
            Code.CUSTOM_RULE,
            "static double[] grad2(",
            new String[] {
              FUNCTION_2,
              "  static double[] grad2(double a, double b) { return new double[] {b}; }",
              D + "Value f(Value x, Value y) {",
              "    return Value.custom(T.class, \"f2\", x, y);",
              "  }"
            }));
  }

  @ParameterizedTest(name = "{0} at \"{1}\"")
  @MethodSource("cases")
  void reportsTheCodeAtTheExactLine(Code code, String line, String[] body) {
    JavaFileObject src = DiagnosticsTest.source(body);
    Compilation c = DiagnosticsTest.compile(src);
    assertThat(c).hadErrorContaining("[" + code.id() + "]").inFile(src).onLineContaining(line);
  }
}
