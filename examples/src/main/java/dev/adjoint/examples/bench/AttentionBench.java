package dev.adjoint.examples.bench;

import dev.adjoint.examples.Attention;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The attention examples ({@code Attention.singleHead}, {@code Attention.multiHead}: one query of
 * width 16 over 8 positions): generated kernel, engine and hand-written baseline.
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
public class AttentionBench {
  private static final int WIDTH = 16;
  private static final int POSITIONS = 8;

  /** Which example: {@code singleHead} or {@code multiHead} (4 heads of width 4). */
  @Param({"singleHead", "multiHead"})
  public String head;

  private double[] q;
  private double[][] keys;
  private double[][] values;
  private double[] seed;
  private double[] dQ;
  private double[][] dKeys;
  private double[][] dValues;
  private double[] out;
  private double[] gQ;
  private double[][] gKeys;
  private double[][] gValues;
  private LayerKernels.Layer kernel;
  private EngineRuns.LayerFunction engine;
  private HandWrittenLayers.Attention hand;
  private int heads;

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    q = Inputs.vector(WIDTH, 1, -1, 1);
    keys = Inputs.matrix(POSITIONS, WIDTH, 2, -1, 1);
    values = Inputs.matrix(POSITIONS, WIDTH, 3, -1, 1);
    seed = Inputs.direction(WIDTH, 1);
    dQ = Inputs.direction(WIDTH, 2);
    dKeys = Inputs.matrix(POSITIONS, WIDTH, 4, -1, 1);
    dValues = Inputs.matrix(POSITIONS, WIDTH, 5, -1, 1);
    out = new double[WIDTH];
    gQ = new double[WIDTH];
    gKeys = new double[POSITIONS][WIDTH];
    gValues = new double[POSITIONS][WIDTH];
    kernel = LayerKernels.attention(head);
    engine = head.equals("singleHead") ? Attention::singleHead : Attention::multiHead;
    hand = new HandWrittenLayers.Attention(POSITIONS);
    heads = head.equals("singleHead") ? 1 : 4;
  }

  /** Generated {@code forward}. */
  @Benchmark
  public double[] generatedForward() {
    kernel.forward(q, keys, values, out);
    return out;
  }

  /** Generated {@code vjp}. */
  @Benchmark
  public double[] generatedGradient() {
    kernel.vjp(q, keys, values, seed, out, gQ, gKeys, gValues);
    return gQ;
  }

  /** Generated {@code tangent}. */
  @Benchmark
  public double[] generatedTangent() {
    kernel.tangent(q, keys, values, dQ, dKeys, dValues, out);
    return out;
  }

  /** The engine: leaves, the original method, {@code backward()} of the seeded sum. */
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
    EngineRuns.vjp(engine, q, keys, values, seed, out, gQ, gKeys, gValues);
    return gQ;
  }

  /** Hand-written value, head by head. */
  @Benchmark
  public double[] handForward() {
    int width = WIDTH / heads;
    for (int h = 0; h < heads; h++) {
      hand.forward(q, keys, values, h * width, width, out);
    }
    return out;
  }

  /** Hand-written value and vector-Jacobian product, head by head. */
  @Benchmark
  public double[] handGradient() {
    int width = WIDTH / heads;
    for (int h = 0; h < heads; h++) {
      hand.vjp(q, keys, values, h * width, width, seed, out, gQ, gKeys, gValues);
    }
    return gQ;
  }
}
