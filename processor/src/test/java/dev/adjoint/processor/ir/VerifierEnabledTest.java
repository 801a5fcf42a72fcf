package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The optimizer's IR checks run in the tests (surefire enables assertions), not in a build. */
class VerifierEnabledTest {

  @Test
  void checksAreOnInTests() {
    assertTrue(
        Verifier.enabled(),
        "the tests must run with -ea (or -Dadjoint.verify=true) so that every pass is verified");
  }
}
