package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code CompiledFunction} adapter of a method with runtime sizes: its parameters'
 * dimensions with the symbols of {@link DimensionGroups}, the output's shape as a function of the
 * arguments' shapes, and the entry points taking each differentiable argument's shape ({@code
 * forward(inputs, shapes, passive)}, ...), which unflatten the arguments, allocate outputs of the
 * size the arguments imply and call a fresh kernel; the entry points without shapes derive them
 * from the lengths ({@code CompiledFunction.shapes}).
 */
final class DynamicAdapterWriter {
  private DynamicAdapterWriter() {}

  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
  private static final TypeName DOUBLES2 = ArrayTypeName.of(DOUBLES);
  private static final TypeName INTS = ArrayTypeName.of(TypeName.INT);
  private static final TypeName INTS2 = ArrayTypeName.of(INTS);
  private static final TypeName OBJECTS = ArrayTypeName.of(ClassName.OBJECT);
  private static final ClassName DIM = JavaTypes.COMPILED_FUNCTION.nestedClass("Dim");
  private static final ClassName FLAT = ClassName.get("dev.adjoint", "Flat");

  /** The typed arguments unpacked from the generic ones. */
  private record Unpacked(CodeBlock code, List<String> args) {}

  static TypeSpec adapter(
      Layout.Entry e, Layout layout, String generatedClass, Set<String> helpers) {
    CompiledMethod m = e.method();
    SourceMethod s = m.source();
    Function f = m.forward();
    if (f.params().size() != s.params().size()) {
      throw new IllegalArgumentException(
          s.methodName() + ": the forward program's parameters do not match the source's");
    }
    DimensionGroups groups = DimensionGroups.of(f);
    CodeBlock.Builder params = CodeBlock.builder().add("$T.of($>$>", JavaTypes.LIST);
    for (int i = 0; i < s.params().size(); i++) {
      SourceMethod.Param p = s.params().get(i);
      Function.Parameter ir = f.params().get(i);
      DimensionGroups.Dim maxSize = AdapterShapes.maxSize(p, groups);
      params
          .add(i == 0 ? "\n" : ",\n")
          .add(
              "new $T($S,$W$T.$L,$W$L,$W$L,$W$L,$W$L",
              JavaTypes.PARAMETER,
              p.name(),
              JavaTypes.KIND,
              p.kind().name(),
              AdapterWriter.listOf(Signature.shape(ir.extents())),
              Literals.f64(p.min()),
              Literals.f64(p.max()),
              AdapterShapes.dims(groups.params.get(i)));
      if (maxSize != null) {
        params.add(",$W$L", AdapterShapes.dim(maxSize));
      }
      params.add(")");
    }
    params.add("$<$<)");
    TypeName listOfParams = ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.PARAMETER);
    TypeName listOfInts = ParameterizedTypeName.get(JavaTypes.LIST, ClassName.get(Integer.class));
    TypeName listOfDims = ParameterizedTypeName.get(JavaTypes.LIST, DIM);
    Function.Result result = f.results().get(0);
    String qualified = s.declaringClass() + "." + s.methodName();
    return TypeSpec.classBuilder(e.adapter())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(JavaTypes.COMPILED_FUNCTION)
        .addJavadoc(
            Docs.wrap(
                "Presents {@link "
                    + e.kernel()
                    + "} as a {@code dev.adjoint.CompiledFunction}, for tools that load it with"
                    + " {@link java.util.ServiceLoader}; arguments may have any size the method"
                    + " accepts. Allocates on every call; call {@link "
                    + e.kernel()
                    + "} directly in hot code.\n"))
        .addField(
            FieldSpec.builder(
                    listOfParams, "PARAMETERS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(params.build())
                .build())
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Creates the adapter; {@link java.util.ServiceLoader} calls this.\n")
                .build())
        .addMethod(
            AdapterWriter.getter(
                "name", ClassName.get(String.class), CodeBlock.of("$S", qualified)))
        .addMethod(
            AdapterWriter.getter(
                "generatedClass", ClassName.get(String.class), CodeBlock.of("$S", generatedClass)))
        .addMethod(AdapterWriter.getter("parameters", listOfParams, CodeBlock.of("PARAMETERS")))
        .addMethod(
            AdapterWriter.getter(
                "outputKind",
                JavaTypes.KIND,
                CodeBlock.of("$T.$L", JavaTypes.KIND, s.returnKind().name())))
        .addMethod(
            AdapterWriter.getter(
                "outputShape", listOfInts, AdapterWriter.listOf(Signature.shape(result.extents()))))
        .addMethod(
            AdapterWriter.getter("outputDims", listOfDims, AdapterShapes.dims(groups.result)))
        .addMethod(AdapterShapes.outputShape(m))
        .addMethod(delegate("forward", DOUBLES, "inputs, shapes(inputs), passive"))
        .addMethod(
            delegate("vjp", DOUBLES2, "inputs, shapes(inputs), passive, seed").toBuilder()
                .addParameter(DOUBLES, "seed")
                .build())
        .addMethod(
            delegate("jvp", DOUBLES, "inputs, shapes(inputs), passive, tangents").toBuilder()
                .addParameter(DOUBLES2, "tangents")
                .build())
        .addMethod(forward(e, layout, helpers))
        .addMethod(vjp(e, layout, helpers))
        .addMethod(jvp(e))
        .addMethods(m.hvp() == null ? List.of() : hvp(e, layout, helpers))
        .addMethods(m.hvp() == null ? List.of() : List.of(AdapterWriter.hasHvp()))
        .addMethods(AdapterWriter.customFunctions(m))
        .addMethod(AdapterWriter.invokeOriginal(s))
        .build();
  }

  private static MethodSpec delegate(String name, TypeName returns, String args) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns)
        .addParameter(DOUBLES2, "inputs")
        .addParameter(OBJECTS, "passive")
        .addStatement("return $L($L)", name, args)
        .build();
  }

  private static MethodSpec.Builder shaped(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns)
        .addParameter(DOUBLES2, "inputs")
        .addParameter(INTS2, "shapes")
        .addParameter(OBJECTS, "passive");
  }

  private static Names scope() {
    Names names = AdapterWriter.scope();
    names.reserve("shapes");
    return names;
  }

  /** Declares one typed local per source parameter, unflattening by the given shapes. */
  private static Unpacked unpack(CompiledMethod m, Names names) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<String> args = new ArrayList<>();
    int k = 0;
    int q = 0;
    for (int i = 0; i < m.source().params().size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      Function.Parameter ir = m.forward().params().get(i);
      String name = names.allocate(p.name(), "arg");
      TypeName type = JavaTypes.of(ir.type(), ir.extents().size());
      if (p.kind().differentiable()) {
        code.addStatement("$T $L = $L", type, name, unflatten("inputs[" + k + "]", k, ir, p));
        k++;
      } else {
        code.addStatement("$T $L = ($T) passive[$L]", type, name, type, q++);
      }
      if (ir.active() && !p.kind().differentiable()) {
        throw new IllegalArgumentException(p.name() + " is active but not differentiable");
      }
      args.add(name);
    }
    return new Unpacked(code.build(), args);
  }

  /** A flat argument as the kernel takes it, checked against its shape. */
  private static CodeBlock unflatten(
      String flat, int k, Function.Parameter ir, SourceMethod.Param p) {
    String shape = "shapes[" + k + "]";
    return switch (ir.extents().size()) {
      case 0 -> CodeBlock.of("$L[0]", flat);
      case 1 -> CodeBlock.of("$T.vector($L, $L, $S)", FLAT, flat, shape, p.name());
      case 2 -> CodeBlock.of("$T.matrix($L, $L, $S)", FLAT, flat, shape, p.name());
      case 3 -> CodeBlock.of("$T.tensor($L, $L, $S)", FLAT, flat, shape, p.name());
      default -> throw new IllegalArgumentException("arrays of rank > 3 are not supported");
    };
  }

  /** {@code flat} unflattened into the shape {@code shape} (a Java expression), rank {@code r}. */
  private static CodeBlock unflattenBy(String flat, String shape, int rank, String name) {
    String fn =
        switch (rank) {
          case 1 -> "vector";
          case 2 -> "matrix";
          case 3 -> "tensor";
          default -> throw new IllegalArgumentException("rank " + rank);
        };
    return CodeBlock.of("$T.$L($L, $L, $S)", FLAT, fn, flat, shape, name);
  }

  private static List<CodeBlock> blocks(List<String> names) {
    List<CodeBlock> out = new ArrayList<>();
    for (String n : names) {
      out.add(CodeBlock.of("$L", n));
    }
    return out;
  }

  /** Declares a new output array of the size the arguments imply; returns its name. */
  private static String allocate(
      MethodSpec.Builder b,
      Names names,
      Function f,
      Signature.Param o,
      String base,
      List<String> args) {
    String name = names.allocate(base, base);
    ScalarType elem = f.array(o.irId()).elem();
    List<SizeExpr> sizes = SizeExpr.of(f, o.extents());
    if (sizes == null) {
      throw new IllegalStateException(
          f.name() + ": the size of " + o.name() + " is computed by the body; not supported yet");
    }
    SizeExpr.Env env = SizeExpr.byName(args);
    StringBuilder sb = new StringBuilder("new ").append(elem.javaName());
    for (SizeExpr s : sizes) {
      sb.append('[').append(s.print(env).plain()).append(']');
    }
    b.addStatement("$T $L = $L", o.type(), name, sb);
    return name;
  }

  private static MethodSpec forward(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names);
    MethodSpec.Builder b = shaped("forward", DOUBLES).addCode(u.code());
    Signature fwd = new Signature(m.forward());
    CodeBlock args = Expr.arguments(u.args());
    if (fwd.returnId != null) {
      b.addStatement("return new double[] {new $L().forward($L)}", e.kernel(), args);
    } else {
      String out = allocate(b, names, m.forward(), fwd.outputs().get(0), "out", u.args());
      b.addStatement("new $L().forward($L, $L)", e.kernel(), args, out);
      b.addStatement("return $T.of($L)", FLAT, out);
    }
    return b.build();
  }

  private static MethodSpec vjp(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names);
    MethodSpec.Builder b = shaped("vjp", DOUBLES2).addParameter(DOUBLES, "seed").addCode(u.code());
    Signature rev = new Signature(m.reverse());
    boolean arrayOut = new Signature(m.forward()).returnId == null;
    List<CodeBlock> args = blocks(u.args());
    int next = 0;
    if (arrayOut) {
      Signature.Param o = rev.outputs().get(next++);
      int rank = o.extents().size();
      args.add(unflattenBy("seed", "outputShape(shapes, passive)", rank, "seed"));
      args.add(CodeBlock.of("$L", allocate(b, names, m.reverse(), o, "out", u.args())));
    }
    List<CodeBlock> results = new ArrayList<>();
    List<Function.Parameter> params = m.forward().params();
    int k = 0;
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      int input = k++;
      if (!params.get(i).active()) {
        results.add(CodeBlock.of("new double[$T.size(shapes[$L])]", JavaTypes.PARAMETER, input));
        continue;
      }
      Signature.Param g = rev.outputs().get(next++);
      String grad =
          allocate(b, names, m.reverse(), g, "grad" + Names.capitalize(u.args().get(i)), u.args());
      args.add(CodeBlock.of("$L", grad));
      CodeBlock flat = CodeBlock.of("$T.of($L)", FLAT, grad);
      if (!arrayOut) {
        helpers.add(layout.scale);
        flat = CodeBlock.of("$L($L, seed[0])", layout.scale, flat);
      }
      results.add(flat);
    }
    b.addStatement(
        "new $L().$L($L)", e.kernel(), arrayOut ? "vjp" : "gradient", CodeBlock.join(args, ",$W"));
    b.addStatement("return new double[][] {$L}", CodeBlock.join(results, ",$W"));
    return b.build();
  }

  /** The Hessian-vector product's entry points: without shapes (delegating) and with them. */
  private static List<MethodSpec> hvp(Layout.Entry e, Layout layout, Set<String> helpers) {
    MethodSpec delegating =
        delegate("hvp", DOUBLES2, "inputs, shapes(inputs), passive, seed, direction").toBuilder()
            .addParameter(DOUBLES, "seed")
            .addParameter(DOUBLES2, "direction")
            .build();
    CompiledMethod m = e.method();
    Names names = scope();
    names.reserve("direction");
    Unpacked u = unpack(m, names);
    MethodSpec.Builder b =
        shaped("hvp", DOUBLES2)
            .addParameter(DOUBLES, "seed")
            .addParameter(DOUBLES2, "direction")
            .addCode(u.code());
    Signature sig = new Signature(m.hvp());
    boolean arrayOut = new Signature(m.forward()).returnId == null;
    List<CodeBlock> args = blocks(u.args());
    List<Function.Parameter> params = m.forward().params();
    if (arrayOut) {
      int rank = sig.params.get(params.size()).extents().size();
      args.add(unflattenBy("seed", "outputShape(shapes, passive)", rank, "seed"));
    }
    int k = 0;
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      int input = k++;
      if (params.get(i).active()) {
        int rank = params.get(i).extents().size();
        String d = "direction[" + input + "]";
        args.add(
            rank == 0
                ? CodeBlock.of("$L[0]", d)
                : unflattenBy(d, "shapes[" + input + "]", rank, "direction of " + p.name()));
      }
    }
    List<CodeBlock> results = new ArrayList<>();
    int next = 0;
    k = 0;
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      int input = k++;
      if (!params.get(i).active()) {
        results.add(CodeBlock.of("new double[$T.size(shapes[$L])]", JavaTypes.PARAMETER, input));
        continue;
      }
      Signature.Param o = sig.outputs().get(next++);
      String out =
          allocate(b, names, m.hvp(), o, "hvp" + Names.capitalize(u.args().get(i)), u.args());
      args.add(CodeBlock.of("$L", out));
      CodeBlock flat = CodeBlock.of("$T.of($L)", FLAT, out);
      if (!arrayOut) {
        helpers.add(layout.scale);
        flat = CodeBlock.of("$L($L, seed[0])", layout.scale, flat);
      }
      results.add(flat);
    }
    b.addStatement("new $L().hvp($L)", e.kernel(), CodeBlock.join(args, ",$W"));
    b.addStatement("return new double[][] {$L}", CodeBlock.join(results, ",$W"));
    return List.of(delegating, b.build());
  }

  private static MethodSpec jvp(Layout.Entry e) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names);
    MethodSpec.Builder b =
        shaped("jvp", DOUBLES).addParameter(DOUBLES2, "tangents").addCode(u.code());
    List<CodeBlock> args = blocks(u.args());
    List<Function.Parameter> params = m.forward().params();
    int k = 0;
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      int input = k++;
      if (params.get(i).active()) {
        int rank = params.get(i).extents().size();
        String tangent = "tangents[" + input + "]";
        args.add(
            rank == 0
                ? CodeBlock.of("$L[0]", tangent)
                : unflattenBy(tangent, "shapes[" + input + "]", rank, "tangent of " + p.name()));
      }
    }
    Signature tan = new Signature(m.tangent());
    if (tan.returnId != null) {
      b.addStatement(
          "return new double[] {new $L().tangent($L)}", e.kernel(), CodeBlock.join(args, ",$W"));
    } else {
      String out = allocate(b, names, m.tangent(), tan.outputs().get(0), "dOut", u.args());
      args.add(CodeBlock.of("$L", out));
      b.addStatement("new $L().tangent($L)", e.kernel(), CodeBlock.join(args, ",$W"));
      b.addStatement("return $T.of($L)", FLAT, out);
    }
    return b.build();
  }
}
