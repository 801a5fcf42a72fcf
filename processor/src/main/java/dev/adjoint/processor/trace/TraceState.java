package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Everything one method's trace shares: the IR builder, the open loops, the inlining stack, the
 * lists, and the tree each node came from. Every IR node the tracer creates goes through here, so
 * that each is recorded with its source site; array accesses go through {@link Memory}, which
 * checks them against their lengths.
 */
final class TraceState {

  /** A loop body for {@link #loop}: from the index and carried ids to the yields. */
  interface Body {
    List<Integer> run(int index, List<Integer> carried);
  }

  /** A loop just opened: its frame and the ids of its carried values. */
  record Open(LoopFrame frame, List<Integer> carried) {}

  final ProcessingEnvironment env;
  final Trees trees;
  final SourcePositions positions;
  final Builder b;
  final CompilationUnitTree rootUnit;
  final Facts facts;

  /**
   * Initial values a loop carries for an array not yet assigned (a return value before any return):
   * read only once a return assigned it, so never a length the method returns.
   */
  final Set<Integer> unassignedPlaceholders = new HashSet<>();

  final Deque<Frame> frames = new ArrayDeque<>();
  final Deque<LoopFrame> loops = new ArrayDeque<>();
  final List<ListState> lists = new ArrayList<>();
  final Memory memory;
  final Checks checks;
  final Aliasing aliasing;
  final Merges merges;
  final Initialization init;
  final IntNodes syms;
  final Recovery recovery;

  /** javac's own resolution of calls (shared by the attempts at one method). */
  final JavacCalls javac;

  /** What the uses of each int parameter say about its meaningful values. */
  final IntRanges intRanges = new IntRanges();

  /** The files whose code the trace runs: the method's and its inlined helpers'. */
  final Set<CompilationUnitTree> units = new LinkedHashSet<>();

  /** Source site of every node created, by id. */
  final Map<Integer, Site> sites = new HashMap<>();

  /** Nodes traced inside the arms of a runtime branch (evaluated whichever way it goes). */
  final Set<Integer> branchNodes = new HashSet<>();

  /** Names given to IR arrays so far: each is unique (inlined helpers reuse names). */
  private final Set<String> names = new HashSet<>();

  /** The name each IR array was made for, by its unique name. */
  private final Map<String, String> sourceNames = new HashMap<>();

  private int line;

  private final Deque<Site> siteStack = new ArrayDeque<>();

  /** Greater than zero while tracing the arms of a branch on a runtime condition. */
  int pure;

  /** The constructs whose arms are traced as pure (innermost first). */
  final Deque<Tree> pureSites = new ArrayDeque<>();

  /** Changes to lists so far (a loop compares it before and after its body). */
  int listMutations;

  /** Open arms of branches ({@code If}) in every frame: code there may not run. */
  int regionDepth;

  /**
   * Arrays created inside a runtime branch, with the branch depth ({@link #pure}) at creation. An
   * arm may write the arrays it creates itself: nothing outside the arm can see them.
   */
  private final Map<Integer, Integer> createdInBranch = new HashMap<>();

  TraceState(
      ProcessingEnvironment env,
      Trees trees,
      Builder b,
      CompilationUnitTree rootUnit,
      Facts facts,
      JavacCalls javac) {
    this.env = env;
    this.javac = javac;
    this.trees = trees;
    this.positions = trees.getSourcePositions();
    this.b = b;
    this.rootUnit = rootUnit;
    this.facts = facts;
    this.memory = new Memory(this);
    this.checks = new Checks(this);
    this.aliasing = new Aliasing(this);
    this.merges = new Merges(this);
    this.init = new Initialization(this);
    this.syms = new IntNodes(this);
    this.recovery = new Recovery(this);
  }

  /** A name for a new IR array, unique within the function. */
  String uniqueName(String hint) {
    String base = hint == null ? "tmp" : hint;
    String name = base;
    for (int i = 2; !names.add(name); i++) {
      name = base + "_" + i;
    }
    sourceNames.put(name, base);
    return name;
  }

  /**
   * The name of IR array {@code array} as messages show it: the source name it was made for, never
   * the suffix that keeps IR names unique ({@code out_4} is an {@code out}) nor the tracer's own
   * {@code $} names.
   */
  String sourceName(int array) {
    String name = decl(array).name();
    String source = sourceNames.getOrDefault(name, name);
    if (source.startsWith("$cond")) {
      return "the array chosen by ?:";
    }
    return source.startsWith("$") ? source.substring(1) : source;
  }

  /**
   * The array {@code array} as the access at {@code at} (the access or its index) writes it: {@code
   * b} in {@code b[4]}, whatever helper made the array; else {@link #sourceName}. For messages only
   * (it searches the file for the access).
   */
  String sourceName(int array, Tree at) {
    Tree access = at;
    if (at != null && !(at instanceof ArrayAccessTree)) {
      TreePath path = TreePath.getPath(unit(), at);
      access = path == null || path.getParentPath() == null ? null : path.getParentPath().getLeaf();
    }
    if (access instanceof ArrayAccessTree a && (a == at || a.getIndex() == at)) {
      return a.getExpression().toString();
    }
    return sourceName(array);
  }

  /** Reserves a parameter's name. */
  void reserve(String name) {
    names.add(name);
  }

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

  /** Starts tracing the arms of {@code tree} as pure computations (both arms run). */
  void enterPure(Tree tree) {
    pure++;
    pureSites.push(tree);
  }

