package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Value;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.Verifier;
import dev.adjoint.processor.opt.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The elementary functions ({@code sin} to {@code gelu}, {@code pow}, {@code atan2}, {@code min},
 * {@code max} of two values) in reverse, tangent and forward-over-reverse mode: value, gradient and
 * tangent bit for bit equal to the {@code Value} engine's data and local derivatives at random and
 * edge points (0, -0, ±1, ±1000, tiny, huge, infinities, NaN), gradients against central finite
 * differences, second derivatives against differences of the gradient, and each function inside a
 * loop, where reverse mode tapes or recomputes what its rule needs.
 */
class ElementaryRulesTest {

  /** One unary function: its op, the engine's method, and the open interval it is smooth on. */
  record Unary(Op op, UnaryOperator<Value> engine, double lo, double hi) {}

  /** One binary function: the engine's method, and where the operands are smooth. */
  record Binary(
      Op op, BinaryOperator<Value> engine, double lo, double hi, double lo2, double hi2) {}

  static final List<Unary> UNARY =
      List.of(
          new Unary(Op.SIN, Value::sin, -4, 4),
          new Unary(Op.COS, Value::cos, -4, 4),
          new Unary(Op.TAN, Value::tan, -1.4, 1.4),
          new Unary(Op.ASIN, Value::asin, -0.95, 0.95),
          new Unary(Op.ACOS, Value::acos, -0.95, 0.95),
          new Unary(Op.ATAN, Value::atan, -5, 5),
          new Unary(Op.SINH, Value::sinh, -3, 3),
          new Unary(Op.COSH, Value::cosh, -3, 3),
          new Unary(Op.SIGMOID, Value::sigmoid, -6, 6),
          new Unary(Op.LOG1P, Value::log1p, -0.9, 5),
          new Unary(Op.EXPM1, Value::expm1, -3, 3),
          new Unary(Op.SQRT, Value::sqrt, 0.05, 5),
          new Unary(Op.ABS, Value::abs, -3, 3),
          new Unary(Op.SOFTPLUS, Value::softplus, -8, 8),
          new Unary(Op.GELU, Value::gelu, -5, 5),
          new Unary(Op.TANH, Value::tanh, -3, 3),
          new Unary(Op.EXP, Value::exp, -3, 3),
          new Unary(Op.LOG, Value::log, 0.05, 5));

  static final List<Binary> BINARY =
      List.of(
          new Binary(Op.POW, Value::pow, 0.1, 3, -2.5, 2.5),
          new Binary(Op.ATAN2, Value::atan2, -3, 3, -3, 3),
          new Binary(Op.MIN, Value::min, -3, 3, -3, 3),
          new Binary(Op.MAX, Value::max, -3, 3, -3, 3));

