package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The size-describing members of an adapter of runtime size: its dimensions as {@code
 * CompiledFunction.Dim}s and {@code outputShape(shapes, passive)}, the result's extents computed
 * from the arguments' shapes exactly as the kernel computes them from the arrays.
 */
final class AdapterShapes {
  private AdapterShapes() {}

  private static final TypeName INTS = ArrayTypeName.of(TypeName.INT);
  private static final TypeName INTS2 = ArrayTypeName.of(INTS);
  private static final TypeName OBJECTS = ArrayTypeName.of(ClassName.OBJECT);
  private static final ClassName DIM = JavaTypes.COMPILED_FUNCTION.nestedClass("Dim");

  static CodeBlock dims(List<DimensionGroups.Dim> dims) {
    CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", JavaTypes.LIST);
    for (int i = 0; i < dims.size(); i++) {
      b.add(i == 0 ? "" : ",$W").add(dim(dims.get(i)));
    }
    return b.add(")").build();
  }

  /** {@code Dim.fixed(3)}, {@code Dim.of("n")} or {@code Dim.of("n", -1)}. */
  static CodeBlock dim(DimensionGroups.Dim d) {
    if (d.symbol() == null) {
      return CodeBlock.of("$T.fixed($L)", DIM, d.offset());
    } else if (d.offset() == 0) {
      return CodeBlock.of("$T.of($S)", DIM, d.symbol());
    }
    return CodeBlock.of("$T.of($S, $L)", DIM, d.symbol(), d.offset());
  }

  /**
   * The largest meaningful value of an int parameter as a size of the function's groups ({@code
   * maxSize}), or null.
   */
  static DimensionGroups.Dim maxSize(
      dev.adjoint.processor.ir.SourceMethod.Param p, DimensionGroups groups) {
    var bound = p.maxLength();
    if (bound == null) {
      return null;
    }
    DimensionGroups.Dim d = groups.params.get(bound.param()).get(bound.axis());
    return new DimensionGroups.Dim(d.symbol(), d.offset() + bound.offset());
  }

  /** {@code outputShape(shapes, passive)}: the result's extents computed from the shapes. */
  static MethodSpec outputShape(CompiledMethod m) {
    Function f = m.forward();
    List<SizeExpr> sizes = SizeExpr.of(f, f.results().get(0).extents());
    if (sizes == null) {
      throw new IllegalStateException(
          f.name()
              + ": the size of the result is computed by the body, not from the arguments alone;"
              + " such results are not supported yet");
    }
    SizeExpr.Env env = shapesEnv(m);
    List<String> dims = new ArrayList<>();
    for (SizeExpr s : sizes) {
      dims.add(s.print(env).plain());
    }
    return MethodSpec.methodBuilder("outputShape")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(INTS)
        .addParameter(INTS2, "shapes")
        .addParameter(OBJECTS, "passive")
        .addStatement("return new int[] {$L}", String.join(", ", dims))
        .build();
  }

  /**
   * Reads sizes from {@code shapes} (differentiable parameters) and {@code passive} (the others),
   * as the generated code reads them from the arrays (an inner dimension of no rows is 0).
   */
  private static SizeExpr.Env shapesEnv(CompiledMethod m) {
    List<String> refs = new ArrayList<>();
    int k = 0;
    int q = 0;
    for (int i = 0; i < m.source().params().size(); i++) {
      Function.Parameter ir = m.forward().params().get(i);
      if (m.source().params().get(i).kind().differentiable()) {
        refs.add("shapes[" + k++ + "]");
      } else {
        TypeName type = JavaTypes.of(ir.type(), ir.extents().size());
        refs.add("((" + type + ") passive[" + q++ + "])");
      }
    }
    return new SizeExpr.Env() {
      @Override
      public Expr length(int param, int axis) {
        String ref = refs.get(param);
        if (ref.startsWith("shapes[")) {
          Expr e = Expr.atom(ref + "[" + axis + "]");
          for (int d = axis - 1; d >= 0; d--) {
            Expr outer = Expr.atom(ref + "[" + d + "]");
            Expr zero = Expr.literal("0");
            e = Expr.ternary(Expr.binary(outer, "==", Expr.EQUALITY, zero), zero, e);
          }
          return e;
        }
        return BlockWriter.length(ref, axis);
      }

      @Override
      public Expr scalar(int param) {
        return Expr.atom(refs.get(param));
      }
    };
  }
}
