package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.check.TamperedFunction.Defect;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

  @Test
  void correctScalarFunctionPasses() {
    CheckReport report = GradientCheck.of(new ScalarFunction()).assertPasses();
    assertEquals(0, report.forwardMaxUlps());
    assertEquals(8, report.points());
    assertTrue(report.gradientVsFiniteDifference().compared() > 0);
    assertTrue(report.tangentVsFiniteDifference().compared() > 0);
    assertTrue(report.summary().endsWith("PASS"), report.summary());
  }

  @Test
  void correctCrossEntropyPasses() {
    GradientCheck.assertMatches(new CrossEntropyFunction());
    GradientCheck.assertMatches(new CrossEntropyFunction(27));
  }

  @Test
  void faithfulCompilationsAreBitIdenticalToTheEngine() {
    // Both functions perform the engine's operations in its order, and every gradient they
    // accumulate has at most two terms, so not even the accumulation order can differ.
    for (CompiledFunction fn :
        new CompiledFunction[] {new ScalarFunction(), new CrossEntropyFunction()}) {
      CheckReport report = GradientCheck.check(fn);
      assertEquals(0, report.gradientVsEngine().maxAbsolute(), report::toString);
    }
  }

  @Test
  void everyArgumentKindAndVectorOutputsWork() {
    CheckReport report = GradientCheck.of(new AffineFunction()).assertPasses();
    assertEquals("w[2][3], x:list[3], scale:double, squash:boolean -> [2]", report.signature());
    // 2 outputs, 4 random points: one tangent comparison per output and point.
    assertEquals(8, report.tangentVsFiniteDifference().compared());
  }

  @Test
  void largeInputsUseDirectionalDifferences() {
    CheckReport report = GradientCheck.of(new AffineFunction(8, 10)).directions(3).assertPasses();
    assertEquals(4 * 3, report.gradientVsFiniteDifference().compared());
  }

  @Test
  void scaledGradientElementFails() {
    CompiledFunction fn = new TamperedFunction(new CrossEntropyFunction(), Defect.GRADIENT_SCALED);
    CheckReport report = GradientCheck.check(fn);
    assertFalse(report.passed());
    assertFalse(report.gradientVsEngine().passed());
    assertTrue(report.gradientVsEngine().maxRelative() > 5e-4, report::toString);
    assertTrue(report.gradientVsEngine().worst().contains("logits[0]"), report::toString);
    assertFalse(report.gradientVsEngineByInput().get("logits").passed());
    assertTrue(report.tangentVsEngine().passed(), report::toString);
    assertEquals(0, report.forwardMaxUlps());
    AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertMatches(fn));
    assertTrue(e.getMessage().contains("gradient vs engine"), e.getMessage());
    assertTrue(e.getMessage().contains("logits[0]"), e.getMessage());
  }

  @Test
  void flippedTangentFails() {
    CompiledFunction fn = new TamperedFunction(new ScalarFunction(), Defect.TANGENT_SIGN);
    CheckReport report = GradientCheck.check(fn);
    assertFalse(report.tangentVsEngine().passed());
    assertFalse(report.tangentVsFiniteDifference().passed());
    assertTrue(report.gradientVsEngine().passed());
    AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertMatches(fn));
    assertTrue(e.getMessage().contains("tangent vs engine"), e.getMessage());
  }

  @Test
  void flippedTangentOfOneOutputIsLocatedByFiniteDifferences() {
    CompiledFunction fn = new TamperedFunction(new AffineFunction(), Defect.TANGENT_SIGN);
    CheckReport report = GradientCheck.check(fn);
    assertFalse(report.tangentVsFiniteDifference().passed());
    assertTrue(report.tangentVsFiniteDifference().worst().contains("output[0]"), report::toString);
  }

  @Test
  void forwardOneUlpOffFailsUnlessAllowed() {
    CompiledFunction fn = new TamperedFunction(new CrossEntropyFunction(), Defect.FORWARD_ULP);
    CheckReport report = GradientCheck.check(fn);
    assertEquals(1, report.forwardMaxUlps());
    assertFalse(report.passed());
    assertTrue(report.summary().contains("forward differs from the engine by 1 ulps"));
    GradientCheck.of(fn).tolerance(Tolerance.DEFAULT.withForwardUlps(1)).assertPasses();
  }

  @Test
  void exceptionsAndMalformedResultsAreReportedNotThrown() {
    CheckReport throwing =
        GradientCheck.check(new TamperedFunction(new ScalarFunction(), Defect.ORIGINAL_THROWS));
    assertFalse(throwing.passed());
    // The same failure at all 8 points is reported once, naming the points.
    assertEquals(1, throwing.errors().size(), throwing::toString);
    assertTrue(throwing.errors().get(0).startsWith("random#0, random#1,"), throwing::toString);
    assertTrue(
        throwing.errors().get(0).endsWith("IllegalStateException: boom"), throwing::toString);

    CheckReport shape =
        GradientCheck.check(new TamperedFunction(new ScalarFunction(), Defect.VJP_SHAPE));
    assertFalse(shape.passed());
    assertTrue(
        shape.errors().get(0).contains("vjp returned 1 arrays, expected 2"), shape::toString);
  }

  @Test
  void reportsAreDeterministicForASeed() {
    CompiledFunction fn = new TamperedFunction(new AffineFunction(), Defect.GRADIENT_SCALED);
    assertEquals(
        GradientCheck.of(fn).seed(7).run().toString(),
        GradientCheck.of(fn).seed(7).run().toString());
  }

  @Test
  void edgePointsAreJudgedAgainstTheEngineOnly() {
    CheckReport report = GradientCheck.of(new ScalarFunction()).randomPoints(0).run();
    assertTrue(report.passed(), report::toString);
    assertEquals(4, report.points());
    assertEquals(0, report.gradientVsFiniteDifference().compared());
    // exp(1000) overflows at one of the "large" points: the method is undefined there.
    assertEquals(3, report.examined(), report::toString);
    assertEquals(6, report.gradientVsEngine().compared());
  }

  @Test
  void invalidSettingsAreRejected() {
    GradientCheck check = GradientCheck.of(new ScalarFunction());
    assertThrows(IllegalArgumentException.class, () -> check.randomPoints(-1));
    assertThrows(IllegalArgumentException.class, () -> check.finiteDifferenceStep(0));
    assertThrows(
        IllegalArgumentException.class, () -> Tolerance.DEFAULT.withEngineRelative(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Tolerance.DEFAULT.withForwardUlps(-1));
  }
}
