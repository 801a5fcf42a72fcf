package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
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

/**
 * Replaces a pure node by an equal earlier one that is visible at its position (same block or an
 * enclosing one), so every value is computed once per execution of its block.
 *
 * <p>Constants are equal when their types and raw bits are ({@code -0.0} differs from {@code 0.0},
 * NaN payloads are distinguished); operations and selects when their operation and (renamed)
 * operands are, and lengths of the same parameter dimension; inputs, checks and trip counts are
 * never merged. A load reuses an earlier load of the same element only if nothing can have stored
 * into that array in between: not in the same block since, not earlier in a branch arm between
 * them, and not anywhere in a loop whose body separates the two (so a mutated array is reused only
 * while it surely holds the same element). Nothing defined in a loop body or a branch arm is
 * visible after it, and nothing is moved: hoisting is {@link LoopInvariantCodeMotion}'s job.
 */
public final class CommonSubexpressionElimination {

  // The keys spell out equals and hashCode: they are hashed once per node per pass, and the
  // generated record methods (method handles) are slow until the JIT has compiled them.

  private record ConstKey(ScalarType type, long bits) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ConstKey k && k.type == type && k.bits == bits;
    }

    @Override
    public int hashCode() {
      return 31 * type.hashCode() + Long.hashCode(bits);
    }
  }

  private record ApplyKey(Op op, List<Integer> operands) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ApplyKey k && k.op == op && k.operands.equals(operands);
    }

    @Override
    public int hashCode() {
      return 31 * op.hashCode() + operands.hashCode();
    }
  }

  private record SelectKey(ScalarType type, int cond, int ifTrue, int ifFalse) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SelectKey k
          && k.type == type
          && k.cond == cond
          && k.ifTrue == ifTrue
          && k.ifFalse == ifFalse;
    }

    @Override
    public int hashCode() {
      return ((31 * type.hashCode() + cond) * 31 + ifTrue) * 31 + ifFalse;
    }
  }

  private record LengthKey(int array, int axis) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LengthKey k && k.array == array && k.axis == axis;
    }

    @Override
    public int hashCode() {
      return 31 * array + axis;
    }
  }

  private record LoadKey(int array, List<Integer> index) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LoadKey k && k.array == array && k.index.equals(index);
    }

    @Override
    public int hashCode() {
      return 31 * array + index.hashCode();
    }
  }

  /** The values available in one block: pure nodes, and loads not yet invalidated by a store. */
  private static final class Frame {
    final Map<Object, Integer> pure = new HashMap<>();

    /** Available loads, by array (so that a store drops its array's at once). */
    final Map<Integer, Map<LoadKey, Integer>> loads = new HashMap<>();

    /** Arrays stored anywhere in the loop body this frame belongs to (none at the top level). */
    final Set<Integer> storedInBody;

    /** Arrays stored in this block so far, nested blocks included. */
    final Set<Integer> storedSoFar = new HashSet<>();

    Frame(Set<Integer> storedInBody) {
      this.storedInBody = storedInBody;
    }

    void invalidate(int array) {
      loads.remove(array);
      storedSoFar.add(array);
    }

    /** Whether a load made outside this block may be stale here. */
    boolean blocks(int array) {
      return storedInBody.contains(array) || storedSoFar.contains(array);
    }

    Integer load(LoadKey key) {
      Map<LoadKey, Integer> ofArray = loads.get(key.array());
      return ofArray == null ? null : ofArray.get(key);
    }

    void putLoad(LoadKey key, int id) {
      loads.computeIfAbsent(key.array(), a -> new HashMap<>()).put(key, id);
    }
  }

  private final Ids.Renaming alias;

  /** Open blocks, innermost first. */
  private final Deque<Frame> frames = new ArrayDeque<>();

  private CommonSubexpressionElimination(Function f) {
    alias = new Ids.Renaming(f.nextId());
  }

  /** {@code f} with redundant pure nodes and loads removed; results are unchanged bit for bit. */
  public static Function run(Function f) {
    CommonSubexpressionElimination p = new CommonSubexpressionElimination(f);
    List<Node> body = p.block(f.body(), Set.of());
    return Rewrite.finish(f, body, p.alias);
  }

  private List<Node> block(List<Node> nodes, Set<Integer> storedInBody) {
    Frame frame = new Frame(storedInBody);
    frames.push(frame);
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, alias);
      if (n instanceof Node.Loop l) {
        List<Node> body = block(l.body().nodes(), Blocks.storedArrays(l.body().nodes()));
        n = Rewrite.withBody(l, body, alias);
        // Loads made before the loop may be stale after it.
        for (int array : Blocks.storedArrays(body)) {
          frame.invalidate(array);
        }
      } else if (n instanceof Node.If b) {
        // Each arm is a block of its own: its values are not visible after the branch.
        List<Node> then = block(b.then().nodes(), Set.of());
        n = Rewrite.withArms(b, then, block(b.orElse().nodes(), Set.of()), alias);
        for (List<Node> arm : n.blocks()) {
          for (int array : Blocks.storedArrays(arm)) {
            frame.invalidate(array);
          }
        }
      } else if (n instanceof Node.Store s) {
        frame.invalidate(s.array());
      } else if (n instanceof Node.Load l) {
        LoadKey key = new LoadKey(l.array(), l.index());
        Integer same = findLoad(key);
        if (same != null) {
          alias.put(l.id(), same);
          continue;
        }
        frame.putLoad(key, l.id());
      } else {
        Object key = key(n);
        if (key != null) {
          Integer same = findPure(key);
          if (same != null) {
            alias.put(n.id(), same);
            continue;
          }
          frame.pure.put(key, n.id());
        }
      }
      out.add(n);
    }
    frames.pop();
    return out;
  }

  /** The value-numbering key of a pure node, or null for nodes never merged. */
  private static Object key(Node n) {
    if (n instanceof Node.Const c) {
      return new ConstKey(c.type(), Double.doubleToRawLongBits(c.value()));
    } else if (n instanceof Node.Apply a) {
      return new ApplyKey(a.op(), a.operands());
    } else if (n instanceof Node.Select s) {
      return new SelectKey(s.type(), s.cond(), s.ifTrue(), s.ifFalse());
    } else if (n instanceof Node.Length len) {
      return new LengthKey(len.array(), len.axis());
    }
    return null;
  }

  private Integer findPure(Object key) {
    for (Frame frame : frames) {
      Integer id = frame.pure.get(key);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  private Integer findLoad(LoadKey key) {
    Iterator<Frame> it = frames.iterator();
    while (it.hasNext()) {
      Frame frame = it.next();
      Integer id = frame.load(key);
      if (id != null) {
        return id;
      }
      // A load outside this block is stale if the block stored into the array before, or, in a
      // loop body, anywhere: an earlier iteration may have written the element.
      if (frame.blocks(key.array())) {
        return null;
      }
    }
    return null;
  }
}
