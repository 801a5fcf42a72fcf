package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * Prints a cut block as calls to private helper methods, one per {@link Segments segment},
 * exchanging every value they need through the workspace's spill arrays: the caller stores the
 * block's outer values first, each part reloads what it reads and stores what later parts or the
 * caller read. Parts of a static program take the program's parameters; parts of a program with
 * runtime sizes, or of one whose signature is too wide for C2, take none (however many the program
 * has, each stays within what the JIT compiles): the array parameters they use come from a spill
 * array the public method fills on entry.
 */
final class PartWriter {

  private final BlockWriter w;
  private final Analysis an;
  private final Signature sig;
  private final Workspace ws;
  private final String method;
  private final List<MethodSpec> helpers = new ArrayList<>();
  private int parts;
  private int groups;

  /**
   * Bytes of calls one method may hold: well under the JIT's 8,000, leaving room for spills. Not
   * final only so that a test can make small programs group their calls.
   */
  static int callsBudget = 4_000;

  /** The array parameters some part uses, with their slots in the array spill (dynamic only). */
  private final Map<Integer, Integer> arraySlots = new LinkedHashMap<>();

  PartWriter(
      BlockWriter w, Analysis an, SplitPlan split, Signature sig, Workspace ws, String method) {
    this.w = w;
    this.an = an;
    this.sig = sig;
    this.ws = ws;
    this.method = method;
    if (an.bareParts) {
      Set<Integer> used = new TreeSet<>();
      for (int b = 0; b < an.blocks.size(); b++) {
        Segments seg = split.segments(b);
        for (int s = 0; seg != null && s < seg.count; s++) {
          used.addAll(arraysUsed(b, seg.start(s), seg.end(s)));
        }
      }
      for (Signature.Param p : sig.params) {
        if (p.array() && used.contains(p.irId())) {
          arraySlots.put(p.irId(), arraySlots.size());
        }
      }
    }
  }

  /** The helper methods written so far, in order of first call. */
  List<MethodSpec> helpers() {
    return helpers;
  }

  /**
   * Stores the array parameters that parts use into the array spill; the public method runs this on
   * entry.
   */
  void storeArrays(StatementBuffer code) {
    for (Signature.Param p : sig.params) {
      Integer slot = arraySlots.get(p.irId());
      if (p.array() && slot != null) {
        Expr.statement(code, 0, arraySpill(slot), " = ", p.name());
      }
    }
  }

  private String arraySpill(int slot) {
    return "this." + ws.arraySpill(arraySlots.size()) + "[" + slot + "]";
  }

  /** Prints the calls that run block {@code seg.block}, writing the helpers they call. */
  void write(StatementBuffer code, Segments seg) {
    for (int id : seg.outer) {
      Expr.statement(code, w.depth(), spill(seg, id), " = ", w.expr(id));
    }
    List<String> calls = new ArrayList<>();
    for (int s = 0; s < seg.count; s++) {
      String name = method + "Part" + ++parts;
      int index = helpers.size();
      helpers.add(null); // keeps the parts in call order; nested parts follow
      helpers.set(index, helper(seg, s, name));
      calls.add(name);
    }
    for (String name : grouped(calls)) {
      call(code, name);
    }
    for (int id : seg.toCaller) {
      w.bind(id, spill(seg, id));
    }
  }

  private void call(StatementBuffer code, String name) {
    if (an.bareParts) {
      code.addStatement("$L()", name);
    } else {
      code.addStatement("$L($L)", name, sig.arguments());
    }
  }

