package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a primal program's reverse and tangent programs on the IR interpreter at one argument: the
 * reverse program's forward value bit for bit, its gradient against central finite differences of
 * the primal (element by element, on a sample), the tangent against finite differences along a
 * random direction, and the two against each other ({@code <seed, J dx> == <J^T seed, dx>}). Finite
 * differences are compared only where two step sizes agree (the primal is smooth there: no branch
 * or early exit flips within the step); the counts of comparisons made are returned so that callers
 * can require enough of them.
 */
final class DerivativeCheck {

  /** What one check compared. */
  record Counts(int finiteDifferences, int skipped) {}

  private final Function f;
  private final Function rev;
  private final Function tan;

  DerivativeCheck(Function f, Function rev, Function tan) {
    this.f = f;
    this.rev = Verifier.verify(rev);
    this.tan = Verifier.verify(tan);
  }

  /** Differentiates {@code f} both ways. */
  static DerivativeCheck of(Function f) {
    return new DerivativeCheck(
        f, ReverseMode.differentiate(Verifier.verify(f)), TangentMode.differentiate(f));
  }

  Function reverse() {
    return rev;
  }

  Function tangent() {
    return tan;
  }

  /**
   * Checks everything at {@code args}; {@code samples} elements per parameter get an element-wise
   * finite difference.
   */
  Counts check(List<Object> args, SplittableRandom r, int samples, String label) {
    return check(args, r, samples, label, null);
  }

  /**
   * Checks everything at {@code args}, passing the seed with {@code resultDims} (an array result of
   * more than one dimension of runtime size) or as a plain array (null).
   */
  Counts check(List<Object> args, SplittableRandom r, int samples, String label, int[] resultDims) {
    double[] out = Interpreter.run(f, args).get(0);
    boolean arrayResult = f.results().get(0).isArray();
    double[] seed = new double[out.length];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = arrayResult ? r.nextDouble(-1, 1) : 1.0;
    }
    List<Object> revArgs = new ArrayList<>(args);
    if (arrayResult) {
      revArgs.add(resultDims == null ? seed : new Interpreter.Shaped(seed, resultDims));
    }
    List<double[]> revOut = Interpreter.run(rev, revArgs);
    assertEquals(out.length, revOut.get(0).length, label + ": result length");
    for (int i = 0; i < out.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(out[i]),
          Double.doubleToRawLongBits(revOut.get(0)[i]),
          label + ": reverse program's value " + i);
    }
    List<Object> tanArgs = new ArrayList<>(args);
    List<Object> direction = new ArrayList<>();
    double predicted = 0;
    double scale = 0;
    int fd = 0;
    int skipped = 0;
    int g = 1;
    for (int p = 0; p < f.params().size(); p++) {
      Function.Parameter param = f.params().get(p);
      if (!param.active()) {
        direction.add(null);
        continue;
      }
      double[] grad = revOut.get(g++);
      double[] v = new double[grad.length];
      for (int e = 0; e < v.length; e++) {
        v[e] = r.nextDouble(-1, 1);
        predicted += grad[e] * v[e];
        scale += Math.abs(grad[e] * v[e]);
        assertTrue(!Double.isNaN(grad[e]), label + ": NaN gradient of " + param.name());
      }
      for (int k = 0; k < Math.min(samples, grad.length); k++) {
        int e = grad.length <= samples ? k : r.nextInt(grad.length);
        Double d = smooth(args, p, e, null, seed);
        if (d == null) {
          skipped++;
          continue;
        }
        fd++;
        assertEquals(
            d,
            grad[e],
            1e-5 * Math.max(1, Math.abs(d)),
            label + ": d/d" + param.name() + "[" + e + "]");
      }
      Object dir = Args.like(args.get(p), v);
      direction.add(dir);
      tanArgs.add(dir);
    }
    double[] t = Interpreter.run(tan, tanArgs).get(0);
    assertEquals(out.length, t.length, label + ": tangent length");
    double jvp = 0;
    for (int i = 0; i < t.length; i++) {
      jvp += seed[i] * t[i];
      scale += Math.abs(seed[i] * t[i]);
    }
    assertEquals(predicted, jvp, 1e-9 * Math.max(1, scale), label + ": <seed, J dx>");
    Double d = smooth(args, -1, -1, direction, seed);
    if (d == null) {
      skipped++;
    } else {
      fd++;
      assertEquals(d, jvp, 1e-5 * Math.max(1, Math.abs(d)), label + ": tangent");
    }
    return new Counts(fd, skipped);
  }

  /**
   * The central difference of {@code <seed, f>} along element {@code e} of parameter {@code p}, or
   * along {@code direction} when {@code p < 0}; null where steps of h and h/2 disagree.
   */
  private Double smooth(List<Object> args, int p, int e, List<Object> direction, double[] seed) {
    double h = 1e-5;
    double a = central(args, p, e, direction, seed, h);
    double b = central(args, p, e, direction, seed, h / 2);
    if (!Double.isFinite(a)
        || !Double.isFinite(b)
        || Math.abs(a - b) > 1e-4 * Math.max(1, Math.abs(b))) {
      return null;
    }
    return (4 * b - a) / 3; // Richardson: the h^2 error terms cancel
  }

  private double central(
      List<Object> args, int p, int e, List<Object> direction, double[] seed, double h) {
    return (value(Args.step(args, p, e, direction, h), seed)
            - value(Args.step(args, p, e, direction, -h), seed))
        / (2 * h);
  }

  private double value(List<Object> args, double[] seed) {
    double[] out = Interpreter.run(f, args).get(0);
    double s = 0;
    for (int i = 0; i < out.length; i++) {
      s += seed[i] * out[i];
    }
    return s;
  }
}
