package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Central finite differences of the generated forward pass at one random point.
 *
 * <p>Gradients are checked through the scalar {@code s(x) = <seed, forward(x)>}, whose gradient is
 * exactly what {@code vjp(x, seed)} returns. Small inputs get one difference per element, with step
 * {@code h = step * max(1, |x_i|)} (the actually representable width {@code (x+h) - (x-h)} is used
 * as the denominator); large ones, where that would cost too many forward calls, get a few random
 * directions {@code d} and compare {@code <vjp, d>} with the difference along {@code d}. Tangents
 * are checked output by output against the difference along the point's tangent.
 */
final class FiniteDifferences {

  private final CompiledFunction fn;
  private final Point point;
  private final double step;
  private final int outputSize;
  private final List<Parameter> diff = new ArrayList<>();

  FiniteDifferences(CompiledFunction fn, Point point, double step, int outputSize) {
    this.fn = fn;
    this.point = point;
    this.step = step;
    this.outputSize = outputSize;
    for (Parameter p : fn.parameters()) {
      if (p.kind().differentiable()) {
        diff.add(p);
      }
    }
  }

  /** A central difference along one direction. */
  private record Difference(
      double[] quotient,
      double[] magnitude,
      double scalar,
      double scalarMagnitude,
      double width,
      double[] truncation,
      double scalarTruncation) {}

  void compare(
      double[][] grad,
      double[] tangentOut,
      SplittableRandom rng,
      int directions,
      int elementwiseLimit,
      Checker sink) {
    double[][] x = point.inputs();
    int total = 0;
    for (double[] a : x) {
      total += a.length;
    }
    if (total <= elementwiseLimit) {
      elementwise(grad, sink);
    } else {
      for (int r = 0; r < directions; r++) {
        double[][] d = new double[x.length][];
        double gd = 0;
        for (int i = 0; i < x.length; i++) {
          d[i] = new double[x[i].length];
          for (int j = 0; j < d[i].length; j++) {
            d[i][j] = rng.nextDouble(-1, 1);
            gd += grad[i][j] * d[i][j];
          }
        }
        Difference fd = along(d);
        if (fd != null) {
          sink.gradientVsFiniteDifference(
              gd,
              fd.scalar(),
              Checker.noise(fd.scalarMagnitude(), fd.width()) + fd.scalarTruncation(),
              point.label() + ", random direction " + r);
        }
      }
    }
    Difference fd = along(point.tangent());
    if (fd != null) {
      for (int k = 0; k < outputSize; k++) {
        sink.tangentVsFiniteDifference(
            tangentOut[k],
            fd.quotient()[k],
            Checker.noise(fd.magnitude()[k], fd.width()) + fd.truncation()[k],
            point.label() + ", " + outputElement(k) + " along the tangent");
      }
    }
  }

  private void elementwise(double[][] grad, Checker sink) {
    double[][] x = point.inputs();
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        double h = step * Math.max(1, Math.abs(x[i][j]));
        double[][] plus = point.inputsCopy();
        double[][] minus = point.inputsCopy();
        plus[i][j] += h;
        minus[i][j] -= h;
        // The representable width, not 2h: x + h rounds.
        double width = plus[i][j] - minus[i][j];
        double[] fp = forward(plus);
        double[] fm = forward(minus);
        double sp = dot(point.seed(), fp);
        double sm = dot(point.seed(), fm);
        if (!Double.isFinite(sp) || !Double.isFinite(sm)) {
          continue;
        }
        double magnitude = Math.max(absDot(point.seed(), fp), absDot(point.seed(), fm));
        sink.gradientVsFiniteDifference(
            grad[i][j],
            (sp - sm) / width,
            Checker.noise(magnitude, width),
            point.label() + ", " + element(i, j));
      }
    }
  }

  /**
   * The central difference along {@code d}, or null if a function value is not finite. Its error is
   * estimated as well, from the same difference at twice the step: a central difference's
   * truncation error grows as h^2, so |D(h) - D(2h)| is about three times D(h)'s, and rounding in a
   * long sum shows there too. Twice that estimate is allowed: a wrong derivative is off by far
   * more, since D(h) and D(2h) agree with each other, not with it.
   */
  private Difference along(double[][] d) {
    Difference at = along(d, 1);
    if (at == null) {
      return null;
    }
    Difference twice = along(d, 2);
    double[] truncation = new double[outputSize];
    double scalarTruncation = 0;
    if (twice != null) {
      for (int k = 0; k < outputSize; k++) {
        truncation[k] = 2 * Math.abs(at.quotient()[k] - twice.quotient()[k]) / 3;
      }
      scalarTruncation = 2 * Math.abs(at.scalar() - twice.scalar()) / 3;
    }
    return new Difference(
        at.quotient(),
        at.magnitude(),
        at.scalar(),
        at.scalarMagnitude(),
        at.width(),
        truncation,
        scalarTruncation);
  }

  private Difference along(double[][] d, double scale) {
    // One step for all elements, scaled by the largest input as per-element steps are.
    double largest = 0;
    for (double[] a : point.inputs()) {
      for (double v : a) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    double h = scale * step * Math.max(1, largest);
    double[][] plus = point.inputsCopy();
    double[][] minus = point.inputsCopy();
    for (int i = 0; i < plus.length; i++) {
      for (int j = 0; j < plus[i].length; j++) {
        plus[i][j] += h * d[i][j];
        minus[i][j] -= h * d[i][j];
      }
    }
    double[] fp = forward(plus);
    double[] fm = forward(minus);
    double[] quotient = new double[outputSize];
    double[] magnitude = new double[outputSize];
    for (int k = 0; k < outputSize; k++) {
      if (!Double.isFinite(fp[k]) || !Double.isFinite(fm[k])) {
        return null;
      }
      quotient[k] = (fp[k] - fm[k]) / (2 * h);
      magnitude[k] = Math.max(Math.abs(fp[k]), Math.abs(fm[k]));
    }
    double scalar = (dot(point.seed(), fp) - dot(point.seed(), fm)) / (2 * h);
    double scalarMagnitude = Math.max(absDot(point.seed(), fp), absDot(point.seed(), fm));
    return new Difference(quotient, magnitude, scalar, scalarMagnitude, 2 * h, null, 0);
  }

  private String element(int input, int flat) {
    int[] shape = point.shape(input);
    Parameter p = diff.get(input);
    return shape == null ? Signatures.element(p, flat) : Signatures.element(p, shape, flat);
  }

  private String outputElement(int flat) {
    if (point.shapes() == null) {
      return Signatures.outputElement(fn, flat);
    }
    return Signatures.outputElement(fn.outputShape(point.shapes(), point.passiveCopy()), flat);
  }

  private double[] forward(double[][] inputs) {
    double[] out = point.forward(fn, inputs);
    if (out == null || out.length != outputSize) {
      throw new IllegalStateException("forward returned a wrong number of outputs");
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double absDot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += Math.abs(a[k] * b[k]);
    }
    return s;
  }
}
