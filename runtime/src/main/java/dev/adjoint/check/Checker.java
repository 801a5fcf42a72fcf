package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Parameter;
import dev.adjoint.GradientScale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs the comparisons of one {@link GradientCheck} over its points and builds the report. */
final class Checker {

  /** Rounding error of a difference quotient, in ulps of the function value (see Tolerance). */
  private static final double FD_NOISE_ULPS = 64;

  private final CompiledFunction fn;
  private final Tolerance tol;
  private final double step;
  private final int directions;
  private final int elementwiseLimit;
  private final List<Parameter> diff = new ArrayList<>();
  private final int outputSize;

  private long forwardUlps;
  private String forwardWorst = "";
  private final Tracker gradEngine;
  private final Tracker gradFd;
  private final Tracker tanEngine;
  private final Tracker tanFd;
  private final Tracker[] gradEngineByInput;
  private final SecondOrder secondOrder;

  /** Error message to the labels of the points where it occurred, in order of first occurrence. */
  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  /** Sizes at which the original rejects its arguments, with the first reason. */
  private final Map<String, String> notApplicable = new LinkedHashMap<>();

  /**
   * Points where the original ran and its outputs and gradients are finite: the points compared.
   */
  private int examined;

  /** Examined points at sizes where every runtime dimension is at least 2. */
  private int examinedAtRealSizes;

  /** Why points were not examined, to their labels, in order of first occurrence. */
  private final Map<String, List<String>> unexamined = new LinkedHashMap<>();

  /** How many points threw in the original, by size. */
  private final Map<String, Integer> threwBySize = new LinkedHashMap<>();

  Checker(CompiledFunction fn, Tolerance tol, double step, int directions, int elementwiseLimit) {
    this.fn = fn;
    this.tol = tol;
    this.step = step;
    this.directions = directions;
    this.elementwiseLimit = elementwiseLimit;
    for (Parameter p : fn.parameters()) {
      if (p.kind().differentiable()) {
        diff.add(p);
      }
    }
    int n = 1;
    for (int d : fn.outputShape()) {
      n *= d;
    }
    outputSize = n; // of a static function; points of runtime size carry theirs
    gradEngine = new Tracker(tol.engineRelative());
    gradFd = new Tracker(tol.finiteDifferenceRelative());
    tanEngine = new Tracker(tol.engineRelative());
    tanFd = new Tracker(tol.finiteDifferenceRelative());
    secondOrder = new SecondOrder(tol);
    gradEngineByInput = new Tracker[diff.size()];
    for (int i = 0; i < diff.size(); i++) {
      gradEngineByInput[i] = new Tracker(tol.engineRelative());
    }
  }

  /** Records that the original method rejects arguments of sizes {@code size}: why. */
  void notApplicable(String size, Throwable why) {
    notApplicable.putIfAbsent(size, why.toString());
  }

  CheckReport run(List<Point> points, long seed) {
    return run(points, seed, List.of());
  }

  /**
   * Checks every point and reports; {@code sizes} are the sizes of runtime dimensions the points
   * were generated at (empty for a static function).
   */
  CheckReport run(List<Point> points, long seed, List<String> sizes) {
    SplittableRandom directionRng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    for (Point p : points) {
      try {
        check(p, directionRng);
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        errors.computeIfAbsent(e.toString(), k -> new ArrayList<>()).add(p.label());
      }
    }
    if (!sizes.isEmpty() && examined > 0 && examinedAtRealSizes == 0) {
      // Empty and single-element arrays agree trivially (often a gradient of zeros): a check that
      // saw nothing else has not examined the function.
      errors.put(
          "every examined point has a dimension of 0 or 1: at the other sizes tried, the original"
              + " rejected its arguments (its sizes are related in ways the signature does not"
              + " say); pin the sizes the body needs with @Shape",
          List.of("all sizes"));
    }
    Discrepancy rules = customRules(seed);
    Map<String, Discrepancy> byInput = new LinkedHashMap<>();
    for (int i = 0; i < diff.size(); i++) {
      byInput.put(diff.get(i).name(), gradEngineByInput[i].result());
    }
    List<String> errorLines = new ArrayList<>();
    // One line per distinct error, since a broken function usually fails the same way everywhere.
    errors.forEach((message, labels) -> errorLines.add(String.join(", ", labels) + ": " + message));
    return new CheckReport(
        fn.name(),
        Signatures.of(fn),
        tol,
        points.size(),
        forwardUlps,
        forwardWorst,
        gradEngine.result(),
        gradFd.result(),
        tanEngine.result(),
        tanFd.result(),
        byInput,
        errorLines,
        sizes,
        notApplicable.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList(),
        examined,
        unexaminedLines(),
        inapplicable(points),
        secondOrder.againstVjp(),
        secondOrder.againstEngine(),
        rules);
  }

