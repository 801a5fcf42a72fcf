package dev.adjoint.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Stream;

/** The Markdown report of a suite run: the machine, the ratio table, the targets, every score. */
final class Report {
  /**
   * Below this median CPU / wall-clock share the report warns that the machine was busy: with a
   * core to itself, the single benchmark thread keeps the share near 1.
   */
  static final double BUSY = 0.9;

  private Report() {}

  /** The whole report. */
  static String write(
      RatioTable table, boolean quick, Score.Basis basis, int count, long seconds, String load) {
    StringBuilder out = new StringBuilder();
    out.append("# Adjoint benchmarks\n\n");
    if (quick) {
      out.append(
          "**--quick: one 50 ms iteration each, a smoke test; the figures mean nothing.**\n\n");
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%s; %d cores; %s %s; JDK %s (%s); JMH 1.37, 1 fork per benchmark, warm-up %s,"
                + " measurement %s, -prof gc and CPU time; %d benchmarks in %d:%02d; load average"
                + " before / after %s; %s.%n%n",
            cpu(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.name"),
            quick
                ? "1 x 50 ms"
                : String.format(
                    Locale.ROOT,
                    "%d x %d ms (attention, MLP: %d x %d ms; engine: %d x %d ms)",
                    BenchmarkSuite.WARMUP_ITERATIONS,
                    BenchmarkSuite.WARMUP_MILLIS,
                    BenchmarkSuite.LAYER_WARMUP_ITERATIONS,
                    BenchmarkSuite.LAYER_WARMUP_MILLIS,
                    BenchmarkSuite.ENGINE_WARMUP_ITERATIONS,
                    BenchmarkSuite.ENGINE_WARMUP_MILLIS),
            quick
                ? "1 x 50 ms"
                : String.format(
                    Locale.ROOT,
                    "%d x %d ms (engine: %d x %d ms)",
                    BenchmarkSuite.MEASUREMENT_ITERATIONS,
                    BenchmarkSuite.MEASUREMENT_MILLIS,
                    BenchmarkSuite.ENGINE_MEASUREMENT_ITERATIONS,
                    BenchmarkSuite.ENGINE_MEASUREMENT_MILLIS),
            count,
            seconds / 60,
            seconds % 60,
            load,
            LocalDate.now()));
    double share = table.cpuShare();
    if (share < BUSY) {
      out.append(
          String.format(
              Locale.ROOT,
              "**The machine was busy: the benchmarks got %.0f%% of a core (median CPU / wall"
                  + " time). The best-iteration figures resist that, the means do not; differences"
                  + " of a few percent are noise either way.**%n%n",
              100 * share));
    }
    out.append("## Ratios\n\n").append(basisNote(basis)).append("\n\n");
    out.append(table.ratios()).append('\n');
    out.append("## Targets\n\n");
    for (String target : table.targets()) {
      out.append("- ").append(target).append('\n');
    }
    out.append("\n## Every score\n\n").append(table.raw());
    return out.toString();
  }

  private static String basisNote(Score.Basis basis) {
    switch (basis) {
      case BEST:
        return "Times are each benchmark's fastest measurement iteration (time per operation), the"
            + " figure other load on the machine disturbs least; JMH's means are in the last"
            + " table.";
      case CPU:
        return "Times are CPU time per operation (the forked JVM's, see CpuTimeProfiler).";
      default:
        return "Times are JMH's scores: mean wall-clock time per operation.";
    }
  }

  /**
   * The one-minute load average, where the OS tells it: other work on a two-core machine slows
   * every benchmark, so a report says how busy the machine was.
   */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?"; // only a label
    }
  }

  /** The processor's model name, where the OS tells it. */
  private static String cpu() {
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      try (Stream<String> lines = Files.lines(info)) {
        return lines
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
      } catch (IOException | RuntimeException e) {
        return "unknown CPU"; // only a label: never fail a finished run for it
      }
    }
    return "unknown CPU";
  }
}
