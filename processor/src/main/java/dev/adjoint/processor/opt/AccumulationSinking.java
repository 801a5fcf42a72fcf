package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.FirstWrites;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves an accumulation into an array element at an index it cannot place, {@code a[k] = a[k] + c},
 * after the accumulations into {@code a} that follow it in its block, when {@link FirstWrites} then
 * proves those fresh: the results are unchanged bit for bit, and {@link FreshAccumulation} can turn
 * the followers into plain stores (so the emitter need not clear {@code a} first).
 *
 * <p>Why: reverse mode accumulates a cross-entropy's {@code -1} at the target, {@code g[target] +=
 * -1}, and then every {@code g[i] += p[i]}; since {@code target} may be any element, no later
 * element is provably unwritten, and {@code g} must be cleared before. Sunk after them, the
 * followers write fresh elements and the {@code -1} is added last.
 *
 * <p>Exact: every follower adds into an element nothing wrote before it (the check afterwards), so
 * an element {@code k} that is also a follower's was zero before: it gets two additions into a
 * zero, {@code (0 + c) + x} before and {@code (0 + x) + c} after, which are equal (IEEE addition is
 * commutative, and a zero's sign comes out the same both ways). Nothing in between may read {@code
 * a} other than to accumulate, nor read or write an array that may share its storage (the caller's
 * arrays, when {@code a} is one), nor throw (a check, an index check, a division): nothing moves
 * across those, nor across a branch that touches {@code a}.
 */
public final class AccumulationSinking {

  /** Candidates tried per function: each costs a {@link FirstWrites} analysis. */
  static final int MAX_ATTEMPTS = 16;

  private final Function f;
  private final Map<Integer, Node> byId;
  private final Map<Integer, Integer> uses;

  /** The store of each accumulation {@code a[k] = a[k] + x}, by the id of its load. */
  private final Map<Integer, Node.Store> accumulationStores = new HashMap<>();

  /** Per array, the loads {@link FirstWrites} proves fresh before any move. */
  private final Map<Integer, Set<Integer>> fresh = new HashMap<>();

  private AccumulationSinking(Function f) {
    this.f = f;
    this.byId = f.nodesById();
    this.uses = Blocks.useCounts(f);
    for (Node n : byId.values()) {
      if (n instanceof Node.Store st) {
        int[] t = accumulation(st);
        if (t != null) {
          accumulationStores.put(t[0], st);
        }
      }
    }
  }

  private Set<Integer> freshIn(int array) {
    return fresh.computeIfAbsent(array, a -> FirstWrites.of(f, byId, a).freshLoads());
  }

