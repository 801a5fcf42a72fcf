package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Everything one method's trace shares: the IR builder, the open loops, the inlining stack, the
 * lists, and the tree each node came from. Every IR node the tracer creates goes through here, so
 * that each is recorded with its source site and each array access is checked against its shape.
 */
final class TraceState {

  /** An open loop: its raw IR index (0 .. count-1, or down for a descending loop) and count. */
  record LoopFrame(int index, int count, boolean descending) {}

  /** A loop body for {@link #loop}: from the index and carried ids to the yields. */
  interface Body {
    List<Integer> run(int index, List<Integer> carried);
  }

  final ProcessingEnvironment env;
  final Trees trees;
  final SourcePositions positions;
  final Builder b;
  final CompilationUnitTree rootUnit;
  final Deque<Frame> frames = new ArrayDeque<>();
  final Deque<LoopFrame> loops = new ArrayDeque<>();
  final List<ListState> lists = new ArrayList<>();

  /** Smallest array length each int parameter (by input id) is used to index. */
  final Map<Integer, Integer> indexBounds = new HashMap<>();

  /** Source site of every node created, by id. */
  final Map<Integer, Site> sites = new HashMap<>();

  /** Nodes traced inside the arms of a runtime branch (evaluated whichever way it goes). */
  final Set<Integer> branchNodes = new HashSet<>();

  private int line;

  private final Deque<Site> siteStack = new ArrayDeque<>();

  /** Greater than zero while tracing the arms of a branch on a runtime condition. */
  int pure;

  /**
   * Arrays created inside a runtime branch, with the branch depth ({@link #pure}) at creation. An
   * arm may write the arrays it creates itself: nothing outside the arm can see them.
   */
  private final Map<Integer, Integer> createdInBranch = new HashMap<>();

  /** Records that {@code array} was just created (at the current branch depth). */
  void created(int array) {
    if (pure > 0) {
      createdInBranch.put(array, pure);
    }
  }

  /** Whether a write to {@code array} now would happen under a runtime condition. */
  boolean conditionalWrite(int array) {
    return pure > 0 && createdInBranch.getOrDefault(array, 0) != pure;
  }

  TraceState(ProcessingEnvironment env, Trees trees, Builder b, CompilationUnitTree rootUnit) {
    this.env = env;
    this.trees = trees;
    this.positions = trees.getSourcePositions();
    this.b = b;
    this.rootUnit = rootUnit;
  }

  Frame frame() {
    return frames.peek();
  }

  CompilationUnitTree unit() {
    return frames.isEmpty() ? rootUnit : frames.peek().unit;
  }

  // ---- diagnostics and sites ----

