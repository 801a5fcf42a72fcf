package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.CorpusCase.bad;

import dev.adjoint.processor.diag.Code;
import java.util.List;

/**
 * Corpus cases about the method's declaration: where it sits, its modifiers, name, type parameters,
 * parameter and result types, {@code @Shape} and {@code @Domain}.
 */
final class SignatureCases {
  private SignatureCases() {}

  private static final String D = "  @Differentiable public static ";

  static List<CorpusCase> all() {
    return List.of(
        // ---- placement and modifiers ----
        bad(
            "InstanceMethod",
            Code.NOT_STATIC,
            "Value scale(",
            "scale(",
            "  @Differentiable Value scale(Value x) { return x.mul(2); }"),
        bad(
            "PrivateArrayMethod",
            Code.PRIVATE_METHOD,
            "twice(",
            "twice(",
            "  @Differentiable private static Value[] twice(@Shape(2) Value[] x) {",
            "    return new Value[] {x[0].mul(2), x[1].mul(2)};",
            "  }"),
        bad(
            "PrivateNestedClass",
            Code.UNREACHABLE_CLASS,
            "Value hidden(",
            "hidden(",
            "  private static final class Hidden {",
            "    @Differentiable static Value hidden(Value x) { return x.exp(); }",
            "  }"),
        bad(
            "InnerInstanceClass",
            Code.UNREACHABLE_CLASS,
            "Value inner(",
            "inner(",
            "  final class Inner {",
            "    @Differentiable static Value inner(Value x) { return x.exp(); }",
            "  }"),
        bad(
            "PrivateOuterOfNested",
            Code.UNREACHABLE_CLASS,
            "Value deep(",
            "deep(",
            "  private static final class Outer {",
            "    static final class Nested {",
            "      @Differentiable static Value deep(Value x) { return x.exp(); }",
            "    }",
            "  }"),
        bad(
            "OverloadedByArity",
            Code.OVERLOADED,
            "Value loss(Value x, Value y)",
            "loss(",
            D + "Value loss(Value x) { return x.mul(x); }",
            D + "Value loss(Value x, Value y) { return x.mul(y); }"),
        bad(
            "OverloadedByParameterType",
            Code.OVERLOADED,
            "Value loss(@Shape(3)",
            "loss(",
            D + "Value loss(Value x) { return x.mul(x); }",
            D + "Value loss(@Shape(3) Value[] x) { return Value.sum(x); }"),
        bad(
                "NameClashWithNestedClass",
                Code.NAME_CLASH,
                "class Inner {",
                "class Inner",
                "  public static final class Inner {",
                "    @Differentiable public static Value f(Value x) { return x.exp(); }",
                "  }")
            .followedBy("final class NameClashWithNestedClass_InnerCompiled {}"),
        bad(
                "NameClashBetweenTwoClasses",
                Code.NAME_CLASH,
                "static final class B {",
                "class B",
                "  static final class Y_B {",
                "    @Differentiable public static Value f(Value x) { return x.exp(); }",
                "  }")
            // NameClashBetweenTwoClasses.Y_B and NameClashBetweenTwoClasses_Y.B both map to
            // NameClashBetweenTwoClasses_Y_BCompiled; classes go in name order, so B loses.
            .followedBy(
                "final class NameClashBetweenTwoClasses_Y {",
                "  static final class B {",
                "    @Differentiable public static Value g(Value x) { return x.log(); }",
                "  }",
                "}"),
        bad(
            "GenericMethod",
            Code.GENERIC_METHOD,
            "Value pick(",
            "pick(",
            D + "<T extends Number> Value pick(Value x) { return x; }"),
        bad(
            "GenericHelper",
            Code.GENERIC_METHOD,
            "return same(x)",
            "(x).exp()",
            "  static <T> Value same(Value x) { return x; }",
            D + "Value f(Value x) { return same(x).exp(); }"),

        // ---- parameter types ----
        bad(
            "StringParameter",
            Code.PARAMETER_TYPE,
            "String label",
            "label",
            D + "Value f(Value x, String label) { return x; }"),
        bad(
            "ObjectParameter",
            Code.PARAMETER_TYPE,
            "Object o",
            "o)",
            D + "Value f(Value x, Object o) { return x; }"),
        bad(
            "DoubleMatrixParameter",
            Code.PARAMETER_TYPE,
            "double[][] w",
            "w)",
            D + "Value f(Value x, @Shape({2, 3}) double[][] w) { return x.mul(w[0][0]); }"),
        bad(
            "BoxedIntegerParameter",
            Code.PARAMETER_TYPE,
            "Integer n",
            "n)",
            D + "Value f(Value x, Integer n) { return x; }"),
        bad(
            "LongParameter",
            Code.PARAMETER_TYPE,
            "long n",
            "n)",
            D + "Value f(Value x, long n) { return x; }"),
        bad(
            "FloatParameter",
            Code.PARAMETER_TYPE,
            "float s",
            "s)",
            D + "Value f(Value x, float s) { return x.mul(s); }"),
        bad(
            "ListOfDoubleParameter",
            Code.PARAMETER_TYPE,
            "List<Double> xs",
            "xs)",
            D + "Value f(Value x, @Shape(2) List<Double> xs) { return x; }"),
        bad(
            "BooleanArrayParameter",
            Code.PARAMETER_TYPE,
            "boolean[] mask",
            "mask)",
            D + "Value f(Value x, @Shape(2) boolean[] mask) { return x; }"),

        // ---- result types ----
        bad("VoidResult", Code.RETURN_TYPE, "void f(", "void", D + "void f(Value x) { x.exp(); }"),
        bad("IntResult", Code.RETURN_TYPE, "int f(", "int", D + "int f(Value x) { return 1; }"),
        bad(
            "DoubleArrayResult",
            Code.RETURN_TYPE,
            "double[] f(",
            "[] f(",
            D + "double[] f(Value x) { return new double[] {x.data()}; }"),
        bad(
            "Rank3Result",
            Code.RETURN_TYPE,
            "Value[][][] f(",
            "[][][] f(",
            // The body is traced too: it must have no error of its own.
            D + "Value[][][] f(Value x) {",
            "    Value[][][] t = new Value[1][1][1];",
            "    t[0][0][0] = x;",
            "    return t;",
            "  }"),

        // ---- @Shape ----
        bad(
            "EmptyShape",
            Code.BAD_SHAPE,
            "Value[] xs",
            "xs)",
            D + "Value f(@Shape({}) Value[] xs) { return Value.of(1); }"),
        bad(
            "NegativeShape",
            Code.BAD_SHAPE,
            "Value[] xs",
            "xs)",
            D + "Value f(@Shape(-1) Value[] xs) { return Value.of(1); }"),
        bad(
            "ZeroShapeOnList",
            Code.BAD_SHAPE,
            "List<Value> xs",
            "xs)",
            D + "Value f(@Shape(0) List<Value> xs) { return Value.of(1); }"),
        bad(
            "ZeroRowsInMatrixShape",
            Code.BAD_SHAPE,
            "Value[][] m",
            "m)",
            D + "Value f(@Shape({2, 0}) Value[][] m) { return Value.of(1); }"),
        bad(
            "ShapeOnDouble",
            Code.BAD_SHAPE,
            "double s",
            "s)",
            D + "Value f(Value x, @Shape(2) double s) { return x.mul(s); }"),
        bad(
            "RankOneShapeOnMatrix",
            Code.BAD_SHAPE,
            "Value[][] m",
            "m)",
            D + "Value f(@Shape(3) Value[][] m) { return m[0][0]; }"),
        bad(
            // Three billion elements: no Java array (nor the flattened adapter) can hold them.
            "ShapeBeyondAnyArray",
            Code.BAD_SHAPE,
            "Value[][] m",
            "m)",
            D + "Value f(@Shape({3, 1_000_000_000}) Value[][] m) { return m[1][1]; }"),
        bad(
            "RankTwoShapeOnList",
            Code.BAD_SHAPE,
            "List<Value> xs",
            "xs)",
            D + "Value f(@Shape({2, 2}) List<Value> xs) { return xs.get(0); }"),

        // ---- @Domain ----
        bad(
            "InvertedDomain",
            Code.BAD_DOMAIN,
            "@Domain(",
            "x)",
            D + "Value f(@Domain(min = 2, max = 1) Value x) { return x.log(); }"),
        bad(
            "NanDomain",
            Code.BAD_DOMAIN,
            "@Domain(",
            "x)",
            D + "Value f(@Domain(min = Double.NaN, max = 1) Value x) { return x.log(); }"),
        bad(
            "InfiniteDomain",
            Code.BAD_DOMAIN,
            "double s)",
            "s)",
            D + "Value f(Value x, @Domain(min = 0, max = Double.POSITIVE_INFINITY) double s) {",
            "    return x.mul(s);",
            "  }"));
  }
}