  /** {@code f} with each such accumulation sunk; {@code f} itself if none can be. */
  public static Function run(Function f) {
    Set<Integer> tried = new HashSet<>();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      AccumulationSinking p = new AccumulationSinking(f);
      Function moved = p.sinkOne(f.body(), tried);
      if (moved == null) {
        return f;
      }
      f = moved;
    }
    return f;
  }

  /** The function with the first sinkable accumulation sunk, or null. */
  private Function sinkOne(List<Node> top, Set<Integer> tried) {
    List<Move> moves = new ArrayList<>();
    candidates(top, moves);
    for (Move m : moves) {
      if (!tried.add(m.store)) {
        continue;
      }
      List<Node> body = apply(top, m);
      Function moved = Rewrite.finish(f, body, id -> id);
      Set<Integer> fresh = FirstWrites.of(moved, moved.nodesById(), m.array).freshLoads();
      if (fresh.containsAll(m.followerLoads)) {
        return moved;
      }
    }
    return null;
  }

  /**
   * A planned move: the accumulation's load, sum and store ids, the array, the id after which they
   * go, and the followers' loads that must then be fresh.
   */
  private record Move(
      int load, int sum, int store, int array, int after, List<Integer> followerLoads) {}

  /** Finds planned moves in {@code block} and the blocks nested in it. */
  private void candidates(List<Node> block, List<Move> out) {
    for (int i = 0; i < block.size(); i++) {
      Node n = block.get(i);
      for (List<Node> inner : n.blocks()) {
        candidates(inner, out);
      }
      if (n instanceof Node.Store s) {
        Move m = plan(block, i, s);
        if (m != null) {
          out.add(m);
        }
      }
    }
  }

  /** The move of the accumulation stored by {@code block[at]}, or null. */
  private Move plan(List<Node> block, int at, Node.Store s) {
    int[] triple = accumulation(s);
    if (triple == null) {
      return null;
    }
    int load = triple[0];
    int sum = triple[1];
    if (s.index().stream().allMatch(id -> byId.get(id) instanceof Node.Const)) {
      return null; // FirstWrites places a constant index: it blocks no follower
    }
    // The load and the sum must be in this block, with nothing touching the array in between.
    int loadAt = -1;
    for (int i = at - 1; i >= 0 && loadAt < 0; i--) {
      Node n = block.get(i);
      if (n.id() == load) {
        loadAt = i;
      } else if (n.id() != sum && touches(n, s.array())) {
        return null;
      }
    }
    if (loadAt < 0) {
      return null;
    }
    // Scan the followers: accumulations into the array (or loops of them), other work in between.
    List<Integer> followerLoads = new ArrayList<>();
    Set<Integer> openStores = new HashSet<>();
    int after = -1;
    int done = 0; // followers whose accumulations are complete by `after`
    for (int i = at + 1; i < block.size(); i++) {
      Node n = block.get(i);
      if (barrier(n) || n instanceof Node.If && touches(n, s.array())) {
        break;
      } else if (n instanceof Node.Loop l) {
        if (!openStores.isEmpty()) {
          break;
        }
        List<Integer> inner = new ArrayList<>();
        if (!onlyAccumulations(l.body().nodes(), s.array(), inner)) {
          break;
        }
        if (!inner.isEmpty()) {
          followerLoads.addAll(inner);
          done = followerLoads.size();
          after = n.id();
        }
      } else if (n instanceof Node.Load ld && ld.array() == s.array()) {
        Node.Store st = accumulationStores.get(ld.id());
        if (st == null) {
          break;
        }
        followerLoads.add(ld.id());
        openStores.add(st.id());
      } else if (n instanceof Node.Store st && st.array() == s.array()) {
        if (!openStores.remove(st.id())) {
          break;
        }
        if (openStores.isEmpty()) {
          done = followerLoads.size();
          after = n.id();
        }
      } else if (touches(n, s.array())) {
        break;
      }
    }
    if (after < 0) {
      return null;
    }
    List<Integer> followers = followerLoads.subList(0, done);
    if (freshIn(s.array()).containsAll(followers)) {
      return null; // the followers are fresh already
    }
    return new Move(load, sum, s.id(), s.array(), after, List.copyOf(followers));
  }

  /** The load and sum of {@code a[k] = a[k] + x} stored by {@code s}, each used once, or null. */
  private int[] accumulation(Node.Store s) {
    if (!(byId.get(s.value()) instanceof Node.Apply add)
        || add.op() != Op.ADD
        || uses.getOrDefault(add.id(), 0) != 1) {
      return null;
    }
    for (int operand : add.operands()) {
      if (byId.get(operand) instanceof Node.Load l
          && l.array() == s.array()
          && l.index().equals(s.index())
          && uses.getOrDefault(l.id(), 0) == 1) {
        return new int[] {l.id(), add.id()};
      }
    }
    return null;
  }

  /**
   * True if every access of {@code block} (nested loops included) to {@code array} is an
   * accumulation within one block, and nothing touches an array that may share its storage.
   */
  private boolean onlyAccumulations(List<Node> block, int array, List<Integer> loads) {
    Set<Integer> open = new HashSet<>();
    for (Node n : block) {
      if (n instanceof Node.If || barrier(n)) {
        if (touches(n, array) || barrier(n)) {
          return false;
        }
      } else if (n instanceof Node.Loop l) {
        if (!onlyAccumulations(l.body().nodes(), array, loads)) {
          return false;
        }
      } else if (n instanceof Node.Load ld && ld.array() == array) {
        Node.Store st = accumulationStores.get(ld.id());
        if (st == null) {
          return false;
        }
        loads.add(ld.id());
        open.add(st.id());
      } else if (n instanceof Node.Store st && st.array() == array) {
        if (!open.remove(st.id())) {
          return false;
        }
      } else if (touches(n, array)) {
        return false;
      }
    }
    return open.isEmpty();
  }

  /** True if {@code n} reads or writes {@code array} or an array that may share its storage. */
  private boolean touches(Node n, int array) {
    int other;
    if (n instanceof Node.Load l) {
      other = l.array();
    } else if (n instanceof Node.Store s) {
      other = s.array();
    } else {
      for (List<Node> block : n.blocks()) {
        for (Node inner : block) {
          if (touches(inner, array)) {
            return true;
          }
        }
      }
      return false;
    }
    return other == array || (isCaller(array) && isCaller(other));
  }

  /** A node nothing is moved across: it may throw (a check first of all), or holds one that may. */
  private boolean barrier(Node n) {
    return Blocks.any(List.of(n), x -> Blocks.mayThrow(x, byId::get));
  }

  private boolean isCaller(int array) {
    return f.array(array).role() != ArrayDecl.Role.LOCAL;
  }

  /** {@code top} with the move done in whichever block holds it. */
  private static List<Node> apply(List<Node> block, Move m) {
    List<Node> out = new ArrayList<>(block.size());
    List<Node> moving = new ArrayList<>(3);
    for (Node n : block) {
      if (n.id() == m.load || n.id() == m.sum || n.id() == m.store) {
        moving.add(n);
        continue;
      }
      n = Rewrite.regions(n, inner -> apply(inner, m), id -> id);
      out.add(n);
      if (n.id() == m.after) {
        out.addAll(moving);
      }
    }
    return out;
  }
}
