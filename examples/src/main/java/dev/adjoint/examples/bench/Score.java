package dev.adjoint.examples.bench;

import java.util.Locale;

/**
 * One benchmark's result, as the ratio table uses it.
 *
 * @param benchmark the benchmark class's simple name, such as {@code CrossEntropyBench}
 * @param method the benchmark method, such as {@code generatedGradient}
 * @param param the value of its one {@code @Param} ({@code n} or the attention variant), or empty
 * @param mean JMH's score: the mean wall-clock time per operation over the measurement iterations,
 *     in nanoseconds
 * @param error the half-width of JMH's 99.9% confidence interval of the mean (NaN if unknown)
 * @param best the fastest measurement iteration's time per operation
 * @param median the median measurement iteration's time per operation
 * @param cpu the process CPU time per operation ({@link CpuTimeProfiler}), NaN if not profiled
 * @param bytes bytes allocated per operation ({@code gc.alloc.rate.norm}), NaN if not profiled
 */
record Score(
    String benchmark,
    String method,
    String param,
    double mean,
    double error,
    double best,
    double median,
    double cpu,
    double bytes) {

  /** Which of a score's times the ratio table compares. */
  enum Basis {
    /**
     * The fastest of many short iterations: what the code costs when nothing else runs on its core.
     * The default, because other processes on a shared machine can only make an iteration slower,
     * never faster, so the minimum is the figure they disturb least.
     */
    BEST,
    /** JMH's own score, the mean: right on an idle machine, inflated by any other load. */
    MEAN,
    /** CPU time per operation: not inflated by waiting for a core, but by shared caches. */
    CPU;

    /** Parses {@code best}, {@code mean} or {@code cpu}. */
    static Basis parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** The time {@code basis} selects, in nanoseconds per operation (NaN if not measured). */
  double time(Basis basis) {
    switch (basis) {
      case BEST:
        return best;
      case CPU:
        return cpu;
      default:
        return mean;
    }
  }
}
