package dev.adjoint.processor.regress;

import org.junit.jupiter.api.Test;

/**
 * The checker's tangent identity {@code <seed, J dx> == <J^T seed, dx>} must measure rounding
 * against the scale of the derivatives that cancelled, not the cancelled result. RMSNorm over one
 * element is {@code x / sqrt(x^2 + 1e-5)}, whose derivative at {@code x = 1000} is about 1e-11 but
 * is computed from terms near 1e-3: both sides came out near 1.3e-12 and differed in the tenth
 * digit, which the identity's floor (the sum of the dot products' terms, themselves that small)
 * called a failure. Found by the differential fuzzer, seed 990.
 */
class CancelledDerivativeTest {

  @Test
  void rmsnormOfOneElementAtTheEdges() {
    Regressions.check(
        "@Differentiable public static Value[] f(@Shape(1) Value[] x) {",
        "  return Nn.rmsnorm(x);",
        "}");
  }
}
