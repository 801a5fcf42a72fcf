package dev.adjoint.examples.bench;

import dev.adjoint.examples.microgpt.Adam;
import dev.adjoint.examples.microgpt.CompiledModel;
import dev.adjoint.examples.microgpt.EngineModel;
import dev.adjoint.examples.microgpt.Weights;
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
 * One microgpt training step on one document: the natural model ({@code microgpt.MicroGpt},
 * compiled) for value and gradient, and with Adam; the masked fixed-length model ({@link
 * MaskedMicroGpt}, always all 16 positions); and the {@code Value} engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 100, timeUnit = TimeUnit.MILLISECONDS)
public class MicroGptBench {
  /** The document's positions: "emmale" (7) or a 15-letter name (16). */
  @Param({"7", "16"})
  public int n;

  private static final int VOCAB = 27;

  private int[] tokens;
  private Weights weights;
  private Weights grads;
  private Adam adam;
  private int step;
  private final CompiledModel natural = new CompiledModel();
  private final MaskedMicroGptCompiled.Loss masked = new MaskedMicroGptCompiled.Loss();
  private int[] maskedTokens;

  /** Allocates everything once, so that the timed calls allocate only what they allocate. */
  @Setup
  public void setUp() {
    tokens =
        n == 7
            ? new int[] {26, 4, 12, 12, 0, 11, 4, 26}
            : new int[] {26, 0, 11, 4, 23, 0, 13, 3, 17, 8, 0, 13, 13, 0, 1, 4, 26};
    maskedTokens = new int[] {26, 0, 11, 4, 23, 0, 13, 3, 17, 8, 0, 13, 13, 0, 1, 4, 26};
    weights = Weights.initial(VOCAB, 42);
    grads = new Weights(VOCAB);
    adam = new Adam(weights, grads, Integer.MAX_VALUE);
  }

  /** The natural model's value and gradient. */
  @Benchmark
  public double naturalGradient() {
    return natural.lossAndGradient(tokens, weights, grads);
  }

  /** The natural model's training step: value, gradient and Adam. */
  @Benchmark
  public double naturalStep() {
    double loss = natural.lossAndGradient(tokens, weights, grads);
    adam.step(step++ & 0xffff);
    return loss;
  }

  /** The masked model's value and gradient, over all 16 positions whatever {@code n}. */
  @Benchmark
  public double maskedGradient() {
    Weights w = weights;
    Weights g = grads;
    return masked.gradient(
        w.wte,
        w.wpe,
        w.attnWq[0],
        w.attnWk[0],
        w.attnWv[0],
        w.attnWo[0],
        w.mlpFc1[0],
        w.mlpFc2[0],
        w.lmHead,
        maskedTokens,
        g.wte,
        g.wpe,
        g.attnWq[0],
        g.attnWk[0],
        g.attnWv[0],
        g.attnWo[0],
        g.mlpFc1[0],
        g.mlpFc2[0],
        g.lmHead);
  }

  /** The engine: the natural model's value and gradient. */
  @Benchmark
  @Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
  @Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
  public double engineGradient() {
    return EngineModel.lossAndGradient(tokens, weights, grads);
  }
}
