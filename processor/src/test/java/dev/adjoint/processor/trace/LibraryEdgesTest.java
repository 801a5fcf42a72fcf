package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK utilities at their edges, against the engine: empty ranges that Java still checks ({@code
 * Arrays.fill(a, k, k, v)}, {@code System.arraycopy} of nothing from a bad index), padded copies
 * whose extra elements are null, negative lengths, integer division by zero, {@code List.set},
 * {@code new ArrayList<>(collection)} and {@code Arrays.asList} of rows. Every argument that makes
 * Java throw must make the traced program throw, and no other.
 */
class LibraryEdgesTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Edges",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Edges {",
            "  @Differentiable public static Value copyRange(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOfRange(x, k, x.length);",
            "    Value s = Value.of(1);",
            "    for (Value v : c) s = s.add(v);",
            "    return s.add(c.length);",
            "  }",
            "  @Differentiable public static Value copyRangePadded(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOfRange(x, 0, x.length + k);",
            "    Value s = Value.of(1);",
            "    for (int i = 0; i < x.length && i < c.length; i++) s = s.add(c[i]);",
            "    return s.add(c.length);",
            "  }",
            "  @Differentiable public static Value copyOfK(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOf(x, k);",
            "    Value s = Value.of(1);",
            "    for (int i = 0; i < Math.min(x.length, c.length); i++) s = s.add(c[i]);",
            "    return s.add(c.length);",
            "  }",
            "  @Differentiable public static Value copyOfPaddedRead(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOf(x, x.length + 2);",
            "    return c[Math.max(0, k)];",
            "  }",
            "  @Differentiable public static Value copyEmptyRange(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOfRange(x, x.length + k, x.length + k);",
            "    return Value.sum(c).add(c.length);",
            "  }",
            "  @Differentiable public static Value copyNegativeEmptyRange(Value[] x, int k) {",
            "    Value[] c = Arrays.copyOfRange(x, k, k);",
            "    return Value.sum(c).add(c.length);",
            "  }",
            "  @Differentiable public static Value fillRange(Value[] x, int k) {",
            "    Value[] c = x.clone();",
            "    Arrays.fill(c, k, x.length, Value.of(2));",
            "    return Value.sum(c);",
            "  }",
            "  @Differentiable public static Value fillEmptyRange(Value[] x, int k) {",
            "    Value[] c = x.clone();",
            "    Arrays.fill(c, k, k, Value.of(2));",
            "    return Value.sum(c).add(1);",
            "  }",
            "  @Differentiable public static Value fillEmptyRangePastTheEnd(Value[] x, int k) {",
            "    Value[] c = x.clone();",
            "    Arrays.fill(c, x.length + k, x.length + k, Value.of(2));",
            "    return Value.sum(c).add(1);",
            "  }",
            "  @Differentiable public static Value arraycopyFrom(Value[] x, int k) {",
            "    Value[] c = new Value[x.length];",
            "    Arrays.fill(c, Value.of(0.5));",
            "    System.arraycopy(x, k, c, 0, x.length - Math.abs(k));",
            "    return Value.sum(c);",
            "  }",
            "  @Differentiable public static Value arraycopyWithin(Value[] x, int k) {",
            "    Value[] c = x.clone();",
            "    System.arraycopy(c, 0, c, Math.abs(k), x.length - Math.abs(k));",
            "    return Value.sum(c).add(1);",
            "  }",
            "  @Differentiable public static Value listGetAndSet(Value[] x, int k) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value v : x) l.add(v);",
            "    Value old = l.set(k, Value.of(3));",
            "    return old.add(l.get(Math.min(k + 1, l.size() - 1)));",
            "  }",
            "  @Differentiable public static Value intDivision(Value[] x, int k) {",
            "    int q = x.length / k;",
            "    return Value.of(q).add(x.length % (k + 1));",
            "  }",
            "  @Differentiable public static Value negativeLength(Value[] x, int k) {",
            "    double[] d = new double[k - 1];",
            "    return Value.of(d.length);",
            "  }",
            "  @Differentiable public static Value negativeColumns(Value[] x, int k) {",
            "    Value[][] m = new Value[2][k];",
            "    return Value.of(m[0].length);",
            "  }",
            "  @Differentiable public static Value listCopies(Value[] x, int k) {",
            "    List<Value> l = new ArrayList<>(Arrays.asList(x));",
            "    l.add(Value.of(2));",
            "    List<Value> m = new ArrayList<>(l);",
            "    m.set(0, Value.of(5));",
            "    Value s = Value.sum(l.toArray(new Value[0]));",
            "    return l.get(Math.max(0, Math.min(k, l.size() - 1))).add(m.get(0)).add(s);",
            "  }",
            "  @Differentiable public static Value rowsAsAList(Value[][] q, int k) {",
            "    List<Value[]> view = Arrays.asList(q);",
            "    List<Value[]> rows = new ArrayList<>(view);",
            "    if (!rows.isEmpty()) rows.add(rows.get(0).clone());",
            "    Value s = Value.of(0);",
            "    for (Value[] r : rows) s = s.add(Value.sum(r));",
            "    return s.add(view.size()).add(view.get(Math.max(0, Math.min(k, view.size() - 1)))[0]);",
            "  }",
            "  @Differentiable public static Value listParameterCopied(List<Value> xs) {",
            "    List<Value> c = new ArrayList<>(xs);",
            "    c.add(Value.of(1));",
            "    Value s = Value.of(0);",
            "    for (Value v : c) s = s.add(v.mul(v));",
            "    return s.add(xs.size());",
            "  }",
            "}");
  }

  @Test
  void everyProgramTraces() {
    assertEquals(Map.of(), h.processor.errors);
  }

  @Test
  void throwsExactlyWhereJavaThrows() {
    Args a = new Args(71);
    for (String m : h.processor.traced.keySet()) {
      for (int n : new int[] {0, 1, 2, 3, 27}) {
        for (int k : new int[] {-3, -1, 0, 1, 2, 4, 30}) {
          h.compareOrThrow(m, arguments(m, a, n, k));
        }
      }
    }
  }

  private static Object[] arguments(String method, Args a, int n, int k) {
    List<dev.adjoint.processor.ir.SourceMethod.Param> params =
        h.processor.traced.get(method).source().params();
    Object[] out = new Object[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (params.get(i).kind()) {
            case INT -> k;
            case VALUE_ARRAY -> a.values(n);
            case VALUE_LIST -> a.list(n);
            case VALUE_MATRIX -> a.matrix(n, 2);
            default -> throw new AssertionError(params.get(i).kind());
          };
    }
    return out;
  }
}