  private void check(Point p, SplittableRandom directionRng) {
    int outputSize = p.shapes() == null ? this.outputSize : p.seed().length;
    Engine.Trace trace;
    try {
      trace = p.trace(fn);
    } catch (RuntimeException | StackOverflowError e) {
      if (p.shapes() == null) {
        throw e;
      }
      // At this size the method itself fails (a maximum of nothing): nothing to compare.
      notApplicable(p.size(), e);
      threwBySize.merge(p.size(), 1, Integer::sum);
      unexamined("the original throws", p);
      return;
    }
    requireLength("the original", trace.outputs().length, outputSize);
    double[] engineOut = trace.outputData();
    double[][] engineGrad = trace.gradient(p.seed());
    if (!finite(engineOut) || !finite(engineGrad)) {
      // The method itself is undefined here (0/0, log of a negative, an overflow): its gradient
      // means nothing, so neither does a comparison with it.
      unexamined(
          finite(engineOut)
              ? "the engine's gradient is not finite"
              : "the engine's output is not finite",
          p);
      return;
    }
    examined++;
    if (p.shapes() != null && atRealSizes(p.size())) {
      examinedAtRealSizes++;
    }
    GradientScale.Bound[][] scales = trace.scales(p.seed());

    double[] out = p.forward(fn, p.inputsCopy());
    requireLength("forward", out == null ? -1 : out.length, outputSize);
    for (int k = 0; k < outputSize; k++) {
      long ulps = Ulps.distance(out[k], engineOut[k]);
      if (ulps > forwardUlps) {
        forwardUlps = ulps;
        forwardWorst =
            p.label()
                + ", "
                + outputElement(p, k)
                + " (generated "
                + out[k]
                + ", engine "
                + engineOut[k]
                + ")";
      }
    }

    double[][] grad = p.vjp(fn);
    requireShape(grad, "vjp", p);
    for (int i = 0; i < diff.size(); i++) {
      for (int j = 0; j < grad[i].length; j++) {
        int pi = i;
        int pj = j;
        double g = grad[i][j];
        double e = engineGrad[i][j];
        double floor = floor(Rounding.gradient(tol.engineFloorUlps(), scales[i][j]));
        gradEngine.add(g, e, floor, () -> where(p, pi, pj));
        gradEngineByInput[i].add(g, e, floor, () -> where(p, pi, pj));
      }
    }

    double[] tangentOut = p.jvp(fn);
    requireLength("jvp", tangentOut == null ? -1 : tangentOut.length, outputSize);
    // <seed, J dx> must equal <J^T seed, dx>; the engine supplies J^T seed.
    Rounding.Dot dot =
        Rounding.tangent(
            tol.engineFloorUlps(), p.seed(), tangentOut, engineGrad, p.tangent(), scales);
    tanEngine.add(
        dot.lhs(),
        dot.rhs(),
        floor(dot.allowance()),
        () -> p.label() + ", <seed, jvp(dx)> vs <engine gradient, dx>");

    if (p.random()) {
      new FiniteDifferences(fn, p, step, outputSize)
          .compare(grad, tangentOut, directionRng, directions, elementwiseLimit, this);
      secondOrder.compare(fn, this, p);
    }
  }

