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
  private final Deque<OpenLoop> open = new ArrayDeque<>();
  private final List<Node> top = new ArrayList<>();
  private int nextId;
  private int line;
  private int targetDepth = -1;

  /** The index and carried values of a loop being built. */
  public record LoopScope(int index, List<Integer> carried) {}

  private record OpenLoop(
      int id,
      int count,
      boolean descending,
      List<Integer> inits,
      Node.Index index,
      List<Node.Carried> carried,
      List<Node> nodes) {}

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

  /** Adds an array parameter and returns its array id. */
  public int inputArray(String paramName, ScalarType elem, List<Integer> shape, boolean active) {
    int id = declare(paramName, elem, shape, ArrayDecl.Role.INPUT);
    params.add(new Function.Parameter(paramName, id, elem, shape, active));
    return id;
  }

  /** Declares an array and returns its id. */
  public int declare(String arrayName, ScalarType elem, List<Integer> shape, ArrayDecl.Role role) {
    int id = freshId();
    arrays.put(id, new ArrayDecl(id, arrayName, elem, shape, role));
    return id;
  }

  /** Replaces the declaration of an array (to change its role or name). */
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
    if (operands.length != op.arity()) {
      throw new IllegalArgumentException(op + " takes " + op.arity() + " operands");
    }
    for (int o : operands) {
      ScalarType t = typeOf(o);
      ScalarType want = op.operandType();
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

  /** Opens a loop body; nodes created until {@link #endLoop} belong to it. */
  public LoopScope beginLoop(int count, boolean descending, List<Integer> inits) {
    if (count < 0) {
      throw new IllegalArgumentException("negative trip count " + count);
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
    open.push(
        new OpenLoop(id, count, descending, List.copyOf(inits), index, carried, new ArrayList<>()));
    return new LoopScope(index.id(), carriedIds);
  }

  /** Closes the innermost loop; returns the ids of its results, one per carried value. */
  public List<Integer> endLoop(List<Integer> yields) {
    OpenLoop l = open.pop();
    for (int slot = 0; slot < yields.size(); slot++) {
      if (typeOf(yields.get(slot)) != l.carried().get(slot).type()) {
        throw new IllegalArgumentException("yield of slot " + slot + " has the wrong type");
      }
    }
    Node.LoopBody body = new Node.LoopBody(l.index(), l.carried(), l.nodes(), yields);
    add(new Node.Loop(l.id(), l.count(), l.descending(), l.inits(), body));
    List<Integer> out = new ArrayList<>();
    for (Node.Carried c : l.carried()) {
      out.add(add(new Node.LoopResult(freshId(), c.type(), l.id(), c.slot())));
    }
    return out;
  }

  /**
   * Runs {@code build} with new nodes appended to the block open at {@code depth} (0 is the top
   * level) instead of the innermost one. A value created this way lands before the loops opened
   * since, so it is visible in them: reverse mode uses this to recompute a forward value in the
   * outer iteration that first needs it.
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
    java.util.Iterator<OpenLoop> it = open.iterator();
    for (int k = 0; k < fromInnermost; k++) {
      it.next();
    }
    return it.next().nodes();
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

  /** Number of loops currently open. */
  public int depth() {
    return open.size();
  }

  /** Declares a result. */
  public void result(String resultName, int id, List<Integer> shape) {
    results.add(new Function.Result(resultName, id, shape));
  }

  /** The finished function. */
  /** Records that {@code call.output()} holds a library function of {@code call.input()}. */
  public void libraryCall(LibraryCall call) {
    calls.add(call);
  }

  public Function build() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed loop");
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
