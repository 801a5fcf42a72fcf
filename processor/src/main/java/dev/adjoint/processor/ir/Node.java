package dev.adjoint.processor.ir;

import java.util.List;

/**
 * One node of the IR: a scalar SSA value, a store into an array, a check, or a structured region (a
 * loop or a branch).
 *
 * <p>Nodes refer to their operands by id, never by object, so that records stay shallow (cheap
 * equality, no deep recursion over large graphs) and passes can rewrite operands through a map.
 * Every id is defined exactly once in a {@link Function}; a node may use ids defined before it in
 * its own block or in an enclosing block.
 */
public sealed interface Node {

  /** This node's id, unique within its function. */
  int id();

  /** The type of the value this node defines ({@link ScalarType#VOID} for effects). */
  ScalarType type();

  /**
   * The ids this node reads where it stands, in order: for a loop its initial carried values, then
   * its trip count's node if that is dynamic; for a branch its condition. What a loop body or an
   * arm reads is in its own nodes, yields and {@code again}.
   */
  List<Integer> operands();

  /** The blocks nested in this node: a loop's body, a branch's two arms; none for other nodes. */
  default List<List<Node>> blocks() {
    if (this instanceof Loop l) {
      return List.of(l.body().nodes());
    }
    if (this instanceof If b) {
      return List.of(b.then().nodes(), b.orElse().nodes());
    }
    return List.of();
  }