  static final double[] EDGES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.0,
    1000.0,
    -1000.0,
    1e-300,
    -1e-300,
    1e200,
    -1e200,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.NaN
  };

  private static Function unaryProgram(Op op) {
    Builder b = new Builder(op.name().toLowerCase(java.util.Locale.ROOT));
    int x = b.input("x", ScalarType.F64, true);
    b.result("y", b.apply(op, x), List.of());
    return b.build();
  }

  private static Function binaryProgram(Op op) {
    Builder b = new Builder(op.name().toLowerCase(java.util.Locale.ROOT));
    int x = b.input("x", ScalarType.F64, true);
    int y = b.input("y", ScalarType.F64, true);
    b.result("z", b.apply(op, x, y), List.of());
    return b.build();
  }

  /**
   * Equal bit for bit, but for the sign of a zero derivative: the engine adds each local derivative
   * into a gradient that starts at {@code 0.0}, which makes {@code -0.0} into {@code 0.0}.
   */
  private static void derivative(double expected, double actual, String what) {
    bits(expected + 0.0, actual + 0.0, what);
  }

  private static void bits(double expected, double actual, String what) {
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(actual),
        () -> what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void unaryRulesAreTheEnginesBitForBit() {
    SplittableRandom r = new SplittableRandom(1);
    for (Unary u : UNARY) {
      Function f = unaryProgram(u.op());
      Function rev = ReverseMode.differentiate(f);
      Function tan = TangentMode.differentiate(f);
      List<Double> points = new ArrayList<>();
      for (double e : EDGES) {
        points.add(e);
      }
      for (int i = 0; i < 200; i++) {
        points.add(r.nextDouble(u.lo(), u.hi()));
      }
      for (double x : points) {
        Value leaf = Value.of(x);
        Value out = u.engine().apply(leaf);
        out.backward();
        String at = u.op() + " at " + x;
        bits(out.data(), Interpreter.run(f, List.of(x)).get(0)[0], at + ": value");
        List<double[]> g = Interpreter.run(rev, List.of(x));
        bits(out.data(), g.get(0)[0], at + ": reverse value");
        derivative(leaf.grad(), g.get(1)[0], at + ": gradient");
        derivative(leaf.grad(), Interpreter.run(tan, List.of(x, 1.0)).get(0)[0], at + ": tangent");
      }
    }
  }

  @Test
  void binaryRulesAreTheEnginesBitForBit() {
    SplittableRandom r = new SplittableRandom(2);
    for (Binary u : BINARY) {
      Function f = binaryProgram(u.op());
      Function rev = ReverseMode.differentiate(f);
      Function tan = TangentMode.differentiate(f);
      List<double[]> points = new ArrayList<>();
      for (double a : EDGES) {
        for (double c : new double[] {0.0, -0.0, 1.0, -2.0, 0.5, 3.0, 1000, Double.NaN}) {
          points.add(new double[] {a, c});
          points.add(new double[] {c, a});
        }
      }
      for (int i = 0; i < 200; i++) {
        points.add(new double[] {r.nextDouble(u.lo(), u.hi()), r.nextDouble(u.lo2(), u.hi2())});
      }
      for (double[] p : points) {
        Value x = Value.of(p[0]);
        Value y = Value.of(p[1]);
        Value out = u.engine().apply(x, y);
        out.backward();
        String at = u.op() + " at (" + p[0] + ", " + p[1] + ")";
        List<double[]> g = Interpreter.run(rev, List.of(p[0], p[1]));
        bits(out.data(), g.get(0)[0], at + ": value");
        derivative(x.grad(), g.get(1)[0], at + ": gradient of x");
        derivative(y.grad(), g.get(2)[0], at + ": gradient of y");
        // A tangent of 0 times the other operand's infinite partial is NaN, as IEEE says.
        if (Double.isFinite(y.grad())) {
          double dx = Interpreter.run(tan, List.of(p[0], p[1], 1.0, 0.0)).get(0)[0];
          derivative(x.grad(), dx, at + ": dx");
        }
        if (Double.isFinite(x.grad())) {
          double dy = Interpreter.run(tan, List.of(p[0], p[1], 0.0, 1.0)).get(0)[0];
          derivative(y.grad(), dy, at + ": dy");
        }
      }
    }
  }

  /**
   * Each function applied elementwise in a loop and summed, times a weight that makes the product's
   * second derivative mix the operands: gradients and tangents against finite differences, and
   * Hessian-vector products against differences of the gradient, before and after optimization.
   */
  @Test
  void insideLoopsFirstAndSecondOrderMatchDifferences() {
    SplittableRandom r = new SplittableRandom(3);
    int compared = 0;
    for (Unary u : UNARY) {
      if (u.op() == Op.ABS) {
        continue; // piecewise linear: its second derivative is 0, checked below
      }
      compared += loopChecks(loopOverUnary(u.op(), 5), u.lo(), u.hi(), u.lo(), u.hi(), r);
    }
    for (Binary u : BINARY) {
      compared += loopChecks(loopOverBinary(u.op(), 5), u.lo(), u.hi(), u.lo2(), u.hi2(), r);
    }
    assertTrue(compared > 1000, compared + " compared");
  }

  private static int loopChecks(
      Function f, double lo, double hi, double lo2, double hi2, SplittableRandom r) {
    int compared = 0;
    for (boolean optimized : new boolean[] {false, true}) {
      Function g = optimized ? Optimizer.run(f) : f;
      DerivativeCheck d = DerivativeCheck.of(g);
      Function rev = optimized ? Optimizer.runAdjoint(d.reverse()) : d.reverse();
      Function hvp = ForwardOverReverse.differentiate(rev);
      HvpCheck h = new HvpCheck(rev, optimized ? Optimizer.run(hvp) : hvp);
      for (int trial = 0; trial < 6; trial++) {
        double[] x = Args.uniform(r, 5, lo, hi);
        double[] y = Args.uniform(r, 5, lo2, hi2);
        List<Object> args =
            f.params().size() == 2 ? List.of(x, r.nextDouble(0.5, 1.5)) : List.of(x, y, 0.75);
        String label = f.name() + " optimized=" + optimized;
        compared += d.check(args, r, 5, label).finiteDifferences();
        compared += h.check(args, null, r, label).compared();
      }
    }
    return compared;
  }

  /** {@code w * sum_i op(x[i]) * x[i]}: the product makes the Hessian's off-diagonal non-zero. */
  private static Function loopOverUnary(Op op, int n) {
    Builder b = new Builder("loop" + op.name());
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    int w = b.input("w", ScalarType.F64, true);
    int ys = b.declare("ys", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int xi = b.load(x, List.of(l.index()));
    int y = b.apply(op, xi);
    b.store(ys, List.of(l.index()), y);
    int total =
        b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, y, w)))).get(0);
    Builder.LoopScope m = b.beginLoop(n, false, List.of(total));
    int z = b.apply(Op.MUL, b.load(ys, List.of(m.index())), b.load(x, List.of(m.index())));
    int out = b.endLoop(List.of(b.apply(Op.ADD, m.carried().get(0), z))).get(0);
    b.result("out", out, List.of());
    return Verifier.verify(b.build());
  }

  /** {@code sum_i op(x[i], y[i]) * w}, with {@code w} scaling the whole sum's second derivative. */
  private static Function loopOverBinary(Op op, int n) {
    Builder b = new Builder("loop" + op.name());
    int x = b.inputArray("x", ScalarType.F64, List.of(n), true);
    int y = b.inputArray("y", ScalarType.F64, List.of(n), true);
    int w = b.input("w", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.apply(op, b.load(x, List.of(l.index())), b.load(y, List.of(l.index())));
    int total =
        b.endLoop(
                List.of(
                    b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, b.apply(Op.MUL, v, v), w))))
            .get(0);
    b.result("out", total, List.of());
    return Verifier.verify(b.build());
  }

  @Test
  void piecewiseLinearFunctionsHaveZeroSecondDerivatives() {
    for (Op op : new Op[] {Op.ABS}) {
      Function hvp = ForwardOverReverse.differentiate(ReverseMode.differentiate(unaryProgram(op)));
      for (double x : new double[] {-2, -0.0, 0.0, 0.5, 3}) {
        bits(0.0, Math.abs(Interpreter.run(hvp, List.of(x, 1.0)).get(0)[0]), op + " at " + x);
      }
    }
    for (Op op : new Op[] {Op.MIN, Op.MAX}) {
      Function hvp = ForwardOverReverse.differentiate(ReverseMode.differentiate(binaryProgram(op)));
      List<double[]> out = Interpreter.run(hvp, List.of(1.0, 2.0, 0.5, -1.5));
      bits(0.0, Math.abs(out.get(0)[0]), op + " d/dx");
      bits(0.0, Math.abs(out.get(1)[0]), op + " d/dy");
    }
  }
}
