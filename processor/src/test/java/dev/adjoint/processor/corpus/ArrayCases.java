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
            "  }"),

        // ---- tables and lists known only at run time ----
        bad(
            "TableRowByIndexWithRuntimeRowCount",
            Code.TABLE_ROWS,
            "t[0] = x;",
            "= x;",
            D + "Value f(Value[] x, int n) {",
            "    Value[][] t = new Value[n][];",
            "    t[0] = x;",
            "    return t[0][0];",
            "  }"),
        bad(
            "ListOfWhileLoopListsKept",
            Code.LIST_GROWTH,
            "rows.add(row)",
            "(row)",
            D + "Value f(Value x) {",
            "    List<List<Value>> rows = new ArrayList<>();",
            "    while (x.data() < 10) {",
            "      List<Value> row = new ArrayList<>();",
            "      row.add(x);",
            "      rows.add(row);",
            "      x = x.mul(2).add(1);",
            "    }",
            "    return x;",
            "  }"),
        bad(
            "ListFilteredByTheData",
            Code.DATA_DEPENDENT_RESULT,
            "return kept;",
            "kept;",
            D + "List<Value> f(List<Value> xs) {",
            "    List<Value> kept = new ArrayList<>();",
            "    for (Value x : xs) {",
            "      if (x.data() > 0) kept.add(x);",
            "    }",
            "    return kept;",
            "  }"),
        bad(
            "ArraysOfTwoLengthsInOneList",
            Code.LIST_GROWTH,
            "rows.add(new Value[] {x, x})",
            "(new Value[] {x, x})",
            D + "Value f(Value x) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    rows.add(new Value[] {x});",
            "    rows.add(new Value[] {x, x});",
            "    return rows.get(1)[1];",
            "  }"),
        bad(
            "RowsOfGrowingLengthReadBeforeAdded",
            Code.LIST_GROWTH,
            "rows.add(r)",
            "(r)",
            D + "Value f(Value[] x) {",
            "    List<Value[]> rows = new ArrayList<>();",
            "    Value acc = Value.of(0);",
            "    for (int i = 0; i < x.length; i++) {",
            "      if (i > 0) acc = acc.add(rows.get(i - 1)[0]);",
            "      Value[] r = new Value[i + 1];",
            "      for (int j = 0; j <= i; j++) r[j] = x[j];",
            "      rows.add(r);",
            "    }",
            "    return acc;",
            "  }"),
        bad(
            "ListChangedInForEachOverIt",
            Code.LIST_GROWTH,
            "for (Value v : l)",
            "for",
            D + "Value f(Value x) {",
            "    List<Value> l = new ArrayList<>();",
            "    l.add(x);",
            "    for (Value v : l) {",
            "      if (v.data() > 100) l.add(v.neg());",
            "    }",
            "    return Value.sum(l);",
            "  }"),
        bad(
            "WriteToAnArrayAddedToAList",
            Code.ALIASED_WRITE,
            "a[0] = a[0].mul(2)",
            "[0] = a",
            D + "Value f(Value[] x) {",
            "    List<Value[]> kept = new ArrayList<>();",
            "    Value[] a = x.clone();",
            "    kept.add(a);",
            "    a[0] = a[0].mul(2);",
            "    return kept.get(0)[0];",
            "  }"),
        bad(
            "WriteToAnArraySharedAcrossABranch",
            Code.ALIASED_WRITE,
            "b[0] = x[1]",
            "[0] = x[1]",
            D + "Value f(Value[] x) {",
            "    Value[] a = x.clone();",
            "    Value[] b = new Value[x.length];",
            "    if (x[0].data() > 0) b = a;",
            "    b[0] = x[1];",
            "    return a[0].add(b[0]);",
            "  }"));
  }
}
