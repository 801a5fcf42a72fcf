package dev.adjoint.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GradientCheck} found for one compiled function.
 *
 * @param function the qualified name of the source method
 * @param signature its parameters and output, e.g. {@code logits[27], target:int -> scalar}
 * @param tolerance the limits applied
 * @param points how many input points were generated (random and edge, at every size)
 * @param forwardMaxUlps the largest distance, in ulps, between a generated forward value and the
 *     engine's
 * @param forwardWorst where that occurred, or {@code ""}
 * @param gradientVsEngine {@code vjp} against the engine's gradient, at every point
 * @param gradientVsFiniteDifference {@code vjp} against central differences of the generated
 *     forward, at random points only
 * @param tangentVsEngine {@code <seed, jvp(dx)>} against {@code <engine gradient, dx>}, at every
 *     point
 * @param tangentVsFiniteDifference {@code jvp} output by output against central differences along
 *     the tangent, at random points only
 * @param gradientVsEngineByInput {@code gradientVsEngine} broken down by differentiable parameter,
 *     in source order
 * @param errors exceptions and malformed results (wrong array sizes), one line per distinct message
 *     listing the points where it occurred; any error fails the check
 * @param sizes for a function with runtime dimensions, the sizes it was checked at, one entry per
 *     configuration ({@code n=5 m=6}); empty for a static function
 * @param notApplicable the sizes at which the original method itself rejects its arguments (it
 *     throws, as a maximum of nothing may), with why: not failures, but nothing was compared there
 * @param examined how many points were examined: the original ran and its outputs and gradients are
 *     all finite. Only those are compared; a point where the method is undefined (0/0, the log of a
 *     negative, an overflow) says nothing about the generated code. A check that examined no point,
 *     or fewer than half of them, fails: it would otherwise pass having seen nothing
 * @param unexamined why the other points were not examined, one line per reason naming the points
 * @param inapplicable how many points lie at sizes where the original rejects every point (listed
 *     in {@code notApplicable}): a size mismatch, not a region where the method is undefined, so
 *     they do not count against the examined fraction
 * @param hvpVsFiniteDifference the Hessian-vector product {@code hvp(seed, d)} against central
 *     differences of the generated {@code vjp} along the point's tangent {@code d}, at random
 *     points only (not compared for a function without {@code hvp})
 * @param hvpVsEngine the Hessian-vector product against central differences of the engine's
 *     gradient along {@code d} (the engine has no double backward), at random points only
 * @param customRulesVsFiniteDifference the hand-written rule of each {@code @CustomGradient}
 *     function the function calls against central differences of that function ({@link
 *     CustomRules}): generated code and engine share the rule, so only this catches a wrong one
 */
