package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backward sweep of reverse mode: walks each block backwards, each loop in the opposite
 * direction ({@code value(trips)} iterations, or as many as the loop ran if it may stop early) and
 * each branch as a branch on the same condition whose arms reverse the arms. The adjoints of a
 * loop's carried values and of outer values it contributes to are carried values of the reversed
 * loop; those of outer values an arm contributes to are results of the reversed branch. A load adds
 * its adjoint into its element's; a store reads its element's adjoint, and clears it if the array
 * may be overwritten.
 */
final class BackwardSweep {

  /** One block of the backward sweep: the top level, a reversed loop body or a reversed arm. */
  static final class Frame {
    final Regions.Region region;
    final Frame parent;
    final int depth;
    final int index;

    /** The innermost reversed loop body, this frame or an enclosing one (null at the top). */
    final Frame loopFrame;

    final Map<Integer, Integer> values = new HashMap<>();
    final Map<Integer, List<Integer>> terms = new HashMap<>();
    final Map<Integer, Integer> accumulators = new HashMap<>();

    /** For an arm: the outer values whose adjoints leave the reversed branch. */
    Set<Integer> outs = Set.of();

    Integer flatIndex;

    /** The cursor slot of this iteration, in a cursored loop. */
    Integer slot;

    Frame(Regions.Region region, Frame parent, int depth, int index) {
      this.region = region;
      this.parent = parent;
      this.depth = depth;
      this.index = index;
      this.loopFrame = region.isLoop() ? this : parent == null ? null : parent.loopFrame;
    }

    boolean isTop() {
      return parent == null;
    }
  }

  private final ReverseState s;
  private final Builder b;
  private final Regions regions;
  private final TapePlan plan;
  private final Activity activity;

  BackwardSweep(ReverseState s) {
    this.s = s;
    this.b = s.b;
    this.regions = s.regions;
    this.plan = s.plan;
    this.activity = s.activity;
  }

  /** The top level's frame. */
  Frame top() {
    return new Frame(regions.top(), null, 0, -1);
  }

  void block(List<Node> block, Frame f) {
    for (int i = block.size() - 1; i >= 0; i--) {
      Node n = block.get(i);
      b.setLine(s.line(n.id()));
      node(n, f);
      if (f.isTop()) {
        for (LibraryRules.Applied a : s.rules.values()) {
          if (a.at() == i) {
            applyRule(a);
          }
        }
      }
    }
  }

  /** The library rule's adjoint, in place of the chain rule through its template's operations. */
  private void applyRule(LibraryRules.Applied a) {
    Integer gOut = s.adjointArray.get(a.call().output());
    Integer gIn = s.adjointArray.get(a.call().input());
    if (gOut == null || gIn == null || !activity.isActive(a.call().output())) {
      return;
    }
    Extent n = Extent.rename(a.n(), s::fwd);
    LibraryRules.emit(b, a, n, gOut, gIn, s.fusedDots.get(a.call().output()));
  }

  private void node(Node n, Frame f) {
    if (n instanceof Node.Loop loop) {
      new ReversedRegions(this, s).loop(loop, f);
    } else if (n instanceof Node.If br) {
      new ReversedRegions(this, s).branch(br, f);
    } else if (n instanceof Node.Apply a) {
      apply(a, f);
    } else if (n instanceof Node.Select sel) {
      if (!activity.isActive(sel.id())) {
        return;
      }
      Integer g = adjoint(f, sel.id());
      if (g == null) {
        return;
      }
      int cond = value(f, sel.cond());
      if (activity.isActive(sel.ifTrue())) {
        addTerm(f, sel.ifTrue(), b.select(cond, g, s.k.of(0.0)));
      }
      if (activity.isActive(sel.ifFalse())) {
        addTerm(f, sel.ifFalse(), b.select(cond, s.k.of(0.0), g));
      }
    } else if (n instanceof Node.Load l) {
      Integer adj = s.adjointArray.get(l.array());
      Integer g = adj == null || !activity.isActive(l.id()) ? null : adjoint(f, l.id());
      if (g != null) {
        List<Integer> index = l.index().stream().map(id -> value(f, id)).toList();
        b.store(adj, index, b.apply(Op.ADD, b.load(adj, index), g));
      }
    } else if (n instanceof Node.Store st) {
      store(st, f);
    }
    // Inputs, constants, lengths, checks, trip counts and loop or branch results need nothing
    // here: a result's adjoint is collected in f.terms and consumed by its loop or branch, which
    // comes earlier in the block.
  }

