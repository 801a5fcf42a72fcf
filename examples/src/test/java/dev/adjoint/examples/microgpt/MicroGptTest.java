package dev.adjoint.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * microgpt as written ({@link MicroGpt}), compiled by Adjoint: the loss and the sampling logits
 * equal the {@code Value} engine's bit for bit, the gradient to rounding, training follows the
 * engine step for step, and a short run lowers the loss.
 */
class MicroGptTest {

  private static final int VOCAB = 27;

  /** A document of {@code n} positions: BOS, {@code n - 1} random letters, BOS. */
  static int[] document(int n, Random r) {
    int[] tokens = new int[n + 1];
    tokens[0] = VOCAB - 1;
    for (int i = 1; i < n; i++) {
      tokens[i] = r.nextInt(VOCAB - 1);
    }
    tokens[n] = VOCAB - 1;
    return tokens;
  }

  @ParameterizedTest(name = "{0} positions")
  @ValueSource(ints = {1, 2, 7, 16})
  void lossIsTheEnginesAndGradientAgreesToRounding(int n) {
    Random r = new Random(n);
    Weights w = Weights.initial(VOCAB, 1000 + n);
    int[] tokens = document(n, r);
    Weights compiledGrads = new Weights(VOCAB);
    Weights engineGrads = new Weights(VOCAB);
    double compiled = new CompiledModel().lossAndGradient(tokens, w, compiledGrads);
    double engine = EngineModel.lossAndGradient(tokens, w, engineGrads);
    assertEquals(Double.doubleToLongBits(engine), Double.doubleToLongBits(compiled), "loss bits");
    assertEquals(
        Double.doubleToLongBits(engine),
        Double.doubleToLongBits(new CompiledModel().loss(tokens, w)),
        "forward-only loss bits");
    // The gradient sums the same terms in the engine's order up to reassociation of a few
    // accumulations: compare with the largest gradient as the scale of the rounding.
    double scale = 0;
    for (double[] row : engineGrads.rows()) {
      for (double g : row) {
        scale = Math.max(scale, Math.abs(g));
      }
    }
    double diff = compiledGrads.maxDifference(engineGrads);
    assertTrue(diff <= 1e-14 * scale, "gradients differ by " + diff + " at scale " + scale);
  }

  @Test
  void samplingLogitsAreTheEngines() {
    Weights w = Weights.initial(VOCAB, 5);
    Random r = new Random(5);
    double[] out = new double[VOCAB];
    for (int length = 1; length <= MicroGpt.BLOCK_SIZE; length += 5) {
      int[] context = document(length, r);
      int[] prefix = java.util.Arrays.copyOf(context, length);
      new CompiledModel().nextLogits(prefix, w, out);
      double[] engine = EngineModel.nextLogits(prefix, w);
      for (int i = 0; i < VOCAB; i++) {
        assertEquals(
            Double.doubleToLongBits(engine[i]),
            Double.doubleToLongBits(out[i]),
            "logit " + i + " after " + length + " tokens");
      }
    }
  }

  @Test
  void tenStepsOfAdamFollowTheEngine() {
    List<String> names = Documents.shuffled(Documents.names(), 42);
    Vocabulary vocab = new Vocabulary(Documents.names());
    int[][] tokens = new int[10][];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = vocab.encode(names.get(i));
    }
    Weights start = Weights.initial(vocab.size(), 42);
    assertTrue(Train.verifyAgainstEngine(new CompiledModel(), start, tokens, 10, 1000));
  }

  @Test
  void aShortRunLowersTheLoss() {
    List<String> names = Documents.shuffled(Documents.names(), 7);
    Vocabulary vocab = new Vocabulary(Documents.names());
    Weights w = Weights.initial(vocab.size(), 7);
    Weights grads = new Weights(vocab.size());
    int steps = 600;
    Adam adam = new Adam(w, grads, steps);
    CompiledModel model = new CompiledModel();
    LossCurve curve = new LossCurve(steps);
    for (int step = 0; step < steps; step++) {
      curve.add(model.lossAndGradient(vocab.encode(names.get(step)), w, grads));
      adam.step(step);
    }
    double first = curve.mean(0, 1);
    double last = curve.mean(steps - 100, steps);
    assertTrue(Math.abs(first - Math.log(27)) < 0.3, "starts near log(27) = 3.30: " + first);
    assertTrue(last < 2.7, "from " + first + " to " + last + " over the last 100 steps");
  }

  @Test
  void weightsHaveMicroGptsParameterCount() {
    assertEquals(4192, Weights.initial(VOCAB, 1).count());
  }
}
