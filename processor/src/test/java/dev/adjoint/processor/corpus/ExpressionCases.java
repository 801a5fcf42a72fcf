package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.CorpusCase.bad;

import dev.adjoint.processor.diag.Code;
import java.util.List;

/**
 * Corpus cases about expressions: calls, recursion, names, fields, objects, strings, functional
 * code, variable types and arithmetic.
 */
final class ExpressionCases {
  private ExpressionCases() {}

  private static final String D = "  @Differentiable public static ";

  static List<CorpusCase> all() {
    return List.of(
        // ---- calls ----
        bad(
            "PrintlnInLoop",
            Code.OPAQUE_CALL,
            "System.out.println(v",
            "(v",
            D + "Value f(@Shape(2) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (Value v : x) {",
            "      System.out.println(v.data());",
            "      acc = acc.add(v);",
            "    }",
            "    return acc;",
            "  }"),
        bad(
            "CustomWithoutAnnotation",
            Code.CUSTOM_FUNCTION,
            "Value.custom(CustomWithoutAnnotation.class",
            "(CustomWithoutAnnotation.class",
            "  public static double plain(double a) { return a; }",
            D + "Value f(Value x) {",
            "    return Value.custom(CustomWithoutAnnotation.class, \"plain\", x);",
            "  }"),
        bad(
            "CustomRuleOfWrongType",
            Code.CUSTOM_RULE,
            "static double twiceGrad(double a, double b)",
            "twiceGrad",
            "  @CustomGradient(\"twiceGrad\") public static double twice(double a, double b) {",
            "    return 2 * a * b;",
            "  }",
            "  static double twiceGrad(double a, double b) { return 2 * b; }",
            D + "Value f(Value x) {",
            "    return Value.custom(CustomRuleOfWrongType.class, \"twice\", x, x);",
            "  }"),
        bad(
            "MathRandom",
            Code.OPAQUE_CALL,
            "Math.random()",
            "()",
            D + "Value f(Value x) { return x.mul(Math.random()); }"),
        bad(
            "LibraryCollectionCall",
            Code.OPAQUE_CALL,
            "Collections.reverse(",
            "(l)",
            D + "List<Value> f(@Shape(2) List<Value> xs) {",
            "    List<Value> l = new ArrayList<>();",
            "    l.add(xs.get(0));",
            "    l.add(xs.get(1));",
            "    Collections.reverse(l);",
            "    return l;",
            "  }"),
        bad(
            // A generic library method: no source, so it is opaque whatever its signature.
            "GenericLibraryCall",
            Code.OPAQUE_CALL,
            "Objects.requireNonNull(",
            "(x)",
            D + "Value f(Value x) { return Objects.requireNonNull(x).exp(); }"),
        bad(
                "QualifiedInstanceHelper",
                Code.INSTANCE_CALL,
                "return Util.twice(x)",
                "(x); }",
                "  static final class Util {",
                "    Value twice(Value v) { return v.mul(2); }",
                "  }",
                D + "Value f(Value x) { return Util.twice(x); }")
            .alsoRejectedByJavac(),
        bad(
            "DirectRecursion",
            Code.RECURSION,
            "return f(x.mul(0.5))",
            "(x.mul(0.5))",
            D + "Value f(Value x) {",
            "    if (x.data() < 1) return x;",
            "    return f(x.mul(0.5));",
            "  }"),
        bad(
            "MutualRecursion",
            Code.RECURSION,
            "return even(v, n - 1)",
            "(v, n - 1)",
            "  static Value even(Value v, int n) { return n == 0 ? v : odd(v.exp(), n - 1); }",
            "  static Value odd(Value v, int n) {",
            "    return even(v, n - 1);",
            "  }",
            D + "Value f(Value x) { return even(x, 4); }"),
        bad(
            "BackwardInHelper",
            Code.BACKWARD_INSIDE,
            "y.backward()",
            "()",
            "  static Value squared(Value v) {",
            "    Value y = v.mul(v);",
            "    y.backward();",
            "    return y;",
            "  }",
            D + "Value f(Value x) { return squared(x).add(1); }"),
        bad(
            "GradInside",
            Code.BACKWARD_INSIDE,
            "x.grad()",
            "()",
            D + "Value f(Value x) { return x.mul(x.grad()); }"),
        bad(
            "ZeroGradInLoop",
            Code.BACKWARD_INSIDE,
            "v.zeroGrad()",
            "();",
            D + "Value f(@Shape(2) Value[] x) {",
            "    Value acc = Value.of(0);",
            "    for (Value v : x) {",
            "      v.zeroGrad();",
            "      acc = acc.add(v);",
            "    }",
            "    return acc;",
            "  }"),

        // ---- functional code ----
        bad(
            "FunctionalLocal",
            Code.UNSUPPORTED_TYPE,
            "v -> v.mul(v);",
            "<Value> sq",
            D + "Value f(Value x) {",
            "    java.util.function.UnaryOperator<Value> sq = v -> v.mul(v);",
            "    return sq.apply(x);",
            "  }"),
        bad(
            "LambdaArgument",
            Code.LAMBDA,
            "v -> v.mul(v)",
            "v ->",
            D + "Value f(Value x) { return Optional.of(x).map(v -> v.mul(v)).orElse(x); }"),
        bad(
            "MethodReference",
            Code.LAMBDA,
            "Value::exp",
            "Value::exp",
            D + "Value f(Value x) { return Optional.of(x).map(Value::exp).orElse(x); }"),
        bad(
            "StreamReduce",
            Code.LAMBDA,
            "Arrays.stream(x)",
            "Value::add",
            D + "Value f(@Shape(3) Value[] x) {",
            "    return Arrays.stream(x).reduce(Value.of(0), Value::add);",
            "  }"),
        bad(
            "StreamWithoutLambda",
            Code.LAMBDA,
            "Arrays.stream(x)",
            "(x)",
            D + "List<Value> f(@Shape(3) Value[] x) {",
            "    List<Value> l = Arrays.stream(x).toList();",
            "    return l;",
            "  }"),
        bad(
            "ForEachWithLambda",
            Code.LAMBDA,
            "xs.forEach(",
            "v ->",
            D + "List<Value> f(@Shape(2) List<Value> xs) {",
            "    List<Value> out = new ArrayList<>();",
            "    xs.forEach(v -> out.add(v.exp()));",
            "    return out;",
            "  }"),

        // ---- fields and objects ----
        bad(
            "InstanceFieldOfConstantObject",
            Code.FIELD,
            "HOLDER.scale",
            "HOLDER.scale",
            "  static final class Holder { double scale = 2; }",
            "  static final Holder HOLDER = new Holder();",
            D + "Value f(Value x) { return x.mul(HOLDER.scale); }"),
        bad(
            "StaticFinalArrayField",
            Code.FIELD,
            "WEIGHTS[1]",
            "WEIGHTS",
            "  static final double[] WEIGHTS = {0.5, 1.5};",
            D + "Value f(Value x) { return x.mul(WEIGHTS[1]); }"),
        bad(
            "FieldIncrement",
            Code.FIELD,
            "calls++",
            "calls",
            "  static int calls;",
            D + "Value f(Value x) {",
            "    calls++;",
            "    return x;",
            "  }"),
        bad(
            "FieldWriteOfLastValue",
            Code.FIELD,
            "last = x.data()",
            "last",
            "  static double last;",
            D + "Value f(Value x) {",
            "    last = x.data();",
            "    return x.exp();",
            "  }"),
        bad(
            "NewRandom",
            Code.NEW_OBJECT,
            "new Random(42)",
            "new",
            D + "Value f(Value x) {",
            "    double noise = new Random(42).nextDouble();",
            "    return x.add(noise);",
            "  }"),
        bad(
            "NewLibraryObject",
            Code.NEW_OBJECT,
            "new java.util.concurrent",
            "new",
            D + "Value f(Value x) {",
            "    return x.mul(new java.util.concurrent.atomic.AtomicInteger(2).get());",
            "  }"),

        // ---- strings ----
        bad(
            "StringConcatenation",
            Code.STRINGS,
            "\"loss=\" + x",
            "+ x",
            D + "Value f(Value x) {",
            "    int n = (\"loss=\" + x.data()).length();",
            "    return x.mul(n);",
            "  }"),
        bad(
            "StringFromToDot",
            Code.STRINGS,
            "String dot",
            "String",
            D + "Value f(Value x) {",
            "    String dot = x.toDot();",
            "    return x;",
            "  }"),

        // ---- variable types ----
        bad(
            "FloatLocal",
            Code.UNSUPPORTED_TYPE,
            "float s",
            "float",
            D + "Value f(Value x) {",
            "    float s = 0.5f;",
            "    return x.mul(s);",
            "  }"),
        bad(
            "BoxedDoubleLocal",
            Code.UNSUPPORTED_TYPE,
            "Double s",
            "Double",
            D + "Value f(Value x) {",
            "    Double s = 0.5;",
            "    return x.mul(s);",
            "  }"),
        bad(
            "ObjectLocal",
            Code.UNSUPPORTED_TYPE,
            "Object o",
            "Object",
            D + "Value f(Value x) {",
            "    Object o = x;",
            "    return x;",
            "  }"),
        bad(
            "Rank3Initializer",
            Code.UNSUPPORTED_SYNTAX,
            "Value[][][] t",
            "{{{x}}}",
            D + "Value f(Value x) {",
            "    Value[][][] t = {{{x}}};",
            "    return t[0][0][0];",
            "  }"),
        bad(
            "NullValue",
            Code.UNSUPPORTED_SYNTAX,
            "Value y = null",
            "null",
            D + "Value f(Value x) {",
            "    Value y = null;",
            "    return x;",
            "  }"),
        bad(
            "InstanceOf",
            Code.UNSUPPORTED_SYNTAX,
            "instanceof",
            "instanceof",
            D + "Value f(Value x) {",
            "    boolean b = x instanceof Value;",
            "    return b ? x : x.neg();",
            "  }"),

        // ---- arithmetic ----
        bad(
            "CharCastOfData",
            Code.ARITHMETIC,
            "(char) (x.data()",
            "(char)",
            D + "Value f(@Shape(4) Value[] v, Value x) {",
            "    char k = (char) (x.data() * 3);",
            "    return v[k];",
            "  }"),
        bad(
            "ModuloOfData",
            Code.ARITHMETIC,
            "x.data() % 2",
            "%",
            D + "Value f(Value x) {",
            "    double r = x.data() % 2;",
            "    return x.mul(r);",
            "  }"),
        bad(
            "BitwiseAnd",
            Code.ARITHMETIC,
            "k & 1",
            "&",
            D + "Value f(Value x, int k) {",
            "    int odd = k & 1;",
            "    return x.mul(odd);",
            "  }"),
        bad(
            "ShiftLeft",
            Code.ARITHMETIC,
            "1 << k",
            "<<",
            D + "Value f(Value x, int k) {",
            "    int p = 1 << k;",
            "    return x.mul(p);",
            "  }"),
        // A typo that javac can tell (helpr(x), x.mull(y)) is javac's error alone: JavacErrorsTest.
        // A class Adjoint cannot find may be generated in a later round: Adjoint cannot trace it.
        bad(
                "UnknownClass",
                Code.UNRESOLVED,
                "return x.mul(Missing.K)",
                "Missing.K",
                D + "Value f(Value x) { return x.mul(Missing.K); }")
            .alsoRejectedByJavac());
  }
}