  /** An error at {@code tree} in the current file, noting the inlined calls that led there. */
  TraceException error(Code code, String detail, Tree tree) {
    StringBuilder d = new StringBuilder(detail == null ? "" : detail);
    for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
      Frame f = it.next();
      if (f.callSite != null) {
        d.append(d.length() == 0 ? "" : " ").append("(in ").append(f.describe());
        d.append(", inlined at line ").append(lineOf(f.callSite.tree(), f.callSite.unit()));
        d.append(')');
      }
    }
    return new TraceException(code, d.toString(), tree, unit());
  }

  long lineOf(Tree tree, CompilationUnitTree unit) {
    long pos = positions.getStartPosition(unit, tree);
    return pos < 0 ? 0 : unit.getLineMap().getLineNumber(pos);
  }

  /** Makes {@code tree} the site of the nodes created until the matching {@link #exit}. */
  void enter(Tree tree) {
    siteStack.push(new Site(tree, unit()));
  }

  void exit() {
    siteStack.pop();
  }

  /**
   * Sets the line of the nodes created by a statement (lines of other files are not used); returns
   * the previous line, which {@link #restoreLine} puts back when the statement ends.
   */
  int statementLine(Tree statement) {
    int previous = line;
    if (unit() == rootUnit) {
      line = (int) lineOf(statement, rootUnit);
      b.setLine(line);
    }
    return previous;
  }

  void restoreLine(int previous) {
    line = previous;
    b.setLine(previous);
  }

  private int rec(int id) {
    Site s = siteStack.peek();
    if (s != null) {
      sites.put(id, s);
    }
    if (pure > 0) {
      branchNodes.add(id);
    }
    return id;
  }

  // ---- nodes ----

  int constant(double v) {
    return rec(b.constant(v));
  }

  int intConstant(int v) {
    return rec(b.intConstant(v));
  }

  int boolConstant(boolean v) {
    return rec(b.boolConstant(v));
  }

  int apply(Op op, int... operands) {
    return rec(b.apply(op, operands));
  }

  int select(int cond, int ifTrue, int ifFalse) {
    return rec(b.select(cond, ifTrue, ifFalse));
  }

  void name(int id, String name) {
    b.name(id, name);
  }

  /** Begins a loop, making it the innermost open loop. */
  Builder.LoopScope beginLoop(int count, boolean descending, List<Integer> inits) {
    Builder.LoopScope s = b.beginLoop(count, descending, inits);
    rec(s.index());
    s.carried().forEach(this::rec);
    loops.push(new LoopFrame(s.index(), count, descending));
    return s;
  }

  /** Ends the innermost loop; lists that grew by one element per iteration grow by its count. */
  List<Integer> endLoop(List<Integer> yields) {
    LoopFrame f = loops.pop();
    for (ListState l : lists) {
      if (l.pendingLoops != null && l.pendingLoops.get(l.pendingLoops.size() - 1) == f) {
        l.pendingBlock *= f.count();
        if (l.pendingLoops.size() == 1) {
          l.size += l.pendingBlock;
          l.pendingLoops = null;
        } else {
          // The enclosing iteration as a whole added one block of elements.
          l.pendingLoops = l.pendingLoops.subList(0, l.pendingLoops.size() - 1);
          l.addsInInnermost = 1;
        }
      }
    }
    List<Integer> out = b.endLoop(yields);
    out.forEach(this::rec);
    return out;
  }

  /** A counted loop built by library templates; a zero count runs nothing. */
  List<Integer> loop(int count, List<Integer> inits, Body body) {
    if (count == 0) {
      return inits;
    }
    Builder.LoopScope s = beginLoop(count, false, inits);
    List<Integer> yields = body.run(s.index(), s.carried());
    return endLoop(yields);
  }

  // ---- scalars ----

  static ScalarType scalarType(JType.Base base) {
    return switch (base) {
      case VALUE, DOUBLE -> ScalarType.F64;
      case INT -> ScalarType.I32;
      case BOOLEAN -> ScalarType.BOOL;
    };
  }

  int intId(AVal.Int v) {
    return v.isConstant() ? intConstant(v.constant()) : v.id();
  }

  int boolId(AVal.Bool v) {
    return v.isConstant() ? boolConstant(v.constant()) : v.id();
  }

  /** The F64 node of a number, converting an int as Java's widening does. */
  int f64Id(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    }
    AVal.Int i = (AVal.Int) v;
    return i.isConstant() ? constant(i.constant()) : apply(Op.I2D, i.id());
  }

  /** {@code a + k} for a compile-time {@code k}, folded when {@code a} is constant. */
  AVal.Int plus(AVal.Int a, int k) {
    if (a.isConstant()) {
      return AVal.Int.of(a.constant() + k);
    }
    return k == 0 ? a : AVal.Int.node(apply(Op.IADD, a.id(), intConstant(k)));
  }

  // ---- arrays ----

  ArrayDecl decl(int array) {
    return b.array(array);
  }

  /**
   * A new local array of {@code shape}. Inside loops it gets one copy per iteration of each open
   * loop (their counts prepended to its shape, their indices as its prefix), so that every element
   * is written at most once over the whole run.
   */
  AVal.Arr newLocal(String name, JType.Base elem, List<Integer> shape) {
    List<Integer> full = openCounts();
    full.addAll(shape);
    int id = b.declare(name, scalarType(elem), full, ArrayDecl.Role.LOCAL);
    created(id);
    return new AVal.Arr(id, openIndices(), shape, elem);
  }

  /** The trip counts of the open loops, outermost first (a privatized array's leading shape). */
  List<Integer> openCounts() {
    List<Integer> out = new ArrayList<>();
    for (Iterator<LoopFrame> it = loops.descendingIterator(); it.hasNext(); ) {
      out.add(it.next().count());
    }
    return out;
  }

  /** The raw indices of the open loops, outermost first. */
  List<Integer> openIndices() {
    List<Integer> out = new ArrayList<>();
    for (Iterator<LoopFrame> it = loops.descendingIterator(); it.hasNext(); ) {
      out.add(it.next().index());
    }
    return out;
  }

  private List<Integer> fullIndex(AVal.Arr a, List<AVal.Int> idx, Tree at) {
    if (idx.size() > a.shape().size()) {
      throw error(Code.UNSUPPORTED_SYNTAX, "too many indices for a " + a.type(), at);
    }
    List<Integer> out = new ArrayList<>(a.prefix());
    for (int d = 0; d < idx.size(); d++) {
      out.add(checkedIndex(a, d, idx.get(d), at));
    }
    return out;
  }

  private int checkedIndex(AVal.Arr a, int dim, AVal.Int i, Tree at) {
    int n = a.shape().get(dim);
    if (i.isConstant() && (i.constant() < 0 || i.constant() >= n)) {
      throw error(
          Code.INDEX_OUT_OF_BOUNDS,
          "index " + i.constant() + " is outside " + decl(a.array()).name() + " (length " + n + ")",
          at);
    }
    if (!i.isConstant() && b.typeOf(i.id()) == ScalarType.I32) {
      indexBounds.merge(i.id(), n, Math::min);
    }
    return intId(i);
  }

  /** Selects a row {@code a[i]} of a multi-dimensional array (no node is created). */
  AVal.Arr row(AVal.Arr a, AVal.Int i, Tree at) {
    List<Integer> prefix = new ArrayList<>(a.prefix());
    prefix.add(checkedIndex(a, 0, i, at));
    return new AVal.Arr(a.array(), prefix, a.shape().subList(1, a.shape().size()), a.elem());
  }

  /** Reads the element {@code a[idx...]} (all remaining dimensions indexed). */
  AVal load(AVal.Arr a, List<AVal.Int> idx, Tree at) {
    if (idx.size() != a.shape().size()) {
      throw new IllegalStateException("partial index");
    }
    int id = rec(b.load(a.array(), fullIndex(a, idx, at)));
    return switch (a.elem()) {
      case VALUE -> new AVal.Num(id, true, null);
      case DOUBLE -> new AVal.Num(id, false, null);
      case INT -> AVal.Int.node(id);
      case BOOLEAN -> AVal.Bool.node(id);
    };
  }

  /** Writes {@code value} (a node of the element type) to {@code a[idx...]}. */
  void store(AVal.Arr a, List<AVal.Int> idx, int value, Tree at) {
    ArrayDecl d = decl(a.array());
    if (d.role() == ArrayDecl.Role.INPUT) {
      throw error(Code.PARAMETER_WRITE, "writing into parameter " + d.name(), at);
    }
    if (conditionalWrite(a.array())) {
      throw error(
          Code.IMPURE_BRANCH, "writing into array " + d.name() + " under a runtime condition", at);
    }
    if (idx.size() != a.shape().size()) {
      throw error(
          Code.UNSUPPORTED_SYNTAX,
          "assigning a whole row of " + d.name() + "; write its elements one by one",
          at);
    }
    List<Integer> index = fullIndex(a, idx, at);
    if (b.typeOf(value) != d.elem()) {
      throw new IllegalStateException("storing " + b.typeOf(value) + " into " + d.name());
    }
    rec(b.add(new Node.Store(b.freshId(), a.array(), index, value)));
  }
}
