package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only points where the method is defined count, and a check that saw too few of them fails. */
class ExaminedPointsTest {

  private static UnaryFunction logShifted(double min, double max) {
    return new UnaryFunction(
        "logShifted",
        min,
        max,
        x -> x.sub(2.5).log(),
        x -> Math.log(x - 2.5),
        x -> 1.0 / (x - 2.5));
  }

  @Test
  void aFunctionUndefinedAtEveryPointIsNotOk() {
    UnaryFunction nan =
        new UnaryFunction(
            "zeroOverZero", -3, 3, x -> x.sub(x).div(x.sub(x)), x -> 0.0 / 0.0, x -> 0.0 / 0.0);
    CheckReport report = GradientCheck.check(nan);
    assertEquals(0, report.examined(), report::toString);
    assertFalse(report.passed(), report::toString);
    assertTrue(report.summary().contains("no point examined"), report::toString);
    assertTrue(report.summary().contains("@Domain"), report::toString);
    assertTrue(report.toString().contains("not examined:"), report::toString);
  }

  @Test
  void aFunctionDefinedOnASliverOfItsRangeIsNotOk() {
    CheckReport report = GradientCheck.check(logShifted(-3, 3));
    assertTrue(2 * report.examined() < report.points(), report::toString);
    assertFalse(report.passed(), report::toString);
    assertTrue(
        report.problems().stream().anyMatch(p -> p.startsWith("only " + report.examined())),
        report::toString);
  }

  @Test
  void theSameFunctionOnItsDomainIsOk() {
    CheckReport report = GradientCheck.of(logShifted(2.6, 3)).assertPasses();
    assertEquals(report.points(), report.examined(), report::toString);
  }

  @Test
  void pointsWhereTheEngineIsNotFiniteAreNotCompared() {
    // A generated forward that disagrees wherever the engine gives NaN: never looked at.
    UnaryFunction f =
        new UnaryFunction(
            "sqrtLike",
            -3,
            3,
            x -> x.pow(0.5),
            x -> x < 0 ? 42 : Math.pow(x, 0.5),
            x -> x < 0 ? 42 : 0.5 * Math.pow(x, -0.5));
    CheckReport report = GradientCheck.of(f).seed(3).run();
    assertTrue(report.examined() < report.points(), report::toString);
    assertEquals(0, report.forwardMaxUlps(), report::toString);
    assertTrue(report.toString().contains("the engine's output is not finite"), report::toString);
  }
}
