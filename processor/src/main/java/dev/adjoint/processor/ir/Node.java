package dev.adjoint.processor.ir;

import java.util.List;

/**
 * One node of the IR: a scalar SSA value, a store into an array, or a structured loop.
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

  /** The ids this node reads, in order. Loop operands are its initial carried values. */
  List<Integer> operands();

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

  /** A unary or binary operation. */
  record Apply(int id, Op op, List<Integer> operands) implements Node {
    public Apply {
      operands = List.copyOf(operands);
      if (operands.size() != op.arity()) {
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
   * A counted loop with a compile-time trip count and loop-carried values (like MLIR's {@code
   * scf.for} with {@code iter_args}). The body sees the index and the carried values of the current
   * iteration; its yields become the carried values of the next; after the loop, {@link LoopResult}
   * nodes read the final carried values.
   *
   * @param inits the carried values entering the first iteration
   * @param descending whether the index runs from {@code count - 1} down to 0
   */
  record Loop(int id, int count, boolean descending, List<Integer> inits, LoopBody body)
      implements Node {
    public Loop {
      inits = List.copyOf(inits);
      if (inits.size() != body.carried().size() || inits.size() != body.yields().size()) {
        throw new IllegalArgumentException("carried values, inits and yields must match");
      }
    }

    @Override
    public ScalarType type() {
      return ScalarType.VOID;
    }

    @Override
    public List<Integer> operands() {
      return inits;
    }
  }

  /** The body of a {@link Loop}: its index, carried values, nodes and yields. */
  record LoopBody(Index index, List<Carried> carried, List<Node> nodes, List<Integer> yields) {
    public LoopBody {
      carried = List.copyOf(carried);
      nodes = List.copyOf(nodes);
      yields = List.copyOf(yields);
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