public record CheckReport(
    String function,
    String signature,
    Tolerance tolerance,
    int points,
    long forwardMaxUlps,
    String forwardWorst,
    Discrepancy gradientVsEngine,
    Discrepancy gradientVsFiniteDifference,
    Discrepancy tangentVsEngine,
    Discrepancy tangentVsFiniteDifference,
    Map<String, Discrepancy> gradientVsEngineByInput,
    List<String> errors,
    List<String> sizes,
    List<String> notApplicable,
    int examined,
    List<String> unexamined,
    int inapplicable,
    Discrepancy hvpVsFiniteDifference,
    Discrepancy hvpVsEngine,
    Discrepancy customRulesVsFiniteDifference) {

  /** Copies the collections, so that a report never changes. */
  public CheckReport {
    gradientVsEngineByInput =
        Collections.unmodifiableMap(new LinkedHashMap<>(gradientVsEngineByInput));
    errors = List.copyOf(errors);
    sizes = List.copyOf(sizes);
    notApplicable = List.copyOf(notApplicable);
    unexamined = List.copyOf(unexamined);
  }

  /**
   * The sizes each symbol took, compactly: {@code n=5,0,1,1000 m=6,0,1,1000}; {@code static} for a
   * function without runtime dimensions.
   */
  public String sizesSummary() {
    if (sizes.isEmpty()) {
      return "static";
    }
    Map<String, java.util.Set<String>> bySymbol = new LinkedHashMap<>();
    for (String config : sizes) {
      for (String part : config.split(" ")) {
        int eq = part.indexOf('=');
        bySymbol
            .computeIfAbsent(part.substring(0, eq), k -> new java.util.LinkedHashSet<>())
            .add(part.substring(eq + 1));
      }
    }
    List<String> out = new ArrayList<>();
    bySymbol.forEach((k, v) -> out.add(k + "=" + String.join(",", v)));
    return String.join(" ", out);
  }

  /** True when every comparison is within its limit and nothing threw. */
  public boolean passed() {
    return problems().isEmpty();
  }

  /**
   * One line per failed comparison or error, naming the worst offending element; empty if passed.
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (forwardMaxUlps > tolerance.forwardUlps()) {
      out.add(
          "forward differs from the engine by "
              + forwardMaxUlps
              + " ulps (limit "
              + tolerance.forwardUlps()
              + ") at "
              + forwardWorst);
    }
    addIfFailed(out, "gradient vs engine", gradientVsEngine);
    addIfFailed(out, "gradient vs finite differences", gradientVsFiniteDifference);
    addIfFailed(out, "tangent vs engine", tangentVsEngine);
    addIfFailed(out, "tangent vs finite differences", tangentVsFiniteDifference);
    addIfFailed(out, "hvp vs differences of vjp", hvpVsFiniteDifference);
    addIfFailed(out, "hvp vs differences of the engine's gradient", hvpVsEngine);
    addIfFailed(out, "custom rule vs finite differences", customRulesVsFiniteDifference);
    for (String e : errors) {
      out.add("error at " + e);
    }
    if (2L * examined < points - inapplicable || examined == 0) {
      out.add(
          (examined == 0
                  ? "no point examined"
                  : "only " + examined + " of " + (points - inapplicable) + " points examined")
              + " (the method is undefined or throws at the others, see \"not examined\"):"
              + " give its parameters the ranges where it is defined with @Domain(min, max)");
    }
    return out;
  }

  private static void addIfFailed(List<String> out, String what, Discrepancy d) {
    if (!d.passed()) {
      out.add(
          what
              + ": relative error "
              + Discrepancy.format(d.maxRelative())
              + " > "
              + Discrepancy.format(d.limit())
              + " at "
              + d.worst());
    }
  }

  /** One line: {@code "demo.Losses.crossEntropy: PASS"} or the name, FAIL and the first problem. */
  public String summary() {
    List<String> problems = problems();
    if (problems.isEmpty()) {
      return function + ": PASS";
    }
    String more = problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "";
    return function + ": FAIL: " + problems.get(0) + more;
  }

  /** The full report: every figure, the per-input breakdown and each problem. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(function)
        .append('(')
        .append(signature)
        .append("): ")
        .append(passed() ? "PASS" : "FAIL")
        .append('\n');
    line(
        sb,
        "points examined:",
        examined
            + " of "
            + points
            + (inapplicable > 0 ? " (" + inapplicable + " at sizes the original rejects)" : ""));
    for (String u : unexamined) {
      line(sb, "not examined:", u);
    }
    if (!sizes.isEmpty()) {
      line(sb, "sizes:", String.join("; ", sizes));
    }
    for (String n : notApplicable) {
      line(sb, "not applicable at:", n);
    }
    line(
        sb,
        "forward vs engine:",
        "max "
            + (forwardMaxUlps == Long.MAX_VALUE ? "huge" : String.valueOf(forwardMaxUlps))
            + " ulps (limit "
            + tolerance.forwardUlps()
            + ")"
            + (forwardWorst.isEmpty() ? "" : ", worst at " + forwardWorst));
    line(sb, "gradient vs engine:", gradientVsEngine);
    for (Map.Entry<String, Discrepancy> e : gradientVsEngineByInput.entrySet()) {
      line(sb, "  d/d " + e.getKey() + ":", e.getValue());
    }
    line(sb, "gradient vs finite differences:", gradientVsFiniteDifference);
    line(sb, "tangent vs engine:", tangentVsEngine);
    line(sb, "tangent vs finite differences:", tangentVsFiniteDifference);
    if (hvpVsFiniteDifference.compared() > 0 || hvpVsEngine.compared() > 0) {
      line(sb, "hvp vs differences of vjp:", hvpVsFiniteDifference);
      line(sb, "hvp vs engine differences:", hvpVsEngine);
    }
    if (customRulesVsFiniteDifference.compared() > 0) {
      line(sb, "custom rules vs differences:", customRulesVsFiniteDifference);
    }
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      sb.append("  problems:\n");
      for (String p : problems) {
        sb.append("    - ").append(p).append('\n');
      }
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String label, Object value) {
    sb.append("  ").append(label).append(" ".repeat(Math.max(1, 32 - label.length())));
    sb.append(value).append('\n');
  }
}
