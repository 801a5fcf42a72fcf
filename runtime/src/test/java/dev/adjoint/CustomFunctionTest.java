package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.check.CustomRules;
import dev.adjoint.check.Discrepancy;
import org.junit.jupiter.api.Test;

/**
 * {@link Value#custom}: the engine takes a {@link CustomGradient} function's value from the
 * function and its local derivatives from the rule (with or without the value), rejects functions
 * and rules that do not fit with messages naming them, and {@link CustomRules} tells a right rule
 * from a wrong one.
 */
class CustomFunctionTest {

  /** log(e^a + e^b), stably. */
  @CustomGradient("logAddExpGrad")
  static double logAddExp(double a, double b) {
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  static double[] logAddExpGrad(double a, double b, double y) {
    return new double[] {Math.exp(a - y), Math.exp(b - y)};
  }

  /** A cube, with a rule that needs no value. */
  @CustomGradient("cubeGrad")
  static double cube(double x) {
    return x * x * x;
  }

  static double cubeGrad(double x) {
    return 3 * x * x;
  }

  /** A wrong rule: half the derivative. */
  @CustomGradient("wrongGrad")
  static double wrong(@Domain(min = 1, max = 2) double x) {
    return x * x;
  }

  static double wrongGrad(double x) {
    return x;
  }

  static double plain(double x) {
    return x;
  }

  @CustomGradient("missingGrad")
  static double missing(double x) {
    return x;
  }

  @CustomGradient("shortGrad")
  static double shortRule(double a, double b) {
    return a + b;
  }

  static double[] shortGrad(double a, double b) {
    return new double[] {1};
  }

  @Test
  void valueAndLocalDerivativesComeFromTheFunctionAndItsRule() {
    Value a = Value.of(0.3);
    Value b = Value.of(-1.2);
    Value y = Value.custom(CustomFunctionTest.class, "logAddExp", a, b);
    assertEquals(logAddExp(0.3, -1.2), y.data());
    y.backward();
    double[] p = logAddExpGrad(0.3, -1.2, y.data());
    assertEquals(p[0], a.grad());
    assertEquals(p[1], b.grad());
    assertTrue(y.toDot().contains("label=\"logAddExp\""));

    Value x = Value.of(1.5);
    Value c = Value.custom(CustomFunctionTest.class, "cube", x);
    c.mul(2).backward();
    assertEquals(1.5 * 1.5 * 1.5, c.data());
    assertEquals(2 * 3 * 1.5 * 1.5, x.grad());
  }

  @Test
  void functionsAndRulesThatDoNotFitAreRejectedByName() {
    Value x = Value.of(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Value.custom(CustomFunctionTest.class, "plain", x));
    assertTrue(e.getMessage().contains("not annotated @CustomGradient"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Value.custom(CustomFunctionTest.class, "nothing", x));
    assertTrue(e.getMessage().contains("has no method nothing"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Value.custom(CustomFunctionTest.class, "missing", x));
    assertTrue(e.getMessage().contains("missingGrad"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Value.custom(CustomFunctionTest.class, "cube", x, x));
    assertTrue(e.getMessage().contains("2 double parameters"), e.getMessage());
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class,
            () -> Value.custom(CustomFunctionTest.class, "shortRule", x, x));
    assertTrue(s.getMessage().contains("1 partial derivatives, expected 2"), s.getMessage());
    assertEquals(
        "args[1]",
        assertThrows(
                NullPointerException.class,
                () -> Value.custom(CustomFunctionTest.class, "shortRule", x, null))
            .getMessage());
  }

  @Test
  void theRuleCheckTellsARightRuleFromAWrongOne() {
    Discrepancy right =
        CustomRules.check(CustomFunction.of(CustomFunctionTest.class, "logAddExp", 2), 1);
    assertTrue(right.passed() && right.compared() > 0, right.toString());
    Discrepancy cube = CustomRules.check(CustomFunction.of(CustomFunctionTest.class, "cube", 1), 1);
    assertTrue(cube.passed() && cube.compared() > 0, cube.toString());
    Discrepancy wrong =
        CustomRules.check(CustomFunction.of(CustomFunctionTest.class, "wrong", 1), 1);
    assertFalse(wrong.passed(), wrong.toString());
    assertTrue(wrong.worst().startsWith("wrongGrad of "), wrong.worst());
    CustomFunction w = CustomFunction.of(CustomFunctionTest.class, "wrong", 1);
    assertFalse(w.ruleTakesValue());
    assertEquals(1, w.arity());
  }
}
