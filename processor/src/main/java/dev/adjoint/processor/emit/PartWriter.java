package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Prints a cut block as calls to private helper methods, one per {@link Segments segment}, each
 * taking the program's parameters and exchanging every other value it needs through the workspace's
 * spill arrays: the caller stores the block's outer values first, each part reloads what it reads
 * and stores what later parts or the caller read.
 */
final class PartWriter {

  private final BlockWriter w;
  private final Analysis an;
  private final Signature sig;
  private final Workspace ws;
  private final String method;
  private final List<MethodSpec> helpers = new ArrayList<>();
  private int parts;

  PartWriter(BlockWriter w, Analysis an, Signature sig, Workspace ws, String method) {
    this.w = w;
    this.an = an;
    this.sig = sig;
    this.ws = ws;
    this.method = method;
  }

  /** The helper methods written so far, in order of first call. */
  List<MethodSpec> helpers() {
    return helpers;
  }

  /** Prints the calls that run block {@code seg.block}, writing the helpers they call. */
  void write(StatementBuffer code, Segments seg) {
    for (int id : seg.outer) {
      Expr.statement(code, w.depth(), spill(seg, id), " = ", w.expr(id));
    }
    for (int s = 0; s < seg.count; s++) {
      String name = method + "Part" + ++parts;
      int index = helpers.size();
      helpers.add(null); // keeps the parts in call order; nested parts follow
      helpers.set(index, helper(seg, s, name));
      code.addStatement("$L($L)", name, sig.arguments());
    }
    for (int id : seg.toCaller) {
      w.bind(id, spill(seg, id));
    }
  }

  private String spill(Segments seg, int id) {
    int slot = seg.slot.get(id);
    return "this." + ws.spill(an.nodes.get(id).type(), slot + 1) + "[" + slot + "]";
  }

  private MethodSpec helper(Segments seg, int s, String name) {
    int line = w.startMethod();
    Names names = sig.names.child();
    StatementBuffer code = new StatementBuffer();
    Map<Integer, Expr> saved = new HashMap<>();
    for (int id : seg.imports.get(s)) {
      saved.put(id, w.binding(id));
      String base = w.boundName(id);
      if (base == null) {
        base = w.originName(id);
      }
      String local = base == null ? names.temporary() : names.allocate(base, "t");
      ScalarType t = an.nodes.get(id).type();
      Expr.statement(code, w.depth(), t.javaName(), " ", local, " = ", spill(seg, id));
      w.bind(id, local);
    }
    int from = seg.start(s);
    int to = seg.end(s);
    w.write(code, names, an.blocks.get(seg.block), from, to);
    for (int id : seg.exports.get(s)) {
      Expr.statement(code, w.depth(), spill(seg, id), " = ", w.expr(id));
    }
    saved.forEach(w::restore); // the caller goes on reading its own locals
    w.endMethod(line);
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addParameters(sig.specs())
        .addJavadoc(
            Docs.wrap(
                "Statements "
                    + from
                    + " to "
                    + (to - 1)
                    + " of "
                    + where(seg.block)
                    + " of {@link #"
                    + method
                    + "}, split off to keep every method under the JIT's size limit.\n"))
        .addCode(code.build())
        .build();
  }

  private String where(int block) {
    if (block == 0) {
      return "the top level";
    }
    Function.Origin o = an.f.origins().get(an.loopOf(block).id());
    Node.Loop loop = an.loopOf(block);
    return "the body of the loop over "
        + loop.count()
        + (o != null && o.line() > 0 ? " (line " + o.line() + ")" : "");
  }
}
