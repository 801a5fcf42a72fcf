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
 * Writes {@code jacobian(...)} for an array-valued method: every entry {@code d out[r] / d in[c]},
 * by one forward-mode sweep per input column when there are no more inputs than outputs, else by
 * one reverse-mode sweep per output row, using seed and tangent buffers of the workspace so that it
 * allocates nothing.
 */
final class JacobianWriter {
  private JacobianWriter() {}

  /** One active parameter: where its tangent, gradient and Jacobian columns are. */
  private record Active(String name, List<Integer> shape, int column) {}

  static MethodSpec write(
      CompiledMethod m, Signature fwd, Signature rev, Signature tan, Workspace ws, String vjp) {
    Function f = m.forward();
    List<Integer> outShape = fwd.outputs().get(0).shape();
    int rows = JavaTypes.size(outShape);
    List<Active> active = new ArrayList<>();
    int columns = 0;
    for (int i = 0; i < f.params().size(); i++) {
      Function.Parameter p = f.params().get(i);
      if (p.active()) {
        active.add(new Active(fwd.params.get(i).name(), p.shape(), columns));
        columns += JavaTypes.size(p.shape());
      }
    }
    Names names = fwd.names.child();
    String jac = names.allocate("jacobian", "jacobian");
    List<String> primal = new ArrayList<>();
    List<ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < fwd.inputCount; i++) {
      primal.add(fwd.params.get(i).name());
      params.add(fwd.specs().get(i));
    }
    params.add(ParameterSpec.builder(JavaTypes.of(ScalarType.F64, 2), jac).build());
    StatementBuffer code = new StatementBuffer();
    boolean forward = columns <= rows;
    if (forward) {
      forwardSweeps(code, names, ws, active, primal, outShape, jac);
    } else {
      reverseSweeps(code, names, ws, active, primal, outShape, jac, rev, vjp);
    }
    StringBuilder doc = new StringBuilder("Writes the Jacobian of {@code ");
    doc.append(m.source().methodName()).append("}: {@code ").append(jac);
    doc.append("[r][c]} is the derivative of output element {@code r} (row-major) with respect to");
    doc.append(" input {@code c}, the active inputs flattened row-major and concatenated in");
    doc.append(" parameter order");
    for (Active a : active) {
      doc.append("; {@code ").append(a.name()).append("} is columns ").append(a.column());
      doc.append(" to ").append(a.column() + JavaTypes.size(a.shape()) - 1);
    }
    doc.append(".\n\n<p>Computed in ").append(forward ? columns : rows).append(" sweeps of ");
    doc.append(
        forward
            ? "forward mode, one {@link #tangent} per column"
            : "reverse mode, one {@link #" + vjp + "} per row");
    doc.append("; allocates nothing.\n\n");
    List<String> docs = Docs.primal(m);
    for (int i = 0; i < primal.size(); i++) {
      doc.append("@param ").append(primal.get(i)).append(' ').append(docs.get(i)).append('\n');
    }
    doc.append("@param ").append(jac).append(" receives the Jacobian, ").append(rows);
    doc.append(" rows of ").append(columns).append(" columns; overwritten\n");
    return MethodSpec.methodBuilder("jacobian")
        .addModifiers(Modifier.PUBLIC)
        .addParameters(params)
        .addJavadoc(Docs.wrap(doc))
        .addCode(code.build())
        .build();
  }

  private static void forwardSweeps(
      StatementBuffer code,
      Names names,
      Workspace ws,
      List<Active> active,
      List<String> primal,
      List<Integer> outShape,
      String jac) {
    List<String> buffers = new ArrayList<>();
    for (Active a : active) {
      String buf =
          a.shape().isEmpty()
              ? null
              : "this."
                  + ws.buffer(
                      "jacTangent" + Names.capitalize(a.name()),
                      ScalarType.F64,
                      a.shape(),
                      "Jacobian: the tangent of {@code "
                          + a.name()
                          + "}, one unit vector at a time.");
      buffers.add(buf);
      if (buf != null) {
        ProgramWriter.clear(code, names, buf, ScalarType.F64, a.shape().size());
      }
    }
    String dOut =
        "this."
            + ws.buffer(
                "jacTangentOut",
                ScalarType.F64,
                outShape,
                "Jacobian: one column, the tangent of the output.");
    for (int k = 0; k < active.size(); k++) {
      Active a = active.get(k);
      Names scope = names.child();
      List<String> c = open(code, scope, a.shape(), "c");
      String unit = buffers.get(k) == null ? null : buffers.get(k) + index(c);
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
      String column = flat(c, a.shape(), a.column());
      Names inner = scope.child();
      List<String> r = open(code, inner, outShape, "r");
      code.addStatement("$L[$L][$L] = $L", jac, flat(r, outShape, 0), column, dOut + index(r));
      close(code, r);
      close(code, c);
    }
  }

  private static void reverseSweeps(
      StatementBuffer code,
      Names names,
      Workspace ws,
      List<Active> active,
      List<String> primal,
      List<Integer> outShape,
      String jac,
      Signature rev,
      String vjp) {
    String seed =
        "this."
            + ws.buffer(
                "jacSeed",
                ScalarType.F64,
                outShape,
                "Jacobian: the seed, one unit vector at a time.");
    String out =
        "this."
            + ws.buffer(
                "jacOut",
                ScalarType.F64,
                outShape,
                "Jacobian: the output, recomputed by each sweep.");
    List<String> grads = new ArrayList<>();
    List<List<Integer>> gradShapes = new ArrayList<>();
    for (int k = 0; k < active.size(); k++) {
      Active a = active.get(k);
      int index = rev.inputCount + 1 + k; // after the primal output
      List<Integer> shape = rev.params.get(index).shape();
      gradShapes.add(shape);
      grads.add(
          "this."
              + ws.buffer(
                  "jacGrad" + Names.capitalize(a.name()),
                  ScalarType.F64,
                  shape,
                  "Jacobian: one row, the gradient of {@code " + a.name() + "}."));
    }
    ProgramWriter.clear(code, names, seed, ScalarType.F64, outShape.size());
    List<String> args = new ArrayList<>(primal);
    args.add(seed);
    args.add(out);
    args.addAll(grads);
    Names scope = names.child();
    List<String> r = open(code, scope, outShape, "r");
    String row = flat(r, outShape, 0);
    code.addStatement("$L$L = 1.0", seed, index(r));
    code.addStatement("$L($L)", vjp, Expr.arguments(args));
    code.addStatement("$L$L = 0.0", seed, index(r));
    for (int k = 0; k < active.size(); k++) {
      Names inner = scope.child();
      List<Integer> shape = gradShapes.get(k);
      List<String> c = open(code, inner, shape, "c");
      String column = flat(c, shape, active.get(k).column());
      code.addStatement("$L[$L][$L] = $L", jac, row, column, grads.get(k) + index(c));
      close(code, c);
    }
    close(code, r);
  }

  /** Opens one {@code for} loop per dimension; returns the index names. */
  static List<String> open(StatementBuffer code, Names scope, List<Integer> shape, String base) {
    List<String> idx = new ArrayList<>();
    for (int n : shape) {
      String i = scope.allocate(base, base);
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
      idx.add(i);
    }
    return idx;
  }

  static void close(StatementBuffer code, List<String> idx) {
    for (int d = 0; d < idx.size(); d++) {
      code.endControlFlow();
    }
  }

  static String index(List<String> idx) {
    StringBuilder sb = new StringBuilder();
    for (String i : idx) {
      sb.append('[').append(i).append(']');
    }
    return sb.toString();
  }

  static String flat(List<String> idx, List<Integer> shape, int base) {
    List<Expr> e = new ArrayList<>();
    for (String i : idx) {
      e.add(Expr.atom(i));
    }
    return BlockWriter.offset(e, shape, base).plain();
  }
}
