package dev.adjoint.check;

/**
 * How far generated code may stray from the {@link dev.adjoint.Value} engine and from finite
 * differences before a {@link GradientCheck} fails. Every comparison is reduced to a relative error
 * {@code |computed - reference| / max(|computed|, |reference|, floor)} and passes when that is at
 * most the relevant limit; the floor turns the test into an absolute one for numbers near zero,
 * where relative errors mean nothing.
 *
 * <p>The defaults ({@link #DEFAULT}) encode what Adjoint promises: forward values bit-identical to
 * the engine, gradients and tangents equal to the engine's up to the reordering of floating-point
 * sums, and agreement with finite differences to the accuracy a central difference can deliver.
 *
 * @param forwardUlps how many units in the last place a generated forward value may differ from the
 *     engine's; default {@code 0} (bit-identical, since generated code performs the engine's
 *     operations in the engine's order)
 * @param engineRelative relative error allowed for gradients ({@code vjp}) against the engine's
 *     gradients, and for the tangent identity {@code <seed, jvp(dx)> == <engine gradient, dx>},
 *     besides the rounding allowance of {@code engineFloorUlps}; default {@code 1e-12}, tight
 *     enough that a gradient off by a factor {@code 1.000001} fails
 * @param engineFloorUlps the rounding allowed against the engine, in units in the last place of the
 *     scale on which the engine's gradient element rounds, per rounding: a gradient element may
 *     differ from the engine's by {@code engineFloorUlps * (depth + 1)} ulps of the sum of the
 *     absolute values of the contributions that make it up ({@link dev.adjoint.GradientScale}),
 *     where {@code depth} bounds the roundings a contribution goes through (the longest path from
 *     the output, plus {@code k - 1} at each value that sums {@code k} contributions). Two sound
 *     computations of one gradient, in different orders or with local derivatives written
 *     differently, stay within that bound however much the contributions cancel; a real error does
 *     not. The tangent identity, a dot product of {@code t} terms, is allowed {@code
 *     engineFloorUlps * (depth + 1 + t)} ulps of {@code sum |seed| |J| |dx|} over every path.
 *     Default {@code 16}
 * @param finiteDifferenceRelative relative error allowed against central finite differences;
 *     default {@code 1e-5}, since a central difference with step {@code 1e-6 * max(1, |x|)} is good
 *     to about 8 digits on smooth functions
 * @param finiteDifferenceFloor the magnitude below which finite-difference comparisons become
 *     absolute; default {@code 1}, i.e. the test is {@code |g - fd| <= 1e-5 * max(1, |g|, |fd|)}.
 *     The floor is raised automatically when the function values are so large that the rounding
 *     error of the difference quotient (64 ulps of the function value divided by the step) exceeds
 *     it
 */
public record Tolerance(
    long forwardUlps,
    double engineRelative,
    int engineFloorUlps,
    double finiteDifferenceRelative,
    double finiteDifferenceFloor) {

  /** The defaults: {@code 0} ulps, {@code 1e-12}, {@code 16} ulps, {@code 1e-5}, {@code 1}. */
  public static final Tolerance DEFAULT = new Tolerance(0, 1e-12, 16, 1e-5, 1.0);

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is negative or not finite
   */
  public Tolerance {
    if (forwardUlps < 0 || engineFloorUlps < 0) {
      throw new IllegalArgumentException("ulps limits must be >= 0");
    }
    requireLimit(engineRelative, "engineRelative");
    requireLimit(finiteDifferenceRelative, "finiteDifferenceRelative");
    requireLimit(finiteDifferenceFloor, "finiteDifferenceFloor");
  }

  private static void requireLimit(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
    }
  }

  /** Returns a copy with {@link #forwardUlps()} replaced. */
  public Tolerance withForwardUlps(long ulps) {
    return new Tolerance(
        ulps, engineRelative, engineFloorUlps, finiteDifferenceRelative, finiteDifferenceFloor);
  }

  /** Returns a copy with {@link #engineRelative()} replaced. */
  public Tolerance withEngineRelative(double relative) {
    return new Tolerance(
        forwardUlps, relative, engineFloorUlps, finiteDifferenceRelative, finiteDifferenceFloor);
  }

  /** Returns a copy with {@link #engineFloorUlps()} replaced. */
  public Tolerance withEngineFloorUlps(int ulps) {
    return new Tolerance(
        forwardUlps, engineRelative, ulps, finiteDifferenceRelative, finiteDifferenceFloor);
  }

  /** Returns a copy with {@link #finiteDifferenceRelative()} replaced. */
  public Tolerance withFiniteDifferenceRelative(double relative) {
    return new Tolerance(
        forwardUlps, engineRelative, engineFloorUlps, relative, finiteDifferenceFloor);
  }

  /** Returns a copy with {@link #finiteDifferenceFloor()} replaced. */
  public Tolerance withFiniteDifferenceFloor(double floor) {
    return new Tolerance(
        forwardUlps, engineRelative, engineFloorUlps, finiteDifferenceRelative, floor);
  }
}
