package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Value;
import dev.adjoint.processor.ir.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * General control flow, each checked against the engine: while and do loops, for headers of every
 * form, break and continue (labeled too), return anywhere (also in inlined helpers), ifs with
 * effects in their arms, and switch statements and expressions.
 */
class ControlFlowTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Flow",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Flow {",
            "  enum Act { RELU, TANH, NONE }",
            "  static final String MODE = \"tanh\";",
            "",
            "  @Differentiable public static Value doubling(Value x) {",
            "    int steps = 0;",
            "    while (Math.abs(x.data()) < 100 && steps < 50) {",
            "      x = x.mul(2).add(0.5);",
            "      steps++;",
            "    }",
            "    return x.add(steps);",
            "  }",
            "",
            "  @Differentiable public static Value newton(Value a) {",
            "    Value x = a.mul(a).add(1);",
            "    do {",
            "      x = x.add(a.div(x)).mul(0.5);",
            "    } while (Math.abs(x.mul(x).sub(a).data()) > 1e-9 && x.data() < 1e6);",
            "    return x;",
            "  }",
            "",
            "  @Differentiable public static Value headers(Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0, j = x.length - 1; i < j; i++, j--) acc = acc.add(x[i].mul(x[j]));",
            "    for (double t = 0; t < 1; t += 0.25) acc = acc.mul(t + 1);",
            "    int k = 1;",
            "    for (; k < x.length; k *= 2) acc = acc.add(x[k]);",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (x[i].data() < 0) i++;",
            "      acc = acc.sub(x[i % x.length]);",
            "    }",
            "    for (int i = 0; ; i++) {",
            "      if (i >= x.length || x[i].data() > 2) break;",
            "      acc = acc.add(x[i].tanh());",
            "    }",
            "    return acc.add(k);",
            "  }",
            "",
            "  @Differentiable public static Value jumps(Value[] x) {",
            "    Value acc = Value.of(1);",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (x[i].data() < -1) continue;",
            "      if (x[i].data() > 2.5) break;",
            "      acc = acc.add(x[i].mul(i));",
            "    }",
            "    int seen = 0;",
            "    for (Value v : x) {",
            "      seen++;",
            "      if (v.data() > 0) {",
            "        acc = acc.mul(1.1);",
            "        continue;",
            "      }",
            "      acc = acc.add(v.exp());",
            "    }",
            "    return acc.add(seen);",
            "  }",
            "",
            "  @Differentiable public static Value labels(Value[][] m) {",
            "    Value acc = Value.of(0);",
            "    rows:",
            "    for (Value[] row : m) {",
            "      for (int j = 0; j < row.length; j++) {",
            "        if (row[j].data() < -2) continue rows;",
            "        if (row[j].data() > 2.8) break rows;",
            "        acc = acc.add(row[j]);",
            "      }",
            "      acc = acc.mul(0.9);",
            "    }",
            "    block: {",
            "      if (acc.data() > 1) break block;",
            "      acc = acc.neg();",
            "    }",
            "    return acc;",
            "  }",
            "",
            "  static Value firstBig(Value[] x, double limit) {",
            "    for (Value v : x) {",
            "      if (v.data() > limit) return v;",
            "    }",
            "    return Value.of(limit);",
            "  }",
            "",
            "  static int indexOfMax(Value[] x) {",
            "    int best = 0;",
            "    for (int i = 1; i < x.length; i++) if (x[i].data() > x[best].data()) best = i;",
            "    return best;",
            "  }",
            "",
            "  @Differentiable public static Value returns(Value[] x) {",
            "    Value a = firstBig(x, 1.5);",
            "    Value b = firstBig(x, 10);",
            "    if (x.length == 0) return a.add(b);",
            "    int m = indexOfMax(x);",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (x[i].data() < -2.9) return x[i].mul(a);",
            "    }",
            "    return a.add(b).add(x[m]);",
            "  }",
            "",
            "  @Differentiable public static Value effectsInArms(Value[] x) {",
            "    Value[] y = new Value[x.length];",
            "    List<Value> big = new ArrayList<>();",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (x[i].data() > 0) {",
            "        y[i] = x[i].log();",
            "        big.add(x[i]);",
            "      } else {",
            "        y[i] = x[i].exp();",
            "        for (int j = 0; j < i; j++) y[i] = y[i].add(y[j]);",
            "      }",
            "    }",
            "    Value acc = Value.sum(y);",
            "    if (big.size() > 1) acc = acc.add(big.get(1));",
            "    return acc.add(big.isEmpty() ? Value.of(0) : Value.sum(big));",
            "  }",
            "",
            "  @Differentiable public static Value guardedReads(Value[] x, int k) {",
            "    Value acc = Value.of(0);",
            "    if (k >= 0 && k < x.length) acc = acc.add(x[k]);",
            "    acc = k < x.length && k >= 0 && x[k].data() > 0 ? acc.mul(x[k]) : acc;",
            "    return acc;",
            "  }",
            "",
            "  static Value act(Value v, Act a) {",
            "    switch (a) {",
            "      case RELU: return v.relu();",
            "      case TANH: return v.tanh();",
            "      default: return v;",
            "    }",
            "  }",
            "",
            "  static Value byName(Value v, String name) {",
            "    return switch (name) {",
            "      case \"relu\" -> v.relu();",
            "      case \"tanh\" -> v.tanh();",
            "      default -> v;",
            "    };",
            "  }",
            "",
            "  @Differentiable public static Value switches(Value[] x, int mode) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) {",
            "      switch (i % 4) {",
            "        case 0:",
            "          acc = acc.add(x[i]);",
            "        case 1:",
            "          acc = acc.mul(1.5);",
            "          break;",
            "        case 2: {",
            "          acc = acc.sub(x[i].exp());",
            "          break;",
            "        }",
            "        default:",
            "          acc = acc.add(1);",
            "      }",
            "      char c = i % 2 == 0 ? 'a' : 'b';",
            "      double w = switch (mode) {",
            "        case 0, 1 -> 0.5;",
            "        case 2 -> { double t = x[i].data(); yield t > 0 ? t : 1; }",
            "        default -> 2;",
            "      };",
            "      acc = acc.add(x[i].mul(w));",
            "    }",
            "    acc = act(acc, Act.TANH).add(act(acc, Act.RELU)).add(byName(acc, MODE));",
            "    return acc.add(byName(acc, \"relu\"));",
            "  }",
            "",
            "  @Differentiable public static Value charSwitch(Value x, int k) {",
            "    char c = k > 0 ? 'p' : 'n';",
            "    switch (c) {",
            "      case 'p' -> x = x.mul(2);",
            "      case 'n' -> x = x.neg();",
            "      default -> x = x.exp();",
            "    }",
            "    return x;",
            "  }",
            "  @Differentiable public static Value returnInAnIfInsideAComputingIf(",
            "      Value[] x, int k) {",
            "    Value acc = Value.of(0.5);",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (i > 2) {",
            "        acc = acc.add(x[i]);",
            "      } else {",
            "        if (k > 1 && x[i].data() > 0) {",
            "          return acc.mul(1.5);",
            "        }",
            "      }",
            "    }",
            "    return acc;",
            "  }",
            "}");
  }

  @Test
  void whileAndDoLoopsOnData() {
    Args a = new Args(1);
    for (int p = 0; p < 30; p++) {
      h.compare("doubling", a.value());
      h.compare("newton", Value.of(0.1 + 5 * Math.abs(a.value().data())));
    }
    h.compare("doubling", Value.of(0));
    assertTrue(
        h.traced("doubling").function().allNodes().stream()
            .anyMatch(n -> n instanceof Node.Loop l && l.stopsEarly()));
  }

  @Test
  void forHeadersOfEveryForm() {
    Args a = new Args(2);
    for (int n : new int[] {0, 1, 2, 3, 7, 27}) {
      for (int p = 0; p < 5; p++) {
        h.compare("headers", (Object) a.values(n));
      }
    }
  }

  @Test
  void breakAndContinue() {
    Args a = new Args(3);
    for (int n : new int[] {0, 1, 2, 3, 10, 27}) {
      for (int p = 0; p < 5; p++) {
        h.compare("jumps", (Object) a.values(n));
        h.compare("labels", (Object) a.matrix(n, 3));
      }
    }
  }

  @Test
  void returnsInsideLoopsBranchesAndHelpers() {
    Args a = new Args(4);
    for (int n : new int[] {0, 1, 2, 3, 10, 27}) {
      for (int p = 0; p < 8; p++) {
        h.compare("returns", (Object) a.values(n));
      }
    }
  }

  @Test
  void aReturnInAnIfNestedInAnIfThatOnlyComputesInsideALoop() {
    Args a = new Args(7);
    for (int n : new int[] {0, 1, 2, 3, 10, 27}) {
      for (int k = 0; k < 3; k++) {
        h.compare("returnInAnIfInsideAComputingIf", a.values(n), k);
      }
    }
  }

  @Test
  void ifsWhoseArmsStoreAddAndLoop() {
    Args a = new Args(5);
    for (int n : new int[] {0, 1, 2, 3, 10, 27}) {
      for (int p = 0; p < 5; p++) {
        h.compare("effectsInArms", (Object) a.values(n));
      }
    }
    assertTrue(
        h.traced("effectsInArms").function().allNodes().stream()
            .anyMatch(n -> n instanceof Node.If));
  }

  @Test
  void aGuardedReadRunsOnlyWhenItsGuardHolds() {
    Args a = new Args(6);
    for (int n : new int[] {0, 1, 3}) {
      for (int k = -2; k <= n + 1; k++) {
        h.compare("guardedReads", a.values(n), k);
      }
    }
  }

  @Test
  void switchStatementsAndExpressions() {
    Args a = new Args(7);
    for (int n : new int[] {0, 1, 5, 9}) {
      for (int mode = -1; mode <= 3; mode++) {
        h.compare("switches", a.values(n), mode);
      }
    }
    for (int k = -1; k <= 1; k++) {
      h.compare("charSwitch", a.value(), k);
    }
  }
}