  void exitPure() {
    pure--;
    pureSites.pop();
  }

  /**
   * An effect that the arms of a select may not have (both arms run): traces the innermost such
   * branch as an {@code If} instead. Does nothing outside select arms.
   */
  void effect() {
    if (pure > 0) {
      throw facts.region(pureSites.peek());
    }
  }

  /** Whether code here runs whenever the enclosing loops run (no branch, no early exit). */
  boolean certain() {
    if (pure > 0 || regionDepth > 0) {
      return false;
    }
    for (LoopFrame f : loops) {
      if (f.stopsEarly || !f.rectangular()) {
        return false;
      }
    }
    return true;
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

  /** The line of {@code tree} in the current file. */
  long lineOf(Tree tree) {
    return lineOf(tree, unit());
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

  int rec(int id) {
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
    if (op == Op.CHECK_INDEX) {
      effect();
    }
    return rec(b.apply(op, operands));
  }

  int select(int cond, int ifTrue, int ifFalse) {
    return rec(b.select(cond, ifTrue, ifFalse));
  }

  void name(int id, String name) {
    b.name(id, name);
  }

  // ---- loops ----

  /** Begins a loop of compile-time count, making it the innermost open loop. */
  Builder.LoopScope beginLoop(int count, boolean descending, List<Integer> inits) {
    Open o =
        beginLoop(Extent.of(count), new Sym.K(count), new Sym.K(count), descending, false, inits);
    return new Builder.LoopScope(o.frame().index, o.carried());
  }

  /** Begins a loop, making it the innermost open loop. */
  Open beginLoop(
      Extent trips,
      Sym tripsSym,
      Sym tripsInBody,
      boolean descending,
      boolean stopsEarly,
      List<Integer> inits) {
    Builder.LoopScope s = b.beginLoop(trips, descending, inits);
    rec(s.index());
    s.carried().forEach(this::rec);
    LoopFrame f = new LoopFrame(s.index(), trips, tripsSym, tripsInBody, descending, stopsEarly);
    f.regionDepth = regionDepth;
    loops.push(f);
    return new Open(f, s.carried());
  }

  /** Ends the innermost loop; lists that grew by one element per iteration grow by its count. */
  List<Integer> endLoop(List<Integer> yields) {
    return endLoop(yields, null);
  }

  /** Ends the innermost loop, which goes on while {@code again} (null: always). */
  List<Integer> endLoop(List<Integer> yields, Integer again) {
    LoopFrame f = loops.pop();
    for (ListState l : lists) {
      l.loopEnded(f);
    }
    init.loopEnded(f);
    List<Integer> out = b.endLoop(yields, again);
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

  /**
   * A loop of {@code trips} iterations built by templates: counted as above when {@code trips} is a
   * constant, else a loop of runtime trip count (a negative count runs nothing).
   */
  List<Integer> loop(AVal.Int trips, List<Integer> inits, Body body) {
    if (trips.isConstant()) {
      return loop(trips.constant(), inits, body);
    }
    Sym t = trips.sym();
    Open o = beginLoop(new Extent.Dynamic(trips.id()), t, t, false, false, inits);
    List<Integer> yields = body.run(o.frame().index, o.carried());
    return endLoop(yields);
  }

  /** The open loops, outermost first. */
  List<LoopFrame> openLoops() {
    List<LoopFrame> out = new ArrayList<>();
    for (Iterator<LoopFrame> it = loops.descendingIterator(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  // ---- scalars ----

  int intId(AVal.Int v) {
    return v.isConstant() ? intConstant(v.constant()) : v.id();
  }

  int boolId(AVal.Bool v) {
    return v.isConstant() ? boolConstant(v.constant()) : v.id();
  }

  /** The node storing {@code v} as an element of an array of {@code elem}. */
  int elementId(JType.Base elem, AVal v) {
    return switch (elem) {
      case INT, CHAR -> intId((AVal.Int) v);
      case BOOLEAN -> boolId((AVal.Bool) v);
      default -> f64Id(v);
    };
  }

  /** The F64 node of a number, converting an int as Java's widening does. */
  int f64Id(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    }
    AVal.Int i = (AVal.Int) v;
    return i.isConstant() ? constant(i.constant()) : apply(Op.I2D, i.id());
  }

  // ---- arrays ----

  ArrayDecl decl(int array) {
    return b.array(array);
  }

  /** A new local array of fixed {@code shape} (see {@link Memory#allocate}). */
  AVal.Arr newLocal(String name, JType.Base elem, List<Integer> shape) {
    List<AVal.Int> dims = new ArrayList<>();
    for (int d : shape) {
      dims.add(AVal.Int.of(d));
    }
    return memory.allocate(name, elem, dims, null);
  }

  /** Selects a row {@code a[i]} of a multi-dimensional array. */
  AVal.Arr row(AVal.Arr a, AVal.Int i, Tree at) {
    return memory.row(a, i, at);
  }

  /** Reads the element {@code a[idx...]} (all remaining dimensions indexed). */
  AVal load(AVal.Arr a, List<AVal.Int> idx, Tree at) {
    return memory.load(a, idx, at);
  }

  /** Writes {@code value} (a node of the element type) to {@code a[idx...]}. */
  void store(AVal.Arr a, List<AVal.Int> idx, int value, Tree at) {
    memory.store(a, idx, value, at);
  }
}
