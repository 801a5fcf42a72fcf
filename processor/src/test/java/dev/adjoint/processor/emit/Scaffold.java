package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.SourceMethod.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps bare programs (no derivatives) as compiled methods of a stub class {@code demo.Ops}, so
 * that the emitter's handling of arbitrary IR can be compiled and run: the program serves as its
 * own reverse and tangent program, and every parameter is passive.
 */
final class Scaffold {
  private Scaffold() {}

  static CompiledMethod method(Function f) {
    List<SourceMethod.Param> params = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      Kind kind =
          switch (p.type()) {
            case F64 -> p.isArray() ? Kind.DOUBLE_ARRAY : Kind.DOUBLE;
            case I32 -> p.isArray() ? Kind.INT_ARRAY : Kind.INT;
            case BOOL -> Kind.BOOLEAN;
            case VOID -> throw new IllegalArgumentException();
          };
      params.add(new SourceMethod.Param(p.name(), kind, Signature.shape(p.extents()), -1, 1));
    }
    Function.Result r = f.results().get(0);
    List<Integer> shape = Signature.shape(r.extents());
    Kind out =
        switch (shape.size()) {
          case 0 -> Kind.VALUE;
          case 1 -> Kind.VALUE_ARRAY;
          case 2 -> Kind.VALUE_MATRIX;
          default -> Kind.VALUE_TENSOR;
        };
    SourceMethod src =
        new SourceMethod("demo", "demo.Ops", f.name(), params, out, shape, "Ops.java", 1);
    return new CompiledMethod(src, f, withSeed(f), f, f.size());
  }

  /** {@code f} as a reverse program: array outputs take a seed (which it ignores). */
  private static Function withSeed(Function f) {
    Function.Result r = f.results().get(0);
    if (!r.isArray()) {
      return f;
    }
    Builder b = Builder.rewriting(f);
    if (Extent.allFixed(r.extents())) {
      b.inputArray("seed", ScalarType.F64, r.shape(), false);
    } else {
      List<Integer> sizes = new ArrayList<>();
      for (Extent e : r.extents()) {
        sizes.add(e.isFixed() ? e.fixed() : null);
      }
      b.inputArrayWithLengths("seed", ScalarType.F64, sizes, false);
    }
    for (Node n : f.body()) {
      if (!(n instanceof Node.Input)) {
        b.add(n);
      }
    }
    for (Function.Result result : f.results()) {
      b.resultOf(result.name(), result.id(), result.extents());
    }
    return b.build();
  }

  /** The stub user class declaring every method with the right parameter types. */
  static String source(List<CompiledMethod> methods) {
    StringBuilder sb = new StringBuilder("package demo;\n\npublic final class Ops {\n");
    for (CompiledMethod m : methods) {
      SourceMethod s = m.source();
      List<String> params = new ArrayList<>();
      for (SourceMethod.Param p : s.params()) {
        params.add(JavaTypes.source(p.kind()) + " " + p.name());
      }
      sb.append("  public static dev.adjoint.Value")
          .append("[]".repeat(s.returnShape().size()))
          .append(' ')
          .append(s.methodName())
          .append('(')
          .append(String.join(", ", params))
          .append(") {\n    return null;\n  }\n");
    }
    return sb.append("}\n").toString();
  }

  /** Emits and compiles {@code demo.OpsCompiled} for {@code functions}. */
  static Harness.Loaded compile(Function... functions) {
    List<CompiledMethod> methods = new ArrayList<>();
    for (Function f : functions) {
      methods.add(method(f));
    }
    return Harness.compile(
        ClassEmitter.emit("demo", "OpsCompiled", "demo.Ops", methods), "demo.Ops", source(methods));
  }
}
