package dev.adjoint.processor.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a {@link Function} node by node, with a stack of open loop bodies. Used by the tracer and
 * by every pass that rewrites a function; each node is typed as it is created, so an ill-typed
 * program fails at the line that built it.
 */
public final class Builder {

  private final String name;
  private final List<Function.Parameter> params = new ArrayList<>();
  private final Map<Integer, ArrayDecl> arrays = new LinkedHashMap<>();
  private final List<Function.Result> results = new ArrayList<>();
  private final List<LibraryCall> calls = new ArrayList<>();

  /**
   * Origins recorded so far. A rewriting builder starts with its function's (shared, unmodifiable)
   * and copies them on the first change, so that a pass that changes no origin copies none.
   */
  private SortedMap<Integer, Function.Origin> origins = new TreeMap<>();

  private boolean originsShared;

  /** Types of the nodes created or added here, by id. */
  private final Types types = new Types();

  /**
   * The function this builder continues, whose node types {@link #typeOf} falls back to; indexed
   * into {@link #continued} only when first needed (a pass that only re-adds nodes never asks).
   */
  private Function continues;

  private Types continued;
  private final Deque<OpenBlock> open = new ArrayDeque<>();
  private final List<Node> top = new ArrayList<>();
  private int nextId;
  private int line;
  private int targetDepth = -1;

  /** The index and carried values of a loop being built. */
  public record LoopScope(int index, List<Integer> carried) {}

  /** A block being built: a loop body, or an arm of a branch. */
  private abstract static class OpenBlock {
    final int id;
    List<Node> nodes = new ArrayList<>();

    OpenBlock(int id) {
      this.id = id;
    }
  }

  private static final class OpenLoop extends OpenBlock {
    final Extent trips;
    final boolean descending;
    final List<Integer> inits;
    final Node.Index index;
    final List<Node.Carried> carried;

    OpenLoop(
        int id,
        Extent trips,
        boolean descending,
        List<Integer> inits,
        Node.Index index,
        List<Node.Carried> carried) {
      super(id);
      this.trips = trips;
      this.descending = descending;
      this.inits = List.copyOf(inits);
      this.index = index;
      this.carried = carried;
    }
  }

  private static final class OpenIf extends OpenBlock {
    final int cond;

    /** The finished then-arm, once the else-arm is open. */
    Node.Block then;

    OpenIf(int id, int cond) {
      super(id);
      this.cond = cond;
    }
  }

  public Builder(String name) {
    this(name, 1);
  }

  private Builder(String name, int firstId) {
    this.name = name;
    this.nextId = firstId;
  }

  /**
   * A builder that continues the id space of {@code f} and knows its arrays' and nodes' types, but
   * starts with no parameters, body or results.
   */
  public static Builder continuing(Function f, String name) {
    Builder b = new Builder(name, f.nextId());
    b.continues = f;
    return b;
  }

  /**
   * A builder for a rewrite of {@code f}: same name, parameters (their input nodes already added),
   * arrays and origins, continuing its id space; the body and results are left to the caller.
   */
  public static Builder rewriting(Function f) {
    Builder b = continuing(f, f.name());
    b.arrays.putAll(f.arrays());
    b.calls.addAll(f.calls());
    b.origins = f.origins();
    b.originsShared = true;
    for (Function.Parameter p : f.params()) {
      b.params.add(p);
      if (!p.isArray()) {
        b.add(new Node.Input(p.id(), p.type(), b.params.size() - 1));
      }
    }
    return b;
  }

  private SortedMap<Integer, Function.Origin> writableOrigins() {
    if (originsShared) {
      origins = new TreeMap<>(origins);
      originsShared = false;
    }
    return origins;
  }

  /** The origin recorded for an id, or null. */
  public Function.Origin origin(int id) {
    return origins.get(id);
  }

  /** A fresh id. */
  public int freshId() {
    return nextId++;
  }

  /** Sets the source line given to nodes created from now on (0 for none). */
  public void setLine(int line) {
    this.line = line;
  }

  /** Records the source variable a value is assigned to. */
  public void name(int id, String sourceName) {
    Function.Origin old = origins.get(id);
    writableOrigins().put(id, new Function.Origin(sourceName, old == null ? line : old.line()));
  }

  /** Copies an origin (name and line) to another id. */
  public void copyOrigin(Function.Origin origin, int id) {
    if (origin != null) {
      writableOrigins().put(id, origin);
    }
  }

  /** The type of a node or array element created by this builder or the function it continues. */
  public ScalarType typeOf(int id) {
    ScalarType t = types.get(id);
    if (t == null && continues != null) {
      if (continued == null) {
        continued = new Types();
        for (Node n : continues.allNodes()) {
          continued.put(n.id(), n.type());
        }
      }
      t = continued.get(id);
    }
    if (t == null) {
      ArrayDecl a = arrays.get(id);
      if (a != null) {
        return a.elem();
      }
      throw new IllegalArgumentException("unknown id " + id);
    }
    return t;
  }