  private void apply(Node.Apply a, Frame f) {
    if (!a.op().isDifferentiable() || !activity.isActive(a.id())) {
      return;
    }
    Integer g = adjoint(f, a.id());
    if (g == null) {
      return;
    }
    List<Integer> ops = a.operands();
    List<Integer> partials =
        Rules.partials(a, id -> value(f, id), b, s.k, o -> activity.isActive(ops.get(o)));
    Integer mask = mask(f, a.id());
    boolean exact = s.masked.contains(a.id());
    Integer isZero = null;
    for (int o = 0; o < ops.size(); o++) {
      int operand = ops.get(o);
      if (!activity.isActive(operand)
          || !a.op().differentiates(o)
          || ops.subList(0, o).contains(operand)) {
        continue;
      }
      // An operand read twice (x - x, x * x) gets one term with the partials summed: x - x
      // then passes exactly zero back, however large its adjoint, instead of g and -g that
      // may swallow the operand's other terms when added to them one at a time.
      int partial = partials.get(o);
      boolean twice = false;
      for (int p = o + 1; p < ops.size(); p++) {
        if (ops.get(p) == operand && a.op().differentiates(p)) {
          partial = b.apply(Op.ADD, partial, partials.get(p));
          twice = true;
        }
      }
      int term = Rules.scale(g, partial, b, s.k);
      if (exact && (twice || !finiteFactor(a, o))) {
        // An exact zero passes back exactly zero, whatever the partial (ExactZeros).
        if (isZero == null) {
          isZero = b.apply(Op.EQ, g, s.k.of(0.0));
        }
        term = b.select(isZero, s.k.of(0.0), term);
      }
      addTerm(f, operand, mask == null ? term : b.select(mask, term, s.k.of(0.0)));
    }
  }

  /** True if operand {@code o}'s partial is a finite constant: the other factor of a product. */
  private boolean finiteFactor(Node.Apply a, int o) {
    return a.op() == Op.MUL
        && regions.node(a.operands().get(1 - o)) instanceof Node.Const c
        && Double.isFinite(c.value());
  }

  private void store(Node.Store st, Frame f) {
    Integer adj = s.adjointArray.get(st.array());
    if (adj == null) {
      return;
    }
    boolean read = activity.isActive(st.value()) && !s.rules.containsKey(st.array());
    boolean clear = plan.clears(st);
    if (!read && !clear) {
      return;
    }
    List<Integer> index = st.index().stream().map(id -> value(f, id)).toList();
    if (read) {
      addTerm(f, st.value(), b.load(adj, index));
    }
    if (clear) {
      // The element's earlier value was never read after this store: its adjoint starts over.
      b.store(adj, index, s.k.of(0.0));
    }
  }

  /**
   * The condition under which derivatives can reach {@code id} ({@link Guards}), or null if they
   * always can. Its contributions are masked with it: in an untaken arm the adjoint is zero but a
   * partial may be infinite or NaN, and the engine, never having built the arm, adds nothing.
   */
  private Integer mask(Frame f, int id) {
    Integer mask = null;
    for (List<Guards.Literal> term : plan.guards().of(id)) {
      Integer all = null;
      for (Guards.Literal l : term) {
        int c = value(f, l.cond());
        c = l.taken() ? c : b.apply(Op.NOT, c);
        all = all == null ? c : b.apply(Op.AND, all, c);
      }
      mask = mask == null ? all : b.apply(Op.OR, mask, all);
    }
    return mask;
  }

