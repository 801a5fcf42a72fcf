package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes a kernel's second-order methods: {@code hvp}, the Hessian-vector product program (forward
 * mode over the reverse program) on the kernel's workspace, and, for a kernel of compile-time
 * sizes, {@code hessian}, the full Hessian by one {@code hvp} per input element on unit directions
 * held in workspace buffers, allocating nothing.
 */
final class HvpWriter {
  private HvpWriter() {}

  /** Which program of the kernel the Hessian-vector product is (selects its workspace fields). */
  static final int HVP = 3;

  /** The {@code hvp} method (and its helpers) and, for a static kernel, {@code hessian}. */
  static List<MethodSpec> write(
      CompiledMethod m, Workspace ws, Helpers helpers, List<String> primal, boolean arrayOut) {
    Function hvp = m.hvp();
    Signature fwd = new Signature(m.forward());
    Signature sig = new Signature(hvp);
    String method = "{@code " + m.source().methodName() + "}";
    int active = (int) m.forward().params().stream().filter(Function.Parameter::active).count();
    List<String> docs = new ArrayList<>(primal);
    if (arrayOut) {
      docs.add(
          "the seed {@code s}: the product is that of the Hessian of {@code s . f}, shaped like"
              + " the output, "
              + Docs.shape(m.forward(), fwd, fwd.outputs().get(0)));
    }
    int firstDirection = sig.inputCount - active;
    for (int k = 0; k < active; k++) {
      Signature.Param d = sig.params.get(firstDirection + k);
      String of = "{@code " + Docs.activeName(m, k) + "}";
      docs.add(
          "the direction {@code v} for "
              + of
              + (d.extents().isEmpty() ? "" : ", shape " + Docs.shape(hvp, sig, d)));
    }
    for (int k = 0; k < active; k++) {
      Signature.Param out = sig.outputs().get(k);
      docs.add(
          "receives the Hessian-vector product's part for {@code "
              + Docs.activeName(m, k)
              + "}, shape "
              + Docs.shape(hvp, sig, out)
              + "; overwritten");
    }
    String summary =
        arrayOut
            ? "Computes the derivative of the vector-Jacobian product {@code s^T J} of "
                + method
                + " along the direction {@code v} (forward mode over reverse mode): {@code H v},"
                + " where {@code H} is the Hessian of {@code s . f}. Exact up to rounding: the"
                + " reverse program itself is differentiated, not finite differences."
            : "Computes the Hessian-vector product {@code H v} of "
                + method
                + " (forward mode over reverse mode): the derivative of its gradient along the"
                + " direction {@code v}. Exact up to rounding: the reverse program itself is"
                + " differentiated, not finite differences.";
    List<MethodSpec> out = new ArrayList<>();
    out.addAll(
        ProgramWriter.write(
            hvp,
            HVP,
            sig,
            ws,
            "hvp",
            Docs.method(summary, sig, docs, null),
            m.source().sourceFile(),
            helpers,
            ws.dynamic() ? expected(m, sig, arrayOut) : Map.of()));
    if (!ws.dynamic()) {
      out.addAll(hessian(m, fwd, sig, ws, arrayOut, active));
    }
    return out;
  }

  /** The sizes the seed (the output's) and each direction (its argument's) must have. */
  private static Map<Integer, List<SizeExpr>> expected(
      CompiledMethod m, Signature sig, boolean arrayOut) {
    Map<Integer, List<SizeExpr>> out = new HashMap<>();
    Function f = m.forward();
    int primal = f.params().size();
    if (arrayOut) {
      List<SizeExpr> sizes = SizeExpr.of(f, f.results().get(0).extents());
      if (sizes != null) {
        out.put(sig.params.get(primal).irId(), sizes);
      }
    }
    int k = primal + (arrayOut ? 1 : 0);
    for (Function.Parameter p : f.params()) {
      if (!p.active()) {
        continue;
      }
      Signature.Param d = sig.params.get(k++);
      List<SizeExpr> sizes = SizeExpr.of(f, p.extents());
      if (d.array() && sizes != null) {
        out.put(d.irId(), sizes);
      }
    }
    return out;
  }

