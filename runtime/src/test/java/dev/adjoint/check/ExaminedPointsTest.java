package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction.Dim;
import dev.adjoint.CompiledFunction.Kind;
import dev.adjoint.CompiledFunction.Parameter;
import dev.adjoint.Value;
import dev.adjoint.nn.Nn;
import java.util.Arrays;
import java.util.List;
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

  /**
   * A linear layer of a vector and a bias 1, whose signature does not say that the matrix's rows
   * are one longer than the vector: at every size the checker tries, equal ones included, the
   * original rejects its arguments, except where the matrix has no rows, which agree trivially.
   * That is not a check.
   */
  @Test
  void pointsOnlyWhereADimensionIsZeroOrOneAreNotACheck() {
    RuntimeLinearFunction unrelated =
        new RuntimeLinearFunction() {
          @Override
          public List<Parameter> parameters() {
            return List.of(
                new Parameter("x", Kind.VALUE_ARRAY, List.of(-1), -1, 1, List.of(Dim.of("n"))),
                new Parameter(
                    "w",
                    Kind.VALUE_MATRIX,
                    List.of(-1, -1),
                    -1,
                    1,
                    List.of(Dim.of("m"), Dim.of("k"))));
          }

          @Override
          public Object invokeOriginal(Object[] arguments) {
            Value[] x = (Value[]) arguments[0];
            Value[] withBias = Arrays.copyOf(x, x.length + 1);
            withBias[x.length] = Value.of(1);
            return Nn.linear(withBias, (Value[][]) arguments[1]);
          }
        };
    CheckReport report = GradientCheck.check(unrelated);
    assertTrue(report.examined() > 0, report::toString);
    assertFalse(report.passed(), report::toString);
    assertTrue(report.toString().contains("every examined point has a dimension of 0 or 1"));
    // With the relation declared, the same function is checked at real sizes and passes.
    GradientCheck.of(new RuntimeLinearFunction()).assertPasses();
  }
}
