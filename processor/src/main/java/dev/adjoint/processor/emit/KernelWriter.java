package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the nested class that runs one method's forward, reverse and tangent programs (and, for
 * array outputs, its Jacobian) on a workspace allocated once by its constructor, and the static
 * convenience method that evaluates the method on a fresh instance.
 */
final class KernelWriter {
  private KernelWriter() {}

  static final int FORWARD = 0;
  static final int REVERSE = 1;
  static final int TANGENT = 2;

  /** The kernel class of {@code e}. */
  static TypeSpec kernel(Layout.Entry e) {
    CompiledMethod m = e.method();
    String file = m.source().sourceFile();
    String method = "{@code " + m.source().methodName() + "}";
    Workspace ws = new Workspace();
    ws.planLocals(FORWARD, m.forward());
    ws.planLocals(REVERSE, m.reverse());
    ws.planLocals(TANGENT, m.tangent());
    Signature fwd = new Signature(m.forward());
    Signature rev = new Signature(m.reverse());
    Signature tan = new Signature(m.tangent());
    boolean arrayOut = fwd.returnId == null;
    String reverseName = arrayOut ? "vjp" : "gradient";
    List<Integer> outShape = arrayOut ? fwd.outputs().get(0).shape() : List.of();
    String outText = "shape " + JavaTypes.shape(outShape) + "; overwritten";
    List<String> primal = Docs.primal(m);
    int active = (int) m.forward().params().stream().filter(p -> p.active()).count();

    List<MethodSpec> methods = new ArrayList<>();
    List<String> docs = new ArrayList<>(primal);
    if (arrayOut) {
      docs.add("receives the value of " + method + ", " + outText);
    }
    methods.addAll(
        ProgramWriter.write(
            m.forward(),
            FORWARD,
            fwd,
            ws,
            "forward",
            Docs.method(
                "Evaluates " + method + " (the forward program).",
                fwd,
                docs,
                arrayOut ? null : "the value of " + method),
            file));

    docs = new ArrayList<>(primal);
    if (arrayOut) {
      docs.add(
          "the seed: the vector {@code s} of the product {@code s^T J}, shaped like the output, "
              + JavaTypes.shape(outShape));
      docs.add("receives the value of " + method + ", " + outText);
    }
    for (int k = 0; k < active; k++) {
      int gradIndex = rev.inputCount + (arrayOut ? 1 : 0) + k;
      List<Integer> shape =
          gradIndex < rev.params.size() ? rev.params.get(gradIndex).shape() : List.of(1);
      String of = "{@code " + Docs.activeName(m, k) + "}";
      docs.add(
          (arrayOut
                  ? "receives the vector-Jacobian product with respect to " + of
                  : "receives the gradient with respect to " + of)
              + (isScalarParam(m, k) ? " in its single element" : "")
              + ", shape "
              + JavaTypes.shape(shape)
              + "; overwritten");
    }
    String revSummary =
        arrayOut
            ? "Evaluates "
                + method
                + " and the vector-Jacobian product {@code s^T J} of the seed"
                + " {@code s} (reverse mode)."
            : "Evaluates "
                + method
                + " and its gradient (reverse mode); each gradient array is"
                + " overwritten.";
    methods.addAll(
        ProgramWriter.write(
            m.reverse(),
            REVERSE,
            rev,
            ws,
            reverseName,
            Docs.method(revSummary, rev, docs, arrayOut ? null : "the value of " + method),
            file));

    docs = new ArrayList<>(primal);
    for (int k = 0; k < active; k++) {
      String of = "{@code " + Docs.activeName(m, k) + "}";
      int index = tan.inputCount - active + k;
      List<Integer> shape = index >= 0 ? tan.params.get(index).shape() : List.of();
      docs.add(
          "the tangent (direction of change) of "
              + of
              + (shape.isEmpty() ? "" : ", shape " + JavaTypes.shape(shape)));
    }
    if (arrayOut) {
      docs.add("receives the derivative of the output along the tangents, " + outText);
    }
    methods.addAll(
        ProgramWriter.write(
            m.tangent(),
            TANGENT,
            tan,
            ws,
            "tangent",
            Docs.method(
                "Computes the derivative of "
                    + method
                    + " along the given tangents (forward"
                    + " mode): the Jacobian-vector product {@code J t}.",
                tan,
                docs,
                arrayOut ? null : "the derivative of " + method + " along the tangents"),
            file));

    if (arrayOut) {
      methods.add(JacobianWriter.write(m, fwd, rev, tan, ws, reverseName));
    }
    return TypeSpec.classBuilder(e.kernel())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(Docs.kernel(m, ws.elements(), reverseName, arrayOut))
        .addFields(ws.fieldSpecs())
        .addMethod(
            ws.constructor(
                ws.elements() == 0
                    ? "Creates an instance; it holds no state."
                    : "Allocates the workspace."))
        .addMethods(methods)
        .build();
  }

  private static boolean isScalarParam(CompiledMethod m, int k) {
    int seen = 0;
    for (var p : m.forward().params()) {
      if (p.active() && seen++ == k) {
        return !p.isArray();
      }
    }
    return false;
  }

  /** The static method evaluating {@code e}'s method on a new kernel instance. */
  static MethodSpec convenience(Layout.Entry e) {
    CompiledMethod m = e.method();
    Signature fwd = new Signature(m.forward());
    List<String> docs = Docs.primal(m);
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(e.convenience())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameters(fwd.specs().subList(0, fwd.inputCount));
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < fwd.inputCount; i++) {
      inputs.add(fwd.params.get(i).name());
    }
    CodeBlock args = Expr.arguments(inputs);
    String returns;
    if (fwd.returnId != null) {
      b.returns(fwd.returns());
      b.addStatement("return new $L().forward($L)", e.kernel(), args);
      returns = "the value of {@code " + m.source().methodName() + "}";
    } else {
      Signature.Param out = fwd.outputs().get(0);
      b.returns(out.type());
      ScalarType elem = m.forward().array(out.irId()).elem();
      b.addStatement("$T $L = $L", out.type(), out.name(), JavaTypes.newArray(elem, out.shape()));
      b.addStatement("new $L().forward($L)", e.kernel(), fwd.arguments());
      b.addStatement("return $L", out.name());
      returns = "a new array holding the value, shape " + JavaTypes.shape(out.shape());
    }
    StringBuilder doc = new StringBuilder("Evaluates {@code ");
    doc.append(m.source().declaringClass()).append('.').append(m.source().methodName());
    doc.append('}').append(Docs.location(m.source())).append(" on a new {@link ");
    doc.append(e.kernel()).append("}, which allocates its workspace; to evaluate it repeatedly,");
    doc.append(" reuse one {@link ").append(e.kernel()).append("} instead.\n\n");
    for (int i = 0; i < fwd.inputCount; i++) {
      doc.append("@param ").append(inputs.get(i)).append(' ').append(docs.get(i)).append('\n');
    }
    doc.append("@return ").append(returns).append('\n');
    return b.addJavadoc(Docs.wrap(doc)).build();
  }
}
