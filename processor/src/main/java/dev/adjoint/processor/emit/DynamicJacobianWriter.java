package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code jacobian(...)} for an array-valued method of runtime size: every entry {@code d
 * out[r] / d in[c]}, by one forward-mode sweep per input column when there are no more inputs than
 * outputs at this call, else by one reverse-mode sweep per output row. Its unit tangents, seeds and
 * results are workspace buffers of the call's exact shapes, allocated when the shapes change, so
 * that calls of repeating sizes allocate nothing.
 */
final class DynamicJacobianWriter {
  private DynamicJacobianWriter() {}

  /** One active parameter: its name, rank, and its size and shape as Java expressions. */
  private record Active(String name, int rank, String size, List<String> dims) {}

  static MethodSpec write(
      CompiledMethod m, Signature fwd, Workspace ws, Helpers helpers, String vjp) {
    Function f = m.forward();
    Names names = fwd.names.child();
    String jac = names.allocate("jacobian", "jacobian");
    List<String> primal = KernelWriter.names(f, fwd);
    SizeExpr.Env env = SizeExpr.byName(primal);
    StatementBuffer code = new StatementBuffer();
    List<String> outDims = dims(f, f.results().get(0).extents(), env);
    String rows = names.allocate("rows", "rows");
    Expr.statement(code, 0, "int ", rows, " = ", product(outDims));
    List<Active> active = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      Function.Parameter p = f.params().get(i);
      if (!p.active()) {
        continue;
      }
      List<String> dims = dims(f, p.extents(), env);
      String size = names.allocate(Names.sanitize(primal.get(i), "x") + "Columns", "columns");
      Expr.statement(code, 0, "int ", size, " = ", product(dims));
      active.add(new Active(primal.get(i), p.extents().size(), size, dims));
      sizes.add(size);
    }
    String columns = names.allocate("columns", "columns");
    Expr.statement(code, 0, "int ", columns, " = ", sum(sizes));
    shapeCheck(code, names, jac, rows, columns);
    code.beginControlFlow("if ($L <= $L)", columns, rows);
    forwardSweeps(code, names, ws, helpers, active, primal, outDims, jac);
    code.nextControlFlow("else");
    reverseSweeps(code, names, ws, helpers, active, primal, outDims, jac, vjp);
    code.endControlFlow();
    List<ParameterSpec> params = new ArrayList<>(fwd.specs().subList(0, fwd.inputCount));
    params.add(ParameterSpec.builder(JavaTypes.of(ScalarType.F64, 2), jac).build());
    StringBuilder doc = new StringBuilder("Writes the Jacobian of {@code ");
    doc.append(m.source().methodName()).append("}: {@code ").append(jac);
    doc.append("[r][c]} is the derivative of output element {@code r} (row-major) with respect to");
    doc.append(" input {@code c}, the active inputs flattened row-major and concatenated in");
    doc.append(
        " parameter order. Computed in forward-mode sweeps, one {@link #tangent} per column,");
    doc.append(" when there are no more columns than rows at this call, else in reverse-mode");
    doc.append(" sweeps, one {@link #")
        .append(vjp)
        .append("} per row; buffers of the call's shapes");
    doc.append(" are allocated when the shapes change.\n\n");
    List<String> docs = Docs.primal(m);
    for (int i = 0; i < primal.size(); i++) {
      doc.append("@param ").append(primal.get(i)).append(' ').append(docs.get(i)).append('\n');
    }
    doc.append("@param ").append(jac).append(" receives the Jacobian, one row per output element");
    doc.append(" and one column per active input element; overwritten\n");
    return MethodSpec.methodBuilder("jacobian")
        .addModifiers(Modifier.PUBLIC)
        .addParameters(params)
        .addJavadoc(Docs.wrap(doc))
        .addCode(code.build())
        .build();
  }

  private static List<String> dims(
      Function f, List<dev.adjoint.processor.ir.Extent> extents, SizeExpr.Env env) {
    List<SizeExpr> sizes = SizeExpr.of(f, extents);
    if (sizes == null) {
      throw new IllegalStateException(f.name() + ": a size is computed by the body");
    }
    List<String> out = new ArrayList<>();
    for (SizeExpr s : sizes) {
      out.add(s.print(env).plain());
    }
    return out;
  }

  private static String product(List<String> dims) {
    if (dims.isEmpty()) {
      return "1";
    }
    String p = paren(dims.get(0));
    for (int d = 1; d < dims.size(); d++) {
      p = "Math.multiplyExact(" + p + ", " + paren(dims.get(d)) + ")";
    }
    return p;
  }

  private static String sum(List<String> terms) {
    if (terms.isEmpty()) {
      return "0";
    }
    String s = terms.get(0);
    for (int k = 1; k < terms.size(); k++) {
      s = "Math.addExact(" + s + ", " + terms.get(k) + ")";
    }
    return s;
  }

  private static String paren(String e) {
    return e.contains(" ") ? "(" + e + ")" : e;
  }

  private static void shapeCheck(
      StatementBuffer code, Names names, String jac, String rows, String columns) {
    code.beginControlFlow("if ($L.length != $L)", jac, rows);
    code.addStatement(
        "throw new $T($S +$W$L.length +$W$S +$W$L)",
        IllegalArgumentException.class,
        jac + ".length is ",
        jac,
        ", expected ",
        rows);
    code.endControlFlow();
    String r = names.child().allocate("r", "r");
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", r, r, rows, r);
    code.beginControlFlow("if ($L[$L].length != $L)", jac, r, columns);
    code.addStatement(
        "throw new $T($S +$W$L +$W$S +$W$L[$L].length +$W$S +$W$L)",
        IllegalArgumentException.class,
        jac + "[",
        r,
        "].length is ",
        jac,
        r,
        ", expected ",
        columns);
    code.endControlFlow();
    code.endControlFlow();
  }

  /** A buffer field of the given dimensions, made exactly that shape and zeroed; its reference. */
  private static String buffer(
      StatementBuffer code,
      Names names,
      Workspace ws,
      Helpers helpers,
      String base,
      List<String> dims,
      String doc) {
    String ref = "this." + ws.lazyBuffer(base, ScalarType.F64, dims.size(), doc);
    code.addStatement(
        "$L = $L($L, $L)", ref, helpers.sized(dims.size()), ref, String.join(", ", dims));
    ProgramWriter.clear(code, names, ref, ScalarType.F64, dims.size());
    return ref;
  }

  /** Opens one loop per dimension of {@code ref}; returns the element expression. */
  private static String open(StatementBuffer code, Names scope, String ref, int rank, String base) {
    String element = ref;
    for (int d = 0; d < rank; d++) {
      String i = scope.allocate(base, base);
      code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, element, i);
      element = element + "[" + i + "]";
    }
    return element;
  }

  private static void close(StatementBuffer code, int rank) {
    for (int d = 0; d < rank; d++) {
      code.endControlFlow();
    }
  }

  private static void forwardSweeps(
      StatementBuffer code,
      Names names,
      Workspace ws,
      Helpers helpers,
      List<Active> active,
      List<String> primal,
      List<String> outDims,
      String jac) {
    Names scope = names.child();
    List<String> buffers = new ArrayList<>();
    for (Active a : active) {
      buffers.add(
          a.rank() == 0
              ? null
              : buffer(
                  code,
                  scope,
                  ws,
                  helpers,
                  "jacTangent" + Names.capitalize(a.name()),
                  a.dims(),
                  "Jacobian: the tangent of {@code " + a.name() + "}, one unit vector at a time."));
    }
    String dOut =
        buffer(
            code,
            scope,
            ws,
            helpers,
            "jacTangentOut",
            outDims,
            "Jacobian: one column, the tangent of the output.");
    String col = scope.allocate("column", "column");
    Expr.statement(code, 1, "int ", col, " = 0");
    for (int k = 0; k < active.size(); k++) {
      Active a = active.get(k);
      Names inner = scope.child();
      String unit =
          buffers.get(k) == null ? null : open(code, inner, buffers.get(k), a.rank(), "c");
      List<String> args = new ArrayList<>(primal);
      for (int j = 0; j < active.size(); j++) {
        args.add(buffers.get(j) != null ? buffers.get(j) : j == k ? "1.0" : "0.0");
      }
      args.add(dOut);
      if (unit != null) {
        code.addStatement("$L = 1.0", unit);
      }
      code.addStatement("tangent($L)", Expr.arguments(args));
      if (unit != null) {
        code.addStatement("$L = 0.0", unit);
      }
      String row = inner.allocate("row", "row");
      Expr.statement(code, 2, "int ", row, " = 0");
      String element = open(code, inner.child(), dOut, outDims.size(), "r");
      code.addStatement("$L[$L++][$L] = $L", jac, row, col, element);
      close(code, outDims.size());
      code.addStatement("$L++", col);
      close(code, unit == null ? 0 : a.rank());
    }
  }

  private static void reverseSweeps(
      StatementBuffer code,
      Names names,
      Workspace ws,
      Helpers helpers,
      List<Active> active,
      List<String> primal,
      List<String> outDims,
      String jac,
      String vjp) {
    Names scope = names.child();
    String seed =
        buffer(
            code,
            scope,
            ws,
            helpers,
            "jacSeed",
            outDims,
            "Jacobian: the seed, one unit vector at a time.");
    String out =
        buffer(
            code,
            scope,
            ws,
            helpers,
            "jacOut",
            outDims,
            "Jacobian: the output, recomputed by each sweep.");
    List<String> grads = new ArrayList<>();
    for (Active a : active) {
      List<String> dims = a.rank() == 0 ? List.of("1") : a.dims();
      grads.add(
          buffer(
              code,
              scope,
              ws,
              helpers,
              "jacGrad" + Names.capitalize(a.name()),
              dims,
              "Jacobian: one row, the gradient of {@code " + a.name() + "}."));
    }
    List<String> args = new ArrayList<>(primal);
    args.add(seed);
    args.add(out);
    args.addAll(grads);
    String row = scope.allocate("row", "row");
    Expr.statement(code, 1, "int ", row, " = 0");
    Names inner = scope.child();
    String unit = open(code, inner, seed, outDims.size(), "r");
    code.addStatement("$L = 1.0", unit);
    code.addStatement("$L($L)", vjp, Expr.arguments(args));
    code.addStatement("$L = 0.0", unit);
    String col = inner.allocate("column", "column");
    Expr.statement(code, 2, "int ", col, " = 0");
    for (int k = 0; k < active.size(); k++) {
      int rank = active.get(k).rank() == 0 ? 1 : active.get(k).rank();
      String element = open(code, inner.child(), grads.get(k), rank, "c");
      code.addStatement("$L[$L][$L++] = $L", jac, row, col, element);
      close(code, rank);
    }
    code.addStatement("$L++", row);
    close(code, outDims.size());
  }
}
