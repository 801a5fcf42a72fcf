package dev.adjoint.processor.fuzz;

import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.Discrepancy;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.check.Tolerance;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges one compiled function with {@link GradientCheck}: passed, failed (a processor bug), or a
 * note (a disagreement that is no processor bug, see {@link Fuzzer.Failure}).
 */
final class Verdicts {
  private Verdicts() {}

  /** Checks one function; null if it passed. */
  static Fuzzer.Failure check(Program p, CompiledFunction fn) {
    Tolerance tol = Tolerance.DEFAULT;
    if (p.stopGradient()) {
      // Finite differences see through data(); the engine does not. Compare with the engine only.
      tol = tol.withFiniteDifferenceRelative(1e300);
    }
    try {
      CheckReport report = GradientCheck.of(fn).seed(p.seed()).tolerance(tol).run();
      if (report.passed() || cancellationNoise(report)) {
        return null;
      }
      boolean outlier = engineOutlier(report) || onlyFiniteDifferences(report);
      if (outlier && p.stopGradient()) {
        // Finite differences were off; they count only if they agree with all of data()'s uses.
        outlier = engineOutlier(GradientCheck.of(fn).seed(p.seed()).run());
      }
      return new Fuzzer.Failure(p, "gradient check failed:\n" + report, outlier);
    } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
      return new Fuzzer.Failure(p, "gradient check threw " + e);
    }
  }

  /**
   * Whether the engine is the outlier: the generated gradient and tangent agree with finite
   * differences of the generated forward (bit-identical to the engine's), at least a hundred times
   * better than the engine's derivatives do. The engine accumulates gradients in its own order,
   * which can lose a small gradient next to huge terms that cancel (seed 117761: {@code v - v} with
   * adjoints near 1e52), and finite differences are the arbiter then. A real bug in the generated
   * derivatives shows in the finite-difference comparison as much as in the engine's.
   */
  private static boolean engineOutlier(CheckReport r) {
    Discrepancy gradFd = r.gradientVsFiniteDifference();
    Discrepancy tanFd = r.tangentVsFiniteDifference();
    double fd = Math.max(gradFd.maxRelative(), tanFd.maxRelative());
    double engine = Math.max(r.gradientVsEngine().maxRelative(), r.tangentVsEngine().maxRelative());
    return r.errors().isEmpty()
        && r.forwardMaxUlps() == 0
        && gradFd.compared() > 0
        && tanFd.compared() > 0
        && fd <= FD_ARBITER
        && engine >= 100 * fd;
  }

  /** Largest relative finite-difference error at which finite differences arbitrate. */
  private static final double FD_ARBITER = 1e-3;

  /**
   * Whether the only problems are engine comparisons of derivatives that cancel to (nearly) zero,
   * like the gradient of the sum of a softmax: the engine and the generated code accumulate O(1)
   * terms in different orders, and the check's floor, relative to the largest gradient element (or
   * to the terms of {@code <seed, jvp>}), is then itself nearly zero. An absolute error far below
   * the rounding error of such terms is no bug.
   */
  private static boolean cancellationNoise(CheckReport r) {
    List<String> problems = r.problems();
    return problems.stream()
            .allMatch(s -> s.startsWith("gradient vs engine") || s.startsWith("tangent vs engine"))
        && tiny(r.gradientVsEngine())
        && tiny(r.tangentVsEngine());
  }

  /**
   * Whether a comparison passed, or failed only where the absolute error is below {@link
   * #CANCELLATION} (read from its worst element, since the largest absolute error over all points
   * may sit at a large number that passed) and nowhere above {@link #MAX_ABSOLUTE}.
   */
  private static boolean tiny(Discrepancy d) {
    if (d.passed()) {
      return true;
    }
    Matcher m = WORST.matcher(d.worst());
    double abs =
        m.find()
            ? Math.abs(Double.parseDouble(m.group(1)) - Double.parseDouble(m.group(2)))
            : d.maxAbsolute();
    return abs <= CANCELLATION && d.maxAbsolute() <= MAX_ABSOLUTE;
  }

  /** The two numbers of a {@link Discrepancy#worst()} description. */
  private static final Pattern WORST = Pattern.compile("\\(generated (\\S+), reference (\\S+)\\)$");

  /** Absolute gradient error accepted when gradients cancel: far below any real bug's size. */
  private static final double CANCELLATION = 1e-12;

  /** Largest absolute error anywhere that still counts as cancellation noise. */
  private static final double MAX_ABSOLUTE = 1e-8;

  /**
   * Whether only finite differences disagree: the generated forward is bit-identical to the
   * engine's and the generated derivatives agree with the engine's, so a finite difference that
   * disagrees measured a kink ({@code relu}, a select's threshold) within its step, or its own
   * truncation error, not a bug of the processor.
   */
  private static boolean onlyFiniteDifferences(CheckReport r) {
    return r.errors().isEmpty()
        && r.forwardMaxUlps() == 0
        && r.problems().stream().allMatch(s -> s.contains("vs finite differences"));
  }
}
