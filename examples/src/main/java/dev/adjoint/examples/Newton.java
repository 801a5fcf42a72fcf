package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;
import java.util.Arrays;

/**
 * Newton's method on the Rosenbrock function in any dimension, with Hessian-vector products and no
 * Hessian: each step solves {@code H p = -g} by conjugate gradients, whose only use of {@code H} is
 * the generated {@code hvp} (forward mode over the reverse program, exact up to rounding), then
 * backtracks along {@code p} until the function decreases enough. The workspace's methods allocate
 * nothing, so a step allocates nothing either: the vectors are made once per minimization.
 */
public final class Newton {
  private Newton() {}

  /**
   * The Rosenbrock function {@code sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2}, whose minimum 0
   * is at {@code (1, ..., 1)} at the end of a long curved valley: gradient descent crawls along it,
   * Newton's method does not.
   */
  @Differentiable
  public static Value rosenbrock(Value[] x) {
    Value sum = Value.of(0);
    for (int i = 0; i + 1 < x.length; i++) {
      Value a = x[i + 1].sub(x[i].mul(x[i]));
      Value b = x[i].neg().add(1);
      sum = sum.add(a.mul(a).mul(100)).add(b.mul(b));
    }
    return sum;
  }

  /** The state of one minimization: the compiled kernel and the vectors of a step. */
  public static final class Solver {
    private final NewtonCompiled.Rosenbrock f = new NewtonCompiled.Rosenbrock();
    private final double[] g;
    private final double[] p;
    private final double[] r;
    private final double[] d;
    private final double[] hd;
    private final double[] trial;

    /** A solver for points of {@code n} coordinates. */
    public Solver(int n) {
      g = new double[n];
      p = new double[n];
      r = new double[n];
      d = new double[n];
      hd = new double[n];
      trial = new double[n];
    }

    /**
     * One Newton step from {@code x}, in place: the direction solves {@code H p = -g} (conjugate
     * gradients on Hessian-vector products, stopped at negative curvature, where it falls back to
     * the last direction that descends), then the step is halved until the function decreases by a
     * tenth of what the gradient promises. Returns the function's value at the new {@code x}.
     */
    public double step(double[] x) {
      double fx = f.gradient(x, g);
      direction(x);
      double slope = dot(g, p);
      if (!(slope < 0)) { // not a descent direction: follow the gradient
        for (int i = 0; i < p.length; i++) {
          p[i] = -g[i];
        }
        slope = dot(g, p);
      }
      for (double t = 1; t > 1e-12; t /= 2) {
        for (int i = 0; i < x.length; i++) {
          trial[i] = x[i] + t * p[i];
        }
        double ft = f.forward(trial);
        if (ft <= fx + 1e-4 * t * slope) {
          System.arraycopy(trial, 0, x, 0, x.length);
          return ft;
        }
      }
      return fx;
    }

    /** Conjugate gradients on {@code H p = -g}, with {@code H d} from {@code hvp}. */
    private void direction(double[] x) {
      Arrays.fill(p, 0.0);
      for (int i = 0; i < r.length; i++) {
        r[i] = -g[i];
        d[i] = r[i];
      }
      double rr = dot(r, r);
      double stop = 1e-20 * Math.max(1, rr);
      for (int k = 0; k < 2 * x.length && rr > stop; k++) {
        f.hvp(x, d, hd);
        double curvature = dot(d, hd);
        if (!(curvature > 0)) {
          if (k == 0) {
            System.arraycopy(d, 0, p, 0, p.length); // the steepest descent direction
          }
          return;
        }
        double alpha = rr / curvature;
        for (int i = 0; i < p.length; i++) {
          p[i] += alpha * d[i];
          r[i] -= alpha * hd[i];
        }
        double next = dot(r, r);
        double beta = next / rr;
        rr = next;
        for (int i = 0; i < d.length; i++) {
          d[i] = r[i] + beta * d[i];
        }
      }
    }

    /** The gradient at the last point {@link #step} started from. */
    public double[] gradient() {
      return g;
    }
  }

  /**
   * Minimizes the Rosenbrock function from {@code start} (not modified) by Newton steps until the
   * gradient's norm is below {@code tolerance} or {@code maxSteps} steps have run.
   *
   * @return the point reached
   */
  public static double[] minimize(double[] start, int maxSteps, double tolerance) {
    double[] x = start.clone();
    Solver s = new Solver(x.length);
    double[] g = new double[x.length];
    NewtonCompiled.Rosenbrock f = new NewtonCompiled.Rosenbrock();
    for (int step = 0; step < maxSteps; step++) {
      f.gradient(x, g);
      if (Math.sqrt(dot(g, g)) < tolerance) {
        break;
      }
      s.step(x);
    }
    return x;
  }

  /** The number of Newton steps {@link #minimize} takes from {@code start}. */
  public static int steps(double[] start, int maxSteps, double tolerance) {
    double[] x = start.clone();
    Solver s = new Solver(x.length);
    double[] g = new double[x.length];
    NewtonCompiled.Rosenbrock f = new NewtonCompiled.Rosenbrock();
    for (int step = 0; step < maxSteps; step++) {
      f.gradient(x, g);
      if (Math.sqrt(dot(g, g)) < tolerance) {
        return step;
      }
      s.step(x);
    }
    return maxSteps;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Minimizes from the classic start {@code (-1.2, 1)} in two dimensions, or from {@code (0.5, ...,
   * 0.5)} in {@code args[0]} dimensions (from four on, the classic start lies in the basin of a
   * second local minimum near {@code (-1, 1, ..., 1)}), and prints the path.
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = n == 2 ? (i == 0 ? -1.2 : 1.0) : 0.5;
    }
    Solver s = new Solver(n);
    for (int step = 0; step < 100; step++) {
      double fx = s.step(x);
      double norm = Math.sqrt(dot(s.gradient(), s.gradient()));
      System.out.printf("step %3d  |g| before %.3e  f after %.3e%n", step + 1, norm, fx);
      if (fx < 1e-24) {
        break;
      }
    }
    System.out.println("x = " + Arrays.toString(x));
  }
}
