package dev.adjoint.examples.bench;

import dev.adjoint.Value;
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
 * Natural Java ({@link NaturalKernels}): a ReLU layer updated in place (64 inputs, 64 outputs) and
 * 64 series summed by {@code while} loops, generated against hand-written loops ({@link
 * HandWrittenNatural}) and the engine.
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
public class NaturalBench {
  static final int N = 64;

  /** Which kernel: {@code reluLayer} or {@code expSeries}. */
  @Param({"reluLayer", "expSeries"})
  public String kernel;

  private double[] x;
  private double[][] w;
  private double[] dX;
  private double[][] dW;
  private double[] gX;
  private double[][] gW;
  private double[] h;
  private double[] out;
  private double[] terms;
  private final NaturalKernelsCompiled.ReluLayer relu = new NaturalKernelsCompiled.ReluLayer();
  private final NaturalKernelsCompiled.ExpSeries series = new NaturalKernelsCompiled.ExpSeries();

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    x = Inputs.vector(N, 1, -3, 3);
    w = Inputs.matrix(N, N, 2, -0.5, 0.5);
    dX = Inputs.direction(N, 2);
    dW = Inputs.matrix(N, N, 4, -1, 1);
    gX = new double[N];
    gW = new double[N][N];
    h = new double[N];
    out = new double[1];
    terms = new double[64];
  }

  /** Generated {@code forward}. */
  @Benchmark
  public double generatedForward() {
    return kernel.equals("reluLayer") ? relu.forward(x, w) : series.forward(x);
  }

  /** Generated {@code gradient}. */
  @Benchmark
  public double generatedGradient() {
    return kernel.equals("reluLayer") ? relu.gradient(x, w, gX, gW) : series.gradient(x, gX);
  }

  /** Generated {@code tangent}. */
  @Benchmark
  public double generatedTangent() {
    return kernel.equals("reluLayer") ? relu.tangent(x, w, dX, dW) : series.tangent(x, dX);
  }

  /** Hand-written value and gradient. */
  @Benchmark
  public double handGradient() {
    if (kernel.equals("reluLayer")) {
      return HandWrittenNatural.reluLayer(x, w, h, gX, gW);
    }
    terms = HandWrittenNatural.expSeries(x, gX, out, terms);
    return out[0];
  }

  /** The engine: leaves, the original method, {@code backward()}. */
  @Benchmark
  @Warmup(
      iterations = BenchmarkSuite.ENGINE_WARMUP_ITERATIONS,
      time = BenchmarkSuite.ENGINE_WARMUP_MILLIS,
      timeUnit = TimeUnit.MILLISECONDS)
  @Measurement(
      iterations = BenchmarkSuite.ENGINE_MEASUREMENT_ITERATIONS,
      time = BenchmarkSuite.ENGINE_MEASUREMENT_MILLIS,
      timeUnit = TimeUnit.MILLISECONDS)
  public double engine() {
    Value[] vx = new Value[N];
    for (int i = 0; i < N; i++) {
      vx[i] = Value.of(x[i]);
    }
    Value result;
    Value[][] vw = null;
    if (kernel.equals("reluLayer")) {
      vw = new Value[N][N];
      for (int o = 0; o < N; o++) {
        for (int i = 0; i < N; i++) {
          vw[o][i] = Value.of(w[o][i]);
        }
      }
      result = NaturalKernels.reluLayer(vx, vw);
    } else {
      result = NaturalKernels.expSeries(vx);
    }
    result.backward();
    for (int i = 0; i < N; i++) {
      gX[i] = vx[i].grad();
    }
    return result.data();
  }
}
