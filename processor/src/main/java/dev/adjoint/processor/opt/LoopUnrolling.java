package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fully unrolls short loops with small bodies into straight-line code: one copy of the body per
 * iteration, in iteration order, with the index replaced by an int constant and the carried values
 * threaded from each copy's yields into the next; the loop's results become the last yields.
 *
 * <p>Operation order is exactly the loop's, so results are unchanged bit for bit. Innermost loops
 * are considered first. Only loops that run a fixed number of times are unrolled: not one with a
 * runtime trip count or an {@code again}; the loops and branches inside a copied body are copied
 * whole. Copies keep the origin (name and line) of the node they copy.
 */
public final class LoopUnrolling {

  /**
   * Default largest trip count unrolled. Measured on this machine (JDK 17, dot product of two
   * {@code double[]}, best of 24 timed batches): straight-line code runs as fast as HotSpot's own
   * compilation of the loop up to n = 16 and 4-25% slower at n = 32 and 64. Unrolling therefore
   * pays only through what it enables (constant indices folded, reverse mode without a tape for the
   * carried values) and stops where it starts to cost.
   */
  public static final int UNROLL_LIMIT = 16;

  /**
   * Largest body (nodes, nested loops counted with their bodies) that is unrolled, unless the loop
   * runs at most once.
   */
  public static final int MAX_BODY_NODES = 40;

  /** Largest trip count unrolled when the body calls a transcendental function. */
  public static final int MAX_CALLS_UNROLLED = 4;

  /** Largest unrolled size (trip count times body nodes) of one loop, unless it runs once. */
  public static final int MAX_UNROLLED_NODES = 128;

  /**
   * Most nodes one run may add to a function (one maximal unroll), so that a method with many short
   * loops still stays well under HotSpot's 8,000-byte limit for JIT compilation.
   */
  public static final int MAX_ADDED_NODES = UNROLL_LIMIT * MAX_BODY_NODES;

  private final Builder b;
  private final int limit;
  private final Map<Integer, Integer> alias = new HashMap<>();
  private final Map<Integer, List<Integer>> unrolled = new HashMap<>();
  private final Set<Integer> callOutputs = new HashSet<>();
  private int budget = MAX_ADDED_NODES;

  private LoopUnrolling(Builder b, int limit) {
    this.b = b;
    this.limit = limit;
  }

  /** {@link #run(Function, int)} with {@link #UNROLL_LIMIT}. */
  public static Function run(Function f) {
    return run(f, UNROLL_LIMIT);
  }

  /**
   * {@code f} with every loop of at most {@code limit} iterations and {@link #MAX_BODY_NODES} body
   * nodes unrolled (within {@link #MAX_ADDED_NODES}); {@code limit = 0} unrolls nothing.
   */
  public static Function run(Function f, int limit) {
    LoopUnrolling p = new LoopUnrolling(Builder.rewriting(f), limit);
    f.calls().forEach(c -> p.callOutputs.add(c.output()));
    List<Node> body = p.block(f.body());
    return Rewrite.finish(p.b, f, body, p::resolve, Set.of());
  }

  private int resolve(int id) {
    return alias.getOrDefault(id, id);
  }

