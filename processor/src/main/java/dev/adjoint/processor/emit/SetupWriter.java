package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link Setup} action: a workspace made large enough for this call ({@code this.w =
 * capacity(this.w, n * m)}, which allocates only when the call needs more than the workspace has)
 * and zeroed where the program needs it, or an output zeroed.
 */
final class SetupWriter {
  private SetupWriter() {}

  static void write(
      BlockWriter w, StatementBuffer code, Names names, Setup.Action action, Helpers helpers) {
    ArrayDecl a = w.an.f.array(action.array());
    String ref = w.array(a.id());
    if (action instanceof Setup.Clear) {
      ProgramWriter.clear(code, names, ref, a.elem(), a.rank());
      return;
    }
    Expr size = size(w, a);
    boolean clear = ((Setup.Allocate) action).clear();
    if (clear && !a.growable() && !size.isSimple()) {
      String local = names.allocate(Names.sanitize(a.name(), "array") + "Size", "size");
      Expr.statement(code, w.depth(), "int ", local, " = ", size);
      size = Expr.atom(local);
    }
    Expr.statement(
        code,
        w.depth(),
        ref,
        " = ",
        Expr.call(helpers.capacity(a.elem()), List.of(Expr.atom(ref), size)));
    if (clear) {
      String zero = Literals.of(a.elem(), 0);
      if (a.growable()) {
        // What a growable array holds beyond this call's writes must read as zero.
        code.addStatement("$T.fill($L, $L)", JavaTypes.ARRAYS, ref, zero);
      } else {
        code.addStatement("$T.fill($L, 0, $L, $L)", JavaTypes.ARRAYS, ref, size.code(), zero);
      }
    }
  }

  /**
   * The number of elements of workspace {@code a} this call: the product of its extents (for a
   * growable array, of its initial capacity), failing on overflow rather than wrapping.
   */
  private static Expr size(BlockWriter w, ArrayDecl a) {
    long fixed = 1;
    List<Expr> factors = new ArrayList<>();
    for (Extent e : a.extents()) {
      if (e instanceof Extent.Fixed fx) {
        fixed *= fx.size();
      } else {
        factors.add(w.expr(e.node()));
      }
    }
    if (fixed == 0) {
      return Expr.literal("0");
    }
    if (fixed != 1 || factors.isEmpty()) {
      factors.add(Expr.literal(Long.toString(Math.min(fixed, Integer.MAX_VALUE))));
    }
    Expr product = factors.get(0);
    for (int k = 1; k < factors.size(); k++) {
      product = Expr.call("Math.multiplyExact", List.of(product, factors.get(k)));
    }
    return product;
  }
}
