package dev.adjoint.examples.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output reduced to one line per finished benchmark, so that the suite's 126 benchmarks show
 * progress in 126 lines instead of JMH's two thousand; messages (warnings, failures) and the forked
 * JVMs' own output still pass through.
 */
final class ProgressFormat implements OutputFormat {
  private final PrintStream out;
  private final long start = System.nanoTime();
  private int finished;
  private String eta = "?";

  ProgressFormat(PrintStream out) {
    this.out = out;
  }

  @Override
  public void iteration(BenchmarkParams benchmark, IterationParams params, int iteration) {}

  @Override
  public void iterationResult(
      BenchmarkParams benchmark, IterationParams params, int iteration, IterationResult data) {}

  @Override
  public void startBenchmark(BenchmarkParams benchmark) {}

  @Override
  public void endBenchmark(BenchmarkResult result) {
    finished++;
    if (result == null) {
      return; // the benchmark failed; JMH has printed why through println
    }
    BenchmarkParams params = result.getParams();
    String name = params.getBenchmark();
    name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
    StringBuilder label = new StringBuilder(name);
    for (String key : params.getParamsKeys()) {
      label.append(' ').append(key).append('=').append(params.getParam(key));
    }
    Result<?> primary = result.getPrimaryResult();
    double best = Double.NaN;
    for (IterationResult iteration : result.getIterationResults()) {
      double score = iteration.getPrimaryResult().getScore();
      best = Double.isNaN(best) ? score : Math.min(best, score);
    }
    Result<?> alloc = result.getSecondaryResults().get(BenchmarkSuite.ALLOCATION);
    Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.NAME);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    out.println(
        String.format(
            Locale.ROOT,
            "[%3d  %d:%02d, ETA %s] %-50s best %10.1f, mean %10.1f ± %.1f %s%s%s",
            finished,
            seconds / 60,
            seconds % 60,
            eta,
            label,
            best,
            primary.getScore(),
            primary.getScoreError(),
            primary.getScoreUnit(),
            cpu == null ? "" : String.format(Locale.ROOT, "  (CPU %.1f)", cpu.getScore()),
            alloc == null ? "" : String.format(Locale.ROOT, "  %.2f B/op", alloc.getScore())));
    out.flush();
  }

  @Override
  public void startRun() {}

  @Override
  public void endRun(Collection<RunResult> result) {}

  @Override
  public void print(String s) {
    out.print(s);
  }

  @Override
  public void println(String s) {
    // JMH announces each fork with these; the line per benchmark says it all, ETA included.
    if (s.startsWith("# Run progress:")) {
      int at = s.indexOf("ETA ");
      eta = at < 0 ? "?" : s.substring(at + 4).trim();
      return;
    }
    if (s.isBlank() || s.startsWith("# Fork:")) {
      return;
    }
    out.println(s);
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }

  @Override
  public void verbosePrintln(String s) {}

  @Override
  public void write(int b) {
    out.write(b);
  }

  @Override
  public void write(byte[] b) {
    out.write(b, 0, b.length);
  }
}
