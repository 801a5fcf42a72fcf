package dev.adjoint.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code CompiledFunction} adapter of one method: the service-loader entry points that
 * take flattened inputs, unflatten them into a typed call of a fresh kernel and flatten the results
 * (allocating freely), and {@code invokeOriginal}, which calls the source method itself.
 */
final class AdapterWriter {
  private AdapterWriter() {}

  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
  private static final TypeName DOUBLES2 = ArrayTypeName.of(DOUBLES);
  private static final TypeName OBJECTS = ArrayTypeName.of(ClassName.OBJECT);

  /** The typed arguments unpacked from the generic ones. */
  private record Unpacked(CodeBlock code, List<String> args, List<Integer> differentiable) {}

  /**
   * The adapter class of {@code e}.
   *
   * @param helpers collects the static helpers of {@code layout} the adapter calls
   */
  static TypeSpec adapter(
      Layout.Entry e, Layout layout, String generatedClass, Set<String> helpers) {
    CompiledMethod m = e.method();
    SourceMethod s = m.source();
    if (KernelWriter.dynamic(m)) {
      return DynamicAdapterWriter.adapter(e, layout, generatedClass, helpers);
    }
    if (m.forward().params().size() != s.params().size()) {
      throw new IllegalArgumentException(
          s.methodName() + ": the forward program's parameters do not match the source's");
    }
    CodeBlock.Builder params = CodeBlock.builder().add("$T.of($>$>", JavaTypes.LIST);
    for (int i = 0; i < s.params().size(); i++) {
      SourceMethod.Param p = s.params().get(i);
      params
          .add(i == 0 ? "\n" : ",\n")
          .add(
              "new $T($S,$W$T.$L,$W$L,$W$L,$W$L)",
              JavaTypes.PARAMETER,
              p.name(),
              JavaTypes.KIND,
              p.kind().name(),
              listOf(p.shape()),
              Literals.f64(p.min()),
              Literals.f64(p.max()));
    }
    params.add("$<$<)");
    TypeName listOfParams = ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.PARAMETER);
    TypeName listOfInts = ParameterizedTypeName.get(JavaTypes.LIST, ClassName.get(Integer.class));
    String qualified = s.declaringClass() + "." + s.methodName();
    return TypeSpec.classBuilder(e.adapter())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(JavaTypes.COMPILED_FUNCTION)
        .addJavadoc(
            Docs.wrap(
                "Presents {@link "
                    + e.kernel()
                    + "} as a {@code dev.adjoint.CompiledFunction}, for tools that load it with"
                    + " {@link java.util.ServiceLoader}. Allocates on every call; call {@link "
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
        .addMethod(getter("name", ClassName.get(String.class), CodeBlock.of("$S", qualified)))
        .addMethod(
            getter(
                "generatedClass", ClassName.get(String.class), CodeBlock.of("$S", generatedClass)))
        .addMethod(getter("parameters", listOfParams, CodeBlock.of("PARAMETERS")))
        .addMethod(
            getter(
                "outputKind",
                JavaTypes.KIND,
                CodeBlock.of("$T.$L", JavaTypes.KIND, s.returnKind().name())))
        .addMethod(getter("outputShape", listOfInts, CodeBlock.of("$L", listOf(s.returnShape()))))
        .addMethod(forward(e, layout, helpers))
        .addMethod(vjp(e, layout, helpers))
        .addMethod(jvp(e, layout, helpers))
        .addMethods(m.hvp() == null ? List.of() : List.of(hasHvp(), hvp(e, layout, helpers)))
        .addMethods(customFunctions(m))
        .addMethod(invokeOriginal(s))
        .build();
  }

  static CodeBlock listOf(List<Integer> shape) {
    return CodeBlock.of(
        "$T.of($L)",
        JavaTypes.LIST,
        String.join(", ", shape.stream().map(String::valueOf).toList()));
  }

  static MethodSpec getter(String name, TypeName type, CodeBlock value) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(type)
        .addStatement("return $L", value)
        .build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns)
        .addParameter(DOUBLES2, "inputs")
        .addParameter(OBJECTS, "passive");
  }

  static Names scope() {
    Names names = new Names();
    for (String reserved : List.of("inputs", "passive", "seed", "tangents", "arguments")) {
      names.reserve(reserved);
    }
    return names;
  }

  /** Declares one typed local per source parameter, from {@code inputs} and {@code passive}. */
  private static Unpacked unpack(
      CompiledMethod m, Names names, Layout layout, Set<String> helpers) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<String> args = new ArrayList<>();
    List<Integer> differentiable = new ArrayList<>();
    int k = 0;
    int q = 0;
    for (int i = 0; i < m.source().params().size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      Function.Parameter ir = m.forward().params().get(i);
      String name = names.allocate(p.name(), "arg");
      TypeName type = JavaTypes.of(ir.type(), ir.shape().size());
      if (p.kind().differentiable()) {
        differentiable.add(k);
        code.addStatement(
            "$T $L = $L",
            type,
            name,
            unflatten("inputs[" + k++ + "]", ir.shape(), layout, helpers));
      } else {
        differentiable.add(-1);
        code.addStatement("$T $L = ($T) passive[$L]", type, name, type, q++);
      }
      if (ir.active() && !p.kind().differentiable()) {
        throw new IllegalArgumentException(p.name() + " is active but not differentiable");
      }
      args.add(name);
    }
    return new Unpacked(code.build(), args, differentiable);
  }

  /** Reads a flat array as the shape the kernel takes ({@code x[0]} for a scalar). */
  private static String unflatten(
      String flat, List<Integer> shape, Layout layout, Set<String> helpers) {
    return switch (shape.size()) {
      case 0 -> flat + "[0]";
      case 1 -> flat;
      case 2 -> {
        helpers.add(layout.unflatten);
        yield layout.unflatten + "(" + flat + ", " + shape.get(0) + ", " + shape.get(1) + ")";
      }
      default -> throw new IllegalArgumentException("arrays of rank > 2 are not supported");
    };
  }

  /** A flat view of a kernel result. */
  private static String flatten(String array, int rank, Layout layout, Set<String> helpers) {
    if (rank <= 1) {
      return array;
    }
    if (rank > 2) {
      throw new IllegalArgumentException("arrays of rank > 2 are not supported");
    }
    helpers.add(layout.flatten);
    return layout.flatten + "(" + array + ")";
  }

  private static MethodSpec forward(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names, layout, helpers);
    MethodSpec.Builder b = override("forward", DOUBLES).addCode(u.code());
    Signature fwd = new Signature(m.forward());
    CodeBlock args = Expr.arguments(u.args());
    if (fwd.returnId != null) {
      b.addStatement("return new double[] {new $L().forward($L)}", e.kernel(), args);
    } else {
      Signature.Param o = fwd.outputs().get(0);
      String out = names.allocate("out", "out");
      b.addStatement(
          "$T $L = $L",
          o.type(),
          out,
          JavaTypes.newArray(m.forward().array(o.irId()).elem(), o.shape()));
      b.addStatement("new $L().forward($L, $L)", e.kernel(), args, out);
      b.addStatement("return $L", flatten(out, o.shape().size(), layout, helpers));
    }
    return b.build();
  }

  private static MethodSpec vjp(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names, layout, helpers);
    MethodSpec.Builder b =
        override("vjp", DOUBLES2).addParameter(DOUBLES, "seed").addCode(u.code());
    Signature rev = new Signature(m.reverse());
    boolean arrayOut = new Signature(m.forward()).returnId == null;
    List<String> args = new ArrayList<>(u.args());
    int next = 0;
    if (arrayOut) {
      Signature.Param o = rev.outputs().get(next++);
      args.add(unflatten("seed", o.shape(), layout, helpers));
      String out = names.allocate("out", "out");
      b.addStatement(
          "$T $L = $L",
          o.type(),
          out,
          JavaTypes.newArray(m.reverse().array(o.irId()).elem(), o.shape()));
      args.add(out);
    }
    List<String> results = new ArrayList<>();
    List<Function.Parameter> params = m.forward().params();
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      if (!params.get(i).active()) {
        results.add("new double[" + JavaTypes.size(p.shape()) + "]");
        continue;
      }
      Signature.Param g = rev.outputs().get(next++);
      String grad = names.allocate("grad" + Names.capitalize(u.args().get(i)), "grad");
      b.addStatement(
          "$T $L = $L",
          g.type(),
          grad,
          JavaTypes.newArray(m.reverse().array(g.irId()).elem(), g.shape()));
      args.add(grad);
      String flat = flatten(grad, g.shape().size(), layout, helpers);
      if (!arrayOut) {
        helpers.add(layout.scale);
        flat = layout.scale + "(" + flat + ", seed[0])";
      }
      results.add(flat);
    }
    b.addStatement(
        "new $L().$L($L)", e.kernel(), arrayOut ? "vjp" : "gradient", Expr.arguments(args));
    b.addStatement("return new double[][] {$L}", Expr.arguments(results));
    return b.build();
  }

  private static MethodSpec jvp(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    Unpacked u = unpack(m, names, layout, helpers);
    MethodSpec.Builder b =
        override("jvp", DOUBLES).addParameter(DOUBLES2, "tangents").addCode(u.code());
    List<String> args = new ArrayList<>(u.args());
    List<Function.Parameter> params = m.forward().params();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).active()) {
        args.add(
            unflatten(
                "tangents[" + u.differentiable().get(i) + "]",
                params.get(i).shape(),
                layout,
                helpers));
      }
    }
    Signature tan = new Signature(m.tangent());
    if (tan.returnId != null) {
      b.addStatement(
          "return new double[] {new $L().tangent($L)}", e.kernel(), Expr.arguments(args));
    } else {
      Signature.Param o = tan.outputs().get(0);
      String out = names.allocate("dOut", "dOut");
      b.addStatement(
          "$T $L = $L",
          o.type(),
          out,
          JavaTypes.newArray(m.tangent().array(o.irId()).elem(), o.shape()));
      args.add(out);
      b.addStatement("new $L().tangent($L)", e.kernel(), Expr.arguments(args));
      b.addStatement("return $L", flatten(out, o.shape().size(), layout, helpers));
    }
    return b.build();
  }

  /**
   * {@code customFunctions()}, listing the {@code @CustomGradient} functions {@code m} calls, or
   * none if it calls none.
   */
  static List<MethodSpec> customFunctions(CompiledMethod m) {
    Map<Integer, Node> nodes = m.forward().nodesById();
    Set<String> seen = new LinkedHashSet<>();
    List<CodeBlock> entries = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (n instanceof Node.Apply a && a.op() == Op.CALL) {
        Node.Const k = (Node.Const) nodes.get(a.operands().get(0));
        Callee c = Callee.of((int) k.value());
        if (seen.add(c.binaryOwner() + "#" + c.method() + "/" + c.arity())) {
          entries.add(
              CodeBlock.of(
                  "$T.of($L.class, $S, $L)",
                  CUSTOM_FUNCTION,
                  c.sourceOwner(),
                  c.method(),
                  c.arity()));
        }
      }
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    TypeName list = ParameterizedTypeName.get(JavaTypes.LIST, CUSTOM_FUNCTION);
    return List.of(
        getter(
            "customFunctions",
            list,
            CodeBlock.of("$T.of($L)", JavaTypes.LIST, CodeBlock.join(entries, ",$W"))));
  }

  private static final ClassName CUSTOM_FUNCTION = ClassName.get("dev.adjoint", "CustomFunction");

  /** {@code hasHvp()}: true, for an adapter with a Hessian-vector product. */
  static MethodSpec hasHvp() {
    return getter("hasHvp", TypeName.BOOLEAN, CodeBlock.of("true"));
  }

  private static MethodSpec hvp(Layout.Entry e, Layout layout, Set<String> helpers) {
    CompiledMethod m = e.method();
    Names names = scope();
    names.reserve("direction");
    Unpacked u = unpack(m, names, layout, helpers);
    MethodSpec.Builder b =
        override("hvp", DOUBLES2)
            .addParameter(DOUBLES, "seed")
            .addParameter(DOUBLES2, "direction")
            .addCode(u.code());
    Signature sig = new Signature(m.hvp());
    boolean arrayOut = new Signature(m.forward()).returnId == null;
    List<String> args = new ArrayList<>(u.args());
    List<Function.Parameter> params = m.forward().params();
    if (arrayOut) {
      Signature.Param s = sig.params.get(params.size());
      args.add(unflatten("seed", s.shape(), layout, helpers));
    }
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).active()) {
        args.add(
            unflatten(
                "direction[" + u.differentiable().get(i) + "]",
                params.get(i).shape(),
                layout,
                helpers));
      }
    }
    List<String> results = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < params.size(); i++) {
      SourceMethod.Param p = m.source().params().get(i);
      if (!p.kind().differentiable()) {
        continue;
      }
      if (!params.get(i).active()) {
        results.add("new double[" + JavaTypes.size(p.shape()) + "]");
        continue;
      }
      Signature.Param o = sig.outputs().get(next++);
      String out = names.allocate("hvp" + Names.capitalize(u.args().get(i)), "hvp");
      b.addStatement(
          "$T $L = $L",
          o.type(),
          out,
          JavaTypes.newArray(dev.adjoint.processor.ir.ScalarType.F64, o.shape()));
      args.add(out);
      String flat = flatten(out, o.shape().size(), layout, helpers);
      if (!arrayOut) {
        helpers.add(layout.scale);
        flat = layout.scale + "(" + flat + ", seed[0])";
      }
      results.add(flat);
    }
    b.addStatement("new $L().hvp($L)", e.kernel(), Expr.arguments(args));
    b.addStatement("return new double[][] {$L}", Expr.arguments(results));
    return b.build();
  }

  static MethodSpec invokeOriginal(SourceMethod s) {
    MethodSpec.Builder b =
        MethodSpec.methodBuilder("invokeOriginal")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ClassName.OBJECT)
            .addParameter(OBJECTS, "arguments");
    CodeBlock.Builder call =
        CodeBlock.builder().add("return $T.$L(", declaringClass(s), s.methodName());
    boolean unchecked = false;
    for (int i = 0; i < s.params().size(); i++) {
      SourceMethod.Param p = s.params().get(i);
      unchecked |=
          p.kind() == SourceMethod.Kind.VALUE_LIST
              || p.kind() == SourceMethod.Kind.VALUE_ARRAY_LIST;
      call.add(i == 0 ? "" : ",$W").add("($T) arguments[$L]", JavaTypes.source(p.kind()), i);
    }
    if (unchecked) { // List<Value> cannot be checked at run time; the caller passes one
      b.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "unchecked")
              .build());
    }
    return b.addStatement(call.add(")").build()).build();
  }

  /** The source class as a JavaPoet name, nested classes included. */
  static ClassName declaringClass(SourceMethod s) {
    String pkg = s.packageName();
    String rest =
        pkg.isEmpty() ? s.declaringClass() : s.declaringClass().substring(pkg.length() + 1);
    String[] parts = rest.split("\\.");
    return ClassName.get(pkg, parts[0], Arrays.copyOfRange(parts, 1, parts.length));
  }
}