  private List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, this::resolve);
      if (n instanceof Node.Loop l && !l.isCounted()) {
        // A runtime trip count or an early exit: only what is nested inside may unroll.
        n = Rewrite.withBody(l, block(l.body().nodes()), this::resolve);
      } else if (n instanceof Node.If b) {
        n = Rewrite.regions(b, this::block, this::resolve);
      } else if (n instanceof Node.Loop l) {
        List<Node> body = block(l.body().nodes());
        l = Rewrite.withBody(l, body, this::resolve);
        int size = Blocks.size(body);
        int added = l.count() * (size + 1) - size;
        // A loop that runs at most once is unrolled whatever its size: that never grows the code.
        // The copies together must stay small too: a loop whose unrolled body would exceed
        // MAX_UNROLLED_NODES stays a loop (attention's 16 weighted sums over 8 positions,
        // unrolled into 128 multiply-adds, had to be split across methods and ran slower).
        // A body that calls Math.exp, log, pow or tanh stays a loop beyond MAX_CALLS_UNROLLED
        // iterations: such a call clobbers every floating-point register, and in straight-line
        // code every value still live (all the copies' results) is spilled around each call.
        boolean small =
            size <= MAX_BODY_NODES
                    && (long) l.count() * size <= MAX_UNROLLED_NODES
                    && (l.count() <= MAX_CALLS_UNROLLED
                        || !Blocks.any(
                            body, x -> x instanceof Node.Apply a && CALLS.contains(a.op())))
                || l.count() <= 1;
        // A loop that computes a library call's output stays a loop: reverse mode takes the
        // call's dot product with the seed in it (ad.LibraryRules), which measured 10% faster
        // than straight-line code at softmax's n = 16. So does an elementwise loop (nothing
        // carried) that reads the output, such as the rule's own gradient loop: HotSpot
        // vectorizes it, and unrolled at n = 16 it ran 10-35% slower, bimodally across forks.
        boolean keep =
            l.count() > 1
                && !callOutputs.isEmpty()
                && (Blocks.any(
                        body, x -> x instanceof Node.Store st && callOutputs.contains(st.array()))
                    || l.inits().isEmpty()
                        && Blocks.any(
                            body,
                            x -> x instanceof Node.Load ld && callOutputs.contains(ld.array())));
        if (l.count() <= limit && small && !keep && added <= budget) {
          budget -= Math.max(0, added);
          unrolled.put(l.id(), unroll(l, out));
          continue;
        }
        n = l;
      } else if (n instanceof Node.LoopResult r && unrolled.containsKey(r.loop())) {
        alias.put(r.id(), unrolled.get(r.loop()).get(r.slot()));
        continue;
      }
      out.add(n);
    }
    return out;
  }

  /** Appends one copy of the body per iteration to {@code out}; returns the final values. */
  private List<Integer> unroll(Node.Loop l, List<Node> out) {
    Node.LoopBody body = l.body();
    List<Integer> current = l.inits();
    for (int k = 0; k < l.count(); k++) {
      int i = l.descending() ? l.count() - 1 - k : k;
      Map<Integer, Integer> copy = new HashMap<>();
      int index = b.freshId();
      out.add(new Node.Const(index, ScalarType.I32, i));
      copy.put(body.index().id(), index);
      for (int s = 0; s < current.size(); s++) {
        copy.put(body.carried().get(s).id(), current.get(s));
      }
      for (Node n : body.nodes()) {
        out.add(copy(n, copy));
      }
      current = Rewrite.map(body.yields(), id -> copy.getOrDefault(id, id));
    }
    return current;
  }

  /** A copy of {@code n} with fresh ids for everything it defines, recorded in {@code copy}. */
  private Node copy(Node n, Map<Integer, Integer> copy) {
    Node renamed = Rewrite.renameOperands(n, id -> copy.getOrDefault(id, id));
    int id = fresh(n.id(), copy);
    if (renamed instanceof Node.Const c) {
      return new Node.Const(id, c.type(), c.value());
    } else if (renamed instanceof Node.Apply a) {
      return new Node.Apply(id, a.op(), a.operands());
    } else if (renamed instanceof Node.Select s) {
      return new Node.Select(id, s.type(), s.cond(), s.ifTrue(), s.ifFalse());
    } else if (renamed instanceof Node.Load ld) {
      return new Node.Load(id, ld.type(), ld.array(), ld.index());
    } else if (renamed instanceof Node.Store s) {
      return new Node.Store(id, s.array(), s.index(), s.value());
    } else if (renamed instanceof Node.LoopResult r) {
      return new Node.LoopResult(id, r.type(), copy.get(r.loop()), r.slot());
    } else if (renamed instanceof Node.TripCount t) {
      return new Node.TripCount(id, copy.get(t.loop()));
    } else if (renamed instanceof Node.IfResult r) {
      return new Node.IfResult(id, r.type(), copy.get(r.ifId()), r.slot());
    } else if (renamed instanceof Node.Check c) {
      return new Node.Check(id, c.cond(), c.message(), c.args());
    } else if (renamed instanceof Node.If b) {
      return new Node.If(id, b.cond(), copy(b.then(), copy), copy(b.orElse(), copy));
    } else if (renamed instanceof Node.Loop l) {
      Node.LoopBody body = l.body();
      Node.Index index = new Node.Index(fresh(body.index().id(), copy));
      List<Node.Carried> carried = new ArrayList<>();
      for (Node.Carried c : body.carried()) {
        carried.add(new Node.Carried(fresh(c.id(), copy), c.type(), c.slot()));
      }
      List<Node> nodes = new ArrayList<>();
      for (Node inner : body.nodes()) {
        nodes.add(copy(inner, copy));
      }
      List<Integer> yields = Rewrite.map(body.yields(), y -> copy.getOrDefault(y, y));
      Integer again = body.again() == null ? null : copy.getOrDefault(body.again(), body.again());
      return new Node.Loop(
          id,
          l.trips(),
          l.descending(),
          l.inits(),
          new Node.LoopBody(index, carried, nodes, yields, again));
    }
    throw new IllegalStateException("cannot copy " + n);
  }

  private Node.Block copy(Node.Block arm, Map<Integer, Integer> copy) {
    List<Node> nodes = new ArrayList<>();
    for (Node inner : arm.nodes()) {
      nodes.add(copy(inner, copy));
    }
    return new Node.Block(nodes, Rewrite.map(arm.yields(), y -> copy.getOrDefault(y, y)));
  }

  private int fresh(int old, Map<Integer, Integer> copy) {
    int id = b.freshId();
    copy.put(old, id);
    b.copyOrigin(b.origin(old), id);
    return id;
  }

  /** Operations HotSpot compiles to a call (a stub or a library method), not an instruction. */
  private static final Set<Op> CALLS =
      Set.of(
          Op.EXP,
          Op.LOG,
          Op.POW,
          Op.TANH,
          Op.SIN,
          Op.COS,
          Op.TAN,
          Op.ASIN,
          Op.ACOS,
          Op.ATAN,
          Op.ATAN2,
          Op.SINH,
          Op.COSH,
          Op.SIGMOID,
          Op.LOG1P,
          Op.EXPM1,
          Op.SOFTPLUS,
          Op.GELU,
          Op.CALL);
}
