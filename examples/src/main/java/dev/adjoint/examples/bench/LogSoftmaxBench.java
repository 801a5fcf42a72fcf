package dev.adjoint.examples.bench;

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
 * Log-softmax at every size: the generated kernel's three entry points, the engine and the
 * hand-written baseline on the same logits and seed. The budget (one fork, short iterations) is the
 * suite's, see {@link BenchmarkSuite}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(
    iterations = BenchmarkSuite.WARMUP_ITERATIONS,
    time = BenchmarkSuite.WARMUP_MILLIS,
    timeUnit = TimeUnit.MILLISECONDS)
@Measurement(
    iterations = BenchmarkSuite.MEASUREMENT_ITERATIONS,
    time = BenchmarkSuite.MEASUREMENT_MILLIS,
    timeUnit = TimeUnit.MILLISECONDS)
public class LogSoftmaxBench {
  /** The number of logits. */
  @Param({"4", "16", "64", "256", "1024", "32768"})
  public int n;

  private double[] logits;
  private double[] seed;
  private double[] dLogits;
  private double[] out;
  private double[] grad;
  private SizedKernels.Vector kernel;
  private EngineRuns.VectorFunction engine;

  private final AnyLengthCompiled.LogSoftmax anyLength = new AnyLengthCompiled.LogSoftmax();

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    logits = Inputs.logits(n);
    seed = Inputs.direction(n, 1);
    dLogits = Inputs.direction(n, 0);
    out = new double[n];
    grad = new double[n];
    kernel = SizedKernels.logSoftmax(n);
    engine = SizedKernels.engineLogSoftmax(n);
  }

  /** Generated {@code forward}. */
  @Benchmark
  public double[] generatedForward() {
    kernel.forward(logits, out);
    return out;
  }

  /** Generated {@code vjp}: the value and the vector-Jacobian product with the seed. */
  @Benchmark
  public double[] generatedGradient() {
    kernel.vjp(logits, seed, out, grad);
    return grad;
  }

  /** Generated {@code tangent}: the Jacobian-vector product (forward mode). */
  @Benchmark
  public double[] generatedTangent() {
    kernel.tangent(logits, dLogits, out);
    return out;
  }

  /** The engine: leaves, {@code Sized.logSoftmax<n>}, {@code backward()} of the seeded sum. */
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
    EngineRuns.vjp(engine, logits, seed, out, grad);
    return grad;
  }

  /** Hand-written value. */
  @Benchmark
  public double[] handForward() {
    HandWritten.logSoftmax(logits, out);
    return out;
  }

  /** Hand-written value and vector-Jacobian product. */
  @Benchmark
  public double[] handGradient() {
    HandWritten.logSoftmaxVjp(logits, seed, out, grad);
    return grad;
  }

  /** The same function compiled without {@code @Shape} ({@link AnyLength}): {@code forward}. */
  @Benchmark
  public double[] anyLengthForward() {
    anyLength.forward(logits, out);
    return out;
  }

  /** The same function compiled without {@code @Shape}: {@code vjp}. */
  @Benchmark
  public double[] anyLengthGradient() {
    anyLength.vjp(logits, seed, out, grad);
    return grad;
  }

  /** The same function compiled without {@code @Shape}: {@code tangent}. */
  @Benchmark
  public double[] anyLengthTangent() {
    anyLength.tangent(logits, dLogits, out);
    return out;
  }
}
