package dev.adjoint.examples;

import dev.adjoint.Value;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lesson 16's training loop on {@link Regression#loss}: plain gradient descent driven once by the
 * generated gradient and once by the {@code Value} engine, from the same start. Both runs must
 * reach the same parameters.
 */
public final class Training {
  private Training() {}

  /** The fixed data set: xs interleaved (two per sample), ys a smooth function of them. */
  static final double[] XS = new double[2 * Regression.SAMPLES];

  static final double[] YS = new double[Regression.SAMPLES];

  static {
    SplittableRandom r = new SplittableRandom(2024);
    for (int s = 0; s < Regression.SAMPLES; s++) {
      double a = r.nextDouble(-1, 1);
      double b = r.nextDouble(-1, 1);
      XS[2 * s] = a;
      XS[2 * s + 1] = b;
      YS[s] = Math.sin(2 * a) + 0.5 * b * b;
    }
  }

  /** Initial parameters, small and seeded. */
  static double[] initialParameters() {
    SplittableRandom r = new SplittableRandom(7);
    double[] p = new double[Regression.PARAMETERS];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextDouble(-0.5, 0.5);
    }
    return p;
  }

  /** Runs {@code steps} of gradient descent with the generated gradient; returns the parameters. */
  public static double[] trainCompiled(int steps, double learningRate) {
    double[] p = initialParameters();
    double[] grad = new double[p.length];
    RegressionCompiled.Loss loss = new RegressionCompiled.Loss();
    for (int step = 0; step < steps; step++) {
      loss.gradient(p, XS, YS, grad);
      for (int i = 0; i < p.length; i++) {
        p[i] -= learningRate * grad[i];
      }
    }
    return p;
  }

  /** The same descent, with the gradient from the {@code Value} engine. */
  public static double[] trainInterpreted(int steps, double learningRate) {
    double[] p = initialParameters();
    for (int step = 0; step < steps; step++) {
      Value[] params = new Value[p.length];
      for (int i = 0; i < p.length; i++) {
        params[i] = Value.of(p[i]);
      }
      Regression.loss(params, XS, YS).backward();
      for (int i = 0; i < p.length; i++) {
        p[i] -= learningRate * params[i].grad();
      }
    }
    return p;
  }

  /** The loss at the given parameters, computed by the generated forward pass. */
  public static double lossAt(double[] p) {
    return RegressionCompiled.loss(p, XS, YS);
  }

  /** Trains both ways and prints the loss and the largest parameter difference. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    double[] compiled = trainCompiled(steps, 0.1);
    double[] interpreted = trainInterpreted(steps, 0.1);
    double worst = 0;
    for (int i = 0; i < compiled.length; i++) {
      worst = Math.max(worst, Math.abs(compiled[i] - interpreted[i]));
    }
    System.out.printf(
        "loss %.6f -> %.6f after %d steps; max |compiled - interpreted| parameter = %.3g%n",
        lossAt(initialParameters()), lossAt(compiled), steps, worst);
    System.out.println("parameters: " + Arrays.toString(compiled));
  }
}
