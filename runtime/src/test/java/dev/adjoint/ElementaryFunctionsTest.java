package dev.adjoint;

import static dev.adjoint.FiniteDifferences.assertGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The elementary functions of {@link Value} ({@code sin} to {@code gelu}, {@code pow} of a value,
 * {@code atan2}, {@code min}, {@code max}): gradients against central finite differences at random
 * points of their domains, data and local derivatives equal to the documented expressions bit for
 * bit at random and edge points, and the documented IEEE behaviour at the edges.
 */
class ElementaryFunctionsTest {

  private static final int POINTS = 200;

  private final SplittableRandom random = new SplittableRandom(0xE1E5L);

  /** A unary function, its documented data and local derivative, and a smooth domain. */
  private record Unary(
      String name,
      UnaryOperator<Value> op,
      DoubleUnaryOperator data,
      DoubleUnaryOperator grad,
      double lo,
      double hi) {}

  private static final double C = Math.sqrt(2 / Math.PI);

  private static final List<Unary> UNARY =
      List.of(
          new Unary("sin", Value::sin, Math::sin, Math::cos, -4, 4),
          new Unary("cos", Value::cos, Math::cos, x -> -Math.sin(x), -4, 4),
          new Unary("tan", Value::tan, Math::tan, x -> 1.0 + Math.tan(x) * Math.tan(x), -1.4, 1.4),
          new Unary(
              "asin", Value::asin, Math::asin, x -> 1.0 / Math.sqrt(1.0 - x * x), -0.95, 0.95),
          new Unary(
              "acos", Value::acos, Math::acos, x -> -(1.0 / Math.sqrt(1.0 - x * x)), -0.95, 0.95),
          new Unary("atan", Value::atan, Math::atan, x -> 1.0 / (1.0 + x * x), -5, 5),
          new Unary("sinh", Value::sinh, Math::sinh, Math::cosh, -3, 3),
          new Unary("cosh", Value::cosh, Math::cosh, Math::sinh, -3, 3),
          new Unary(
              "sigmoid",
              Value::sigmoid,
              x -> 1.0 / (1.0 + Math.exp(-x)),
              x -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                return s * (1.0 - s);
              },
              -6,
              6),
          new Unary("log1p", Value::log1p, Math::log1p, x -> 1.0 / (1.0 + x), -0.9, 5),
          new Unary("expm1", Value::expm1, Math::expm1, x -> Math.expm1(x) + 1.0, -3, 3),
          new Unary("sqrt", Value::sqrt, Math::sqrt, x -> 0.5 / Math.sqrt(x), 0.05, 5),
          new Unary("abs", Value::abs, Math::abs, x -> x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0, -3, 3),
          new Unary(
              "softplus",
              Value::softplus,
              x -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)),
              x -> 1.0 / (1.0 + Math.exp(-x)),
              -8,
              8),
          new Unary(
              "gelu",
              Value::gelu,
              x -> 0.5 * x * (1.0 + Math.tanh(C * (x + 0.044715 * x * x * x))),
              x -> {
                double t = Math.tanh(C * (x + 0.044715 * x * x * x));
                return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * C * (1.0 + 0.134145 * x * x);
              },
              -5,
              5));

  private static final double[] EDGES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    1000,
    -1000,
    1e-300,
    -1e-300,
    1e200,
    -1e200,
    Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.NaN
  };

  @Test
  void unaryGradientsMatchFiniteDifferences() {
    for (Unary u : UNARY) {
      for (int p = 0; p < POINTS; p++) {
        double x = random.nextDouble(u.lo(), u.hi());
        if (u.name().equals("abs") && Math.abs(x) < 1e-3) {
          continue; // the kink
        }
        assertGradients(u.name(), v -> u.op().apply(v[0]), new double[] {x});
        // Composed with itself, so the chain rule multiplies two of its local derivatives.
        double y = u.name().equals("log1p") || u.name().equals("sqrt") ? Math.abs(x) : x;
        if (u.name().equals("asin") || u.name().equals("acos") || u.name().equals("tan")) {
          y = x / 2;
        }
        assertGradients(
            u.name() + " of a product",
            v -> u.op().apply(v[0].mul(v[1])),
            new double[] {y, u.name().equals("asin") || u.name().equals("acos") ? 0.9 : 1.1});
      }
    }
  }

  @Test
  void unaryDataAndDerivativesAreTheDocumentedExpressions() {
    for (Unary u : UNARY) {
      for (int p = 0; p < POINTS + EDGES.length; p++) {
        double x = p < EDGES.length ? EDGES[p] : random.nextDouble(u.lo(), u.hi());
        Value leaf = Value.of(x);
        Value y = u.op().apply(leaf);
        y.backward();
        assertBits(u.data().applyAsDouble(x), y.data(), u.name() + " data at " + x);
        // The engine adds the local derivative into a zero gradient: -0.0 becomes 0.0.
        assertBits(u.grad().applyAsDouble(x) + 0.0, leaf.grad(), u.name() + " derivative at " + x);
      }
    }
  }

  @Test
  void binaryGradientsMatchFiniteDifferences() {
    for (int p = 0; p < POINTS; p++) {
      double a = random.nextDouble(0.1, 3);
      double b = random.nextDouble(-2.5, 2.5);
      assertGradients("pow", v -> v[0].pow(v[1]), new double[] {a, b});
      double y = random.nextDouble(-3, 3);
      double x = random.nextDouble(-3, 3);
      if (Math.hypot(x, y) > 0.1) {
        assertGradients("atan2", v -> v[0].atan2(v[1]), new double[] {y, x});
      }
      double c = random.nextDouble(-3, 3);
      double d = random.nextDouble(-3, 3);
      if (Math.abs(c - d) > 1e-3) {
        assertGradients("min", v -> v[0].min(v[1]), new double[] {c, d});
        assertGradients("max", v -> v[0].max(v[1]), new double[] {c, d});
        assertGradients("min of products", v -> v[0].mul(v[0]).min(v[1]), new double[] {c, d});
      }
    }
  }

  @Test
  void binaryDataAndDerivativesAreTheDocumentedExpressions() {
    double[] values = {0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.5, 1000, 1e-300, Double.NaN};
    for (double a : values) {
      for (double b : values) {
        Value x = Value.of(a);
        Value y = Value.of(b);
        Value p = x.pow(y);
        p.backward();
        double pw = Math.pow(a, b);
        assertBits(pw, p.data(), "pow data " + a + ", " + b);
        assertBits(b * Math.pow(a, b - 1) + 0.0, x.grad(), "pow d/da " + a + ", " + b);
        assertBits((pw == 0 ? 0.0 : pw * Math.log(a)) + 0.0, y.grad(), "pow d/db " + a + ", " + b);

        x = Value.of(a);
        y = Value.of(b);
        Value t = x.atan2(y);
        t.backward();
        double r = b * b + a * a;
        assertBits(Math.atan2(a, b), t.data(), "atan2 data " + a + ", " + b);
        assertBits(b / r + 0.0, x.grad(), "atan2 d/dy " + a + ", " + b);
        assertBits(-a / r + 0.0, y.grad(), "atan2 d/dx " + a + ", " + b);

        for (boolean max : new boolean[] {false, true}) {
          x = Value.of(a);
          y = Value.of(b);
          Value m = max ? x.max(y) : x.min(y);
          m.backward();
          boolean first = max ? a >= b : a <= b;
          assertBits(max ? Math.max(a, b) : Math.min(a, b), m.data(), "min/max data");
          assertBits(first ? 1.0 : 0.0, x.grad(), (max ? "max" : "min") + " d/dx " + a + ", " + b);
          assertBits(first ? 0.0 : 1.0, y.grad(), (max ? "max" : "min") + " d/dy " + a + ", " + b);
        }
      }
    }
  }

  @Test
  void edgesBehaveAsDocumented() {
    // abs: derivative 0 at both zeros.
    assertEquals(0.0, grad(Value::abs, 0.0));
    assertEquals(0.0, grad(Value::abs, -0.0));
    // sqrt: infinite at 0, NaN below.
    assertEquals(Double.POSITIVE_INFINITY, grad(Value::sqrt, 0.0));
    assertTrue(Double.isNaN(grad(Value::sqrt, -1)));
    // asin and acos: infinite at ±1, NaN beyond.
    assertEquals(Double.POSITIVE_INFINITY, grad(Value::asin, 1.0));
    assertEquals(Double.NEGATIVE_INFINITY, grad(Value::acos, -1.0));
    assertTrue(Double.isNaN(grad(Value::asin, 1.5)));
    // sigmoid and softplus saturate without NaN.
    for (double x : new double[] {-1000, 1000, -1e300, 1e300}) {
      assertEquals(x > 0 ? 1.0 : 0.0, Value.of(x).sigmoid().data());
      assertEquals(0.0, grad(Value::sigmoid, x));
      assertEquals(x > 0 ? x : 0.0, Value.of(x).softplus().data());
      assertEquals(x > 0 ? 1.0 : 0.0, grad(Value::softplus, x));
    }
    // gelu: x or -0.0 far out, derivative exactly 1 or 0 until x * x overflows.
    assertEquals(1000.0, Value.of(1000).gelu().data());
    assertBits(-0.0, Value.of(-1000).gelu().data(), "gelu(-1000)");
    assertEquals(1.0, grad(Value::gelu, 1000));
    assertEquals(0.0, grad(Value::gelu, -1000));
    assertTrue(Double.isNaN(grad(Value::gelu, 1e200)));
    // log1p at -1, expm1 far below zero.
    assertEquals(Double.NEGATIVE_INFINITY, Value.of(-1).log1p().data());
    assertEquals(Double.POSITIVE_INFINITY, grad(Value::log1p, -1));
    assertEquals(0.0, grad(Value::expm1, -1000));
    // pow of a value: at a = 0 with b > 0 the exponent's derivative is 0; for a < 0 NaN.
    assertEquals(0.0, exponentGrad(0.0, 2.0));
    assertEquals(Double.NEGATIVE_INFINITY, exponentGrad(0.0, 0.0));
    assertTrue(Double.isNaN(exponentGrad(-2.0, 2.0)));
    assertEquals(4 * Math.log(2), exponentGrad(2.0, 2.0));
    // atan2 at the origin: NaN derivatives.
    Value y = Value.of(0);
    Value x = Value.of(0);
    y.atan2(x).backward();
    assertTrue(Double.isNaN(y.grad()) && Double.isNaN(x.grad()));
    // min and max: ties go to the receiver, NaN sends the derivative to the other.
    Value a = Value.of(-0.0);
    Value b = Value.of(0.0);
    a.max(b).backward();
    assertEquals(1.0, a.grad());
    assertEquals(0.0, b.grad());
    Value n = Value.of(Double.NaN);
    Value m = Value.of(1);
    Value nm = n.max(m);
    nm.backward();
    assertTrue(Double.isNaN(nm.data()));
    assertEquals(0.0, n.grad());
    assertEquals(1.0, m.grad());
  }

  @Test
  void binaryOperandsAreNamedWhenNull() {
    Value x = Value.of(1);
    assertEquals(
        "exponent", assertThrows(NullPointerException.class, () -> x.pow(null)).getMessage());
    assertEquals(
        "other", assertThrows(NullPointerException.class, () -> x.atan2(null)).getMessage());
    assertEquals("other", assertThrows(NullPointerException.class, () -> x.min(null)).getMessage());
    assertEquals("other", assertThrows(NullPointerException.class, () -> x.max(null)).getMessage());
  }

  @Test
  void dotLabelsTheNewOperations() {
    Value x = Value.of(0.5);
    String dot = x.sin().add(x.gelu()).atan2(x.sigmoid()).toDot();
    for (String label : List.of("sin", "gelu", "atan2", "sigmoid")) {
      assertTrue(dot.contains("label=\"" + label + "\""), dot);
    }
  }

  private static double grad(UnaryOperator<Value> op, double x) {
    Value leaf = Value.of(x);
    op.apply(leaf).backward();
    return leaf.grad();
  }

  private static double exponentGrad(double a, double b) {
    Value exponent = Value.of(b);
    Value.of(a).pow(exponent).backward();
    return exponent.grad();
  }

  private static void assertBits(double expected, double actual, String what) {
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(actual),
        () -> what + ": expected " + expected + ", got " + actual);
  }
}
