package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prints IR blocks as Java statements, evaluating exactly the IR's operations in the IR's order: a
 * declaration per value the {@link InlinePlan} does not inline (named after its source variable),
 * an assignment per store, a {@code for} statement per loop and an {@code if} statement per branch
 * ({@link RegionWriter}), a {@code throw} per failed check, the allocations {@link Setup} places
 * between top-level statements, and a {@code // File.java:line} comment whenever the source line
 * changes.
 */
final class BlockWriter {
  /** A plain name; a constant because {@code String.matches} compiles its pattern on every call. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

  final Analysis an;
  final InlinePlan plan;
  private final SplitPlan split;
  private PartWriter parts;
  private final Map<Integer, String> arrays;
  private final String sourceFile;
  private final Helpers helpers;
  private final RegionWriter regions;
  private final Map<Integer, Expr> bound = new HashMap<>();
  private int lastLine;
  int depth;

  /**
   * @param arrays how each array is referenced: a parameter name for INPUT and OUTPUT arrays, a
   *     {@code this.field} for LOCAL ones
   * @param helpers the generated class's helpers (called only by code of runtime size)
   */
  BlockWriter(
      Analysis an,
      InlinePlan plan,
      SplitPlan split,
      Map<Integer, String> arrays,
      String sourceFile,
      Helpers helpers) {
    this.an = an;
    this.plan = plan;
    this.split = split;
    this.arrays = arrays;
    this.sourceFile = sourceFile;
    this.helpers = helpers;
    this.regions = new RegionWriter(this);
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

  /** How array {@code id} is referenced. */
  String array(int id) {
    return arrays.get(id);
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
      ArrayDecl a = an.f.array(l.array());
      if (a.growable()) {
        String fn = helpers.element(a.elem());
        return Expr.call(fn, List.of(Expr.atom(arrays.get(a.id())), offset(a, l.index())));
      }
      return element(l.array(), l.index());
    } else if (n instanceof Node.Length len) {
      return length(arrays.get(len.array()), len.axis());
    }
    throw new IllegalStateException("not a computation: " + n);
  }

  /**
   * The extent of dimension {@code axis} of the caller's array {@code ref}: {@code x.length}, and
   * for inner dimensions that of the first row, or 0 when there is none ({@code w.length == 0 ? 0 :
   * w[0].length}).
   */
  static Expr length(String ref, int axis) {
    Expr e = Expr.atom(ref + "[0]".repeat(axis) + ".length");
    for (int d = axis - 1; d >= 0; d--) {
      Expr outer = Expr.atom(ref + "[0]".repeat(d) + ".length");
      e =
          Expr.ternary(
              Expr.binary(outer, "==", Expr.EQUALITY, Expr.literal("0")), Expr.literal("0"), e);
    }
    return e;
  }

  /** An array element: {@code a[i][j]} for the caller's arrays, {@code this.w[i * 5 + j]} else. */
  Expr element(int array, List<Integer> index) {
    ArrayDecl a = an.f.array(array);
    StringBuilder sb = new StringBuilder(arrays.get(array));
    if (a.role() == ArrayDecl.Role.LOCAL) {
      sb.append('[').append(offset(a, index).code()).append(']');
    } else {
      for (int i : index) {
        sb.append('[').append(expr(i).code()).append(']');
      }
    }
    return Expr.atom(sb.toString());
  }

  /** The row-major offset of {@code index} in flattened workspace {@code a}. */
  Expr offset(ArrayDecl a, List<Integer> index) {
    List<Expr> idx = new ArrayList<>();
    for (int i : index) {
      idx.add(expr(i));
    }
    if (a.isStatic()) {
      return offset(idx, a.shape(), 0);
    }
    // Horner's rule over runtime strides: ((i * n1 + j) * n2 + k).
    Expr sum = idx.get(0);
    for (int d = 1; d < idx.size(); d++) {
      Extent e = a.extents().get(d);
      Expr stride = e instanceof Extent.Fixed fx ? Expr.literal(fx.toString()) : expr(e.node());
      sum = Expr.binary(sum, "*", Expr.MULTIPLICATIVE, stride);
      sum = Expr.binary(sum, "+", Expr.ADDITIVE, idx.get(d));
    }
    return sum;
  }

  /**
   * {@code base + i * 135 + j * 5 + k}: the row-major offset of an index ({@code base} 0 omitted).
   */
  static Expr offset(List<Expr> index, List<Integer> shape, int base) {
    Expr sum = base == 0 ? null : Expr.literal(Integer.toString(base));
    for (int d = 0; d < index.size(); d++) {
      // The product of the inner extents (not size / outer ones: an extent may be 0, as in
      // new Value[0][], whose elements are never reached but whose accesses are still printed).
      int stride = 1;
      for (int inner = d + 1; inner < shape.size(); inner++) {
        stride *= shape.get(inner);
      }
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
    if (seg == null) {
      write(code, names, b, 0, an.blocks.get(b).size());
    } else {
      parts.write(code, seg);
    }
  }

  /**
   * Prints statements {@code [from, to)} of block {@code b} into {@code code}, declaring locals in
   * {@code names}; at the top level, with the allocations {@link Setup} places before them.
   */
  void write(StatementBuffer code, Names names, int b, int from, int to) {
    List<Node> nodes = an.blocks.get(b);
    for (int pos = from; pos < to; pos++) {
      if (b == 0) {
        setup(code, names, pos);
      }
      node(code, names, nodes.get(pos));
    }
  }

  /**
   * Prints the allocations and clears {@link Setup} runs before top-level statement {@code pos}.
   */
  void setup(StatementBuffer code, Names names, int pos) {
    for (Setup.Action a : an.setup.at(pos)) {
      SetupWriter.write(this, code, names, a, helpers);
    }
  }

  private void node(StatementBuffer code, Names names, Node n) {
    if (n instanceof Node.Const || n instanceof Node.Input) {
      return;
    }
    if (n instanceof Node.LoopResult r) {
      bind(r.id(), regions.carried(r.loop(), r.slot()));
    } else if (n instanceof Node.TripCount t) {
      bind(t.id(), regions.tripCount(t.loop()));
    } else if (n instanceof Node.IfResult r) {
      bind(r.id(), regions.result(r.ifId(), r.slot()));
    } else if (n instanceof Node.Store s) {
      comment(code, s.id());
      store(code, names, s);
    } else if (n instanceof Node.Loop loop) {
      comment(code, loop.id());
      regions.loop(code, names, loop);
    } else if (n instanceof Node.If branch) {
      comment(code, branch.id());
      regions.branch(code, names, branch);
    } else if (n instanceof Node.Check c) {
      comment(code, c.id());
      check(code, c);
    } else if (!plan.isInlined(n.id())
        && (an.useCount(n.id()) > 0 || n instanceof Node.Apply a && a.op().mayThrow())) {
      // An unused operation that may throw (an index check whose value a simplification no longer
      // needs) still runs: its exception is part of the program's behaviour.
      comment(code, n.id());
      String origin = originName(n.id());
      String name =
          origin == null
              ? n instanceof Node.Length len
                  ? names.allocate(lengthName(len), "n")
                  : names.temporary()
              : names.allocate(origin, "t");
      Expr.statement(code, depth, n.type().javaName(), " ", name, " = ", compute(n));
      bind(n.id(), name);
    }
  }

  /** {@code xLength} for a vector, {@code wDim0}, {@code wDim1} for the dimensions of a matrix. */
  private String lengthName(Node.Length len) {
    ArrayDecl a = an.f.array(len.array());
    String base = Names.sanitize(a.name(), "array");
    return a.rank() == 1 ? base + "Length" : base + "Dim" + len.axis();
  }

  private void store(StatementBuffer code, Names names, Node.Store s) {
    ArrayDecl a = an.f.array(s.array());
    if (!a.growable()) {
      Expr.statement(code, depth, element(s.array(), s.index()), " = ", expr(s.value()));
      return;
    }
    // A store beyond a growable array's storage first grows it, keeping its contents.
    Expr at = offset(a, s.index());
    if (!at.isSimple()) {
      String local = names.allocate("at", "at");
      Expr.statement(code, depth, "int ", local, " = ", at);
      at = Expr.atom(local);
    }
    String ref = arrays.get(a.id());
    code.beginControlFlow("if ($L >= $L.length)", at.code(), ref);
    Expr.statement(
        code, depth + 1, ref, " = ", helpers.grow(a.elem()), "(", ref, ", ", at.code(), ")");
    code.endControlFlow();
    Expr.statement(code, depth, ref, "[", at.code(), "] = ", expr(s.value()));
  }

  /** {@code if (!(cond)) throw new IllegalArgumentException(String.format(message, args))}. */
  private void check(StatementBuffer code, Node.Check c) {
    Expr cond = Expr.prefix("!", expr(c.cond()));
    code.beginControlFlow("if ($L)", cond.block());
    CodeBlock.Builder thrown = CodeBlock.builder();
    String fixed = c.args().isEmpty() ? formatted(c.message()) : null;
    if (fixed != null) {
      // The message the interpreter formats, formatted now: it has no arguments.
      thrown.add("throw new $T($S)", IllegalArgumentException.class, fixed);
    } else if (c.args().isEmpty()) {
      thrown.add(
          "throw new $T($T.format($S))", IllegalArgumentException.class, String.class, c.message());
    } else {
      thrown.add(
          "throw new $T($T.format($S", IllegalArgumentException.class, String.class, c.message());
      for (int a : c.args()) {
        thrown.add(",$W$L", expr(a).block());
      }
      thrown.add("))");
    }
    code.addStatement("$L", thrown.build());
    code.endControlFlow();
  }

  /** {@code String.format(message)}, or null if it is not a valid pattern without arguments. */
  private static String formatted(String message) {
    try {
      return String.format(java.util.Locale.ROOT, message);
    } catch (java.util.IllegalFormatException e) {
      return null; // it fails at run time, as it does in the interpreter
    }
  }

  void comment(StatementBuffer code, int id) {
    Function.Origin o = an.f.origins().get(id);
    if (o != null && o.line() > 0 && o.line() != lastLine) {
      lastLine = o.line();
      String file = sourceFile == null || sourceFile.isEmpty() ? "line" : sourceFile;
      code.line("// " + file + ":" + o.line());
    }
  }
}