  /** Adds a scalar parameter and returns its node. */
  public int input(String paramName, ScalarType type, boolean active) {
    int id = freshId();
    params.add(new Function.Parameter(paramName, id, type, List.of(), active));
    add(new Node.Input(id, type, params.size() - 1));
    writableOrigins().put(id, new Function.Origin(paramName, line));
    return id;
  }

  /** Adds an array parameter of fixed shape and returns its array id. */
  public int inputArray(String paramName, ScalarType elem, List<Integer> shape, boolean active) {
    return inputArrayOf(paramName, elem, Extent.of(shape), active);
  }

  /** Adds an array parameter of the given extents and returns its array id. */
  public int inputArrayOf(String paramName, ScalarType elem, List<Extent> extents, boolean active) {
    int id = declare(paramName, elem, extents, ArrayDecl.Role.INPUT, false);
    params.add(new Function.Parameter(paramName, id, elem, extents, active));
    return id;
  }

  /**
   * Adds an array parameter whose dimensions given as null are known only at run time: each gets a
   * {@link Node.Length} node, added here. Returns the array id.
   */
  public int inputArrayWithLengths(
      String paramName, ScalarType elem, List<Integer> sizes, boolean active) {
    int id = freshId();
    List<Extent> extents = new ArrayList<>();
    for (int axis = 0; axis < sizes.size(); axis++) {
      Integer size = sizes.get(axis);
      if (size != null) {
        extents.add(Extent.of(size));
      } else {
        int len = add(new Node.Length(freshId(), id, axis));
        extents.add(new Extent.Dynamic(len));
      }
    }
    arrays.put(id, new ArrayDecl(id, paramName, elem, extents, ArrayDecl.Role.INPUT, false));
    params.add(new Function.Parameter(paramName, id, elem, extents, active));
    return id;
  }

  /** Declares a fixed-size array and returns its id. */
  public int declare(String arrayName, ScalarType elem, List<Integer> shape, ArrayDecl.Role role) {
    return declare(arrayName, elem, Extent.of(shape), role, false);
  }

  /** Declares an array of the given extents and returns its id. */
  public int declare(
      String arrayName,
      ScalarType elem,
      List<Extent> extents,
      ArrayDecl.Role role,
      boolean growable) {
    int id = freshId();
    arrays.put(id, new ArrayDecl(id, arrayName, elem, extents, role, growable));
    return id;
  }

  /** Replaces the declaration of an array (to change its role, name or extents). */
  public void redeclare(ArrayDecl decl) {
    arrays.put(decl.id(), decl);
  }

  /** The declaration of an array. */
  public ArrayDecl array(int id) {
    return arrays.get(id);
  }

  /** A {@code double} constant. */
  public int constant(double value) {
    return add(new Node.Const(freshId(), ScalarType.F64, value));
  }

  /** An {@code int} constant. */
  public int intConstant(int value) {
    return add(new Node.Const(freshId(), ScalarType.I32, value));
  }

  /** A {@code boolean} constant. */
  public int boolConstant(boolean value) {
    return add(new Node.Const(freshId(), ScalarType.BOOL, value ? 1 : 0));
  }

  /** Applies an operation. */
  public int apply(Op op, int... operands) {
    if (!op.accepts(operands.length)) {
      throw new IllegalArgumentException(op + " takes " + op.arity() + " operands");
    }
    for (int i = 0; i < operands.length; i++) {
      int o = operands[i];
      ScalarType t = typeOf(o);
      ScalarType want = op.operandType(i);
      boolean ok = want == null ? t == typeOf(operands[0]) && t != ScalarType.BOOL : t == want;
      if (!ok) {
        throw new IllegalArgumentException(op + " cannot take a " + t + " operand");
      }
    }
    List<Integer> list = new ArrayList<>();
    for (int o : operands) {
      list.add(o);
    }
    return add(new Node.Apply(freshId(), op, list));
  }

  /** {@code cond ? ifTrue : ifFalse}. */
  public int select(int cond, int ifTrue, int ifFalse) {
    ScalarType t = typeOf(ifTrue);
    if (typeOf(cond) != ScalarType.BOOL || typeOf(ifFalse) != t) {
      throw new IllegalArgumentException("select needs a boolean and two arms of one type");
    }
    return add(new Node.Select(freshId(), t, cond, ifTrue, ifFalse));
  }

