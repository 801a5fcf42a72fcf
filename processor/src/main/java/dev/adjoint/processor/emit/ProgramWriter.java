package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes one IR program as a public kernel method computing exactly what the interpreter computes
 * for it: output and workspace arrays cleared where the program relies on zeroed memory, then the
 * program's statements; blocks too large for one JIT-compilable method become chains of private
 * helper methods (see {@link SplitPlan}). A kernel with runtime sizes first checks its arguments
 * ({@link EntryChecks}), then allocates and clears its arrays as {@link Setup} places them.
 */
final class ProgramWriter {
  private ProgramWriter() {}

  /**
   * Arguments ({@code this} included) above which the public method of a program keeps none of the
   * work: it checks (with runtime sizes), then calls helpers that take no parameters. HotSpot's C2
   * refuses methods with many arguments before JDK 24 ("unsupported incoming calling sequence";
   * measured on JDK 17, x64: 54 reference arguments compile, 55 do not), and a method it refuses
   * runs at a fraction of the speed. The margin allows for other platforms' calling conventions.
   */
  static final int MAX_COMPILED_ARGUMENTS = 40;

  /**
   * The public method {@code name} (first) and its helpers.
   *
   * @param program which program of the kernel this is (selects its workspace fields)
   * @param expected sizes that input arrays of a kernel with runtime sizes must have, by array id
   *     (tangents: their argument's; a seed: the output's)
   */
  static List<MethodSpec> write(
      Function f,
      int program,
      Signature sig,
      Workspace ws,
      String name,
      CodeBlock javadoc,
      String sourceFile,
      Helpers helpers,
      Map<Integer, List<SizeExpr>> expected) {
    boolean dynamic = ws.dynamic();
    boolean wide = 1 + sig.params.size() > MAX_COMPILED_ARGUMENTS;
    Analysis an = new Analysis(f, dynamic, dynamic || wide);
    Names names = sig.names.child();
    StatementBuffer code = new StatementBuffer();
    SplitPlan split;
    if (dynamic) {
      int checks = EntryChecks.write(code, names, f, sig, expected);
      int reserved = EntryChecks.COST_PER_CHECK * checks + 8 * sig.params.size();
      split = SplitPlan.of(an, 0, Segments.BUDGET, reserved, wide);
    } else if (wide) {
      // Parts that took the program's parameters would be as wide as the public method.
      split = SplitPlan.of(an, 0, Segments.BUDGET, 8 * sig.params.size(), true);
    } else {
      split = SplitPlan.of(an, sig.params.size());
    }
    InlinePlan plan = InlinePlan.of(an, split);
    Map<Integer, String> arrays = new HashMap<>();
    for (Signature.Param p : sig.params) {
      if (p.array()) {
        arrays.put(p.irId(), p.name());
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.LOCAL) {
        arrays.put(a.id(), "this." + ws.local(program, a.id()));
      }
    }
    BlockWriter w = new BlockWriter(an, plan, split, arrays, sourceFile, helpers);
    PartWriter parts = new PartWriter(w, an, split, sig, ws, name);
    w.useParts(parts);
    for (Signature.Param p : sig.params) {
      if (!p.array()) {
        w.bind(p.irId(), p.name());
      }
    }
    if (an.bareParts) {
      parts.storeArrays(code);
    }
    if (!dynamic) {
      for (int id : ZeroInit.arraysToClear(f)) {
        ArrayDecl a = f.array(id);
        int rank = a.role() == ArrayDecl.Role.LOCAL ? 1 : a.rank();
        clear(code, names, arrays.get(id), a.elem(), rank);
      }
    }
    w.writeBlock(code, names, 0);
    w.setup(code, names, f.body().size());
    if (sig.returnId != null) {
      Expr.statement(code, 0, "return ", w.expr(sig.returnId));
    }
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PUBLIC)
            .returns(sig.returns())
            .addParameters(sig.specs())
            .addJavadoc(javadoc)
            .addCode(code.build())
            .build());
    methods.addAll(parts.helpers());
    return methods;
  }

  /** Sets every element of an array of {@code rank} dimensions to zero. */
  static void clear(StatementBuffer code, Names names, String ref, ScalarType elem, int rank) {
    String zero = Literals.of(elem, 0);
    if (rank == 1) {
      code.addStatement("$T.fill($L, $L)", JavaTypes.ARRAYS, ref, zero);
      return;
    }
    Names scope = names.child();
    String row = scope.allocate("row", "row");
    TypeName rowType = JavaTypes.of(elem, rank - 1);
    code.beginControlFlow("for ($T $L : $L)", rowType, row, ref);
    clear(code, scope, row, elem, rank - 1);
    code.endControlFlow();
  }
}