  /** Whether every runtime dimension in a size label ({@code n=5 m=6}) is at least 2. */
  static boolean atRealSizes(String size) {
    for (String part : size.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0 && Integer.parseInt(part.substring(eq + 1)) < 2) {
        return false;
      }
    }
    return true;
  }

  /** How many points lie at sizes where the original threw at every point. */
  private int inapplicable(List<Point> points) {
    Map<String, Integer> all = new LinkedHashMap<>();
    for (Point p : points) {
      if (p.shapes() != null) {
        all.merge(p.size(), 1, Integer::sum);
      }
    }
    int out = 0;
    for (Map.Entry<String, Integer> e : all.entrySet()) {
      if (e.getValue().equals(threwBySize.get(e.getKey()))) {
        out += e.getValue();
      }
    }
    return out;
  }

  /** One line per reason points were not examined: {@code "reason: label, label"}. */
  private List<String> unexaminedLines() {
    List<String> out = new ArrayList<>();
    unexamined.forEach(
        (why, labels) -> {
          String shown = String.join(", ", labels.subList(0, Math.min(labels.size(), 4)));
          String more = labels.size() > 4 ? " and " + (labels.size() - 4) + " more" : "";
          out.add(labels.size() + " where " + why + ": " + shown + more);
        });
    return out;
  }

  /** Records that point {@code p} was not examined, and why. */
  private void unexamined(String why, Point p) {
    unexamined.computeIfAbsent(why, k -> new ArrayList<>()).add(p.label());
  }

  private static boolean finite(double[] a) {
    for (double v : a) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean finite(double[][] arrays) {
    for (double[] a : arrays) {
      if (!finite(a)) {
        return false;
      }
    }
    return true;
  }

  /** Each custom function's rule against differences of the function ({@link CustomRules}). */
  private Discrepancy customRules(long seed) {
    CustomRules rules = new CustomRules(tol);
    try {
      for (dev.adjoint.CustomFunction f : fn.customFunctions()) {
        rules.add(f, seed);
      }
    } catch (RuntimeException e) {
      errors.computeIfAbsent(e.toString(), k -> new ArrayList<>()).add("custom rules");
    }
    return rules.result();
  }

  /** Receives a gradient comparison from {@link FiniteDifferences}. */
  void gradientVsFiniteDifference(double g, double fd, double noise, String where) {
    gradFd.add(g, fd, fdFloor(noise), () -> where);
  }

  /** Receives a tangent comparison from {@link FiniteDifferences}. */
  void tangentVsFiniteDifference(double t, double fd, double noise, String where) {
    tanFd.add(t, fd, fdFloor(noise), () -> where);
  }

  /** Rounding noise of a difference quotient whose function values have magnitude {@code f}. */
  static double noise(double f, double h) {
    return FD_NOISE_ULPS * Math.ulp(f) / h;
  }

  private double fdFloor(double noise) {
    double rel = tol.finiteDifferenceRelative();
    return Math.max(tol.finiteDifferenceFloor(), rel > 0 ? noise / rel : 0);
  }

  /**
   * The magnitude floor under which an engine comparison allowing {@code engineRelative} of the
   * larger number becomes the absolute test {@code |computed - reference| <= allowance}.
   */
  private double floor(double allowance) {
    double rel = tol.engineRelative();
    return rel > 0 ? allowance / rel : allowance;
  }

  String where(Point p, int input, int element) {
    int[] shape = p.shape(input);
    Parameter param = diff.get(input);
    return p.label()
        + ", "
        + (shape == null
            ? Signatures.element(param, element)
            : Signatures.element(param, shape, element));
  }

  private String outputElement(Point p, int flat) {
    if (p.shapes() == null) {
      return Signatures.outputElement(fn, flat);
    }
    return Signatures.outputElement(fn.outputShape(p.shapes(), p.passiveCopy()), flat);
  }

  private void requireShape(double[][] grad, String what, Point p) {
    if (grad == null || grad.length != diff.size()) {
      throw new IllegalStateException(
          what
              + " returned "
              + (grad == null ? "null" : grad.length + " arrays")
              + ", expected "
              + diff.size());
    }
    for (int i = 0; i < diff.size(); i++) {
      requireLength(
          what + " for " + diff.get(i).name(),
          grad[i] == null ? -1 : grad[i].length,
          p.shapes() == null ? diff.get(i).size() : Parameter.size(p.shapes()[i]));
    }
  }

  private static void requireLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException(
          what
              + " returned "
              + (actual < 0 ? "null" : actual + " numbers")
              + ", expected "
              + expected);
    }
  }
}