  /** Reads an element. */
  public int load(int array, List<Integer> index) {
    ArrayDecl a = checkIndex(array, index);
    return add(new Node.Load(freshId(), a.elem(), array, index));
  }

  /** Writes an element. */
  public void store(int array, List<Integer> index, int value) {
    ArrayDecl a = checkIndex(array, index);
    if (typeOf(value) != a.elem()) {
      throw new IllegalArgumentException("storing a " + typeOf(value) + " into " + a.name());
    }
    add(new Node.Store(freshId(), array, index, value));
  }

  private ArrayDecl checkIndex(int array, List<Integer> index) {
    ArrayDecl a = arrays.get(array);
    if (a == null || a.rank() != index.size()) {
      throw new IllegalArgumentException("bad array access " + array + index);
    }
    for (int i : index) {
      if (typeOf(i) != ScalarType.I32) {
        throw new IllegalArgumentException("array index must be an int");
      }
    }
    return a;
  }

  /**
   * Opens a loop body with a fixed trip count; nodes created until {@link #endLoop} belong to it.
   */
  public LoopScope beginLoop(int count, boolean descending, List<Integer> inits) {
    if (count < 0) {
      throw new IllegalArgumentException("negative trip count " + count);
    }
    return beginLoop(Extent.of(count), descending, inits);
  }

  /** Opens a loop body; nodes created until {@link #endLoop} belong to it. */
  public LoopScope beginLoop(Extent trips, boolean descending, List<Integer> inits) {
    if (trips instanceof Extent.Dynamic d && typeOf(d.id()) != ScalarType.I32) {
      throw new IllegalArgumentException("a trip count must be an int");
    }
    int id = freshId();
    Node.Index index = new Node.Index(freshId());
    types.put(index.id(), ScalarType.I32);
    List<Node.Carried> carried = new ArrayList<>();
    List<Integer> carriedIds = new ArrayList<>();
    for (int slot = 0; slot < inits.size(); slot++) {
      Node.Carried c = new Node.Carried(freshId(), typeOf(inits.get(slot)), slot);
      types.put(c.id(), c.type());
      carried.add(c);
      carriedIds.add(c.id());
    }
    open.push(new OpenLoop(id, trips, descending, inits, index, carried));
    return new LoopScope(index.id(), carriedIds);
  }

  /** Closes the innermost loop; returns the ids of its results, one per carried value. */
  public List<Integer> endLoop(List<Integer> yields) {
    return endLoop(yields, null);
  }

  /**
   * Closes the innermost loop, which goes on after an iteration only while {@code again} (a {@code
   * BOOL} visible at the end of its body; null for always); returns its results.
   */
  public List<Integer> endLoop(List<Integer> yields, Integer again) {
    if (!(open.peek() instanceof OpenLoop l)) {
      throw new IllegalStateException("the innermost open block is not a loop");
    }
    open.pop();
    for (int slot = 0; slot < yields.size(); slot++) {
      if (typeOf(yields.get(slot)) != l.carried.get(slot).type()) {
        throw new IllegalArgumentException("yield of slot " + slot + " has the wrong type");
      }
    }
    if (again != null && typeOf(again) != ScalarType.BOOL) {
      throw new IllegalArgumentException("a loop's again must be a boolean");
    }
    Node.LoopBody body = new Node.LoopBody(l.index, l.carried, l.nodes, yields, again);
    add(new Node.Loop(l.id, l.trips, l.descending, l.inits, body));
    List<Integer> out = new ArrayList<>();
    for (Node.Carried c : l.carried) {
      out.add(add(new Node.LoopResult(freshId(), c.type(), l.id, c.slot())));
    }
    return out;
  }

  /** The id of the innermost open loop (what {@link #tripCount} takes once it is closed). */
  public int openLoop() {
    if (!(open.peek() instanceof OpenLoop l)) {
      throw new IllegalStateException("the innermost open block is not a loop");
    }
    return l.id;
  }

  /** Adds the number of iterations loop {@code loop} (closed in this block) ran. */
  public int tripCount(int loop) {
    return add(new Node.TripCount(freshId(), loop));
  }

  /** Opens a branch on {@code cond} and its then-arm; {@link #orElse} switches arms. */
  public void beginIf(int cond) {
    if (typeOf(cond) != ScalarType.BOOL) {
      throw new IllegalArgumentException("a branch condition must be a boolean");
    }
    open.push(new OpenIf(freshId(), cond));
  }

  /** Ends the then-arm of the innermost branch with {@code yields} and opens its else-arm. */
  public void orElse(List<Integer> yields) {
    if (!(open.peek() instanceof OpenIf b) || b.then != null) {
      throw new IllegalStateException("no open then-arm");
    }
    b.then = new Node.Block(b.nodes, yields);
    b.nodes = new ArrayList<>();
  }

