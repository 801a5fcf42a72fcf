package dev.adjoint.nn;

import static dev.adjoint.FiniteDifferences.assertGradients;
import static dev.adjoint.FiniteDifferences.leaves;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.FiniteDifferences.Fn;
import dev.adjoint.Value;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class NnTest {

  private static final int POINTS = 100;

  private final SplittableRandom random = new SplittableRandom(0xAD301L);

  private double[] uniform(int n, double min, double max) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(min, max);
    }
    return x;
  }

  private static double[] data(Value[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i].data();
    }
    return d;
  }

  private static Value[][] matrix(Value[] flat, int offset, int rows, int cols) {
    Value[][] m = new Value[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, offset + r * cols, m[r], 0, cols);
    }
    return m;
  }

  private static double[][] matrix(double[] flat, int offset, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, offset + r * cols, m[r], 0, cols);
    }
    return m;
  }

  private static Value[] slice(Value[] flat, int offset, int n) {
    Value[] s = new Value[n];
    System.arraycopy(flat, offset, s, 0, n);
    return s;
  }

  private static double[] slice(double[] flat, int offset, int n) {
    double[] s = new double[n];
    System.arraycopy(flat, offset, s, 0, n);
    return s;
  }

  /** A scalar that depends on every output with a different weight: {@code sum_k c[k] out[k]}. */
  private static Value weighted(Value[] out, double[] c) {
    Value[] terms = new Value[out.length];
    for (int k = 0; k < out.length; k++) {
      terms[k] = out[k].mul(c[k]);
    }
    return Value.sum(terms);
  }

  // ---- Plain-double references, written in the documented operation order -------------------

  private static double max(double[] l) {
    double max = l[0];
    for (int i = 1; i < l.length; i++) {
      max = Math.max(max, l[i]);
    }
    return max;
  }

  private static double[] refSoftmax(double[] l) {
    double max = max(l);
    double[] e = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      e[i] = Math.exp(l[i] - max);
    }
    double total = e[0];
    for (int i = 1; i < l.length; i++) {
      total += e[i];
    }
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = e[i] / total;
    }
    return out;
  }

  private static double[] refLogSoftmax(double[] l) {
    double max = max(l);
    double[] shifted = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      shifted[i] = l[i] - max;
    }
    double sum = Math.exp(shifted[0]);
    for (int i = 1; i < l.length; i++) {
      sum += Math.exp(shifted[i]);
    }
    double logSum = Math.log(sum);
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = shifted[i] - logSum;
    }
    return out;
  }

  private static double[] refLinear(double[] x, double[][] w) {
    double[] out = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      double acc = w[j][0] * x[0];
      for (int i = 1; i < x.length; i++) {
        acc += w[j][i] * x[i];
      }
      out[j] = acc;
    }
    return out;
  }

  private static double[] refRmsnorm(double[] x) {
    double ss = x[0] * x[0];
    for (int i = 1; i < x.length; i++) {
      ss += x[i] * x[i];
    }
    double ms = ss / x.length;
    double scale = Math.pow(ms + 1e-5, -0.5);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * scale;
    }
    return out;
  }

  private static double[] refAttention(double[] q, double[][] keys, double[][] values) {
    double[] logits = new double[keys.length];
    for (int t = 0; t < keys.length; t++) {
      double dot = q[0] * keys[t][0];
      for (int j = 1; j < q.length; j++) {
        dot += q[j] * keys[t][j];
      }
      logits[t] = dot / Math.sqrt(q.length);
    }
    double[] w = refSoftmax(logits);
    double[] out = new double[values[0].length];
    for (int j = 0; j < out.length; j++) {
      double acc = w[0] * values[0][j];
      for (int t = 1; t < keys.length; t++) {
        acc += w[t] * values[t][j];
      }
      out[j] = acc;
    }
    return out;
  }

  // ---- Forward values: bit for bit against the references ------------------------------------

  @Test
  void forwardValuesMatchPlainDoubleReferencesExactly() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      double[] l = uniform(n, -10, 10);
      double temperature = random.nextDouble(0.1, 3);
      int target = random.nextInt(n);
      assertArrayEquals(refSoftmax(l), data(Nn.softmax(leaves(l))));
      double[] scaled = new double[n];
      for (int i = 0; i < n; i++) {
        scaled[i] = l[i] / temperature;
      }
      assertArrayEquals(refSoftmax(scaled), data(Nn.softmax(leaves(l), temperature)));
      double[] logProbs = refLogSoftmax(l);
      assertArrayEquals(logProbs, data(Nn.logSoftmax(leaves(l))));
      assertEquals(-logProbs[target], Nn.crossEntropy(leaves(l), target).data());

      int in = random.nextInt(1, 6);
      int out = random.nextInt(0, 5);
      double[] x = uniform(in, -2, 2);
      double[] w = uniform(in * out, -2, 2);
      assertArrayEquals(
          refLinear(x, matrix(w, 0, out, in)),
          data(Nn.linear(leaves(x), matrix(leaves(w), 0, out, in))));

      assertArrayEquals(refRmsnorm(x), data(Nn.rmsnorm(leaves(x))));

      int d = random.nextInt(1, 5);
      int positions = random.nextInt(1, 6);
      int dv = random.nextInt(1, 5);
      double[] q = uniform(d, -2, 2);
      double[] k = uniform(positions * d, -2, 2);
      double[] v = uniform(positions * dv, -2, 2);
      assertArrayEquals(
          refAttention(q, matrix(k, 0, positions, d), matrix(v, 0, positions, dv)),
          data(
              Nn.attention(
                  leaves(q),
                  matrix(leaves(k), 0, positions, d),
                  matrix(leaves(v), 0, positions, dv))));
    }
  }

  // ---- Gradients against finite differences --------------------------------------------------

  @Test
  void softmaxGradients() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      double[] c = uniform(n, -2, 2);
      double temperature = random.nextDouble(0.3, 3);
      assertGradients("softmax", x -> weighted(Nn.softmax(x), c), uniform(n, -3, 3));
      assertGradients("softmax/T", x -> weighted(Nn.softmax(x, temperature), c), uniform(n, -3, 3));
    }
  }

  @Test
  void logSoftmaxGradients() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      double[] c = uniform(n, -2, 2);
      assertGradients("logSoftmax", x -> weighted(Nn.logSoftmax(x), c), uniform(n, -3, 3));
    }
  }

  @Test
  void crossEntropyGradients() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      int target = random.nextInt(n);
      double[] l = uniform(n, -3, 3);
      assertGradients("crossEntropy", x -> Nn.crossEntropy(x, target), l);

      // The textbook closed form: d loss / d logit = softmax - one-hot.
      Value[] logits = leaves(l);
      Nn.crossEntropy(logits, target).backward();
      double[] probs = refSoftmax(l);
      for (int i = 0; i < n; i++) {
        assertEquals(probs[i] - (i == target ? 1 : 0), logits[i].grad(), 1e-12);
      }
    }
  }

  @Test
  void linearGradients() {
    for (int p = 0; p < POINTS; p++) {
      int in = random.nextInt(1, 6);
      int out = random.nextInt(1, 5);
      double[] c = uniform(out, -2, 2);
      Fn f = v -> weighted(Nn.linear(slice(v, 0, in), matrix(v, in, out, in)), c);
      assertGradients("linear", f, uniform(in + in * out, -2, 2));
    }
  }

  @Test
  void rmsnormGradients() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      double[] c = uniform(n, -2, 2);
      assertGradients("rmsnorm", x -> weighted(Nn.rmsnorm(x), c), uniform(n, -2, 2));
    }
  }

  @Test
  void attentionGradients() {
    for (int p = 0; p < POINTS; p++) {
      int d = random.nextInt(1, 5);
      int positions = random.nextInt(1, 6);
      int dv = random.nextInt(1, 5);
      double[] c = uniform(dv, -2, 2);
      Fn f =
          v ->
              weighted(
                  Nn.attention(
                      slice(v, 0, d),
                      matrix(v, d, positions, d),
                      matrix(v, d + positions * d, positions, dv)),
                  c);
      assertGradients("attention", f, uniform(d + positions * d + positions * dv, -2, 2));
    }
  }

  // ---- The lesson's expectations -------------------------------------------------------------

  @Test
  void softmaxOfOneTwoThree() {
    double[] p = data(Nn.softmax(leaves(new double[] {1, 2, 3})));
    int argmax = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[argmax]) {
        argmax = i;
      }
    }
    assertEquals(2, argmax);
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-10);
    assertEquals(0.0900, p[0], 0.5e-4);
  }

  @Test
  void logSoftmaxOfOneTwoThree() {
    assertEquals(-0.4076, Nn.logSoftmax(leaves(new double[] {1, 2, 3}))[2].data(), 0.5e-4);
  }

  @Test
  void largeLogitsAreStable() {
    double[] big = data(Nn.softmax(leaves(new double[] {1000, 1001, 1002})));
    double[] small = data(Nn.softmax(leaves(new double[] {0, 1, 2})));
    double[] bigLog = data(Nn.logSoftmax(leaves(new double[] {1000, 1001, 1002})));
    double[] smallLog = data(Nn.logSoftmax(leaves(new double[] {0, 1, 2})));
    for (int i = 0; i < 3; i++) {
      assertTrue(Double.isFinite(big[i]), "softmax " + i);
      assertTrue(Double.isFinite(bigLog[i]), "logSoftmax " + i);
      assertEquals(small[i], big[i], 1e-12);
      assertEquals(smallLog[i], bigLog[i], 1e-12);
    }
    Value[] logits = leaves(new double[] {1000, 1001, 1002});
    Value loss = Nn.crossEntropy(logits, 0);
    loss.backward();
    assertTrue(Double.isFinite(loss.data()));
    assertEquals(small[0] - 1, logits[0].grad(), 1e-12);
  }

  @Test
  void crossEntropyIsTheNegatedTargetLogProbability() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 9);
      double[] l = uniform(n, -5, 5);
      int target = random.nextInt(n);
      assertEquals(
          Nn.logSoftmax(leaves(l))[target].neg().data(), Nn.crossEntropy(leaves(l), target).data());
    }
  }

  @Test
  void gradientsDoNotFlowThroughTheMax() {
    // The max is a constant: with one logit, softmax is exp(0) / exp(0) whatever the logit.
    Value x = Value.of(5.0);
    Value p = Nn.softmax(new Value[] {x})[0];
    assertEquals(1.0, p.data());
    p.backward();
    assertEquals(0.0, x.grad());
  }

  @Test
  void ieeeResultsInsteadOfExceptions() {
    Value[] p = Nn.softmax(leaves(new double[] {1, 2}), 0.0);
    assertTrue(Double.isNaN(p[0].data()) || Double.isNaN(p[1].data()));
    assertTrue(Double.isNaN(Nn.softmax(leaves(new double[] {Double.NaN, 1}))[1].data()));
    Value[] zero = Nn.rmsnorm(leaves(new double[] {0, 0}));
    assertEquals(0.0, zero[0].data());
  }

  // ---- Argument errors -----------------------------------------------------------------------

  private static void assertNpe(String message, Executable call) {
    assertEquals(message, assertThrows(NullPointerException.class, call).getMessage());
  }

  private static void assertIae(Executable call, String... mentions) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    for (String m : mentions) {
      assertTrue(message.contains(m), () -> message + " should mention " + m);
    }
  }

  @Test
  void nullArgumentsAreNamed() {
    Value a = Value.of(1);
    Value[] v = {a, a};
    Value[][] m = {{a, a}};
    assertNpe("logits", () -> Nn.softmax(null));
    assertNpe("logits", () -> Nn.softmax(null, 2.0));
    assertNpe("logits", () -> Nn.logSoftmax(null));
    assertNpe("logits", () -> Nn.crossEntropy(null, 0));
    assertNpe("logits[1]", () -> Nn.softmax(new Value[] {a, null}));
    assertNpe("logits[0]", () -> Nn.crossEntropy(new Value[] {null}, 0));
    assertNpe("x", () -> Nn.linear(null, m));
    assertNpe("x[1]", () -> Nn.linear(new Value[] {a, null}, m));
    assertNpe("w", () -> Nn.linear(v, null));
    assertNpe("w[1]", () -> Nn.linear(v, new Value[][] {{a, a}, null}));
    assertNpe("w[0][1]", () -> Nn.linear(v, new Value[][] {{a, null}}));
    assertNpe("x", () -> Nn.rmsnorm(null));
    assertNpe("x[0]", () -> Nn.rmsnorm(new Value[] {null}));
    assertNpe("q", () -> Nn.attention(null, m, m));
    assertNpe("keys", () -> Nn.attention(v, null, m));
    assertNpe("values", () -> Nn.attention(v, m, null));
    assertNpe("values[0]", () -> Nn.attention(v, m, new Value[][] {null}));
    assertNpe("keys[0][0]", () -> Nn.attention(v, new Value[][] {{null, a}}, m));
  }

  @Test
  void emptyAndMismatchedArgumentsAreRejected() {
    Value a = Value.of(1);
    Value[] two = {a, a};
    Value[] three = {a, a, a};
    Value[][] twoByTwo = {{a, a}, {a, a}};
    assertIae(() -> Nn.softmax(new Value[0]), "logits");
    assertIae(() -> Nn.softmax(new Value[0], 1.0), "logits");
    assertIae(() -> Nn.logSoftmax(new Value[0]), "logits");
    assertIae(() -> Nn.crossEntropy(new Value[0], 0), "logits");
    assertIae(() -> Nn.crossEntropy(two, 2), "target", "2");
    assertIae(() -> Nn.crossEntropy(two, -1), "target", "-1");
    assertIae(() -> Nn.linear(new Value[0], new Value[0][0]), "x");
    assertIae(() -> Nn.linear(three, twoByTwo), "w[0]", "x");
    assertIae(() -> Nn.linear(two, new Value[][] {{a, a}, {a}}), "w[1]", "x");
    assertIae(() -> Nn.rmsnorm(new Value[0]), "x");
    assertIae(() -> Nn.attention(new Value[0], twoByTwo, twoByTwo), "q");
    assertIae(() -> Nn.attention(two, new Value[0][], new Value[0][]), "keys");
    assertIae(() -> Nn.attention(three, twoByTwo, twoByTwo), "keys[0]", "q");
    assertIae(() -> Nn.attention(two, twoByTwo, new Value[][] {{a}}), "values", "keys");
    assertIae(() -> Nn.attention(two, twoByTwo, new Value[][] {{a, a}, {a}}), "values[1]");
  }

  @Test
  void linearWithNoRowsReturnsNoOutputs() {
    assertEquals(0, Nn.linear(new Value[] {Value.of(1)}, new Value[0][]).length);
  }
}
