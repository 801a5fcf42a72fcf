package dev.adjoint.examples.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns benchmark scores into the side-by-side table of docs/BENCHMARKS.md and checks the issue's
 * targets on it. Independent of JMH (it takes {@link Score}s), so that it is tested on made-up
 * numbers.
 */
final class RatioTable {
  /** Generated value-and-gradient may cost at most this much more than the hand-written one. */
  static final double GRADIENT_TARGET = 1.10;

  /** Cross-entropy's value-and-gradient may cost at most this many forward passes. */
  static final double CHEAP_GRADIENT_TARGET = 1.5;

  /** The generated entry points' benchmark methods: forward, value-and-gradient, tangent. */
  private static final List<String> GENERATED =
      List.of("generatedForward", "generatedGradient", "generatedTangent");

  /** Row order: the functions, then the examples. */
  private static final List<String> FUNCTIONS =
      List.of("SoftmaxBench", "LogSoftmaxBench", "CrossEntropyBench", "AttentionBench", "MlpBench");

  private final Map<String, Map<String, Map<String, Score>>> byFunction = new LinkedHashMap<>();
  private final List<Score> scores = new ArrayList<>();
  private final Map<String, Double> exactBytes;
  private final Score.Basis basis;

  /**
   * Builds the table.
   *
   * @param scores JMH's results
   * @param exactBytes {@link AllocationProbe}'s exact bytes per call, by {@link #key}
   * @param basis which time of each score the table shows and divides
   */
  RatioTable(List<Score> scores, Map<String, Double> exactBytes, Score.Basis basis) {
    this.exactBytes = exactBytes;
    this.basis = basis;
    List<Score> sorted = new ArrayList<>(scores);
    sorted.sort(
        Comparator.comparingInt((Score s) -> functionOrder(s.benchmark()))
            .thenComparing(Score::benchmark)
            .thenComparing(s -> s.param(), RatioTable::compareParams)
            .thenComparing(Score::method));
    for (Score s : sorted) {
      this.scores.add(s);
      byFunction
          .computeIfAbsent(s.benchmark(), k -> new TreeMap<>(RatioTable::compareParams))
          .computeIfAbsent(s.param(), k -> new TreeMap<>())
          .put(s.method(), s);
    }
  }

