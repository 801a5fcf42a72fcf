package dev.adjoint.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Dim;
import dev.adjoint.CompiledFunction.Parameter;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without {@code @Domain}, an {@code int} parameter is sampled where the body can use it: as an
 * index into a dimension (of constant or runtime length), in index arithmetic, as a loop bound; so
 * every point a check draws is one where the method is defined.
 */
class IntRangesTest {

  private static final String SOURCE =
      """
      package demo;

      import dev.adjoint.*;

      public final class Ints {
        @Differentiable
        public static Value rotate(@Shape(12) Value[] x, int k) {
          Value s = Value.of(0);
          for (int i = 0; i < 12; i++) {
            s = s.add(x[(i + k) % 12].mul(i + 1));
          }
          return s;
        }

        @Differentiable
        public static Value pick(Value[] x, int pos) {
          return x[pos].mul(x[0]);
        }

        @Differentiable
        public static Value next(Value[] x, int k) {
          return x[k + 1].tanh();
        }

        @Differentiable
        public static Value window(@Shape(8) Value[] x, int k) {
          Value s = Value.of(0);
          for (int i = 0; i < 3; i++) {
            s = s.add(x[k + i]);
          }
          return s;
        }

        @Differentiable
        public static Value power(Value x, int n) {
          Value p = Value.of(1);
          for (int k = 0; k < n; k++) {
            p = p.mul(x);
          }
          return p;
        }
      }
      """;

  private static final Map<String, CompiledFunction> FUNCTIONS = new HashMap<>();

  @BeforeAll
  static void compile() {
    Compilation c = InMemory.compile(JavaFileObjects.forSourceString("demo.Ints", SOURCE));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
    for (CompiledFunction f : InMemory.functions(c)) {
      FUNCTIONS.put(f.name().substring(f.name().lastIndexOf('.') + 1), f);
    }
  }

  private static Parameter param(String function, int index) {
    return FUNCTIONS.get(function).parameters().get(index);
  }

  /** Every point is examined, but at sizes where no index is valid (an empty vector). */
  private static void allExamined(String function) {
    CheckReport report = GradientCheck.check(FUNCTIONS.get(function));
    assertTrue(report.passed(), report::toString);
    int empty = 0;
    for (String line : report.unexamined()) {
      assertTrue(line.contains("where the original throws: random#0 [n=0]"), report::toString);
      empty += Integer.parseInt(line.substring(0, line.indexOf(' ')));
    }
    assertEquals(report.points() - empty, report.examined(), report::toString);
    assertTrue(report.notApplicable().stream().allMatch(s -> s.startsWith("n=0:")));
  }

  @Test
  void aRotationOffsetIsNonNegative() {
    Parameter k = param("rotate", 1);
    assertEquals(0, k.min());
    assertTrue(k.max() > 0);
    allExamined("rotate");
  }

  @Test
  void anIndexIntoARuntimeLengthIsBoundedByThatLength() {
    Parameter pos = param("pick", 1);
    assertEquals(0, pos.min());
    assertEquals(Dim.of("n", -1), pos.maxSize());
    allExamined("pick");
  }

  @Test
  void anOffsetIndexShiftsTheRange() {
    Parameter k = param("next", 1);
    assertEquals(-1, k.min());
    assertEquals(Dim.of("n", -2), k.maxSize());
    allExamined("next");
  }

  @Test
  void aWindowStaysInsideAConstantLength() {
    Parameter k = param("window", 1);
    assertEquals(0, k.min());
    assertEquals(5, k.max());
    assertNull(k.maxSize());
    allExamined("window");
  }

  @Test
  void aLoopBoundIsSmallAndNonNegative() {
    Parameter n = param("power", 1);
    assertEquals(0, n.min());
    assertTrue(n.max() >= 3 && n.max() <= 8, "max " + n.max());
    allExamined("power");
  }
}