  /**
   * Ends the else-arm of the innermost branch with {@code yields} (slot by slot of the then-arm's
   * types) and adds the branch; returns its results.
   */
  public List<Integer> endIf(List<Integer> yields) {
    if (!(open.peek() instanceof OpenIf b) || b.then == null) {
      throw new IllegalStateException("no open else-arm");
    }
    open.pop();
    if (yields.size() != b.then.yields().size()) {
      throw new IllegalArgumentException("both arms must yield the same number of values");
    }
    List<ScalarType> slotTypes = new ArrayList<>();
    for (int slot = 0; slot < yields.size(); slot++) {
      ScalarType t = typeOf(b.then.yields().get(slot));
      if (typeOf(yields.get(slot)) != t) {
        throw new IllegalArgumentException("the arms yield different types in slot " + slot);
      }
      slotTypes.add(t);
    }
    add(new Node.If(b.id, b.cond, b.then, new Node.Block(b.nodes, yields)));
    List<Integer> out = new ArrayList<>();
    for (int slot = 0; slot < slotTypes.size(); slot++) {
      out.add(add(new Node.IfResult(freshId(), slotTypes.get(slot), b.id, slot)));
    }
    return out;
  }

  /**
   * Adds a {@link Node.Check}: throws with {@code message} over {@code args} unless {@code cond}.
   */
  public void check(int cond, String message, List<Integer> args) {
    if (typeOf(cond) != ScalarType.BOOL) {
      throw new IllegalArgumentException("a check's condition must be a boolean");
    }
    for (int a : args) {
      if (typeOf(a) != ScalarType.I32) {
        throw new IllegalArgumentException("a check's message takes ints");
      }
    }
    add(new Node.Check(freshId(), cond, message, args));
  }

  /**
   * Runs {@code build} with new nodes appended to the block open at {@code depth} (0 is the top
   * level; loop bodies and branch arms count) instead of the innermost one. A value created this
   * way lands before the blocks opened since, so it is visible in them: reverse mode uses this to
   * recompute a forward value in the outer iteration that first needs it.
   */
  public int atDepth(int depth, java.util.function.IntSupplier build) {
    if (depth < 0 || depth > open.size()) {
      throw new IllegalArgumentException("no open block at depth " + depth);
    }
    int saved = targetDepth;
    targetDepth = depth;
    try {
      return build.getAsInt();
    } finally {
      targetDepth = saved;
    }
  }

  private List<Node> targetBlock() {
    int depth = targetDepth < 0 ? open.size() : targetDepth;
    if (depth == 0) {
      return top;
    }
    // The deque iterates innermost first; depth counts from the outermost.
    int fromInnermost = open.size() - depth;
    java.util.Iterator<OpenBlock> it = open.iterator();
    for (int k = 0; k < fromInnermost; k++) {
      it.next();
    }
    return it.next().nodes;
  }

  /** Adds an already-built node (its id must come from {@link #freshId}). */
  public int add(Node node) {
    types.put(node.id(), node.type());
    targetBlock().add(node);
    if (line > 0 && !origins.containsKey(node.id())) {
      writableOrigins().put(node.id(), new Function.Origin(null, line));
    }
    return node.id();
  }

  /** Number of blocks currently open (loop bodies and branch arms). */
  public int depth() {
    return open.size();
  }

  /** Declares a result of fixed shape ({@code []} for a scalar). */
  public void result(String resultName, int id, List<Integer> shape) {
    results.add(Function.Result.of(resultName, id, shape));
  }

  /** Declares a result of the given extents ({@code []} for a scalar). */
  public void resultOf(String resultName, int id, List<Extent> extents) {
    results.add(new Function.Result(resultName, id, extents));
  }

  /** Records that {@code call.output()} holds a library function of {@code call.input()}. */
  public void libraryCall(LibraryCall call) {
    calls.add(call);
  }

  /** The finished function. */
  public Function build() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed loop or branch");
    }
    return new Function(name, params, arrays, top, results, calls, origins, nextId);
  }

  /** Types by id, in an array: ids are small and dense. Negative ids go to a hash map. */
  private static final class Types {
    private ScalarType[] byId = new ScalarType[64];
    private Map<Integer, ScalarType> negative;

    ScalarType get(int id) {
      if (id >= 0) {
        return id < byId.length ? byId[id] : null;
      }
      return negative == null ? null : negative.get(id);
    }

    void put(int id, ScalarType type) {
      if (id >= 0) {
        if (id >= byId.length) {
          byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, 2 * byId.length));
        }
        byId[id] = type;
      } else {
        if (negative == null) {
          negative = new HashMap<>();
        }
        negative.put(id, type);
      }
    }
  }
}