  /** Adds a contribution to the adjoint of {@code id}, as seen from frame {@code f}. */
  void addTerm(Frame f, int id, int term) {
    if (f.isTop() || regions.of(id) == f.region) {
      f.terms.computeIfAbsent(id, x -> new ArrayList<>()).add(term);
      return;
    }
    Integer acc = f.accumulators.get(id);
    if (f.region.isArm()) {
      if (!f.outs.contains(id)) {
        throw new IllegalStateException("no result for the adjoint of " + id + " in an arm");
      }
      f.accumulators.put(id, acc == null ? term : b.apply(Op.ADD, acc, term));
      return;
    }
    if (acc == null) {
      throw new IllegalStateException(
          "no accumulator for " + id + " in loop " + f.region.loop.id());
    }
    f.accumulators.put(id, b.apply(Op.ADD, acc, term));
  }

  /** The adjoint of {@code id} owned by {@code f}: the sum of its terms, or null if none. */
  Integer adjoint(Frame f, int id) {
    List<Integer> terms = f.terms.remove(id);
    if (terms == null || terms.isEmpty()) {
      return null;
    }
    int acc = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      acc = b.apply(Op.ADD, acc, terms.get(i));
    }
    Function.Origin o = s.primal.origins().get(id);
    if (o != null && o.name() != null) {
      b.name(acc, Names.prefixed("g", o.name()));
    }
    return acc;
  }

  /** The summed adjoints of a loop's or branch's result nodes in one slot, or null if none. */
  Integer adjointOfResults(Frame f, List<Integer> results) {
    Integer sum = null;
    for (int r : results) {
      Integer g = adjoint(f, r);
      if (g != null) {
        sum = sum == null ? g : b.apply(Op.ADD, sum, g);
      }
    }
    return sum;
  }

  /**
   * The primal value of {@code id} where frame {@code f} needs it: the forward sweep's value at the
   * top level, otherwise reloaded from its tape or recomputed, once per iteration or arm, in the
   * block of the frame that holds it.
   */
  int value(Frame f, int id) {
    if (f.isTop()) {
      return s.fwd(id);
    }
    if (plan.valueRegion(id) != f.region) {
      return value(f.parent, id);
    }
    Integer known = f.values.get(id);
    if (known != null) {
      return known;
    }
    int v = b.atDepth(f.depth, () -> rematerialize(f, id));
    f.values.put(id, v);
    return v;
  }

  private int rematerialize(Frame f, int id) {
    Node n = regions.node(id);
    Integer t = s.tape.get(id);
    if (t != null) {
      return b.load(t, List.of(f.slot != null ? f.slot : flatIndex(f)));
    }
    Node.Store stored = plan.reloadFrom(id);
    if (stored != null) {
      return b.load(stored.array(), stored.index().stream().map(x -> value(f, x)).toList());
    }
    if (n instanceof Node.Index) {
      return f.index;
    }
    if (n instanceof Node.Const c) {
      return b.add(new Node.Const(b.freshId(), c.type(), c.value()));
    }
    if (n instanceof Node.Load l) {
      return b.load(l.array(), l.index().stream().map(x -> value(f, x)).toList());
    }
    if (n instanceof Node.Apply a) {
      return b.apply(a.op(), a.operands().stream().mapToInt(x -> value(f, x)).toArray());
    }
    if (n instanceof Node.Select sel) {
      return b.select(value(f, sel.cond()), value(f, sel.ifTrue()), value(f, sel.ifFalse()));
    }
    throw new IllegalStateException("value " + id + " is neither taped nor recomputable");
  }

  /** The flat slot of a reversed loop's iteration: {@code parentSlot * trips + index}. */
  private int flatIndex(Frame f) {
    if (f.flatIndex == null) {
      Frame outer = f.parent.loopFrame;
      f.flatIndex =
          outer == null
              ? f.index
              : b.atDepth(
                  f.depth,
                  () ->
                      b.apply(
                          Op.IADD,
                          b.apply(Op.IMUL, flatIndex(outer), trips(f.region.loop)),
                          f.index));
    }
    return f.flatIndex;
  }

  private int trips(Node.Loop loop) {
    return loop.trips() instanceof Extent.Dynamic d ? s.fwd(d.id()) : b.intConstant(loop.count());
  }

  /** A snapshot of cursors' values, to restore before the second arm of a branch. */
  Map<Integer, Integer> cursors(List<Integer> ids) {
    Map<Integer, Integer> out = new LinkedHashMap<>();
    ids.forEach(c -> out.put(c, s.cursors.get(c)));
    return out;
  }
}