  /**
   * The methods to call in place of {@code calls}, in order: the calls themselves if they are few,
   * else methods that each make a run of them (recursively). Parts pass their values through the
   * spill arrays, never through the caller's locals, so a run of calls can move into a method of
   * its own; a 100,000-statement program has some 8,000 parts, whose calls alone would make the
   * calling method seven times larger than the JIT compiles.
   */
  private List<String> grouped(List<String> calls) {
    // A call is aload_0, one load per argument (at most 2 bytes each) and invokevirtual (3 bytes).
    int perCall = 4 + 2 * (an.bareParts ? 0 : sig.specs().size());
    int limit = Math.max(2, callsBudget / perCall);
    List<String> level = calls;
    while (level.size() > limit) {
      List<String> next = new ArrayList<>();
      for (int from = 0; from < level.size(); from += limit) {
        List<String> run = level.subList(from, Math.min(level.size(), from + limit));
        String name = method + "Parts" + ++groups;
        StatementBuffer code = new StatementBuffer();
        for (String callee : run) {
          call(code, callee);
        }
        helpers.add(
            MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameters(an.bareParts ? List.of() : sig.specs())
                .addJavadoc(
                    Docs.wrap(
                        "Calls "
                            + run.get(0)
                            + " to "
                            + run.get(run.size() - 1)
                            + " of {@link #"
                            + method
                            + "} in order, so that no method calling them passes the JIT's size"
                            + " limit.\n"))
                .addCode(code.build())
                .build());
        next.add(name);
      }
      level = next;
    }
    return level;
  }

  private String spill(Segments seg, int id) {
    int slot = seg.slot.get(id);
    return "this." + ws.spillSlot(an.nodes.get(id).type(), slot);
  }

  private MethodSpec helper(Segments seg, int s, String name) {
    int line = w.startMethod();
    Names names = sig.names.child();
    StatementBuffer code = new StatementBuffer();
    int from = seg.start(s);
    int to = seg.end(s);
    if (an.bareParts) {
      // The parameter's own name, free here since the part declares no parameters.
      Set<Integer> used = arraysUsed(seg.block, from, to);
      for (Signature.Param p : sig.params) {
        if (p.array() && used.contains(p.irId())) {
          Expr.statement(
              code,
              w.depth(),
              p.type().toString(),
              " ",
              p.name(),
              " = (",
              p.type().toString(),
              ") ",
              arraySpill(arraySlots.get(p.irId())));
        }
      }
    }
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
    w.write(code, names, seg.block, from, to);
    for (int id : seg.exports.get(s)) {
      Expr.statement(code, w.depth(), spill(seg, id), " = ", w.expr(id));
    }
    saved.forEach(w::restore); // the caller goes on reading its own locals
    w.endMethod(line);
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addParameters(an.bareParts ? List.of() : sig.specs())
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

  /** The caller's arrays (parameters and outputs) statements {@code [from, to)} of a block use. */
  private Set<Integer> arraysUsed(int block, int from, int to) {
    Set<Integer> out = new TreeSet<>();
    for (int pos = from; pos < to; pos++) {
      if (block == 0) {
        for (Setup.Action a : an.setup.at(pos)) {
          out.add(a.array());
        }
      }
      collectArrays(an.blocks.get(block).get(pos), out);
    }
    out.removeIf(id -> an.f.array(id).role() == ArrayDecl.Role.LOCAL);
    return out;
  }

  private static void collectArrays(Node n, Set<Integer> out) {
    if (n instanceof Node.Load l) {
      out.add(l.array());
    } else if (n instanceof Node.Store st) {
      out.add(st.array());
    } else if (n instanceof Node.Length len) {
      out.add(len.array());
    }
    for (List<Node> block : n.blocks()) {
      for (Node inner : block) {
        collectArrays(inner, out);
      }
    }
  }

  private String where(int block) {
    if (block == 0) {
      return "the top level";
    }
    Node owner = an.owner(block);
    Function.Origin o = an.f.origins().get(owner.id());
    String line = o != null && o.line() > 0 ? " (line " + o.line() + ")" : "";
    if (owner instanceof Node.Loop loop) {
      return "the body of the loop"
          + (loop.trips().isFixed() ? " over " + loop.count() : "")
          + line;
    }
    Node.If branch = (Node.If) owner;
    return (an.arm(branch, 0) == block ? "the then-arm" : "the else-arm") + " of the branch" + line;
  }
}
