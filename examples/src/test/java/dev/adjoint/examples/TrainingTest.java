package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The training loop reaches the same parameters with the generated gradient as with the engine. */
class TrainingTest {

  @Test
  void generatedAndInterpretedDescentAgree() {
    double[] compiled = Training.trainCompiled(300, 0.1);
    double[] interpreted = Training.trainInterpreted(300, 0.1);
    for (int i = 0; i < compiled.length; i++) {
      assertEquals(
          interpreted[i], compiled[i], 1e-9 * Math.max(1, Math.abs(interpreted[i])), "p" + i);
    }
    double before = Training.lossAt(Training.initialParameters());
    double after = Training.lossAt(compiled);
    assertTrue(after < 0.2 * before, "the model fits: loss " + before + " -> " + after);
  }
}
