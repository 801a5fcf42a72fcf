package dev.adjoint;

import static dev.adjoint.FiniteDifferences.assertGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ValueTest {

  private static final int POINTS = 200;

  private final SplittableRandom random = new SplittableRandom(0x5EEDL);

  private double uniform(double min, double max) {
    return random.nextDouble(min, max);
  }

  /** A magnitude in [min, max) with a random sign: keeps samples away from zero. */
  private double awayFromZero(double min, double max) {
    double m = uniform(min, max);
    return random.nextBoolean() ? m : -m;
  }

  // ---- Gradients against finite differences -------------------------------------------------

  @Test
  void addGradients() {
    for (int p = 0; p < POINTS; p++) {
      double c = uniform(-5, 5);
      assertGradients("add", x -> x[0].add(x[1]), new double[] {uniform(-5, 5), uniform(-5, 5)});
      assertGradients("add(c)", x -> x[0].add(c), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void subGradients() {
    for (int p = 0; p < POINTS; p++) {
      double c = uniform(-5, 5);
      assertGradients("sub", x -> x[0].sub(x[1]), new double[] {uniform(-5, 5), uniform(-5, 5)});
      assertGradients("sub(c)", x -> x[0].sub(c), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void mulGradients() {
    for (int p = 0; p < POINTS; p++) {
      double c = uniform(-5, 5);
      assertGradients("mul", x -> x[0].mul(x[1]), new double[] {uniform(-5, 5), uniform(-5, 5)});
      assertGradients("mul(c)", x -> x[0].mul(c), new double[] {uniform(-5, 5)});
      assertGradients("mul self", x -> x[0].mul(x[0]), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void divGradients() {
    for (int p = 0; p < POINTS; p++) {
      double c = awayFromZero(0.5, 5);
      assertGradients(
          "div", x -> x[0].div(x[1]), new double[] {uniform(-5, 5), awayFromZero(0.5, 5)});
      assertGradients("div(c)", x -> x[0].div(c), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void negGradients() {
    for (int p = 0; p < POINTS; p++) {
      assertGradients("neg", x -> x[0].neg(), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void powGradients() {
    for (int p = 0; p < POINTS; p++) {
      double k = uniform(-3, 3);
      assertGradients("pow " + k, x -> x[0].pow(k), new double[] {uniform(0.5, 3)});
      // Integer exponents are defined for negative bases too.
      double n = random.nextInt(-3, 4);
      assertGradients("pow " + n, x -> x[0].pow(n), new double[] {awayFromZero(0.5, 3)});
    }
  }

  @Test
  void expGradients() {
    for (int p = 0; p < POINTS; p++) {
      assertGradients("exp", x -> x[0].exp(), new double[] {uniform(-5, 5)});
    }
  }

  @Test
  void logGradients() {
    for (int p = 0; p < POINTS; p++) {
      assertGradients("log", x -> x[0].log(), new double[] {uniform(0.1, 10)});
    }
  }

  @Test
  void reluGradients() {
    for (int p = 0; p < POINTS; p++) {
      // Away from the kink at 0, where the finite difference is meaningless.
      assertGradients("relu", x -> x[0].relu(), new double[] {awayFromZero(1e-3, 5)});
    }
  }

  @Test
  void tanhGradients() {
    for (int p = 0; p < POINTS; p++) {
      assertGradients("tanh", x -> x[0].tanh(), new double[] {uniform(-4, 4)});
    }
  }

  @Test
  void sumGradients() {
    for (int p = 0; p < POINTS; p++) {
      double[] x = new double[random.nextInt(1, 9)];
      double[] c = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = uniform(-5, 5);
        c[i] = uniform(-2, 2);
      }
      // Weighted, so that a wrong gradient cannot hide behind all-equal derivatives.
      assertGradients(
          "sum",
          v -> {
            Value[] terms = new Value[v.length];
            for (int i = 0; i < v.length; i++) {
              terms[i] = v[i].mul(c[i]);
            }
            return Value.sum(terms);
          },
          x);
      assertGradients("sum iterable", v -> Value.sum(Arrays.asList(v)).mul(v[0]), x);
    }
  }

  @Test
  void compositeGradients() {
    for (int p = 0; p < POINTS; p++) {
      double[] x = {uniform(-2, 2), uniform(-2, 2), uniform(0.5, 2)};
      assertGradients(
          "composite",
          v -> {
            Value a = v[0].mul(v[1]).add(v[2].pow(1.5)).tanh();
            Value b = v[0].sub(v[2]).exp().div(v[2].add(1.0));
            Value c = v[2].log().mul(a).relu().add(a.neg());
            return Value.sum(a, b, c, a.mul(b)).sub(2.0).div(3.0);
          },
          x);
    }
  }

  // ---- Exact data and local derivatives ------------------------------------------------------

  /** Backpropagates {@code out} and returns the gradients of {@code leaves}. */
  private static double[] grads(Value out, Value... leaves) {
    out.backward();
    double[] g = new double[leaves.length];
    for (int i = 0; i < leaves.length; i++) {
      g[i] = leaves[i].grad();
    }
    return g;
  }

  @Test
  void binaryOpsComputeTheDocumentedExpressionsExactly() {
    for (int p = 0; p < POINTS; p++) {
      double a = uniform(-5, 5);
      double b = awayFromZero(1e-3, 5);
      Value x = Value.of(a);
      Value y = Value.of(b);

      Value s = x.add(y);
      assertEquals(a + b, s.data());
      assertEquals(List.of(1.0, 1.0), boxed(grads(s, x, y)));
      x.zeroGrad();
      y.zeroGrad();

      Value d = x.sub(y);
      assertEquals(a - b, d.data());
      assertEquals(List.of(1.0, -1.0), boxed(grads(d, x, y)));
      x.zeroGrad();
      y.zeroGrad();

      Value m = x.mul(y);
      assertEquals(a * b, m.data());
      assertEquals(List.of(b, a), boxed(grads(m, x, y)));
      x.zeroGrad();
      y.zeroGrad();

      Value q = x.div(y);
      assertEquals(a / b, q.data());
      assertEquals(List.of(1.0 / b, -a / (b * b)), boxed(grads(q, x, y)));
    }
  }

  @Test
  void constantOpsComputeTheDocumentedExpressionsExactly() {
    for (int p = 0; p < POINTS; p++) {
      double a = uniform(-5, 5);
      double c = awayFromZero(1e-3, 5);
      checkUnary(a, x -> x.add(c), a + c, 1.0);
      checkUnary(a, x -> x.sub(c), a - c, 1.0);
      checkUnary(a, x -> x.mul(c), a * c, c);
      checkUnary(a, x -> x.div(c), a / c, 1.0 / c);
    }
  }

  @Test
  void unaryOpsComputeTheDocumentedExpressionsExactly() {
    for (int p = 0; p < POINTS; p++) {
      double a = uniform(-5, 5);
      double pos = uniform(0.01, 5);
      double k = uniform(-3, 3);
      checkUnary(a, Value::neg, -a, -1.0);
      checkUnary(pos, x -> x.pow(k), Math.pow(pos, k), k * Math.pow(pos, k - 1));
      checkUnary(a, Value::exp, Math.exp(a), Math.exp(a));
      checkUnary(pos, Value::log, Math.log(pos), 1.0 / pos);
      checkUnary(a, Value::relu, a > 0 ? a : 0.0, a > 0 ? 1.0 : 0.0);
      double t = Math.tanh(a);
      checkUnary(a, Value::tanh, t, 1.0 - t * t);
    }
  }

  private static void checkUnary(
      double a, Function<Value, Value> op, double expectedData, double expectedGrad) {
    Value x = Value.of(a);
    Value y = op.apply(x);
    assertEquals(expectedData, y.data(), "data at " + a);
    // A constant operand is not a node: the only child is x.
    assertEquals(1, y.topologicalOrder().size() - 1, "children at " + a);
    y.backward();
    assertEquals(expectedGrad, x.grad(), "local derivative at " + a);
  }

  @Test
  void sumIsBitIdenticalToChainedAdd() {
    for (int p = 0; p < POINTS; p++) {
      int n = random.nextInt(1, 12);
      Value[] v = new Value[n];
      Value[] w = new Value[n];
      for (int i = 0; i < n; i++) {
        // Wildly different magnitudes, so that a different summation order would show.
        double x = uniform(-1, 1) * Math.pow(10, random.nextInt(-8, 9));
        v[i] = Value.of(x);
        w[i] = Value.of(x);
      }
      Value chained = v[0];
      for (int i = 1; i < n; i++) {
        chained = chained.add(v[i]);
      }
      Value summed = Value.sum(w);
      assertEquals(chained.data(), summed.data());
      assertEquals(chained.data(), Value.sum(List.of(w)).data());
      Value chainedLoss = chained.mul(chained);
      Value summedLoss = summed.mul(summed);
      chainedLoss.backward();
      summedLoss.backward();
      for (int i = 0; i < n; i++) {
        assertEquals(v[i].grad(), w[i].grad());
      }
    }
  }

  @Test
  void sumEdgeCases() {
    Value empty = Value.sum();
    assertEquals(0.0, empty.data());
    assertEquals(0.0, Value.sum(List.of()).data());
    Value x = Value.of(-0.0);
    Value one = Value.sum(x);
    assertNotSame(x, one);
    assertEquals(-0.0, one.data());
    one.mul(3.0).backward();
    assertEquals(3.0, x.grad());
    // The node keeps its own copy of the children.
    Value a = Value.of(1.0);
    Value[] terms = {a, Value.of(2.0)};
    Value s = Value.sum(terms);
    terms[0] = Value.of(100.0);
    s.backward();
    assertEquals(1.0, a.grad());
  }

  @Test
  void repeatedOperandsAccumulate() {
    Value x = Value.of(3.0);
    Value y = x.add(x);
    y.backward();
    assertEquals(2.0, x.grad());
    Value z = Value.of(3.0);
    z.mul(z).backward();
    assertEquals(6.0, z.grad());
    Value w = Value.of(3.0);
    Value.sum(w, w, w).backward();
    assertEquals(3.0, w.grad());
  }

  // ---- IEEE domain behaviour -----------------------------------------------------------------

  @Test
  void logOutsideItsDomainIsIeee() {
    Value zero = Value.of(0.0);
    Value l0 = zero.log();
    assertEquals(Double.NEGATIVE_INFINITY, l0.data());
    l0.backward();
    assertEquals(Double.POSITIVE_INFINITY, zero.grad());

    Value minusOne = Value.of(-1.0);
    Value l1 = minusOne.log();
    assertTrue(Double.isNaN(l1.data()));
    l1.backward();
    assertEquals(-1.0, minusOne.grad());
  }

  @Test
  void divisionByZeroIsIeee() {
    Value one = Value.of(1.0);
    Value zero = Value.of(0.0);
    Value q = one.div(zero);
    assertEquals(Double.POSITIVE_INFINITY, q.data());
    q.backward();
    assertEquals(Double.POSITIVE_INFINITY, one.grad());
    assertEquals(Double.NEGATIVE_INFINITY, zero.grad());

    assertTrue(Double.isNaN(Value.of(0.0).div(Value.of(0.0)).data()));
    assertEquals(Double.NEGATIVE_INFINITY, Value.of(-2.0).div(0.0).data());
    Value x = Value.of(2.0);
    x.div(0.0).backward();
    assertEquals(Double.POSITIVE_INFINITY, x.grad());
  }

  @Test
  void reluAtZeroAndNan() {
    for (double at : new double[] {0.0, -0.0, Double.NaN}) {
      Value x = Value.of(at);
      Value r = x.relu();
      // 0.0 exactly, never -0.0 and never NaN: the documented "x > 0 ? x : 0.0".
      assertEquals(0.0, r.data(), "relu(" + at + ")");
      r.backward();
      assertEquals(0.0, x.grad(), "relu'(" + at + ")");
    }
  }

  @Test
  void powSpecialCases() {
    assertTrue(Double.isNaN(Value.of(-2.0).pow(0.5).data()));
    assertEquals(Double.POSITIVE_INFINITY, Value.of(0.0).pow(-1.0).data());
    Value x = Value.of(0.0);
    x.pow(2.0).backward();
    assertEquals(0.0, x.grad());
  }

  // ---- Null arguments ------------------------------------------------------------------------

  @Test
  void nullArgumentsAreNamed() {
    Value x = Value.of(1.0);
    assertNpe("other", () -> x.add(null));
    assertNpe("other", () -> x.sub(null));
    assertNpe("other", () -> x.mul(null));
    assertNpe("other", () -> x.div(null));
    assertNpe("values", () -> Value.sum((Value[]) null));
    assertNpe("values", () -> Value.sum((Iterable<Value>) null));
    assertNpe("values[1]", () -> Value.sum(x, null, x));
    assertNpe("values[2]", () -> Value.sum(Arrays.asList(x, x, null)));
  }

  private static void assertNpe(String message, Runnable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call::run);
    assertEquals(message, e.getMessage());
  }

  // ---- backward(): order, depth, accumulation ------------------------------------------------

  @Test
  void topologicalOrderIsTheDocumentedReversePostOrder() {
    Value a = Value.of(2.0);
    Value b = Value.of(3.0);
    Value c = a.mul(b);
    Value d = c.add(a);
    Value e = b.exp();
    Value f = Value.sum(d, e, c);
    // Post-order of a DFS from f, children in argument order: a, b, c, d, e, f.
    List<Value> order = f.topologicalOrder();
    assertEquals(6, order.size());
    Value[] expected = {a, b, c, d, e, f};
    for (int i = 0; i < expected.length; i++) {
      assertSame(expected[i], order.get(i), "position " + i);
    }
  }

  @Test
  void backwardMatchesRecursiveMicrogradBitForBit() {
    for (int p = 0; p < POINTS; p++) {
      Value[] leaves = new Value[4];
      for (int i = 0; i < leaves.length; i++) {
        leaves[i] = Value.of(uniform(-2, 2));
      }
      Value out = randomGraph(leaves, 30);
      out.backward();
      Map<Value, Double> expected = microgradBackward(out);
      for (Value v : out.topologicalOrder()) {
        assertEquals(expected.get(v), v.grad());
      }
    }
  }

  /** A random expression over {@code leaves} mixing all operations, with shared subexpressions. */
  private Value randomGraph(Value[] leaves, int ops) {
    List<Value> pool = new ArrayList<>(Arrays.asList(leaves));
    for (int k = 0; k < ops; k++) {
      Value a = pool.get(random.nextInt(pool.size()));
      Value b = pool.get(random.nextInt(pool.size()));
      Value r;
      switch (random.nextInt(9)) {
        case 0:
          r = a.add(b);
          break;
        case 1:
          r = a.sub(b);
          break;
        case 2:
          r = a.mul(b);
          break;
        case 3:
          r = a.div(b.mul(b).add(1.0));
          break;
        case 4:
          r = a.tanh();
          break;
        case 5:
          r = a.mul(a).add(1.0).log();
          break;
        case 6:
          r = a.relu().add(b.neg());
          break;
        case 7:
          r = a.tanh().exp();
          break;
        default:
          r = Value.sum(a, b, a);
          break;
      }
      pool.add(r);
    }
    return Value.sum(pool);
  }

  /**
   * micrograd's backward, written recursively and independently of {@link Value#backward()}, on a
   * side table of gradients: the reference that fresh-graph results must match exactly.
   */
  private static Map<Value, Double> microgradBackward(Value out) {
    List<Value> topo = new ArrayList<>();
    buildTopo(out, new IdentityHashMap<>(), topo);
    Map<Value, Double> grad = new IdentityHashMap<>();
    for (Value v : topo) {
      grad.put(v, 0.0);
    }
    grad.put(out, 1.0);
    for (int i = topo.size() - 1; i >= 0; i--) {
      Value node = topo.get(i);
      for (int c = 0; c < node.children.length; c++) {
        Value child = node.children[c];
        grad.put(child, grad.get(child) + node.localGrads[c] * grad.get(node));
      }
    }
    return grad;
  }

  private static void buildTopo(Value v, Map<Value, Boolean> visited, List<Value> topo) {
    if (visited.put(v, Boolean.TRUE) == null) {
      for (Value child : v.children) {
        buildTopo(child, visited, topo);
      }
      topo.add(v);
    }
  }

  @Test
  void millionNodeChainNeedsNoDeepStack() {
    assertTimeout(
        Duration.ofSeconds(10),
        () -> {
          Value x = Value.of(0.5);
          Value v = x;
          for (int i = 0; i < 1_000_000; i++) {
            // The previous node is the first child, so the depth-first search goes 1e6 deep.
            v = v.add(x);
          }
          v.backward();
          assertEquals(500_000.5, v.data());
          assertEquals(1_000_001.0, x.grad());
          v.zeroGrad();
          assertEquals(0.0, x.grad());
          assertEquals(0.0, v.grad());
        });
  }

  @Test
  void backwardTwiceAccumulatesExactly() {
    Value a = Value.of(0.7);
    Value b = Value.of(-1.3);
    Value c = a.mul(b);
    Value d = c.add(a).tanh();
    Value loss = d.mul(d).add(c.exp());

    loss.backward();
    double ga = a.grad();
    double gb = b.grad();
    double gc = c.grad();
    double gd = d.grad();
    assertEquals(1.0, loss.grad());

    loss.backward();
    // The output's own gradient is overwritten with 1; every other gradient gains exactly one more
    // copy of its derivative (micrograd would re-propagate c's and d's stale gradients instead).
    assertEquals(1.0, loss.grad());
    assertEquals(2 * ga, a.grad());
    assertEquals(2 * gb, b.grad());
    assertEquals(2 * gc, c.grad());
    assertEquals(2 * gd, d.grad());

    loss.zeroGrad();
    assertEquals(0.0, a.grad());
    assertEquals(0.0, loss.grad());
    loss.backward();
    assertEquals(ga, a.grad());
  }

  @Test
  void backwardOnASubGraphThenTheWholeGraphAccumulates() {
    Value a = Value.of(0.7);
    Value b = Value.of(-1.3);
    Value c = a.mul(b);
    Value loss = c.tanh().add(a);

    c.backward();
    assertEquals(1.0, c.grad());
    assertEquals(b.data(), a.grad());
    assertEquals(a.data(), b.grad());

    c.backward();
    assertEquals(1.0, c.grad());
    assertEquals(2 * b.data(), a.grad());

    loss.backward();
    double t = Math.tanh(a.data() * b.data());
    double dc = 1.0 - t * t;
    // c was not the output this time, so it accumulates on top of the 1 it held.
    assertEquals(1.0 + dc, c.grad());
    assertEquals(2 * b.data() + (dc * b.data() + 1.0), a.grad());
    assertEquals(2 * a.data() + dc * a.data(), b.grad());
  }

  @Test
  void backwardOnALeafSetsItsGradientToOne() {
    Value x = Value.of(4.0);
    x.backward();
    assertEquals(1.0, x.grad());
  }

  // ---- toString and toDot --------------------------------------------------------------------

  @Test
  void toStringShowsDataAndGrad() {
    Value x = Value.of(2.5);
    x.mul(x).backward();
    assertEquals("Value(data=2.5, grad=5.0)", x.toString());
    assertEquals("Value(data=NaN, grad=0.0)", Value.of(Double.NaN).toString());
  }

  @Test
  void toDotRendersTheGraph() {
    Value a = Value.of(2.0);
    Value b = Value.of(-3.0);
    Value c = a.mul(b).add(1.0).tanh();
    c.backward();
    String dot = c.toDot();
    double t = Math.tanh(-5.0);
    double dt = 1 - t * t;
    String expected =
        "digraph {\n"
            + "  rankdir=LR;\n"
            + "  v0 [shape=record, label=\"{ data 2.0000 | grad "
            + String.format(java.util.Locale.ROOT, "%.4f", -3 * dt)
            + " }\"];\n"
            + "  v1 [shape=record, label=\"{ data -3.0000 | grad "
            + String.format(java.util.Locale.ROOT, "%.4f", 2 * dt)
            + " }\"];\n"
            + "  v2 [shape=record, label=\"{ data -6.0000 | grad "
            + String.format(java.util.Locale.ROOT, "%.4f", dt)
            + " }\"];\n"
            + "  v2_op [label=\"*\"];\n"
            + "  v0 -> v2_op;\n"
            + "  v1 -> v2_op;\n"
            + "  v2_op -> v2;\n"
            + "  v3 [shape=record, label=\"{ data -5.0000 | grad "
            + String.format(java.util.Locale.ROOT, "%.4f", dt)
            + " }\"];\n"
            + "  v3_op [label=\"+\"];\n"
            + "  v2 -> v3_op;\n"
            + "  v3_op -> v3;\n"
            + "  v4 [shape=record, label=\"{ data -0.9999 | grad 1.0000 }\"];\n"
            + "  v4_op [label=\"tanh\"];\n"
            + "  v3 -> v4_op;\n"
            + "  v4_op -> v4;\n"
            + "}\n";
    assertEquals(expected, dot);
    assertEquals(dot, c.toDot());
  }

  @Test
  void toDotIsDeterministicAcrossIdenticalGraphs() {
    Function<Double, String> build =
        seed -> {
          Value x = Value.of(seed);
          Value y = Value.sum(x, x.exp(), x.mul(x).neg()).pow(2.0).relu();
          y.backward();
          return y.toDot();
        };
    assertEquals(build.apply(0.3), build.apply(0.3));
    Value x = Value.of(0.3);
    String dot = Value.sum(x, x.exp(), x.mul(x).neg()).toDot();
    // x is v0; exp(x) is v1; x * x is v2; its negation v3; the sum v4.
    assertTrue(dot.contains("v1_op [label=\"exp\"];\n  v0 -> v1_op;"), dot);
    assertTrue(dot.contains("v2_op [label=\"*\"];\n  v0 -> v2_op;\n  v0 -> v2_op;"), dot);
    assertTrue(dot.contains("v3_op [label=\"neg\"];\n  v2 -> v3_op;"), dot);
    assertTrue(
        dot.contains(
            "v4_op [label=\"sum\"];\n  v0 -> v4_op;\n  v1 -> v4_op;\n  v3 -> v4_op;\n  v4_op -> v4;"),
        dot);
    // Leaves have no operation node.
    assertTrue(!dot.contains("v0_op"), dot);
  }

  private static List<Double> boxed(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return list;
  }
}
