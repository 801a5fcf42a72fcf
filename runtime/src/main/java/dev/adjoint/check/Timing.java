package dev.adjoint.check;

import dev.adjoint.CompiledFunction;

/**
 * A quick, rough comparison of the interpreted engine with the generated code: time per call of a
 * forward plus backward pass on the engine, and of the generated {@code vjp} (which includes its
 * own forward pass). Not a benchmark; the JMH benchmarks are.
 *
 * @param engineMicros microseconds per engine call
 * @param generatedMicros microseconds per generated call
 */
record Timing(double engineMicros, double generatedMicros) {

  private static final int WARMUP_CALLS = 200;
  private static final int ROUNDS = 5;
  private static final int CALLS_PER_ROUND = 60;

  /** Wall-clock cap per batch of calls, so that slow functions keep a CLI run to seconds. */
  private static final long BUDGET_NANOS = 10_000_000L;

  /** Keeps results alive so that the JIT cannot drop the timed calls. */
  private static volatile double sink;

  /** How many times faster the generated code is. */
  double speedup() {
    return engineMicros / generatedMicros;
  }

  static Timing measure(CompiledFunction fn, Point p) {
    Runnable engine =
        () -> {
          double[][] g =
              Engine.trace(fn, p.inputs(), p.shapes(), p.passiveCopy()).gradient(p.seed());
          sink = first(g);
        };
    Runnable generated =
        () -> {
          double[][] g =
              p.shapes() == null
                  ? fn.vjp(p.inputs(), p.passiveCopy(), p.seed())
                  : fn.vjp(p.inputs(), p.shapes(), p.passiveCopy(), p.seed());
          sink = first(g);
        };
    for (int i = 0; i < 4; i++) {
      repeat(engine, WARMUP_CALLS / 4);
      repeat(generated, WARMUP_CALLS / 4);
    }
    // Interleaved rounds, best of each: a GC pause or a JIT compilation in one round is ignored.
    double engineBest = Double.POSITIVE_INFINITY;
    double generatedBest = Double.POSITIVE_INFINITY;
    for (int round = 0; round < ROUNDS; round++) {
      engineBest = Math.min(engineBest, repeat(engine, CALLS_PER_ROUND));
      generatedBest = Math.min(generatedBest, repeat(generated, CALLS_PER_ROUND));
    }
    return new Timing(engineBest, generatedBest);
  }

  /** Calls {@code r} up to {@code calls} times within the budget; returns microseconds per call. */
  private static double repeat(Runnable r, int calls) {
    long start = System.nanoTime();
    long elapsed = 0;
    int n = 0;
    while (n < calls && (n < 3 || elapsed < BUDGET_NANOS)) {
      r.run();
      n++;
      elapsed = System.nanoTime() - start;
    }
    return elapsed / 1e3 / n;
  }

  private static double first(double[][] g) {
    return g.length > 0 && g[0].length > 0 ? g[0][0] : 0;
  }
}
