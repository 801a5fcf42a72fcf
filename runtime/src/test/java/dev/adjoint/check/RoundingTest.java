package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradientScale;
import dev.adjoint.check.TamperedFunction.Defect;
import org.junit.jupiter.api.Test;

/**
 * The engine comparisons allow the rounding of the terms that make up a derivative, not of the
 * (maybe cancelled) result: sound code that rounds differently passes, wrong code still fails.
 */
class RoundingTest {

  /**
   * {@code x / x}: the engine's derivative {@code 1/x - x/(x*x)} leaves rounding noise on the scale
   * of {@code 1/x}, where the generated {@code 1/x - (x/x)*(1/x)} is exactly 0. Sound both.
   */
  @Test
  void divisionByItselfPassesAtEverySeed() {
    UnaryFunction f =
        new UnaryFunction(
            "divSelf", -3, 3, x -> x.div(x), x -> x / x, x -> 1.0 / x + -(x / x) * (1.0 / x));
    for (long seed = 0; seed < 40; seed++) {
      CheckReport report = GradientCheck.of(f).seed(seed).run();
      assertTrue(report.passed(), report::toString);
    }
  }

  /**
   * Three terms of size 1 that cancel to {@code 1e-10}, added by the generated code in the other
   * order: a relative error near {@code 1e-6} of a gradient whose absolute error is one rounding of
   * 1.
   */
  @Test
  void aCancelledGradientIsJudgedOnTheScaleOfItsTerms() {
    double a = 0.15051096776866638;
    double b = 0.8830091396589759;
    double c = 1.0335201073276423;
    UnaryFunction f =
        new UnaryFunction(
            "cancelled",
            -3,
            3,
            x -> x.mul(a).add(x.mul(b)).sub(x.mul(c)),
            x -> x * a + x * b - x * c,
            x -> (b - c) + a);
    CheckReport report = GradientCheck.of(f).assertPasses();
    // The gradients are about 1e-10: an error of 1e-17 is 1e-7 of them, far beyond the relative
    // limit of 1e-12; only the scale of the terms (1) makes this a pass.
    assertTrue(report.gradientVsEngine().maxAbsolute() > 1e-17, report::toString);
    assertTrue(report.gradientVsEngine().maxAbsolute() < 1e-15, report::toString);
    assertEquals(8, report.examined(), report::toString);
  }

  @Test
  void aGradientOffByOnePartInAMillionFails() {
    CheckReport report =
        GradientCheck.check(
            new TamperedFunction(new CrossEntropyFunction(), Defect.GRADIENT_SCALED_SLIGHTLY));
    assertFalse(report.gradientVsEngine().passed(), report::toString);
    assertTrue(report.gradientVsEngine().worst().contains("logits[0]"), report::toString);
  }

  @Test
  void aGradientOfTheWrongSignFails() {
    CheckReport report =
        GradientCheck.check(new TamperedFunction(new ScalarFunction(), Defect.GRADIENT_SIGN));
    assertFalse(report.gradientVsEngine().passed(), report::toString);
    assertFalse(report.gradientVsFiniteDifference().passed(), report::toString);
  }

  /** Terms that overflow when summed in order are compared after an exact rescaling. */
  @Test
  void tangentSumsThatOverflowAreRescaledNotInfMinusInf() {
    double big = 1e308;
    double[] seed = {1, 1, 1, 1};
    double[] jvp = {big, big, -big, -big};
    double[][] grad = {{0}};
    double[][] dx = {{1}};
    GradientScale.Bound[][] bounds = {{new GradientScale.Bound(4 * 1e307, 2)}};
    assertTrue(Double.isInfinite(big + big - big - big));
    Rounding.Dot dot = Rounding.tangent(16, seed, jvp, grad, dx, bounds);
    assertEquals(0, dot.lhs());
    assertEquals(0, dot.rhs());
    assertTrue(dot.allowance() > 0 && Double.isFinite(dot.allowance()), dot::toString);
  }

  @Test
  void theGradientAllowanceGrowsWithTheDepth() {
    GradientScale.Bound shallow = new GradientScale.Bound(2, 0);
    GradientScale.Bound deep = new GradientScale.Bound(2, 9);
    assertEquals(16 * Math.ulp(2.0), Rounding.gradient(16, shallow));
    assertEquals(160 * Math.ulp(2.0), Rounding.gradient(16, deep));
    assertEquals(
        Double.POSITIVE_INFINITY,
        Rounding.gradient(16, new GradientScale.Bound(Double.POSITIVE_INFINITY, 0)));
  }
}
