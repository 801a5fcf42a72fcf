package dev.adjoint.examples.bench;

import dev.adjoint.examples.LayersCompiled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Second order against first order: the generated Hessian-vector product ({@code hvp}, forward mode
 * over the reverse program) beside the generated gradient of the same kernel, for cross-entropy
 * over 1,024 logits and the MLP example ({@code Layers.mlp}, 16-64-16, with respect to its input
 * and both weight matrices). The target is an {@code hvp} within 4x of the gradient.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(
    iterations = BenchmarkSuite.LAYER_WARMUP_ITERATIONS,
    time = BenchmarkSuite.LAYER_WARMUP_MILLIS,
    timeUnit = TimeUnit.MILLISECONDS)
@Measurement(
    iterations = BenchmarkSuite.MEASUREMENT_ITERATIONS,
    time = BenchmarkSuite.MEASUREMENT_MILLIS,
    timeUnit = TimeUnit.MILLISECONDS)
public class HvpBench {
  static final int LOGITS = 1024;
  static final int WIDTH = 16;
  static final int HIDDEN = 64;

  private final SizedCompiled.CrossEntropy1024 crossEntropy = new SizedCompiled.CrossEntropy1024();
  private final LayersCompiled.Mlp mlp = new LayersCompiled.Mlp();

  private double[] logits;
  private double[] dLogits;
  private double[] gLogits;
  private double[] hLogits;
  private int target;

  private double[] x;
  private double[][] w1;
  private double[][] w2;
  private double[] seed;
  private double[] out;
  private double[] dX;
  private double[][] dW1;
  private double[][] dW2;
  private double[] gX;
  private double[][] gW1;
  private double[][] gW2;
  private double[] hX;
  private double[][] hW1;
  private double[][] hW2;

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    logits = Inputs.logits(LOGITS);
    dLogits = Inputs.direction(LOGITS, 0);
    gLogits = new double[LOGITS];
    hLogits = new double[LOGITS];
    target = Inputs.target(LOGITS);
    x = Inputs.vector(WIDTH, 1, -1, 1);
    w1 = Inputs.matrix(HIDDEN, WIDTH, 2, -0.5, 0.5);
    w2 = Inputs.matrix(WIDTH, HIDDEN, 3, -0.5, 0.5);
    seed = Inputs.direction(WIDTH, 1);
    out = new double[WIDTH];
    dX = Inputs.direction(WIDTH, 2);
    dW1 = Inputs.matrix(HIDDEN, WIDTH, 4, -1, 1);
    dW2 = Inputs.matrix(WIDTH, HIDDEN, 5, -1, 1);
    gX = new double[WIDTH];
    gW1 = new double[HIDDEN][WIDTH];
    gW2 = new double[WIDTH][HIDDEN];
    hX = new double[WIDTH];
    hW1 = new double[HIDDEN][WIDTH];
    hW2 = new double[WIDTH][HIDDEN];
  }

  /** Cross-entropy over 1,024 logits: value and gradient. */
  @Benchmark
  public double crossEntropyGradient() {
    return crossEntropy.gradient(logits, target, gLogits);
  }

  /** Cross-entropy over 1,024 logits: Hessian-vector product. */
  @Benchmark
  public double[] crossEntropyHvp() {
    crossEntropy.hvp(logits, target, dLogits, hLogits);
    return hLogits;
  }

  /** The MLP: value and vector-Jacobian product. */
  @Benchmark
  public double[] mlpGradient() {
    mlp.vjp(x, w1, w2, seed, out, gX, gW1, gW2);
    return gX;
  }

  /** The MLP: Hessian-vector product of the seeded output, along all three parameters. */
  @Benchmark
  public double[] mlpHvp() {
    mlp.hvp(x, w1, w2, seed, dX, dW1, dW2, hX, hW1, hW2);
    return hX;
  }

  /** One call of each entry point on preallocated arguments, for {@link AllocationProbe}. */
  static Runnable[] calls() {
    HvpBench b = new HvpBench();
    b.setUp();
    return new Runnable[] {b::crossEntropyGradient, b::crossEntropyHvp, b::mlpGradient, b::mlpHvp};
  }
}
