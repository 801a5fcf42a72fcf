package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prints IR blocks as Java statements, evaluating exactly the IR's operations in the IR's order: a
 * declaration per value the {@link InlinePlan} does not inline (named after its source variable),
 * an assignment per store, a {@code for} statement per loop with its carried values as locals
 * updated simultaneously at the end of the body, and a {@code // File.java:line} comment whenever
 * the source line changes.
 */
final class BlockWriter {
  /** A plain name; a constant because {@code String.matches} compiles its pattern on every call. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

  private static final String[] INDEX_NAMES = {"i", "j", "k", "l", "m", "n"};

  private final Analysis an;
  private final InlinePlan plan;
  private final SplitPlan split;
  private PartWriter parts;
  private final Map<Integer, String> arrays;
  private final String sourceFile;
  private final Map<Integer, Expr> bound = new HashMap<>();
  private final Map<Integer, String[]> carriedNames = new HashMap<>();
  private int lastLine;
  private int depth;

  /**
   * @param arrays how each array is referenced: a parameter name for INPUT and OUTPUT arrays, a
   *     {@code this.field} for LOCAL ones
   */
  BlockWriter(
      Analysis an,
      InlinePlan plan,
      SplitPlan split,
      Map<Integer, String> arrays,
      String sourceFile) {
    this.an = an;
    this.plan = plan;
    this.split = split;
    this.arrays = arrays;
    this.sourceFile = sourceFile;
  }

  /** Makes {@code id} read as {@code name} from now on. */
  void bind(int id, String name) {
    bound.put(id, Expr.atom(name));
  }

  /** Lets cut blocks be printed by {@code parts}. */
  void useParts(PartWriter parts) {
    this.parts = parts;
  }

  /** Restores {@code id}'s reading saved by {@link #binding} (null: unbound). */
  void restore(int id, Expr e) {
    if (e == null) {
      bound.remove(id);
    } else {
      bound.put(id, e);
    }
  }

  /** How {@code id} reads now, or null. */
  Expr binding(int id) {
    return bound.get(id);
  }

  /** The loop nesting of the statements being written. */
  int depth() {
    return depth;
  }

  /** The local or parameter {@code id} is bound to, or null if it is not a plain name. */
  String boundName(int id) {
    Expr e = bound.get(id);
    return e != null && PLAIN_NAME.matcher(e.code()).matches() ? e.code() : null;
  }

  /** Starts a new method: the next statement gets a line comment. Returns the caller's state. */
  int startMethod() {
    int line = lastLine;
    lastLine = 0;
    return line;
  }

  /** Returns to the method that {@link #startMethod} left. */
  void endMethod(int line) {
    lastLine = line;
  }

  /** The source name of {@code id}, or null. */
  String originName(int id) {
    Function.Origin o = an.f.origins().get(id);
    return o == null ? null : o.name();
  }

  /** The expression reading {@code id}: its name, its literal, or its inlined computation. */
  Expr expr(int id) {
    Expr e = bound.get(id);
    if (e != null) {
      return e;
    }
    Node n = an.nodes.get(id);
    if (n instanceof Node.Const c) {
      return Expr.literal(Literals.of(c.type(), c.value()));
    }
    if (plan.isInlined(id)) {
      return compute(n);
    }
    throw new IllegalStateException("value " + id + " is read before it is defined: " + n);
  }

  private Expr compute(Node n) {
    if (n instanceof Node.Apply a) {
      List<Expr> args = new ArrayList<>();
      for (int o : a.operands()) {
        args.add(expr(o));
      }
      return OpPrinter.apply(a.op(), args);
    } else if (n instanceof Node.Select s) {
      return Expr.ternary(expr(s.cond()), expr(s.ifTrue()), expr(s.ifFalse()));
    } else if (n instanceof Node.Load l) {
      return element(l.array(), l.index());
    }
    throw new IllegalStateException("not a computation: " + n);
  }

  /** An array element: {@code a[i][j]} for the caller's arrays, {@code this.w[i * 5 + j]} else. */
  Expr element(int array, List<Integer> index) {
    ArrayDecl a = an.f.array(array);
    StringBuilder sb = new StringBuilder(arrays.get(array));
    if (a.role() == ArrayDecl.Role.LOCAL) {
      List<Expr> idx = new ArrayList<>();
      for (int i : index) {
        idx.add(expr(i));
      }
      sb.append('[').append(offset(idx, a.shape(), 0).code()).append(']');
    } else {
      for (int i : index) {
        sb.append('[').append(expr(i).code()).append(']');
      }
    }
    return Expr.atom(sb.toString());
  }

  /**
   * {@code base + i * 135 + j * 5 + k}: the row-major offset of an index ({@code base} 0 omitted).
   */
  static Expr offset(List<Expr> index, List<Integer> shape, int base) {
    Expr sum = base == 0 ? null : Expr.literal(Integer.toString(base));
    int stride = JavaTypes.size(shape);
    for (int d = 0; d < index.size(); d++) {
      stride /= shape.get(d);
      Expr term = index.get(d);
      if (stride != 1) {
        term = Expr.binary(term, "*", Expr.MULTIPLICATIVE, Expr.literal(Integer.toString(stride)));
      }
      sum = sum == null ? term : Expr.binary(sum, "+", Expr.ADDITIVE, term);
    }
    return sum == null ? Expr.literal("0") : sum;
  }

  /** Prints block {@code b} whole, as calls to helper methods if the split plan cuts it. */
  void writeBlock(StatementBuffer code, Names names, int b) {
    Segments seg = split.segments(b);
    List<Node> nodes = an.blocks.get(b);
    if (seg == null) {
      write(code, names, nodes, 0, nodes.size());
    } else {
      parts.write(code, seg);
    }
  }

  /** Prints {@code nodes[from, to)} into {@code code}, declaring locals in {@code names}. */
  void write(StatementBuffer code, Names names, List<Node> nodes, int from, int to) {
    for (int pos = from; pos < to; pos++) {
      node(code, names, nodes.get(pos));
    }
  }

  private void node(StatementBuffer code, Names names, Node n) {
    if (n instanceof Node.Const || n instanceof Node.Input) {
      return;
    }
    if (n instanceof Node.LoopResult r) {
      bind(r.id(), carriedNames.get(r.loop())[r.slot()]);
    } else if (n instanceof Node.Store s) {
      comment(code, s.id());
      Expr.statement(code, depth, element(s.array(), s.index()), " = ", expr(s.value()));
    } else if (n instanceof Node.Loop loop) {
      loop(code, names, loop);
    } else if (!plan.isInlined(n.id()) && an.useCount(n.id()) > 0) {
      comment(code, n.id());
      String origin = originName(n.id());
      String name = origin == null ? names.temporary() : names.allocate(origin, "t");
      Expr.statement(code, depth, n.type().javaName(), " ", name, " = ", compute(n));
      bind(n.id(), name);
    }
  }

  private void loop(StatementBuffer code, Names names, Node.Loop loop) {
    comment(code, loop.id());
    Node.LoopBody body = loop.body();
    String[] carried = new String[body.carried().size()];
    for (int s = 0; s < carried.length; s++) {
      Node.Carried c = body.carried().get(s);
      carried[s] = names.allocate(carriedName(loop, s), "acc");
      Expr.statement(
          code, depth, c.type().javaName(), " ", carried[s], " = ", expr(loop.inits().get(s)));
    }
    carriedNames.put(loop.id(), carried);
    Names inner = names.child();
    String i = indexName(inner, originName(body.index().id()));
    if (loop.descending()) {
      code.beginControlFlow("for (int $L = $L; $L >= 0; $L--)", i, loop.count() - 1, i, i);
    } else {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, loop.count(), i);
    }
    bind(body.index().id(), i);
    for (int s = 0; s < carried.length; s++) {
      bind(body.carried().get(s).id(), carried[s]);
    }
    depth++;
    writeBlock(code, inner, an.body(loop));
    yields(code, inner, body, carried);
    depth--;
    code.endControlFlow();
  }

  /** The source name of a loop index, else the first free of i, j, k, ... by nesting depth. */
  private String indexName(Names scope, String origin) {
    if (origin != null) {
      return scope.allocate(origin, "i");
    }
    for (int d = depth; d < depth + INDEX_NAMES.length; d++) {
      String candidate = INDEX_NAMES[d % INDEX_NAMES.length];
      if (!scope.taken(candidate)) {
        return scope.allocate(candidate, candidate);
      }
    }
    return scope.allocate("i", "i");
  }

  private String carriedName(Node.Loop loop, int slot) {
    Integer result = an.loopResult(loop.id(), slot);
    String name = result == null ? null : originName(result);
    if (name == null) {
      name = originName(loop.body().carried().get(slot).id());
    }
    if (name == null) {
      name = originName(loop.body().yields().get(slot));
    }
    return name;
  }

  /** Assigns the yields to the carried locals as one simultaneous update. */
  private void yields(StatementBuffer code, Names names, Node.LoopBody body, String[] carried) {
    List<Integer> slots = new ArrayList<>();
    Set<Integer> earlier = new HashSet<>();
    boolean clash = false;
    for (int s = 0; s < carried.length; s++) {
      int y = body.yields().get(s);
      if (y == body.carried().get(s).id()) {
        continue; // unchanged
      }
      clash |= reads(y, earlier);
      earlier.add(body.carried().get(s).id());
      slots.add(s);
    }
    if (!clash) {
      for (int s : slots) {
        Expr.statement(code, depth, carried[s], " = ", expr(body.yields().get(s)));
      }
      return;
    }
    // A yield reads a carried value assigned before it: compute every yield first.
    String[] next = new String[carried.length];
    for (int s : slots) {
      next[s] = names.allocate(carried[s] + "Next", "next");
      String type = body.carried().get(s).type().javaName();
      Expr.statement(code, depth, type, " ", next[s], " = ", expr(body.yields().get(s)));
    }
    for (int s : slots) {
      Expr.statement(code, depth, carried[s], " = ", next[s]);
    }
  }

  /** True if printing {@code id} mentions one of {@code ids} (directly or through inlining). */
  private boolean reads(int id, Set<Integer> ids) {
    if (ids.contains(id)) {
      return true;
    }
    if (!plan.isInlined(id)) {
      return false;
    }
    for (int o : an.nodes.get(id).operands()) {
      if (reads(o, ids)) {
        return true;
      }
    }
    return false;
  }

  private void comment(StatementBuffer code, int id) {
    Function.Origin o = an.f.origins().get(id);
    if (o != null && o.line() > 0 && o.line() != lastLine) {
      lastLine = o.line();
      String file = sourceFile == null || sourceFile.isEmpty() ? "line" : sourceFile;
      code.line("// " + file + ":" + o.line());
    }
  }
}
