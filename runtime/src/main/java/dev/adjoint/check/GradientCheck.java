package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks one {@link CompiledFunction} against the {@link dev.adjoint.Value} engine and against
 * finite differences.
 *
 * <p>One line in a test:
 *
 * <pre>{@code
 * GradientCheck.assertMatches(CompiledFunctions.named("demo.Losses.crossEntropy"));
 * GradientCheck.of(fn).seed(7).tolerance(Tolerance.DEFAULT.withForwardUlps(1)).assertPasses();
 * }</pre>
 *
 * <p><b>What is compared.</b> At every input point the original method runs on the engine, which
 * back-propagates {@code sum_k seed[k] * output[k]}; then the generated forward must match the
 * engine's outputs to {@link Tolerance#forwardUlps()} ulps, {@code vjp(seed)} must match the
 * engine's input gradients, and {@code jvp(dx)} must satisfy {@code <seed, jvp(dx)> == <engine
 * gradient, dx>}. At random points only, {@code vjp} and {@code jvp} are also compared with central
 * differences of the generated forward (see {@link Tolerance} for the limits): at edge inputs such
 * as logits of ±1000 a difference quotient is meaningless for many functions, so edge points are
 * judged against the engine alone.
 *
 * <p><b>Which points count.</b> Only points where the original runs and the engine's outputs and
 * gradients are all finite are examined (compared): where the method is undefined ({@code 0/0}, the
 * log of a negative, an {@code int} out of its meaningful range) the engine's own numbers mean
 * nothing. The report says how many points were examined and why the others were not; a check that
 * examined no point, or fewer than half of them, fails, with a hint to declare the parameters'
 * ranges with {@code @Domain}.
 *
 * <p><b>Which points.</b> {@link #randomPoints(int)} points (default {@value
 * #DEFAULT_RANDOM_POINTS}) sample each scalar uniformly from its parameter's {@code [min, max]}
 * (from {@code @Domain}, default [-3, 3]; {@code int} parameters are rounded into it, {@code
 * boolean} ones cycle through both values), using a {@link java.util.SplittableRandom} seeded with
 * {@link #seed(long)} (default {@value #DEFAULT_SEED}). Unless {@link #edgeCases(boolean)
 * disabled}, four edge points follow, whose differentiable inputs are: large (±1000), tiny (±1e-8
 * scale), ties (all equal) and mixed (alternating ±1000 and ±1e-8), each clamped into a declared
 * {@code @Domain} (but not into the default range, so undeclared parameters really get ±1000).
 *
 * <p>Instances are immutable; each setter returns a modified copy.
 */
public final class GradientCheck {

  /** The default random seed. */
  public static final long DEFAULT_SEED = 42;

  /** The default number of random points. */
  public static final int DEFAULT_RANDOM_POINTS = 4;

  /** The default relative finite-difference step: {@code h = 1e-6 * max(1, |x|)}. */
  public static final double DEFAULT_STEP = 1e-6;

  /**
   * Inputs with at most this many scalars in total get one finite difference per scalar; larger
   * ones get {@link #directions(int)} random directional differences instead.
   */
  public static final int ELEMENTWISE_LIMIT = 64;

  /** The default number of random directions for large inputs. */
  public static final int DEFAULT_DIRECTIONS = 4;

  private final CompiledFunction function;
  private final long seed;
  private final Tolerance tolerance;
  private final int randomPoints;
  private final boolean edgeCases;
  private final double step;
  private final int directions;

  private GradientCheck(
      CompiledFunction function,
      long seed,
      Tolerance tolerance,
      int randomPoints,
      boolean edgeCases,
      double step,
      int directions) {
    this.function = function;
    this.seed = seed;
    this.tolerance = tolerance;
    this.randomPoints = randomPoints;
    this.edgeCases = edgeCases;
    this.step = step;
    this.directions = directions;
  }

  /** Starts a check of {@code function} with all defaults. */
  public static GradientCheck of(CompiledFunction function) {
    Objects.requireNonNull(function, "function");
    return new GradientCheck(
        function,
        DEFAULT_SEED,
        Tolerance.DEFAULT,
        DEFAULT_RANDOM_POINTS,
        true,
        DEFAULT_STEP,
        DEFAULT_DIRECTIONS);
  }

  /** Checks {@code function} with all defaults and returns the report. */
  public static CheckReport check(CompiledFunction function) {
    return of(function).run();
  }

  /**
   * Checks {@code function} with all defaults.
   *
   * @throws AssertionError with the full report as its message if the check fails
   */
  public static void assertMatches(CompiledFunction function) {
    of(function).assertPasses();
  }

  /** Uses {@code seed} for the random inputs, output seeds, tangents and directions. */
  public GradientCheck seed(long seed) {
    return new GradientCheck(function, seed, tolerance, randomPoints, edgeCases, step, directions);
  }

  /** Uses {@code tolerance} instead of {@link Tolerance#DEFAULT}. */
  public GradientCheck tolerance(Tolerance tolerance) {
    Objects.requireNonNull(tolerance, "tolerance");
    return new GradientCheck(function, seed, tolerance, randomPoints, edgeCases, step, directions);
  }

  /** Examines {@code count} random points (at least 0). */
  public GradientCheck randomPoints(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    return new GradientCheck(function, seed, tolerance, count, edgeCases, step, directions);
  }

  /** Whether to examine the edge points (default true). */
  public GradientCheck edgeCases(boolean enabled) {
    return new GradientCheck(function, seed, tolerance, randomPoints, enabled, step, directions);
  }

  /** Uses the relative finite-difference step {@code step}: {@code h = step * max(1, |x|)}. */
  public GradientCheck finiteDifferenceStep(double step) {
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("step must be finite and > 0: " + step);
    }
    return new GradientCheck(function, seed, tolerance, randomPoints, edgeCases, step, directions);
  }

  /** Uses {@code count} random directions for inputs above {@link #ELEMENTWISE_LIMIT} scalars. */
  public GradientCheck directions(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    return new GradientCheck(function, seed, tolerance, randomPoints, edgeCases, step, count);
  }

  /**
   * Runs the check. Never throws for a misbehaving function: exceptions become report errors.
   *
   * <p>A function with runtime dimensions is checked at several sizes ({@link Sizes}): all its
   * points at a mid size, then, symbol by symbol, the smallest legal size and one more (a few
   * points each) and a large one (one random point). Where the original method rejects its
   * arguments (it throws), the size is reported as not applicable rather than failed.
   */
  public CheckReport run() {
    Checker checker = new Checker(function, tolerance, step, directions, ELEMENTWISE_LIMIT);
    if (!Sizes.runtime(function)) {
      return checker.run(Inputs.generate(function, seed, randomPoints, edgeCases), seed);
    }
    List<Point> points = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    for (Sizes.Config config : Sizes.configs(function)) {
      if (!config.label().isEmpty()) {
        sizes.add(config.label()); // (empty when every runtime size is pinned to a constant)
      }
      int random =
          switch (config.role()) {
            case MID -> randomPoints;
            case SMALL -> Math.min(randomPoints, 2);
            case LARGE -> Math.min(randomPoints, 1);
          };
      boolean edges = edgeCases && (config.role() != Sizes.Role.LARGE || random == 0);
      try {
        points.addAll(Inputs.generate(function, seed, random, edges, config, points.size()));
      } catch (RuntimeException e) {
        // The output's size cannot be computed for these sizes: the function rejects them.
        checker.notApplicable(config.label(), e);
      }
    }
    return checker.run(points, seed, sizes);
  }

  /**
   * Runs the check and returns its report if it passed.
   *
   * @throws AssertionError with the full report as its message if the check fails
   */
  public CheckReport assertPasses() {
    CheckReport report = run();
    if (!report.passed()) {
      throw new AssertionError(report.toString());
    }
    return report;
  }
}
