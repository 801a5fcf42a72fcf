package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a Hessian-vector product program ({@link ForwardOverReverse}) on the IR interpreter at one
 * argument: the derivative of the reverse program's gradients along a random direction, against
 * central differences of those gradients (with Richardson extrapolation), compared only where steps
 * of h and h/2 agree (no branch flips within the step). Returns how many numbers were compared and
 * how many directions were skipped as not smooth.
 */
final class HvpCheck {

  /** What one check compared. */
  record Counts(int compared, int skipped) {}

  private final Function rev;
  private final Function hvp;

  HvpCheck(Function rev) {
    this.rev = Verifier.verify(rev);
    this.hvp = Verifier.verify(ForwardOverReverse.differentiate(rev));
  }

  HvpCheck(Function rev, Function hvp) {
    this.rev = Verifier.verify(rev);
    this.hvp = Verifier.verify(hvp);
  }

  Function hvp() {
    return hvp;
  }

  /**
   * Checks at {@code args} (the primal's arguments; {@code seed} is appended for an array result,
   * null for a scalar one), along a random direction.
   */
  Counts check(List<Object> args, Object seed, SplittableRandom r, String label) {
    List<Object> revArgs = new ArrayList<>(args);
    if (seed != null) {
      revArgs.add(seed);
    }
    List<Object> direction = new ArrayList<>();
    List<Object> hvpArgs = new ArrayList<>(revArgs);
    int primalParams = args.size();
    for (int p = 0; p < primalParams; p++) {
      Function.Parameter param = rev.params().get(p);
      if (!param.active()) {
        direction.add(null);
        continue;
      }
      double[] v = Args.uniform(r, Args.data(args.get(p)).length, -1, 1);
      Object dir = Args.like(args.get(p), v);
      direction.add(dir);
      hvpArgs.add(dir);
    }
    while (direction.size() < revArgs.size()) {
      direction.add(null); // the seed does not move
    }
    List<double[]> hv = Interpreter.run(hvp, hvpArgs);
    double[][] a = difference(revArgs, direction, 1e-4);
    double[][] b = difference(revArgs, direction, 5e-5);
    if (a == null || b == null) {
      return new Counts(0, 1);
    }
    int compared = 0;
    assertEquals(a.length, hv.size(), label + ": number of Hessian-vector products");
    for (int g = 0; g < a.length; g++) {
      assertEquals(a[g].length, hv.get(g).length, label + ": length of product " + g);
      for (int e = 0; e < a[g].length; e++) {
        double coarse = a[g][e];
        double fine = b[g][e];
        if (Math.abs(coarse - fine) > 1e-4 * Math.max(1, Math.abs(fine))) {
          return new Counts(compared, 1);
        }
      }
    }
    for (int g = 0; g < a.length; g++) {
      for (int e = 0; e < a[g].length; e++) {
        double expected = (4 * b[g][e] - a[g][e]) / 3;
        assertEquals(
            expected,
            hv.get(g)[e],
            1e-5 * Math.max(1, Math.abs(expected)),
            label + ": (H v)[" + g + "][" + e + "]");
        compared++;
      }
    }
    return new Counts(compared, 0);
  }

  /** Central differences of the gradients along {@code direction}; null if one is not finite. */
  private double[][] difference(List<Object> args, List<Object> direction, double h) {
    List<double[]> up = Interpreter.run(rev, Args.step(args, -1, -1, direction, h));
    List<double[]> down = Interpreter.run(rev, Args.step(args, -1, -1, direction, -h));
    double[][] out = new double[up.size() - 1][];
    for (int g = 1; g < up.size(); g++) {
      out[g - 1] = new double[up.get(g).length];
      for (int e = 0; e < out[g - 1].length; e++) {
        double d = (up.get(g)[e] - down.get(g)[e]) / (2 * h);
        if (!Double.isFinite(d)) {
          return null;
        }
        out[g - 1][e] = d;
      }
    }
    return out;
  }
}
