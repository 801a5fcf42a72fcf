package dev.adjoint.examples.bench;

import dev.adjoint.examples.Layers;
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
 * The MLP example ({@code Layers.mlp}: 16 to 64, ReLU, back to 16): generated kernel, engine and
 * hand-written baseline.
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
public class MlpBench {
  private static final int WIDTH = 16;
  private static final int HIDDEN = 64;

  private double[] x;
  private double[][] w1;
  private double[][] w2;
  private double[] seed;
  private double[] dX;
  private double[][] dW1;
  private double[][] dW2;
  private double[] out;
  private double[] gX;
  private double[][] gW1;
  private double[][] gW2;
  private LayerKernels.Layer kernel;
  private HandWrittenLayers.Mlp hand;

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    x = Inputs.vector(WIDTH, 1, -1, 1);
    w1 = Inputs.matrix(HIDDEN, WIDTH, 2, -0.5, 0.5);
    w2 = Inputs.matrix(WIDTH, HIDDEN, 3, -0.5, 0.5);
    seed = Inputs.direction(WIDTH, 1);
    dX = Inputs.direction(WIDTH, 2);
    dW1 = Inputs.matrix(HIDDEN, WIDTH, 4, -1, 1);
    dW2 = Inputs.matrix(WIDTH, HIDDEN, 5, -1, 1);
    out = new double[WIDTH];
    gX = new double[WIDTH];
    gW1 = new double[HIDDEN][WIDTH];
    gW2 = new double[WIDTH][HIDDEN];
    kernel = LayerKernels.mlp();
    hand = new HandWrittenLayers.Mlp(HIDDEN);
  }

  /** Generated {@code forward}. */
  @Benchmark
  public double[] generatedForward() {
    kernel.forward(x, w1, w2, out);
    return out;
  }

  /** Generated {@code vjp}. */
  @Benchmark
  public double[] generatedGradient() {
    kernel.vjp(x, w1, w2, seed, out, gX, gW1, gW2);
    return gX;
  }

  /** Generated {@code tangent}. */
  @Benchmark
  public double[] generatedTangent() {
    kernel.tangent(x, w1, w2, dX, dW1, dW2, out);
    return out;
  }

  /** The engine: leaves, {@code Layers.mlp}, {@code backward()} of the seeded sum. */
  @Benchmark
  @Warmup(
      iterations = BenchmarkSuite.ENGINE_WARMUP_ITERATIONS,
      time = BenchmarkSuite.ENGINE_WARMUP_MILLIS,
      timeUnit = TimeUnit.MILLISECONDS)
  @Measurement(
      iterations = BenchmarkSuite.ENGINE_MEASUREMENT_ITERATIONS,
      time = BenchmarkSuite.ENGINE_MEASUREMENT_MILLIS,
      timeUnit = TimeUnit.MILLISECONDS)
  public double[] engine() {
    EngineRuns.vjp(Layers::mlp, x, w1, w2, seed, out, gX, gW1, gW2);
    return gX;
  }

  /** Hand-written value. */
  @Benchmark
  public double[] handForward() {
    hand.forward(x, w1, w2, out);
    return out;
  }

  /** Hand-written value and vector-Jacobian product. */
  @Benchmark
  public double[] handGradient() {
    hand.vjp(x, w1, w2, seed, out, gX, gW1, gW2);
    return gX;
  }
}
