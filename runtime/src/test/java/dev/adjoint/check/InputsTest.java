package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Kind;
import dev.adjoint.CompiledFunction.Parameter;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputsTest {

  /** Only the parameters and the output shape matter to the generator; nothing else is called. */
  private static CompiledFunction withParameters(Parameter... params) {
    return (CompiledFunction)
        Proxy.newProxyInstance(
            CompiledFunction.class.getClassLoader(),
            new Class<?>[] {CompiledFunction.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "parameters" -> List.of(params);
                  case "outputShape" -> List.of();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void randomPointsStayInTheDomainAndBooleansTakeBothValues() {
    CompiledFunction fn =
        withParameters(
            new Parameter("x", Kind.VALUE_ARRAY, List.of(50), 0.1, 10),
            new Parameter("i", Kind.INT, List.of(), 0, 4),
            new Parameter("b", Kind.BOOLEAN, List.of(), 0, 1));
    Set<Object> booleans = new HashSet<>();
    for (Point p : Inputs.generate(fn, 1, 4, false)) {
      assertTrue(p.random());
      for (double v : p.inputs()[0]) {
        assertTrue(v >= 0.1 && v <= 10, "x = " + v);
      }
      int i = (Integer) p.passive()[0];
      assertTrue(i >= 0 && i <= 4, "i = " + i);
      booleans.add(p.passive()[1]);
    }
    assertEquals(Set.of(true, false), booleans);
  }

  @Test
  void edgePointsAreClampedOnlyIntoDeclaredDomains() {
    CompiledFunction fn =
        withParameters(
            new Parameter("free", Kind.VALUE_ARRAY, List.of(4), -3, 3),
            new Parameter("positive", Kind.VALUE_ARRAY, List.of(4), 0.1, 10));
    List<Point> points = Inputs.generate(fn, 1, 0, true);
    assertEquals(
        List.of("edge:large", "edge:tiny", "edge:ties", "edge:mixed"),
        points.stream().map(Point::label).toList());
    Point large = points.get(0);
    for (double v : large.inputs()[0]) {
      assertEquals(1000, Math.abs(v));
    }
    for (double v : large.inputs()[1]) {
      assertTrue(v == 0.1 || v == 10, "clamped: " + v);
    }
    for (double v : points.get(1).inputs()[0]) {
      assertTrue(Math.abs(v) <= 1e-8, "tiny: " + v);
    }
    Point ties = points.get(2);
    for (double v : ties.inputs()[0]) {
      assertEquals(ties.inputs()[0][0], v);
    }
  }

  @Test
  void generationIsDeterministic() {
    CompiledFunction fn = new CrossEntropyFunction();
    Point a = Inputs.generate(fn, 5, 2, true).get(1);
    Point b = Inputs.generate(fn, 5, 2, true).get(1);
    assertEquals(
        List.of(a.inputs()[0][0], a.passive()[0]), List.of(b.inputs()[0][0], b.passive()[0]));
  }

  @Test
  void relativeErrorsHandleSpecialValues() {
    assertEquals(0, Tracker.relativeError(Double.NaN, Double.NaN, 1));
    assertEquals(0, Tracker.relativeError(0.0, -0.0, 0));
    assertEquals(0, Tracker.relativeError(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 1));
    assertEquals(Double.POSITIVE_INFINITY, Tracker.relativeError(Double.NaN, 1, 1));
    assertEquals(
        Double.POSITIVE_INFINITY, Tracker.relativeError(1e308, Double.POSITIVE_INFINITY, 1));
    assertEquals(0.5, Tracker.relativeError(1, 2, 0));
    // Below the floor the error is absolute (divided by the floor).
    assertEquals(1e-3, Tracker.relativeError(1e-3, 2e-3, 1), 1e-18);
  }
}
