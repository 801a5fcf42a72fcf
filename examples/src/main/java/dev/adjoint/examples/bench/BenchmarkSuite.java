package dev.adjoint.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this package (generated kernels, the engine and the hand-written
 * baselines side by side), then prints the ratio table of docs/BENCHMARKS.md and writes it to
 * {@code target/benchmarks.md}.
 *
 * <p>Arguments, all optional: {@code --quick} (one short iteration each: a smoke test of the
 * harness, not a measurement), {@code --basis best|mean|cpu} (which time the table compares, see
 * {@link Score.Basis}; default {@code best}), {@code --out FILE}, and regular expressions selecting
 * benchmarks as JMH's {@code include} does (default: all of this package).
 *
 * <p>Run it with the project's class path on {@code java -cp} (the {@code bench} profile of
 * examples/pom.xml does): JMH forks each benchmark into a new JVM started with this JVM's {@code
 * java.class.path}, so a launcher that loads classes any other way (such as {@code exec:java})
 * would leave the forks without them.
 */
public final class BenchmarkSuite {
  /**
   * Warm-up per benchmark: in a fork of its own, a sized kernel reaches C2 well within this (and a
   * late compilation only costs the first measurement iterations, which the best-iteration figure
   * ignores). Budget: 126 forks x (about 1.5 s to start a JVM, 0.8 s warm-up, about 1 s
   * measurement) plus the longer warm-up below stays under nine minutes on two cores.
   */
  static final int WARMUP_ITERATIONS = 4;

  /** See {@link #WARMUP_ITERATIONS}. */
  static final int WARMUP_MILLIS = 200;

  /**
   * Warm-up of the attention and MLP kernels: their value-and-gradient is split into several
   * methods of about 2,000 bytes, each full of loops, and C2 compiles every loop on its own (OSR)
   * before it compiles the methods themselves; on a loaded two-core machine the last one reaches C2
   * after about three seconds. Measuring earlier times C1 code, up to ten times slower.
   */
  static final int LAYER_WARMUP_ITERATIONS = 15;

  /** See {@link #LAYER_WARMUP_ITERATIONS}. */
  static final int LAYER_WARMUP_MILLIS = 250;

  /**
   * Measured iterations: many short ones, so that some run while no other process wants the core
   * and the fastest of them measures the code, not the machine's load (see {@link Score.Basis}).
   */
  static final int MEASUREMENT_ITERATIONS = 50;

  /** See {@link #MEASUREMENT_ITERATIONS}. */
  static final int MEASUREMENT_MILLIS = 10;

  /**
   * The engine's iterations: one operation at 32,768 takes about 100 ms, and an iteration runs at
   * least one, so it gets few long iterations instead (its ratio to the generated code is in the
   * hundreds: precision does not matter there).
   */
  static final int ENGINE_WARMUP_ITERATIONS = 3;

  /** See {@link #ENGINE_WARMUP_ITERATIONS}. */
  static final int ENGINE_WARMUP_MILLIS = 300;

  /** See {@link #ENGINE_WARMUP_ITERATIONS}. */
  static final int ENGINE_MEASUREMENT_ITERATIONS = 5;

  /** See {@link #ENGINE_WARMUP_ITERATIONS}. */
  static final int ENGINE_MEASUREMENT_MILLIS = 200;

  /** The GC profiler's bytes allocated per operation. */
  static final String ALLOCATION = "gc.alloc.rate.norm";

  private static final String PACKAGE = BenchmarkSuite.class.getPackageName();

  private BenchmarkSuite() {}

  /**
   * Runs the suite.
   *
   * @param args {@code [--quick] [--basis best|mean|cpu] [--out FILE] [REGEX...]}
   */
  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = false;
    Score.Basis basis = Score.Basis.BEST;
    Path file = Path.of("target", "benchmarks.md");
    List<String> includes = new ArrayList<>();
    // Maven passes -Dbench.args as one argument: split it as a shell would (no quoting needed).
    args = String.join(" ", args).trim().split("\\s+");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].equals("--basis") && i + 1 < args.length) {
        basis = Score.Basis.parse(args[++i]);
      } else if (args[i].equals("--out") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (!args[i].isBlank()) {
        includes.add(args[i]);
      }
    }
    if (includes.isEmpty()) {
      includes.add("^" + PACKAGE.replace(".", "\\.") + "\\.");
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .addProfiler(GCProfiler.class)
            .addProfiler(CpuTimeProfiler.class)
            .shouldFailOnError(true);
    for (String include : includes) {
      options.include(include);
    }
    if (quick) {
      options
          .warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(50))
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(50));
    }

    System.out.println("Counting allocations of the generated entry points...");
    Map<String, Double> exactBytes = new LinkedHashMap<>();
    for (AllocationProbe.Entry e : AllocationProbe.entries()) {
      exactBytes.put(
          RatioTable.key(e.benchmark(), e.param(), e.method()),
          AllocationProbe.bytesPerCall(e.call(), AllocationProbe.calls(e.param())));
    }
    String loadBefore = Report.load();
    long start = System.nanoTime();
    Collection<RunResult> results =
        new Runner(options.build(), new ProgressFormat(System.out)).run();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    RatioTable table = new RatioTable(scores(results), exactBytes, basis);
    String report =
        Report.write(
            table, quick, basis, results.size(), seconds, loadBefore + " / " + Report.load());
    System.out.println();
    System.out.println(report);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, report, StandardCharsets.UTF_8);
    System.out.println("Written to " + file.toAbsolutePath().normalize());
  }

  /** JMH's results as scores in nanoseconds, whatever unit a benchmark was declared in. */
  static List<Score> scores(Collection<RunResult> results) {
    List<Score> out = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String full = params.getBenchmark();
      int dot = full.lastIndexOf('.');
      String method = full.substring(dot + 1);
      String benchmark = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
      String param =
          params.getParamsKeys().isEmpty()
              ? ""
              : params.getParam(params.getParamsKeys().iterator().next());
      double toNanos = TimeUnit.NANOSECONDS.convert(1, params.getTimeUnit());
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult fork : r.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          iterations.add(iteration.getPrimaryResult().getScore() / toNanos);
        }
      }
      iterations.sort(null);
      Result<?> primary = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get(ALLOCATION);
      Result<?> cpu = r.getSecondaryResults().get(CpuTimeProfiler.NAME);
      out.add(
          new Score(
              benchmark,
              method,
              param,
              primary.getScore() / toNanos,
              primary.getScoreError() / toNanos,
              iterations.isEmpty() ? Double.NaN : iterations.get(0),
              iterations.isEmpty() ? Double.NaN : iterations.get(iterations.size() / 2),
              cpu == null ? Double.NaN : cpu.getScore(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    return out;
  }
}
