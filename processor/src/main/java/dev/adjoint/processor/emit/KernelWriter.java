package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** True if any program of {@code m} has runtime sizes, branches, checks or early exits. */
  static boolean dynamic(CompiledMethod m) {
    return !(m.forward().isStatic() && m.reverse().isStatic() && m.tangent().isStatic());
  }

  /** The kernel class of {@code e}. */
  static TypeSpec kernel(Layout.Entry e, Helpers helpers) {
    CompiledMethod m = e.method();
    String file = m.source().sourceFile();
    String method = "{@code " + m.source().methodName() + "}";
    boolean dynamic = dynamic(m);
    Workspace ws = new Workspace(dynamic);
    ws.planLocals(FORWARD, m.forward());
    ws.planLocals(REVERSE, m.reverse());
    ws.planLocals(TANGENT, m.tangent());
    if (m.hvp() != null) {
      ws.planLocals(HvpWriter.HVP, m.hvp());
    }
    Signature fwd = new Signature(m.forward());
    Signature rev = new Signature(m.reverse());
    Signature tan = new Signature(m.tangent());
    boolean arrayOut = fwd.returnId == null;
    String reverseName = arrayOut ? "vjp" : "gradient";
    String outText =
        "shape "
            + (arrayOut ? Docs.shape(m.forward(), fwd, fwd.outputs().get(0)) : "[]")
            + "; overwritten";
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
            file,
            helpers,
            Map.of()));
    ws.forwardWritten();

    docs = new ArrayList<>(primal);
    if (arrayOut) {
      docs.add(
          "the seed: the vector {@code s} of the product {@code s^T J}, shaped like the output, "
              + Docs.shape(m.forward(), fwd, fwd.outputs().get(0)));
      docs.add("receives the value of " + method + ", " + outText);
    }
    for (int k = 0; k < active; k++) {
      int gradIndex = rev.inputCount + (arrayOut ? 1 : 0) + k;
      String shape =
          gradIndex < rev.params.size()
              ? Docs.shape(m.reverse(), rev, rev.params.get(gradIndex))
              : JavaTypes.shape(List.of(1));
      String of = "{@code " + Docs.activeName(m, k) + "}";
      docs.add(
          (arrayOut
                  ? "receives the vector-Jacobian product with respect to " + of
                  : "receives the gradient with respect to " + of)
              + (isScalarParam(m, k) ? " in its single element" : "")
              + ", shape "
              + shape
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
            file,
            helpers,
            dynamic ? seedSizes(m, arrayOut) : Map.of()));

    docs = new ArrayList<>(primal);
    for (int k = 0; k < active; k++) {
      String of = "{@code " + Docs.activeName(m, k) + "}";
      int index = tan.inputCount - active + k;
      boolean scalar = index < 0 || tan.params.get(index).extents().isEmpty();
      docs.add(
          "the tangent (direction of change) of "
              + of
              + (scalar ? "" : ", shape " + Docs.shape(m.tangent(), tan, tan.params.get(index))));
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
            file,
            helpers,
            dynamic ? tangentSizes(m) : Map.of()));

    if (m.hvp() != null) {
      methods.addAll(HvpWriter.write(m, ws, helpers, primal, arrayOut));
    }
    boolean jacobian = arrayOut;
    if (jacobian && dynamic) {
      methods.add(DynamicJacobianWriter.write(m, fwd, ws, helpers, reverseName));
    } else if (jacobian) {
      methods.add(JacobianWriter.write(m, fwd, rev, tan, ws, reverseName));
    }
    String constructorDoc =
        ws.elements() == 0
            ? dynamic && ws.hasLazy()
                ? "Creates an instance; its workspace is allocated on first use."
                : "Creates an instance; it holds no state."
            : "Allocates the workspace.";
    TypeSpec.Builder kernel =
        TypeSpec.classBuilder(e.kernel())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(Docs.kernel(m, ws, reverseName, jacobian))
            .addFields(ws.fieldSpecs())
            .addMethod(ws.constructor(constructorDoc));
    MethodSpec forwardOnly =
        ws.forwardOnlyConstructor(
            "Allocates only what {@link #forward} uses (the other workspace fields stay null), for"
                + " the static convenience method.");
    if (forwardOnly != null) {
      kernel.addMethod(forwardOnly);
    }
    return kernel.addMethods(methods).build();
  }

  /** Whether {@code kernel} has the forward-only constructor the convenience method uses. */
  static boolean hasForwardOnlyConstructor(TypeSpec kernel) {
    for (MethodSpec ms : kernel.methodSpecs()) {
      if (ms.isConstructor() && ms.parameters().size() == 1) {
        return true;
      }
    }
    return false;
  }

  /** The reverse program's seed must be shaped like its output: the size its entry check wants. */
  private static Map<Integer, List<SizeExpr>> seedSizes(CompiledMethod m, boolean arrayOut) {
    Function rev = m.reverse();
    if (!arrayOut) {
      return Map.of();
    }
    Function.Parameter seed = rev.params().get(m.forward().params().size());
    List<SizeExpr> sizes = SizeExpr.of(rev, rev.results().get(0).extents());
    return sizes == null ? Map.of() : Map.of(seed.id(), sizes);
  }

  /** Each tangent of the tangent program must be shaped like its argument. */
  private static Map<Integer, List<SizeExpr>> tangentSizes(CompiledMethod m) {
    Function tan = m.tangent();
    Map<Integer, List<SizeExpr>> out = new HashMap<>();
    int primal = m.forward().params().size();
    int k = primal;
    for (int i = 0; i < primal; i++) {
      Function.Parameter p = tan.params().get(i);
      if (!m.forward().params().get(i).active() || k >= tan.params().size()) {
        continue;
      }
      Function.Parameter t = tan.params().get(k++);
      List<SizeExpr> sizes = SizeExpr.of(tan, p.extents());
      if (t.isArray() && sizes != null) {
        out.put(t.id(), sizes);
      }
    }
    return out;
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

  /**
   * The static method evaluating {@code e}'s method on a new kernel instance (whose workspace of
   * runtime size is allocated only as its forward program needs it).
   */
  static MethodSpec convenience(Layout.Entry e, boolean forwardOnly) {
    CompiledMethod m = e.method();
    String instance = "new " + e.kernel() + (forwardOnly ? "(true)" : "()");
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
      b.addStatement("return $L.forward($L)", instance, args);
      returns = "the value of {@code " + m.source().methodName() + "}";
    } else {
      Signature.Param out = fwd.outputs().get(0);
      b.returns(out.type());
      ScalarType elem = m.forward().array(out.irId()).elem();
      b.addStatement("$T $L = $L", out.type(), out.name(), newArray(m.forward(), fwd, out, elem));
      b.addStatement("$L.forward($L)", instance, fwd.arguments());
      b.addStatement("return $L", out.name());
      returns = "a new array holding the value, shape " + Docs.shape(m.forward(), fwd, out);
    }
    StringBuilder doc = new StringBuilder("Evaluates {@code ");
    doc.append(m.source().declaringClass()).append('.').append(m.source().methodName());
    doc.append('}').append(Docs.location(m.source())).append(" on a new {@link ");
    doc.append(e.kernel()).append("}. Allocates ");
    doc.append(fwd.returnId != null ? "" : "the returned array, ");
    doc.append(
        dynamic(m)
            ? "the instance and the workspace its forward program needs at these sizes"
            : "the instance and the workspace of its forward program only (nothing for"
                + " derivatives)");
    doc.append("; to evaluate it repeatedly,");
    doc.append(" reuse one {@link ").append(e.kernel()).append("} instead.\n\n");
    for (int i = 0; i < fwd.inputCount; i++) {
      doc.append("@param ").append(inputs.get(i)).append(' ').append(docs.get(i)).append('\n');
    }
    doc.append("@return ").append(returns).append('\n');
    return b.addJavadoc(Docs.wrap(doc)).build();
  }

  /**
   * {@code new double[27][5]} for a static output; for one of runtime size, the sizes computed from
   * the arguments: {@code new double[logits.length]}.
   */
  static String newArray(Function f, Signature sig, Signature.Param out, ScalarType elem) {
    if (out.fixed()) {
      return JavaTypes.newArray(elem, out.shape());
    }
    List<SizeExpr> sizes = SizeExpr.of(f, out.extents());
    if (sizes == null) {
      throw new IllegalStateException(
          f.name()
              + ": the size of the result "
              + out.extents()
              + " is computed by the body, not from the arguments alone; such results are not"
              + " supported yet");
    }
    SizeExpr.Env env = SizeExpr.byName(names(f, sig));
    StringBuilder sb = new StringBuilder("new ").append(elem.javaName());
    for (SizeExpr s : sizes) {
      sb.append('[').append(s.print(env).plain()).append(']');
    }
    return sb.toString();
  }

  /** The Java names of {@code f}'s parameters in {@code sig}. */
  static List<String> names(Function f, Signature sig) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      out.add(sig.params.get(i).name());
    }
    return out;
  }
}
