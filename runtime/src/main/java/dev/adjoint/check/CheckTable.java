package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The CLI's table: checks each function, one row each, in {@value Main#WIDTH} columns (function
 * names shortened in the middle if they must be) or, with {@code --wide}, every column; then a
 * legend of the columns, the report of each failure and the summary.
 */
final class CheckTable {

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanos;

  CheckTable(
      Options options, PrintStream out, PrintStream err, boolean terminal, LongSupplier nanos) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.nanos = nanos;
  }

  /** Checks {@code functions} (sorted) whose name contains {@code filter}; returns the status. */
  int run(List<CompiledFunction> functions, String filter) {
    List<CompiledFunction> chosen = new ArrayList<>();
    for (CompiledFunction fn : functions) {
      if (filter == null || fn.name().contains(filter)) {
        chosen.add(fn);
      }
    }
    if (chosen.isEmpty()) {
      err.println(
          filter == null
              ? "error: no compiled functions found on the class path (is the Adjoint processor on"
                  + " the compiler's processor path, and did the compilation succeed?)"
              : "error: no compiled function matches --filter " + filter);
      return 1;
    }
    boolean wide = options.wide();
    Table table =
        wide
            ? new Table(
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
                "SOURCE")
            : new Table(
                "FUNCTION",
                ">FWD ULPS",
                ">GRAD/ENGINE",
                ">GRAD/FD",
                ">TAN/ENGINE",
                ">TAN/FD",
                ">SPEEDUP",
                "STATUS");
    List<CheckReport> failed = new ArrayList<>();
    Progress progress = new Progress(err, chosen.size(), nanos, terminal);
    for (int i = 0; i < chosen.size(); i++) {
      CompiledFunction fn = chosen.get(i);
      progress.checking(i, fn.name());
      CheckReport report = GradientCheck.of(fn).seed(options.seed()).run();
      if (!report.passed()) {
        failed.add(report);
      }
      String[] time = timing(fn, options.seed());
      String ulps =
          report.forwardMaxUlps() == Long.MAX_VALUE ? "huge" : "" + report.forwardMaxUlps();
      String status = report.passed() ? "ok" : "FAIL";
      if (wide) {
        table.add(
            fn.name(),
            report.signature(),
            ulps,
            error(report.gradientVsEngine()),
            error(report.gradientVsFiniteDifference()),
            error(report.tangentVsEngine()),
            error(report.tangentVsFiniteDifference()),
            time[0],
            time[1],
            time[2],
            report.sizesSummary(),
            status,
            Main.display(Main.sourcePath(options.sources(), fn.generatedClass())));
      } else {
        table.add(
            fn.name(),
            ulps,
            error(report.gradientVsEngine()),
            error(report.gradientVsFiniteDifference()),
            error(report.tangentVsEngine()),
            error(report.tangentVsFiniteDifference()),
            time[2],
            status);
      }
    }
    progress.done();
    out.print(wide ? table.render() : table.render(Main.WIDTH));
    out.print(legend(wide, wide ? Integer.MAX_VALUE : Main.WIDTH));
    for (CheckReport report : failed) {
      out.println();
      out.print(report);
    }
    Tolerance t = Tolerance.DEFAULT;
    out.printf(
        Locale.ROOT,
        "%n%d checked, %d failed (limits: forward %d ulps, vs engine %s, vs finite differences %s"
            + " relative; seed %d)%n",
        chosen.size(),
        failed.size(),
        t.forwardUlps(),
        Discrepancy.format(t.engineRelative()),
        Discrepancy.format(t.finiteDifferenceRelative()),
        options.seed());
    return failed.isEmpty() ? 0 : 1;
  }

  /** What the columns mean, wrapped to {@code width}. */
  static String legend(boolean wide, int width) {
    String text =
        "FWD ULPS: largest difference of the forward value from the Value engine's, in units in"
            + " the last place. GRAD/ENGINE, GRAD/FD: largest relative error of the generated"
            + " gradient against the engine's backward() and against central finite differences;"
            + " TAN/ENGINE, TAN/FD: the same for forward-mode tangents (- where nothing was"
            + " compared). "
            + (wide
                ? "SHAPES: the signature checked. ENGINE us, GEN us: one value and gradient by the"
                    + " engine and by the generated code, in microseconds; SPEEDUP: their ratio."
                    + " SIZES: the runtime sizes checked. SOURCE: the generated file."
                : "SPEEDUP: the engine's time for value and gradient over the generated code's"
                    + " (--wide shows the times, shapes, sizes and files).")
            + " STATUS: ok within the limits below, else FAIL with a report.";
    StringBuilder sb = new StringBuilder("\n");
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > width) {
        sb.append('\n');
        col = 0;
      } else if (col > 0) {
        sb.append(' ');
        col++;
      }
      sb.append(word);
      col += word.length();
    }
    return sb.append('\n').toString();
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
}