  /**
   * {@code hessian(...)}: one {@code hvp} per column, each on a unit direction; when its estimated
   * bytecode passes {@link Segments#HARD} (the copies grow with the square of the number of active
   * parameters), the columns of each parameter move to a helper taking the same parameters.
   */
  private static List<MethodSpec> hessian(
      CompiledMethod m, Signature fwd, Signature sig, Workspace ws, boolean arrayOut, int count) {
    Function f = m.forward();
    Names names = fwd.names.child();
    String hess = names.allocate("hessian", "hessian");
    List<String> primal = new ArrayList<>();
    List<ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < fwd.inputCount; i++) {
      primal.add(fwd.params.get(i).name());
      params.add(fwd.specs().get(i));
    }
    String seed = null;
    if (arrayOut) {
      Signature.Param s = sig.params.get(f.params().size());
      seed = names.allocate("seed", "seed");
      params.add(ParameterSpec.builder(s.type(), seed).build());
    }
    params.add(ParameterSpec.builder(JavaTypes.of(ScalarType.F64, 2), hess).build());
    StatementBuffer code = new StatementBuffer();
    List<String> directions = new ArrayList<>();
    List<String> products = new ArrayList<>();
    List<List<Integer>> shapes = new ArrayList<>();
    List<String> activeNames = new ArrayList<>();
    int firstDirection = sig.inputCount - count;
    for (int k = 0; k < count; k++) {
      Signature.Param d = sig.params.get(firstDirection + k);
      String name = Docs.activeName(m, k);
      activeNames.add(name);
      List<Integer> shape = d.shape();
      shapes.add(shape);
      String dir =
          shape.isEmpty()
              ? null
              : "this."
                  + ws.buffer(
                      "hessDirection" + Names.capitalize(name),
                      ScalarType.F64,
                      shape,
                      "Hessian: the direction for {@code "
                          + name
                          + "}, one unit vector at a time.");
      directions.add(dir);
      if (dir != null) {
        ProgramWriter.clear(code, names, dir, ScalarType.F64, shape.size());
      }
      Signature.Param o = sig.outputs().get(k);
      products.add(
          "this."
              + ws.buffer(
                  "hessColumn" + Names.capitalize(name),
                  ScalarType.F64,
                  o.shape(),
                  "Hessian: one column's part for {@code " + name + "}."));
    }
    int size = 0;
    List<Integer> starts = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      starts.add(size);
      size += JavaTypes.size(sig.outputs().get(k).shape());
    }
    List<String> passed = new ArrayList<>();
    params.forEach(p -> passed.add(p.name()));
    boolean split = estimate(shapes, directions, sig, count, passed.size()) > Segments.HARD;
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(null); // the public method, first
    StatementBuffer top = code;
    for (int k = 0; k < count; k++) {
      if (split) {
        String helper = "hessian" + Names.capitalize(activeNames.get(k));
        top.addStatement("$L($L)", helper, Expr.arguments(passed));
        code = new StatementBuffer();
        methods.add(null);
      }
      Names scope = names.child();
      List<Integer> shape = shapes.get(k);
      List<String> c = JacobianWriter.open(code, scope, shape.isEmpty() ? List.of(1) : shape, "c");
      String unit = directions.get(k) == null ? null : directions.get(k) + JacobianWriter.index(c);
      List<String> args = new ArrayList<>(primal);
      if (seed != null) {
        args.add(seed);
      }
      for (int j = 0; j < count; j++) {
        args.add(directions.get(j) != null ? directions.get(j) : j == k ? "1.0" : "0.0");
      }
      args.addAll(products);
      if (unit != null) {
        code.addStatement("$L = 1.0", unit);
      }
      code.addStatement("hvp($L)", Expr.arguments(args));
      if (unit != null) {
        code.addStatement("$L = 0.0", unit);
      }
      String column = JacobianWriter.flat(c, shape.isEmpty() ? List.of(1) : shape, starts.get(k));
      for (int j = 0; j < count; j++) {
        Names inner = scope.child();
        List<Integer> rowShape = sig.outputs().get(j).shape();
        List<String> r = JacobianWriter.open(code, inner, rowShape, "r");
        code.addStatement(
            "$L[$L][$L] = $L",
            hess,
            JacobianWriter.flat(r, rowShape, starts.get(j)),
            column,
            products.get(j) + JacobianWriter.index(r));
        JacobianWriter.close(code, r);
      }
      JacobianWriter.close(code, c);
      if (split) {
        methods.set(
            methods.size() - 1,
            MethodSpec.methodBuilder("hessian" + Names.capitalize(activeNames.get(k)))
                .addModifiers(Modifier.PRIVATE)
                .addParameters(params)
                .addJavadoc(
                    "The columns of {@code $L} of {@link #hessian}, split off to keep every method"
                        + " under the JIT's size limit.\n",
                    activeNames.get(k))
                .addCode(code.build())
                .build());
      }
    }
    StringBuilder doc = new StringBuilder("Writes the Hessian of {@code ");
    doc.append(m.source().methodName()).append('}');
    doc.append(arrayOut ? " weighted by the seed, {@code s . f}" : "");
    doc.append(": {@code ").append(hess).append("[r][c]} is the second derivative with respect");
    doc.append(" to input elements {@code r} and {@code c}, the active inputs flattened row-major");
    doc.append(" and concatenated in parameter order");
    for (int k = 0; k < count; k++) {
      int n = JavaTypes.size(sig.outputs().get(k).shape());
      int start = starts.get(k);
      doc.append("; {@code ").append(activeNames.get(k)).append("} is ").append(start);
      doc.append(n == 1 ? "" : " to " + (start + n - 1));
    }
    doc.append(".\n\n<p>Computed in ").append(size).append(" sweeps of {@link #hvp}, one per");
    doc.append(" column, for small inputs; allocates nothing.\n\n");
    List<String> docs = Docs.primal(m);
    for (int i = 0; i < primal.size(); i++) {
      doc.append("@param ").append(primal.get(i)).append(' ').append(docs.get(i)).append('\n');
    }
    if (seed != null) {
      doc.append("@param ").append(seed).append(" the seed {@code s}, shaped like the output\n");
    }
    doc.append("@param ").append(hess).append(" receives the Hessian, ").append(size);
    doc.append(" rows of ").append(size).append(" columns; overwritten\n");
    methods.set(
        0,
        MethodSpec.methodBuilder("hessian")
            .addModifiers(Modifier.PUBLIC)
            .addParameters(params)
            .addJavadoc(Docs.wrap(doc))
            .addCode(top.build())
            .build());
    return methods;
  }

  /**
   * The bytecode of {@code hessian} printed whole, in bytes, from the sizes javac gives its pieces
   * (measured on javap's listings, rounded up): clearing each direction, and per column block the
   * {@code hvp} call (a field argument costs 4 bytes, a parameter 2), setting and resetting the
   * unit, the column's loops and one copy loop per active parameter.
   */
  private static int estimate(
      List<List<Integer>> shapes, List<String> directions, Signature sig, int count, int passed) {
    int call = 4 + 2 * (passed - 1) + 4 * 2 * count; // primal (and seed), directions, products
    int total = 1;
    for (int k = 0; k < count; k++) {
      int rank = shapes.get(k).size();
      int loops = Math.max(1, rank);
      total += directions.get(k) == null ? 0 : 10 + 28 * (rank - 1); // the clear
      total += call + (directions.get(k) == null ? 0 : 2 * (5 + 3 * rank)) + 17 * loops;
      for (int j = 0; j < count; j++) {
        int rows = Math.max(1, sig.outputs().get(j).shape().size());
        total += 17 * rows + 12 + 8 * rows + 4 * loops;
      }
    }
    return total;
  }
}
