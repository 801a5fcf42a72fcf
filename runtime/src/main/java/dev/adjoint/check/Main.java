package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The comparison CLI: checks every compiled function on the classpath and prints one table row
 * each, or prints one function's generated source or traced graph.
 *
 * <p>Exit status: 0 when every row passes, 1 when one fails (or nothing was found, or a file could
 * not be read or written), 2 for bad usage. See {@link #USAGE}.
 */
public final class Main {

  /** The help text. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: java dev.adjoint.check.Main [options]",
          "",
          "Compares every compiled @Differentiable function on the classpath with the Value engine",
          "and with finite differences, and prints one row per function.",
          "",
          "  --filter SUBSTRING  check only functions whose name contains SUBSTRING",
          "  --seed N            random seed for inputs (default "
              + GradientCheck.DEFAULT_SEED
              + ")",
          "  --sources DIR       where generated sources are (default " + Options.SOURCES + ")",
          "  --source NAME       print the generated source of function NAME",
          "  --dot NAME          print the DOT graph of NAME traced on the engine at random inputs",
          "  --out FILE          with --dot: write the graph to FILE instead",
          "  --help              print this help",
          "",
          "Exit status: 0 all pass, 1 a function fails its tolerance, 2 bad usage.",
          "");

  private Main() {}

  /** Runs the CLI over the functions registered on the classpath and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, CompiledFunctions.all()));
  }

  /**
   * Runs the CLI.
   *
   * @param args the command line
   * @param out where all output goes, including errors
   * @param functions the functions to consider, in any order
   * @return the exit status: 0 pass, 1 failure, 2 bad usage
   */
  public static int run(String[] args, PrintStream out, List<CompiledFunction> functions) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.print(USAGE);
      return 2;
    }
    if (options.help()) {
      out.print(USAGE);
      return 0;
    }
    List<CompiledFunction> sorted = new ArrayList<>(functions);
    sorted.sort(Comparator.comparing(CompiledFunction::name));
    if (options.source() != null || options.dot() != null) {
      String name = options.source() != null ? options.source() : options.dot();
      CompiledFunction fn = find(sorted, name);
      if (fn == null) {
        out.println("error: no compiled function named " + name);
        return 2;
      }
      return options.source() != null ? printSource(fn, options, out) : writeDot(fn, options, out);
    }
    return table(sorted, options, out);
  }

  private static int table(List<CompiledFunction> functions, Options options, PrintStream out) {
    Table table =
        new Table(
            "FUNCTION",
            "SHAPES",
            ">FWD ULPS",
            ">GRAD/ENGINE",
            ">GRAD/FD",
            ">TAN/ENGINE",
            ">TAN/FD",
            ">ENGINE us",
            ">GEN us",
            ">SPEEDUP",
            "SIZES",
            "STATUS",
            "SOURCE");
    List<CheckReport> failed = new ArrayList<>();
    int checked = 0;
    for (CompiledFunction fn : functions) {
      if (options.filter() != null && !fn.name().contains(options.filter())) {
        continue;
      }
      checked++;
      CheckReport report = GradientCheck.of(fn).seed(options.seed()).run();
      if (!report.passed()) {
        failed.add(report);
      }
      String[] time = timing(fn, options.seed());
      table.add(
          fn.name(),
          report.signature(),
          report.forwardMaxUlps() == Long.MAX_VALUE ? "huge" : "" + report.forwardMaxUlps(),
          error(report.gradientVsEngine()),
          error(report.gradientVsFiniteDifference()),
          error(report.tangentVsEngine()),
          error(report.tangentVsFiniteDifference()),
          time[0],
          time[1],
          time[2],
          report.sizesSummary(),
          report.passed() ? "ok" : "FAIL",
          display(sourcePath(options.sources(), fn.generatedClass())));
    }
    if (checked == 0) {
      out.println(
          options.filter() == null
              ? "no compiled functions found on the classpath"
              : "no compiled function matches --filter " + options.filter());
      return 1;
    }
    out.print(table.render());
    for (CheckReport report : failed) {
      out.println();
      out.print(report);
    }
    Tolerance t = Tolerance.DEFAULT;
    out.printf(
        Locale.ROOT,
        "%n%d checked, %d failed (limits: forward %d ulps, vs engine %s, vs finite differences %s"
            + " relative; seed %d)%n",
        checked,
        failed.size(),
        t.forwardUlps(),
        Discrepancy.format(t.engineRelative()),
        Discrepancy.format(t.finiteDifferenceRelative()),
        options.seed());
    return failed.isEmpty() ? 0 : 1;
  }

  /** The judged relative error, or {@code -} if the comparison did not apply. */
  private static String error(Discrepancy d) {
    return d.compared() == 0 ? "-" : Discrepancy.format(d.maxRelative());
  }

  private static String[] timing(CompiledFunction fn, long seed) {
    try {
      Timing t = Timing.measure(fn, Inputs.generate(fn, seed, 1, false).get(0));
      return new String[] {
        String.format(Locale.ROOT, "%.1f", t.engineMicros()),
        String.format(Locale.ROOT, "%.1f", t.generatedMicros()),
        String.format(Locale.ROOT, "%.1fx", t.speedup())
      };
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      // The check has already recorded the failure; timing just has nothing to show.
      return new String[] {"-", "-", "-"};
    }
  }

  private static int printSource(CompiledFunction fn, Options options, PrintStream out) {
    Path path = sourcePath(options.sources(), fn.generatedClass());
    try {
      out.print(Files.readString(path));
      return 0;
    } catch (IOException e) {
      out.println("error: cannot read " + display(path) + ": " + e);
      return 1;
    }
  }

  private static int writeDot(CompiledFunction fn, Options options, PrintStream out) {
    String dot;
    try {
      Point p = Inputs.generate(fn, options.seed(), 1, false).get(0);
      Value root = p.trace(fn).root();
      // Back-propagate first so that the graph shows meaningful gradients, not zeros.
      root.backward();
      dot = root.toDot();
    } catch (RuntimeException | StackOverflowError e) {
      out.println("error: tracing " + fn.name() + " failed: " + e);
      return 1;
    }
    if (options.out() == null) {
      out.print(dot);
      return 0;
    }
    try {
      Files.writeString(Path.of(options.out()), dot);
      out.println("wrote " + options.out());
      return 0;
    } catch (IOException e) {
      out.println("error: cannot write " + options.out() + ": " + e);
      return 1;
    }
  }

  private static CompiledFunction find(List<CompiledFunction> functions, String name) {
    for (CompiledFunction fn : functions) {
      if (fn.name().equals(name)) {
        return fn;
      }
    }
    return null;
  }

  /**
   * The generated source of {@code generatedClass} under {@code base}: {@code demo.LossesAdjoint}
   * is {@code base/demo/LossesAdjoint.java}; a nested class is in its outermost class's file.
   */
  static Path sourcePath(String base, String generatedClass) {
    String outer = generatedClass;
    int lastDot = outer.lastIndexOf('.');
    int dollar = outer.indexOf('$', lastDot + 1);
    if (dollar >= 0) {
      outer = outer.substring(0, dollar);
    }
    return Path.of(base, outer.replace('.', '/') + ".java");
  }

  /** A path as shown to the user: relative to the working directory when it lies below it. */
  private static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = path.toAbsolutePath().normalize();
    Path shown = path.isAbsolute() && abs.startsWith(cwd) ? cwd.relativize(abs) : path;
    return shown.toString().replace('\\', '/');
  }
}
