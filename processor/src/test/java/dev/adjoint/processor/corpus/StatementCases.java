package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.CorpusCase.bad;

import dev.adjoint.processor.diag.Code;
import java.util.List;

/**
 * Corpus cases about control flow and statements: loops, jumps, exceptions, switch, returns,
 * branches on runtime data, {@code synchronized}, {@code assert}, local and anonymous classes.
 */
final class StatementCases {
  private StatementCases() {}

  private static final String D = "  @Differentiable public static ";

  static List<CorpusCase> all() {
    return List.of(
        // ---- loops ----
        bad(
            "ForWithoutCondition",
            Code.NO_RETURN,
            "Value f(Value x) {",
            "f(",
            D + "Value f(Value x) {",
            "    for (int i = 0; ; i++) x = x.exp();",
            "  }"),
        bad(
            "WhileTrueWithoutExit",
            Code.NO_RETURN,
            "Value f(Value x) {",
            "f(",
            D + "Value f(Value x) {",
            "    while (true) {",
            "      x = x.tanh();",
            "    }",
            "  }"),

        // ---- jumps ----

        // ---- exceptions ----
        bad(
            "TryCatch",
            Code.EXCEPTIONS,
            "try {",
            "try",
            D + "Value f(Value x) {",
            "    try {",
            "      x = x.log();",
            "    } catch (ArithmeticException e) {",
            "      x = x.exp();",
            "    }",
            "    return x;",
            "  }"),
        bad(
            "ThrowOnCompileTimeCondition",
            Code.EXCEPTIONS,
            "throw new",
            "throw",
            "  static final boolean STRICT = true;",
            D + "Value f(Value x) {",
            "    if (STRICT) throw new IllegalArgumentException(\"no\");",
            "    return x;",
            "  }"),

        // ---- switch ----

        // ---- returns ----

        // ---- branches on runtime data ----

        // ---- other statements ----
        bad(
            "SynchronizedOnClass",
            Code.SYNCHRONIZED,
            "synchronized (SynchronizedOnClass.class)",
            "synchronized",
            D + "Value f(Value x) {",
            "    synchronized (SynchronizedOnClass.class) {",
            "      x = x.exp();",
            "    }",
            "    return x;",
            "  }"),
        bad(
            "AssertWithMessage",
            Code.UNSUPPORTED_SYNTAX,
            "assert x.data()",
            "assert",
            D + "Value f(Value x) {",
            "    assert x.data() > 0 : \"positive\";",
            "    return x.log();",
            "  }"),
        bad(
            "LocalClass",
            Code.NEW_OBJECT,
            "class Scaler",
            "class",
            D + "Value f(Value x) {",
            "    class Scaler {",
            "      Value scale(Value v) { return v.mul(2); }",
            "    }",
            "    return x;",
            "  }"),
        bad(
            "AnonymousClass",
            Code.NEW_OBJECT,
            "new Object() {",
            "new",
            D + "Value f(Value x) {",
            "    double k = new Object() {",
            "      double k() { return 2; }",
            "    }.k();",
            "    return x.mul(k);",
            "  }"),
        bad(
            "ListReassignedInLoop",
            Code.MERGED_REFERENCES,
            "      l = new",
            "= new",
            D + "List<Value> f(@Shape(2) Value[] x) {",
            "    List<Value> l = new ArrayList<>();",
            "    for (Value v : x) {",
            "      l = new ArrayList<>();",
            "      l.add(v);",
            "    }",
            "    return l;",
            "  }"),
        bad(
            "ListChosenByData",
            Code.MERGED_REFERENCES,
            "if (x.data() > 0) l = b;",
            "if",
            D + "Value f(Value x) {",
            "    List<Value> a = new ArrayList<>();",
            "    List<Value> b = new ArrayList<>();",
            "    a.add(x);",
            "    b.add(x.neg());",
            "    List<Value> l = a;",
            "    if (x.data() > 0) l = b;",
            "    return l.get(0);",
            "  }"));
  }
}
