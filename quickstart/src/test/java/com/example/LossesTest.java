package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.check.CompiledFunctions;
import dev.adjoint.check.GradientCheck;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void generatedGradientMatchesTheEngine() {
    GradientCheck.assertMatches(CompiledFunctions.named("com.example.Losses.crossEntropy"));
  }

  @Test
  void generatedCodeIsPlainJava() {
    double[] logits = {2.0, 1.0, 0.1};
    double[] grad = new double[logits.length];
    double loss = new LossesCompiled.CrossEntropy().gradient(logits, 0, grad);
    assertEquals(0.4170300, loss, 1e-6);
    assertEquals(0.6590011 - 1, grad[0], 1e-6);
  }
}
