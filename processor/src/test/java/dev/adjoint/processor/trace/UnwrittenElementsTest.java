package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elements of a {@code Value[]} never written are {@code null} in Java: using one throws there. In
 * a program with runtime sizes the IR throws as well (at the read), never reading 0 silently;
 * arrays a loop fills completely, and copies of them, are read without any check.
 */
class UnwrittenElementsTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Unwritten",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Unwritten {",
            "  @Differentiable public static Value offByOne(Value[] x) {",
            "    Value[] a = new Value[x.length];",
            "    for (int i = 0; i < x.length - 1; i++) a[i] = x[i].exp();",
            "    return Value.sum(a);",
            "  }",
            "",
            "  @Differentiable public static Value filled(Value[] x) {",
            "    Value[] a = new Value[x.length];",
            "    for (int i = 0; i < a.length; i++) a[i] = x[i].exp();",
            "    Value[][] m = new Value[x.length][2];",
            "    for (int i = 0; i < x.length; i++)",
            "      for (int j = 0; j < 2; j++) m[i][j] = a[i].mul(j);",
            "    Value acc = Value.sum(a);",
            "    for (Value[] row : m) acc = acc.add(row[1]);",
            "    return acc;",
            "  }",
            "",
            "  @Differentiable public static Value prefixSums(Value[] x) {",
            "    Value[] s = new Value[x.length];",
            "    if (x.length > 0) s[0] = x[0];",
            "    for (int i = 1; i < x.length; i++) s[i] = s[i - 1].add(x[i]);",
            "    return s.length == 0 ? Value.of(0) : s[s.length - 1];",
            "  }",
            "",
            "  @Differentiable public static Value keptInAList(Value[] x, int k) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    Value[] r = new Value[x.length];",
            "    for (int i = 0; i < x.length; i += 2) r[i] = x[i];",
            "    rows.add(r);",
            "    return rows.get(0)[k].mul(2);",
            "  }",
            "",
            "  @Differentiable public static Value padded(Value[] x, int to) {",
            "    Value[] c = Arrays.copyOfRange(x, 0, to);",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < Math.min(to, x.length); i++) acc = acc.add(c[i]);",
            "    return acc.add(c[to - 1]);",
            "  }",
            "}");
  }

  @Test
  void aReadOfAnElementNeverWrittenThrowsLikeJava() {
    Args a = new Args(51);
    for (int n : new int[] {1, 2, 3, 27}) {
      h.irFailure("offByOne", (Object) a.values(n));
    }
    h.compare("offByOne", (Object) a.values(0));
    for (int n : new int[] {1, 3, 5}) {
      for (int k = 0; k < n; k++) {
        if (k % 2 == 0) {
          h.compare("keptInAList", a.values(n), k);
        } else {
          h.irFailure("keptInAList", a.values(n), k);
        }
      }
    }
    h.compare("padded", a.values(4), 3);
    h.compare("padded", a.values(4), 4);
    String message = h.irFailure("padded", a.values(4), 6);
    assertTrue(message.contains("read before it is written"), message);
  }

  @Test
  void arraysFilledByLoopsAreReadWithoutChecks() {
    Args a = new Args(52);
    for (int n : new int[] {0, 1, 2, 3, 27}) {
      h.compare("filled", (Object) a.values(n));
      h.compare("prefixSums", (Object) a.values(n));
    }
    Function f = h.traced("filled").function();
    assertTrue(
        f.arrays().values().stream().noneMatch(d -> d.name().endsWith("Written")),
        "no written flags for filled arrays");
  }
}