  /** A constant. Integers and booleans (1 or 0) are held exactly in the double. */
  record Const(int id, ScalarType type, double value) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of();
    }
  }

  /** A scalar parameter of the function ({@code Value}, {@code double}, {@code int}, ...). */
  record Input(int id, ScalarType type, int param) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of();
    }
  }

  /** An operation on its operands (one or two, three for a link, any for a call). */
  record Apply(int id, Op op, List<Integer> operands) implements Node {
    public Apply {
      operands = List.copyOf(operands);
      if (!op.accepts(operands.size())) {
        throw new IllegalArgumentException(op + " takes " + op.arity() + " operands");
      }
    }

    @Override
    public ScalarType type() {
      return op.resultType();
    }
  }

  /** {@code cond ? ifTrue : ifFalse}; both arms are evaluated (they are side-effect free). */
  record Select(int id, ScalarType type, int cond, int ifTrue, int ifFalse) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of(cond, ifTrue, ifFalse);
    }
  }

  /** Reads one element of an array; {@code index} has one id per dimension. */
  record Load(int id, ScalarType type, int array, List<Integer> index) implements Node {
    public Load {
      index = List.copyOf(index);
    }

    @Override
    public List<Integer> operands() {
      return index;
    }
  }

  /** Writes one element of an array. */
  record Store(int id, int array, List<Integer> index, int value) implements Node {
    public Store {
      index = List.copyOf(index);
    }

    @Override
    public ScalarType type() {
      return ScalarType.VOID;
    }

    @Override
    public List<Integer> operands() {
      return java.util.stream.Stream.concat(index.stream(), java.util.stream.Stream.of(value))
          .toList();
    }
  }

  /**
   * A loop with loop-carried values (like MLIR's {@code scf.for} with {@code iter_args}). It runs
   * at most {@code trips} iterations (a compile-time constant or an {@code I32} value; a negative
   * value runs none). The body sees the index and the carried values of the current iteration; its
   * yields become the carried values of the next; after the loop, {@link LoopResult} nodes read the
   * final carried values and {@link TripCount} the number of iterations that ran.
   *
   * <p>With {@link LoopBody#again} set, the loop stops early after the first iteration whose {@code
   * again} is false ({@code break}, {@code while}): then {@code trips} is only a bound ({@code
   * Integer.MAX_VALUE} for none), and the loop runs upwards.
   *
   * @param inits the carried values entering the first iteration
   * @param descending whether the index runs from {@code trips - 1} down to 0
   */
  record Loop(int id, Extent trips, boolean descending, List<Integer> inits, LoopBody body)
      implements Node {
    public Loop {
      inits = List.copyOf(inits);
      if (inits.size() != body.carried().size() || inits.size() != body.yields().size()) {
        throw new IllegalArgumentException("carried values, inits and yields must match");
      }
      if (descending && body.again() != null) {
        throw new IllegalArgumentException("a loop that may stop early runs upwards");
      }
      if (trips instanceof Extent.Fixed f && f.size() < 0) {
        throw new IllegalArgumentException("negative trip count " + f.size());
      }
    }

    /** A loop with a compile-time trip count. */
    public Loop(int id, int count, boolean descending, List<Integer> inits, LoopBody body) {
      this(id, Extent.of(count), descending, inits, body);
    }

    /**
     * The compile-time trip count, for code that handles only static loops (it throws on a dynamic
     * one, and is wrong for a loop that may stop early: check {@link #isCounted}).
     */
    public int count() {
      return trips.fixed();
    }

    /** True if the loop runs exactly a compile-time number of iterations. */
    public boolean isCounted() {
      return trips.isFixed() && body.again() == null;
    }

    /** True if the loop may stop before {@code trips} iterations. */
    public boolean stopsEarly() {
      return body.again() != null;
    }

    @Override
    public ScalarType type() {
      return ScalarType.VOID;
    }

    /** The initial carried values, then the trip count's node when it is dynamic. */
    @Override
    public List<Integer> operands() {
      if (trips instanceof Extent.Dynamic d) {
        List<Integer> out = new java.util.ArrayList<>(inits);
        out.add(d.id());
        return out;
      }
      return inits;
    }

    /** This loop with another trip count. */
    public Loop withTrips(Extent t) {
      return t.equals(trips) ? this : new Loop(id, t, descending, inits, body);
    }
  }

  /**
   * The body of a {@link Loop}: its index, carried values, nodes and yields, and {@code again}: the
   * {@code BOOL} value deciding, after the yields, whether another iteration runs (null: it does,
   * up to the trip count).
   */
  record LoopBody(
      Index index, List<Carried> carried, List<Node> nodes, List<Integer> yields, Integer again) {
    public LoopBody {
      carried = List.copyOf(carried);
      nodes = List.copyOf(nodes);
      yields = List.copyOf(yields);
    }

    /** This body with other nodes and yields (same index, carried values and {@code again}). */
    public LoopBody with(List<Node> newNodes, List<Integer> newYields) {
      return new LoopBody(index, carried, newNodes, newYields, again);
    }

    /** The ids the end of the body reads: the yields, then {@code again}. */
    public List<Integer> exits() {
      if (again == null) {
        return yields;
      }
      List<Integer> out = new java.util.ArrayList<>(yields);
      out.add(again);
      return out;
    }
  }

  /**
   * A branch (like MLIR's {@code scf.if}): only the arm {@code cond} selects runs. Values defined
   * in an arm are visible only there; each arm yields one value per slot and {@link IfResult} nodes
   * after the branch read the yields of the arm that ran.
   */
  record If(int id, int cond, Block then, Block orElse) implements Node {
    public If {
      if (then.yields().size() != orElse.yields().size()) {
        throw new IllegalArgumentException("both arms must yield the same number of values");
      }
    }

    @Override
    public ScalarType type() {
      return ScalarType.VOID;
    }

    @Override
    public List<Integer> operands() {
      return List.of(cond);
    }

    /** Number of result slots. */
    public int slots() {
      return then.yields().size();
    }
  }

  /** One arm of an {@link If}: its nodes and the values it yields. */
  record Block(List<Node> nodes, List<Integer> yields) {
    public Block {
      nodes = List.copyOf(nodes);
      yields = List.copyOf(yields);
    }

    /** An arm with no nodes and no yields. */
    public static Block empty() {
      return new Block(List.of(), List.of());
    }
  }

  /** The value of slot {@code slot} of the arm of {@link If} {@code ifId} that ran. */
  record IfResult(int id, ScalarType type, int ifId, int slot) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of(ifId);
    }
  }

  /** The number of iterations loop {@code loop} ran (an {@code I32}; after the loop). */
  record TripCount(int id, int loop) implements Node {
    @Override
    public ScalarType type() {
      return ScalarType.I32;
    }

    @Override
    public List<Integer> operands() {
      return List.of(loop);
    }
  }

  /**
   * The extent of dimension {@code axis} of parameter array {@code array}, as the caller passed it
   * (an {@code I32}; the generated code reads {@code x.length}).
   */
  record Length(int id, int array, int axis) implements Node {
    @Override
    public ScalarType type() {
      return ScalarType.I32;
    }

    @Override
    public List<Integer> operands() {
      return List.of();
    }
  }

  /**
   * Throws {@code IllegalArgumentException} when {@code cond} is false, with {@code message}
   * formatted ({@link String#format}) over the {@code I32} values {@code args}. An effect: never
   * removed or moved across another effect.
   */
  record Check(int id, int cond, String message, List<Integer> args) implements Node {
    public Check {
      args = List.copyOf(args);
    }

    @Override
    public ScalarType type() {
      return ScalarType.VOID;
    }

    @Override
    public List<Integer> operands() {
      List<Integer> out = new java.util.ArrayList<>(args.size() + 1);
      out.add(cond);
      out.addAll(args);
      return out;
    }
  }

  /** The index of the enclosing loop, defined by the loop itself. */
  record Index(int id) implements Node {
    @Override
    public ScalarType type() {
      return ScalarType.I32;
    }

    @Override
    public List<Integer> operands() {
      return List.of();
    }
  }

  /** A carried value of the current iteration, defined by the loop itself. */
  record Carried(int id, ScalarType type, int slot) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of();
    }
  }

  /** The final value of carried slot {@code slot} of loop {@code loop}. */
  record LoopResult(int id, ScalarType type, int loop, int slot) implements Node {
    @Override
    public List<Integer> operands() {
      return List.of(loop);
    }
  }
}
