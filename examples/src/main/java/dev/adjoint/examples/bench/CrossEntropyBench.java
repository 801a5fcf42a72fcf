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
 * Cross-entropy at every size: the generated kernel's three entry points, the engine and the
 * hand-written baseline on the same logits. The budget (one fork, short iterations) is the suite's,
 * see {@link BenchmarkSuite}.
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
public class CrossEntropyBench {
  /** The number of logits. */
  @Param({"4", "16", "64", "256", "1024", "32768"})
  public int n;

  private double[] logits;
  private double[] dLogits;
  private double[] grad;
  private int target;
  private SizedKernels.Scalar kernel;
  private SizedKernels.EngineScalar engine;

  private final AnyLengthCompiled.CrossEntropy anyLength = new AnyLengthCompiled.CrossEntropy();

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    logits = Inputs.logits(n);
    dLogits = Inputs.direction(n, 0);
    grad = new double[n];
    target = Inputs.target(n);
    kernel = SizedKernels.crossEntropy(n);
    engine = SizedKernels.engineCrossEntropy(n);
  }

  /** Generated {@code forward}: the loss. */
  @Benchmark
  public double generatedForward() {
    return kernel.forward(logits, target);
  }

  /** Generated {@code gradient}: the loss and its gradient. */
  @Benchmark
  public double generatedGradient() {
    return kernel.gradient(logits, target, grad);
  }

  /** Generated {@code tangent}: the directional derivative (forward mode). */
  @Benchmark
  public double generatedTangent() {
    return kernel.tangent(logits, target, dLogits);
  }

  /** The engine: leaves, {@code Sized.crossEntropy<n>}, {@code backward()}, gradients out. */
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
    return EngineRuns.gradient(engine, logits, target, grad);
  }

  /** Hand-written loss. */
  @Benchmark
  public double handForward() {
    return HandWritten.crossEntropy(logits, target);
  }

  /** Hand-written loss and gradient. */
  @Benchmark
  public double handGradient() {
    return HandWritten.crossEntropyGradient(logits, target, grad);
  }

  /** The same function compiled without {@code @Shape} ({@link AnyLength}): {@code forward}. */
  @Benchmark
  public double anyLengthForward() {
    return anyLength.forward(logits, target);
  }

  /** The same function compiled without {@code @Shape}: {@code gradient}. */
  @Benchmark
  public double anyLengthGradient() {
    return anyLength.gradient(logits, target, grad);
  }

  /** The same function compiled without {@code @Shape}: {@code tangent}. */
  @Benchmark
  public double anyLengthTangent() {
    return anyLength.tangent(logits, target, dLogits);
  }
}
