package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.examples.Attention;
import dev.adjoint.examples.Layers;
import dev.adjoint.examples.LayersCompiled;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark compares like with like: on the benchmark's own inputs, the hand-written baselines,
 * the generated kernels and the engine compute the same values and gradients (to rounding, since
 * the baselines sum in their own order).
 */
class BaselinesTest {
  private static final double TOLERANCE = 1e-12;

  static IntStream sizes() {
    return IntStream.of(4, 16, 64, 256, 1024, 32768);
  }

  @ParameterizedTest(name = "n = {0}")
  @MethodSource("sizes")
  void crossEntropyAgrees(int n) {
    double[] logits = Inputs.logits(n);
    int target = Inputs.target(n);
    SizedKernels.Scalar kernel = SizedKernels.crossEntropy(n);
    double[] generated = new double[n];
    double[] hand = new double[n];
    double[] engine = new double[n];
    double value = kernel.gradient(logits, target, generated);
    assertEquals(value, kernel.forward(logits, target), TOLERANCE);
    assertEquals(value, HandWritten.crossEntropyGradient(logits, target, hand), TOLERANCE);
    assertEquals(value, HandWritten.crossEntropy(logits, target), TOLERANCE);
    assertArrayEquals(generated, hand, TOLERANCE);
    if (n <= 1024) { // the engine at 32,768 is the slow part of the benchmark; once is enough there
      assertEquals(
          value,
          EngineRuns.gradient(SizedKernels.engineCrossEntropy(n), logits, target, engine),
          TOLERANCE);
      assertArrayEquals(generated, engine, TOLERANCE);
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @MethodSource("sizes")
  void softmaxAgrees(int n) {
    double[] logits = Inputs.logits(n);
    double[] seed = Inputs.direction(n, 1);
    vectorsAgree(
        SizedKernels.softmax(n),
        SizedKernels.engineSoftmax(n),
        logits,
        seed,
        (out, grad) -> HandWritten.softmaxVjp(logits, seed, out, grad),
        out -> HandWritten.softmax(logits, out));
  }

  @ParameterizedTest(name = "n = {0}")
  @MethodSource("sizes")
  void logSoftmaxAgrees(int n) {
    double[] logits = Inputs.logits(n);
    double[] seed = Inputs.direction(n, 1);
    vectorsAgree(
        SizedKernels.logSoftmax(n),
        SizedKernels.engineLogSoftmax(n),
        logits,
        seed,
        (out, grad) -> HandWritten.logSoftmaxVjp(logits, seed, out, grad),
        out -> HandWritten.logSoftmax(logits, out));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"singleHead", "multiHead"})
  void attentionAgrees(String head) {
    double[] q = Inputs.vector(16, 1, -1, 1);
    double[][] keys = Inputs.matrix(8, 16, 2, -1, 1);
    double[][] values = Inputs.matrix(8, 16, 3, -1, 1);
    double[] seed = Inputs.direction(16, 1);
    Grads generated = new Grads(16, 8, 16, 8, 16);
    LayerKernels.attention(head)
        .vjp(q, keys, values, seed, generated.out, generated.gX, generated.gA, generated.gB);
    Grads engine = new Grads(16, 8, 16, 8, 16);
    EngineRuns.vjp(
        head.equals("singleHead") ? Attention::singleHead : Attention::multiHead,
        q,
        keys,
        values,
        seed,
        engine.out,
        engine.gX,
        engine.gA,
        engine.gB);
    Grads hand = new Grads(16, 8, 16, 8, 16);
    HandWrittenLayers.Attention baseline = new HandWrittenLayers.Attention(8);
    int heads = head.equals("singleHead") ? 1 : 4;
    for (int h = 0; h < heads; h++) {
      baseline.vjp(
          q, keys, values, h * 16 / heads, 16 / heads, seed, hand.out, hand.gX, hand.gA, hand.gB);
    }
    generated.assertClose(engine);
    generated.assertClose(hand);
  }

  @ParameterizedTest(name = "seed salt {0}")
  @ValueSource(ints = {1, 2})
  void mlpAgrees(int salt) {
    double[] x = Inputs.vector(16, salt, -1, 1);
    double[][] w1 = Inputs.matrix(64, 16, 2, -0.5, 0.5);
    double[][] w2 = Inputs.matrix(16, 64, 3, -0.5, 0.5);
    double[] seed = Inputs.direction(16, 1);
    Grads generated = new Grads(16, 64, 16, 16, 64);
    new LayersCompiled.Mlp()
        .vjp(x, w1, w2, seed, generated.out, generated.gX, generated.gA, generated.gB);
    Grads engine = new Grads(16, 64, 16, 16, 64);
    EngineRuns.vjp(Layers::mlp, x, w1, w2, seed, engine.out, engine.gX, engine.gA, engine.gB);
    Grads hand = new Grads(16, 64, 16, 16, 64);
    new HandWrittenLayers.Mlp(64).vjp(x, w1, w2, seed, hand.out, hand.gX, hand.gA, hand.gB);
    generated.assertClose(engine);
    generated.assertClose(hand);
  }

  private interface Vjp {
    void run(double[] out, double[] grad);
  }

  private interface Forward {
    void run(double[] out);
  }

  private static void vectorsAgree(
      SizedKernels.Vector kernel,
      EngineRuns.VectorFunction engineFunction,
      double[] logits,
      double[] seed,
      Vjp handVjp,
      Forward handForward) {
    int n = logits.length;
    double[] out = new double[n];
    double[] grad = new double[n];
    kernel.vjp(logits, seed, out, grad);
    double[] forward = new double[n];
    kernel.forward(logits, forward);
    assertArrayEquals(out, forward, 0.0);
    double[] handOut = new double[n];
    double[] handGrad = new double[n];
    handVjp.run(handOut, handGrad);
    assertArrayEquals(out, handOut, TOLERANCE);
    assertArrayEquals(grad, handGrad, TOLERANCE);
    handForward.run(handOut);
    assertArrayEquals(out, handOut, TOLERANCE);
    if (n <= 1024) {
      double[] engineOut = new double[n];
      double[] engineGrad = new double[n];
      EngineRuns.vjp(engineFunction, logits, seed, engineOut, engineGrad);
      assertArrayEquals(out, engineOut, 0.0); // forward values are bit-identical by contract
      assertArrayEquals(grad, engineGrad, TOLERANCE);
    }
  }

  /** The output and the three gradients of {@code f(x, a, b)}. */
  private static final class Grads {
    final double[] out;
    final double[] gX;
    final double[][] gA;
    final double[][] gB;

    Grads(int outs, int aRows, int aCols, int bRows, int bCols) {
      out = new double[outs];
      gX = new double[aCols];
      gA = new double[aRows][aCols];
      gB = new double[bRows][bCols];
    }

    void assertClose(Grads other) {
      assertArrayEquals(out, other.out, TOLERANCE, "out");
      assertArrayEquals(gX, other.gX, TOLERANCE, "gX");
      for (int r = 0; r < gA.length; r++) {
        assertArrayEquals(gA[r], other.gA[r], TOLERANCE, "gA[" + r + "]");
      }
      for (int r = 0; r < gB.length; r++) {
        assertArrayEquals(gB[r], other.gB[r], TOLERANCE, "gB[" + r + "]");
      }
    }
  }
}
