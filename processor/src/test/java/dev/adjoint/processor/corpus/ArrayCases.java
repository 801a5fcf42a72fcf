package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.CorpusCase.bad;

import dev.adjoint.processor.diag.Code;
import java.util.List;

/**
 * Corpus cases about arrays and lists whose use disagrees with their shapes or with the write-once
 * rule: indices out of bounds, reads before writes, second writes, runtime store indices, writes
 * into parameters, lists that grow irregularly, and shapes {@code Nn} rejects.
 */
final class ArrayCases {
  private ArrayCases() {}

  private static final String D = "  @Differentiable public static ";

  static List<CorpusCase> all() {
    return List.of(
        // ---- arrays against shapes ----
        bad(
            "ConstantIndexPastShape",
            Code.INDEX_OUT_OF_BOUNDS,
            "x[5]",
            "5]",
            D + "Value f(@Shape(5) Value[] x) { return x[0].add(x[5]); }"),
        bad(
            "LoopPastShape",
            Code.INDEX_OUT_OF_BOUNDS,
            "acc.add(x[i])",
            "[i])",
            D + "Value f(@Shape(5) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < 10; i++) acc = acc.add(x[i]);",
            "    return acc;",
            "  }"),
        bad(
            "NegativeConstantIndex",
            Code.INDEX_OUT_OF_BOUNDS,
            "x[-1]",
            "-1]",
            D + "Value f(@Shape(2) Value[] x) { return x[-1]; }"),
        bad(
            "ColumnPastShape",
            Code.INDEX_OUT_OF_BOUNDS,
            "m[1][3]",
            "3]",
            D + "Value f(@Shape({2, 3}) Value[][] m) { return m[0][0].mul(m[1][3]); }"),
        bad(
            "ListGetPastShape",
            Code.INDEX_OUT_OF_BOUNDS,
            "xs.get(4)",
            "4); }",
            D + "Value f(@Shape(4) List<Value> xs) { return xs.get(4); }"),
        bad(
            "ReadNextBeforeWrite",
            Code.READ_UNWRITTEN,
            "h[i + 1]",
            "[i + 1]",
            D + "Value[] f(@Shape(3) Value[] x) {",
            "    Value[] h = new Value[3];",
            "    for (int i = 0; i < 2; i++) h[i] = x[i].add(h[i + 1]);",
            "    h[2] = x[2];",
            "    return h;",
            "  }"),
        bad(
            "WrittenTwiceStraightLine",
            Code.WRITTEN_TWICE,
            "a[0] = x.neg()",
            "= x.neg()",
            D + "Value[] f(Value x) {",
            "    Value[] a = new Value[1];",
            "    a[0] = x;",
            "    a[0] = x.neg();",
            "    return a;",
            "  }"),
        bad(
            "StoreAtIndexFromPassiveArray",
            Code.DYNAMIC_STORE_INDEX,
            "a[idx[0]] = x",
            "= x;",
            D + "Value[] f(Value x, @Shape(1) int[] idx) {",
            "    Value[] a = new Value[2];",
            "    a[0] = x;",
            "    a[idx[0]] = x;",
            "    return a;",
            "  }"),
        bad(
            "MatrixParameterWrite",
            Code.PARAMETER_WRITE,
            "m[1][0] = ",
            "[0] = ",
            D + "Value f(@Shape({2, 2}) Value[][] m) {",
            "    m[1][0] = m[0][0];",
            "    return m[1][1];",
            "  }"),
        bad(
            "PassiveParameterWrite",
            Code.PARAMETER_WRITE,
            "w[0] = 1",
            "[0] = 1",
            D + "Value f(Value x, @Shape(2) double[] w) {",
            "    w[0] = 1;",
            "    return x.mul(w[1]);",
            "  }"),
        bad(
            "ListAddOnLoopIndexCondition",
            Code.IMPURE_BRANCH,
            "l.add(x[i])",
            "(x[i])",
            D + "List<Value> f(@Shape(4) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (int i = 0; i < 4; i++) {",
            "      if (i % 2 == 0) l.add(x[i]);",
            "    }",
            "    return l;",
            "  }"),
        bad(
            "ListGrowsInNestedLoops",
            Code.LIST_GROWTH,
            "l.add(a.mul(b))",
            "(a.mul(b))",
            D + "List<Value> f(@Shape(2) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value a : x) {",
            "      l.add(a);",
            "      for (Value b : x) l.add(a.mul(b));",
            "    }",
            "    return l;",
            "  }"),
        bad(
            "AttentionShapes",
            Code.SHAPE_MISMATCH,
            "Nn.attention(",
            "(q, k, v)",
            D + "Value[] f(@Shape(4) Value[] q, @Shape({3, 4}) Value[][] k,",
            "      @Shape({2, 4}) Value[][] v) {",
            "    return Nn.attention(q, k, v);",
            "  }"),
        bad(
            "RaggedInitializer",
            Code.SHAPE_MISMATCH,
            "{x, x.neg()}, {x}",
            "{{x",
            D + "Value f(Value x) {",
            "    Value[][] m = {{x, x.neg()}, {x}};",
            "    return m[1][0];",
            "  }"));
  }
}
