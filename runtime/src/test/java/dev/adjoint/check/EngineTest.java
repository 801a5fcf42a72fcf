package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.CompiledFunction;
import org.junit.jupiter.api.Test;

class EngineTest {

  @Test
  void vjpOfAFaithfulCompilationIsBitIdentical() {
    // CrossEntropyFunction performs the engine's operations in its order (GradientCheckTest).
    CompiledFunction fn = new CrossEntropyFunction();
    double[][] inputs = {{0.5, -1.25, 2.0, 0.0, 3.5}};
    Object[] passive = {2};
    double[] seed = {0.75};
    assertArrayEquals(fn.vjp(inputs, passive, seed)[0], Engine.vjp(fn, inputs, passive, seed)[0]);
  }

  @Test
  void vjpHasOneGradientPerDifferentiableParameterShapedLikeItsInput() {
    // w[2][3] and x:list[3] are differentiable; scale and squash are passive.
    CompiledFunction fn = new AffineFunction();
    double[][] inputs = {{1, 2, 3, 4, 5, 6}, {0.5, -0.5, 0.25}};
    Object[] passive = {2.0, false};
    double[][] engine = Engine.vjp(fn, inputs, passive, new double[] {1.0, -2.0});
    double[][] generated = fn.vjp(inputs, passive, new double[] {1.0, -2.0});
    assertEquals(2, engine.length);
    for (int i = 0; i < engine.length; i++) {
      assertEquals(inputs[i].length, engine[i].length);
      assertArrayEquals(generated[i], engine[i], 1e-12);
    }
  }
}