  /** The ratio table, one row per function and size, in Markdown. */
  String ratios() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| function | n | hand fwd | gen fwd | **gen/hand fwd** | hand v+g | gen v+g |"
            + " **gen/hand v+g** | gen tangent | engine v+g | **engine/gen v+g** |"
            + " **v+g/fwd** | gen B/op fwd, v+g, tan | JMH gc.alloc.rate.norm |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, Map<String, Map<String, Score>>> function : byFunction.entrySet()) {
      for (Map.Entry<String, Map<String, Score>> row : function.getValue().entrySet()) {
        Map<String, Score> m = row.getValue();
        String exact =
            String.join(
                ", ",
                GENERATED.stream()
                    .map(g -> exact(function.getKey(), row.getKey(), g))
                    .toArray(String[]::new));
        out.append("| ")
            .append(functionName(function.getKey(), row.getKey()))
            .append(" | ")
            .append(sizeLabel(function.getKey(), row.getKey()))
            .append(" | ")
            .append(time(m.get("handForward")))
            .append(" | ")
            .append(time(m.get("generatedForward")))
            .append(" | ")
            .append(ratio(m.get("generatedForward"), m.get("handForward")))
            .append(" | ")
            .append(time(m.get("handGradient")))
            .append(" | ")
            .append(time(m.get("generatedGradient")))
            .append(" | ")
            .append(ratio(m.get("generatedGradient"), m.get("handGradient")))
            .append(" | ")
            .append(time(m.get("generatedTangent")))
            .append(" | ")
            .append(time(m.get("engine")))
            .append(" | ")
            .append(ratio(m.get("engine"), m.get("generatedGradient")))
            .append(" | ")
            .append(ratio(m.get("generatedGradient"), m.get("generatedForward")))
            .append(" | ")
            .append(exact)
            .append(" | ")
            .append(bytes(m.get("generatedForward")))
            .append(", ")
            .append(bytes(m.get("generatedGradient")))
            .append(", ")
            .append(bytes(m.get("generatedTangent")))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** Every score with its error and allocation, in Markdown. */
  String raw() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| benchmark | param | mean ns/op | ± (99.9%) | median | best | CPU ns/op | CPU/mean |"
            + " B/op |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Score s : scores) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s.%s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              s.benchmark(),
              s.method(),
              s.param().isEmpty() ? "-" : s.param(),
              number(s.mean()),
              number(s.error()),
              number(s.median()),
              number(s.best()),
              number(s.cpu()),
              Double.isNaN(s.cpu()) ? "-" : String.format(Locale.ROOT, "%.2f", s.cpu() / s.mean()),
              Double.isNaN(s.bytes()) ? "-" : String.format(Locale.ROOT, "%.2f", s.bytes())));
    }
    return out.toString();
  }

  /**
   * The median over all benchmarks of CPU time / wall-clock time: about 1 when the benchmark thread
   * had a core to itself, well below when other processes took turns on it (the wall-clock scores
   * are then inflated, and even CPU times suffer from the shared caches). NaN without CPU times.
   */
  double cpuShare() {
    double[] shares =
        scores.stream()
            .filter(s -> !Double.isNaN(s.cpu()) && s.mean() > 0)
            .mapToDouble(s -> s.cpu() / s.mean())
            .sorted()
            .toArray();
    return shares.length == 0 ? Double.NaN : shares[shares.length / 2];
  }

  /** The targets, each MET or MISSED with the figures that decide it. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    double worst = 0;
    int compared = 0;
    List<String> allocating = new ArrayList<>();
    int probed = 0;
    double jmhWorst = 0;
    List<String> expensive = new ArrayList<>();
    double worstCheap = 0;
    int cheapCompared = 0;
    for (Map.Entry<String, Map<String, Map<String, Score>>> function : byFunction.entrySet()) {
      for (Map.Entry<String, Map<String, Score>> row : function.getValue().entrySet()) {
        Map<String, Score> m = row.getValue();
        String label = rowLabel(function.getKey(), row.getKey());
        double r = value(m.get("generatedGradient")) / value(m.get("handGradient"));
        if (!Double.isNaN(r)) {
          compared++;
          worst = Math.max(worst, r);
          if (r > GRADIENT_TARGET) {
            slow.add(label + String.format(Locale.ROOT, " %.2fx", r));
          }
        }
        for (String method : GENERATED) {
          Double bytes = exactBytes.get(key(function.getKey(), row.getKey(), method));
          if (bytes != null) {
            probed++;
            if (bytes != 0) {
              allocating.add(label + " " + method + String.format(Locale.ROOT, " %.1f B", bytes));
            }
          }
          Score s = m.get(method);
          if (s != null && !Double.isNaN(s.bytes())) {
            jmhWorst = Math.max(jmhWorst, s.bytes());
          }
        }
        if (function.getKey().equals("CrossEntropyBench")) {
          double c = value(m.get("generatedGradient")) / value(m.get("generatedForward"));
          if (!Double.isNaN(c)) {
            cheapCompared++;
            worstCheap = Math.max(worstCheap, c);
            if (c > CHEAP_GRADIENT_TARGET) {
              expensive.add(label + String.format(Locale.ROOT, " %.2fx", c));
            }
          }
        }
      }
    }
    out.add(
        String.format(
            Locale.ROOT,
            "%s generated value+gradient within %.2fx of hand-written: worst %.2fx over %d rows%s",
            status(slow.isEmpty(), compared),
            GRADIENT_TARGET,
            worst,
            compared,
            slow.isEmpty() ? "" : "; over: " + String.join(", ", slow)));
    out.add(
        String.format(
            Locale.ROOT,
            "%s 0 bytes/op on the generated entry points: %d of %d allocate nothing (exact"
                + " per-thread count); JMH gc.alloc.rate.norm at most %.2f B/op (harness noise)%s",
            status(allocating.isEmpty(), probed),
            probed - allocating.size(),
            probed,
            jmhWorst,
            allocating.isEmpty() ? "" : "; allocating: " + String.join(", ", allocating)));
    out.add(
        String.format(
            Locale.ROOT,
            "%s cross-entropy gradient/forward within %.1fx: worst %.2fx%s",
            status(expensive.isEmpty(), cheapCompared),
            CHEAP_GRADIENT_TARGET,
            worstCheap,
            expensive.isEmpty() ? "" : "; over: " + String.join(", ", expensive)));
    return out;
  }

  /** MET or MISSED, or N/A when the run measured nothing the target is about. */
  private static String status(boolean met, int measured) {
    if (measured == 0) {
      return "N/A   ";
    }
    return met ? "MET   " : "MISSED";
  }

  /** The key of {@code exactBytes}. */
  static String key(String benchmark, String param, String method) {
    return benchmark + "|" + param + "|" + method;
  }

  private String exact(String benchmark, String param, String method) {
    Double bytes = exactBytes.get(key(benchmark, param, method));
    if (bytes == null) {
      return "-";
    }
    return bytes == 0 ? "0" : String.format(Locale.ROOT, "%.1f", bytes);
  }

  /** A time in the unit that keeps three significant digits readable: ns, µs or ms. */
  static String formatNanos(double nanos) {
    if (Double.isNaN(nanos)) {
      return "-";
    }
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.1f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f µs", nanos / 1_000);
    }
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1_000_000);
  }

  private String time(Score s) {
    return formatNanos(value(s));
  }

  private String ratio(Score numerator, Score denominator) {
    double r = value(numerator) / value(denominator);
    if (Double.isNaN(r)) {
      return "-";
    }
    return r >= 100
        ? String.format(Locale.ROOT, "%.0fx", r)
        : String.format(Locale.ROOT, "%.2fx", r);
  }

  private static String bytes(Score s) {
    if (s == null || Double.isNaN(s.bytes())) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", s.bytes());
  }

  /** The time the table compares, by the chosen basis (NaN if not measured). */
  private double value(Score s) {
    return s == null ? Double.NaN : s.time(basis);
  }

  private static String number(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f", x);
  }

  private static String functionName(String benchmark, String param) {
    String base =
        benchmark.endsWith("Bench") ? benchmark.substring(0, benchmark.length() - 5) : benchmark;
    String name = Character.toLowerCase(base.charAt(0)) + base.substring(1);
    return isSize(param) || param.isEmpty() ? name : name + "." + param;
  }

  private static String rowLabel(String benchmark, String param) {
    return functionName(benchmark, param) + (isSize(param) ? " n=" + param : "");
  }

  private static String sizeLabel(String benchmark, String param) {
    if (isSize(param)) {
      return String.format(Locale.ROOT, "%,d", Integer.parseInt(param));
    }
    return benchmark.equals("MlpBench") ? "16-64-16" : "16 x 8";
  }

  private static int functionOrder(String benchmark) {
    int i = FUNCTIONS.indexOf(benchmark);
    return i < 0 ? FUNCTIONS.size() : i;
  }

  /** Sizes numerically (4 before 16), anything else by name. */
  private static int compareParams(String a, String b) {
    if (isSize(a) && isSize(b)) {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }
    return a.compareTo(b);
  }

  private static boolean isSize(String param) {
    return !param.isEmpty() && param.chars().allMatch(Character::isDigit);
  }
}
