package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse mode: turns a program into its vector-Jacobian product, keeping its loops. The forward
 * sweep runs the primal and stores, per iteration, the loop values the backward sweep needs and
 * cannot cheaply recompute ({@link TapePlan}); the backward sweep runs every loop in the opposite
 * direction, with the adjoints of carried values and of outer values as carried values of its own.
 * Arrays get adjoint arrays; since every local array element is written once, a load's adjoint
 * accumulates into its element and a store reads it back.
 *
 * <p>The program takes the primal's parameters, then (for an array result) a seed shaped like it;
 * it returns the primal result, then one gradient array per active parameter (a scalar parameter's
 * has one element). A scalar result is seeded with 1.
 */
public final class ReverseMode {

  private final Function primal;
  private final Activity activity;
  private final TapePlan plan;
  private final Guards guards;
  private final Builder b;
  private final Constants k;
  private final Map<Integer, Node> nodes;
  private final Map<Integer, Integer> tape = new HashMap<>();
  private final Map<Integer, Integer> adjointArray = new HashMap<>();
  private final Map<Integer, Integer> forward = new HashMap<>();
  private final Map<Integer, List<Integer>> loopResults = new HashMap<>();
  private final Map<Integer, LibraryRules.Applied> rules;
  private final Map<Integer, Integer> fusedDots = new HashMap<>();
  private Integer seed;

  /** One block of the backward sweep: the top level, or the reversed body of a loop. */
  private static final class Frame {
    final Node.Loop loop;
    final Frame parent;
    final int depth;
    final int index;
    final Map<Integer, Integer> values = new HashMap<>();
    final Map<Integer, List<Integer>> terms = new HashMap<>();
    final Map<Integer, Integer> accumulators = new HashMap<>();
    Integer flatIndex;

    Frame(Node.Loop loop, Frame parent, int depth, int index) {
      this.loop = loop;
      this.parent = parent;
      this.depth = depth;
      this.index = index;
    }
  }

  private ReverseMode(Function primal) {
    this.primal = primal;
    this.rules = LibraryRules.of(primal);
    this.activity =
        Activity.of(primal, rules.values().stream().map(LibraryRules.Applied::call).toList());
    this.plan = TapePlan.of(primal, activity);
    this.guards = plan.guards();
    this.b = Builder.rewriting(primal);
    this.k = new Constants(b);
    this.nodes = primal.nodesById();
  }

  /** The vector-Jacobian product of {@code primal}. */
  public static Function differentiate(Function primal) {
    return new ReverseMode(primal).build();
  }

  private Function build() {
    Function.Result result = primal.results().get(0);
    if (result.isArray()) {
      seed = b.inputArray("seed", ScalarType.F64, result.shape(), false);
    }
    Map<Integer, Integer> gradients = new java.util.LinkedHashMap<>();
    for (Function.Parameter p : primal.params()) {
      if (p.active()) {
        List<Integer> shape = p.isArray() ? p.shape() : List.of(1);
        int g =
            b.declare(
                Names.prefixed("grad", p.name()), ScalarType.F64, shape, ArrayDecl.Role.OUTPUT);
        gradients.put(p.id(), g);
        if (p.isArray()) {
          adjointArray.put(p.id(), g);
        }
      }
    }
    Integer copySeedInto = null;
    for (ArrayDecl a : primal.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT || !activity.isActive(a.id())) {
        continue;
      }
      if (a.role() == ArrayDecl.Role.OUTPUT && !plan.isLoaded(a.id())) {
        adjointArray.put(a.id(), seed); // Only read at its stores: the seed itself will do.
        continue;
      }
      int g =
          b.declare(Names.prefixed("g", a.name()), ScalarType.F64, a.shape(), ArrayDecl.Role.LOCAL);
      adjointArray.put(a.id(), g);
      if (a.role() == ArrayDecl.Role.OUTPUT) {
        copySeedInto = g;
      }
    }
    for (int id : plan.taped()) {
      Function.Origin o = primal.origins().get(id);
      String name =
          (o != null && o.name() != null ? o.name() : defaultName(nodes.get(id))) + "Tape";
      tape.put(id, b.declare(name, nodes.get(id).type(), plan.tapeShape(id), ArrayDecl.Role.LOCAL));
    }

    for (Function.Parameter p : primal.params()) {
      forward.put(p.id(), p.id());
    }
    cloneBlock(primal.body(), new ArrayList<>());

    b.setLine(0);
    // Adjoint arrays start at zero like every IR array (the emitter clears what needs it), and
    // FreshAccumulation turns their first accumulations into plain stores.
    if (copySeedInto != null) {
      ArrayCopy.copy(b, b.array(seed), b.array(copySeedInto));
    }
    Frame top = new Frame(null, null, 0, -1);
    if (!result.isArray() && activity.isActive(result.id())) {
      top.terms.computeIfAbsent(result.id(), x -> new ArrayList<>()).add(k.of(1.0));
    }
    reverseBlock(primal.body(), top);
    b.setLine(0);
    for (Map.Entry<Integer, Integer> e : gradients.entrySet()) {
      Function.Parameter p =
          primal.params().stream().filter(q -> q.id() == e.getKey()).findFirst().orElseThrow();
      if (!p.isArray()) {
        Integer g = adjoint(top, p.id());
        b.store(e.getValue(), List.of(b.intConstant(0)), g == null ? k.of(0.0) : g);
      }
    }

    b.result(
        result.name(), result.isArray() ? result.id() : forward.get(result.id()), result.shape());
    for (Function.Parameter p : primal.params()) {
      Integer g = gradients.get(p.id());
      if (g != null) {
        b.result(b.array(g).name(), g, b.array(g).shape());
      }
    }
    return b.build();
  }

  // ---- forward sweep -------------------------------------------------------------------------

  /** Copies the primal, storing taped values; {@code path} holds the open loops' flat indices. */
  private void cloneBlock(List<Node> block, List<Integer> path) {
    for (Node n : block) {
      b.setLine(line(n.id()));
      if (n instanceof Node.Input) {
        continue;
      }
      if (n instanceof Node.Loop loop) {
        cloneLoop(loop, path);
        continue;
      }
      int id;
      if (n instanceof Node.Const c) {
        id = b.add(new Node.Const(b.freshId(), c.type(), c.value()));
      } else if (n instanceof Node.Apply a) {
        id = b.apply(a.op(), a.operands().stream().mapToInt(this::fwd).toArray());
      } else if (n instanceof Node.Select s) {
        id = b.select(fwd(s.cond()), fwd(s.ifTrue()), fwd(s.ifFalse()));
      } else if (n instanceof Node.Load l) {
        id = b.load(l.array(), l.index().stream().map(this::fwd).toList());
      } else if (n instanceof Node.Store s) {
        b.store(s.array(), s.index().stream().map(this::fwd).toList(), fwd(s.value()));
        continue;
      } else if (n instanceof Node.LoopResult r) {
        id = loopResults.get(r.loop()).get(r.slot());
      } else {
        throw new IllegalStateException("unexpected " + n);
      }
      define(n.id(), id, path);
    }
  }

  private void cloneLoop(Node.Loop loop, List<Integer> path) {
    Node.LoopBody body = loop.body();
    List<Integer> inits = new ArrayList<>(loop.inits().stream().map(this::fwd).toList());
    LibraryRules.Applied fused = fusedRule(loop);
    if (fused != null) {
      inits.add(k.of(0.0));
    }
    Builder.LoopScope s = b.beginLoop(loop.count(), loop.descending(), inits);
    List<Integer> inner = new ArrayList<>(path);
    int flat =
        path.isEmpty()
            ? s.index()
            : b.apply(
                Op.IADD,
                b.apply(Op.IMUL, path.get(path.size() - 1), b.intConstant(loop.count())),
                s.index());
    inner.add(flat);
    forward.put(body.index().id(), s.index());
    for (Node.Carried c : body.carried()) {
      define(c.id(), s.carried().get(c.slot()), inner);
    }
    cloneBlock(body.nodes(), inner);
    List<Integer> yields = new ArrayList<>(body.yields().stream().map(this::fwd).toList());
    if (fused != null) {
      // The rule's dot product of the seed with the output, in the loop that computes the output.
      int term = LibraryRules.dotTerm(b, fused, this::fwd, seed);
      yields.add(b.apply(Op.ADD, s.carried().get(inits.size() - 1), term));
    }
    List<Integer> results = b.endLoop(yields);
    if (fused != null) {
      fusedDots.put(fused.call().output(), results.get(results.size() - 1));
      results = results.subList(0, results.size() - 1);
    }
    loopResults.put(loop.id(), results);
  }

  /**
   * The applied library rule whose dot product this forward loop takes: the loop stores the rule's
   * output, whose adjoint is the seed itself (an output the program never reads back).
   */
  private LibraryRules.Applied fusedRule(Node.Loop loop) {
    for (LibraryRules.Applied a : rules.values()) {
      int out = a.call().output();
      if (a.fusable() == loop
          && seed != null
          && seed.equals(adjointArray.get(out))
          && adjointArray.containsKey(a.call().input())
          && activity.isActive(out)) {
        return a;
      }
    }
    return null;
  }

  private void define(int primalId, int id, List<Integer> path) {
    forward.put(primalId, id);
    b.copyOrigin(primal.origins().get(primalId), id);
    Integer t = tape.get(primalId);
    if (t != null) {
      b.store(t, List.of(path.get(path.size() - 1)), id);
    }
  }

  private int fwd(int primalId) {
    Integer id = forward.get(primalId);
    if (id == null) {
      throw new IllegalStateException("no forward value for " + primalId);
    }
    return id;
  }

  private int line(int id) {
    Function.Origin o = primal.origins().get(id);
    return o == null ? 0 : o.line();
  }

  // ---- backward sweep ------------------------------------------------------------------------

  private void reverseBlock(List<Node> block, Frame f) {
    for (int i = block.size() - 1; i >= 0; i--) {
      Node n = block.get(i);
      b.setLine(line(n.id()));
      reverseNode(n, f);
      if (f.loop == null) {
        for (LibraryRules.Applied a : rules.values()) {
          if (a.at() == i) {
            applyRule(a);
          }
        }
      }
    }
  }

  /** The library rule's adjoint, in place of the chain rule through its template's operations. */
  private void applyRule(LibraryRules.Applied a) {
    Integer gOut = adjointArray.get(a.call().output());
    Integer gIn = adjointArray.get(a.call().input());
    if (gOut == null || gIn == null || !activity.isActive(a.call().output())) {
      return;
    }
    LibraryRules.emit(b, a, gOut, gIn, fusedDots.get(a.call().output()));
  }

  private void reverseNode(Node n, Frame f) {
    if (n instanceof Node.Loop loop) {
      reverseLoop(loop, f);
    } else if (n instanceof Node.Apply a) {
      if (!a.op().isDifferentiable() || !activity.isActive(a.id())) {
        return;
      }
      Integer g = adjoint(f, a.id());
      if (g == null) {
        return;
      }
      List<Integer> partials = Rules.partials(a, id -> value(f, id), b, k);
      Integer mask = mask(f, a.id());
      List<Integer> ops = a.operands();
      for (int o = 0; o < ops.size(); o++) {
        int operand = ops.get(o);
        if (!activity.isActive(operand) || ops.subList(0, o).contains(operand)) {
          continue;
        }
        // An operand read twice (x - x, x * x) gets one term with the partials summed: x - x
        // then passes exactly zero back, however large its adjoint, instead of g and -g that
        // may swallow the operand's other terms when added to them one at a time.
        int partial = partials.get(o);
        for (int p = o + 1; p < ops.size(); p++) {
          if (ops.get(p) == operand) {
            partial = b.apply(Op.ADD, partial, partials.get(p));
          }
        }
        int term = Rules.scale(g, partial, b, k);
        addTerm(f, operand, mask == null ? term : b.select(mask, term, k.of(0.0)));
      }
    } else if (n instanceof Node.Select s) {
      if (!activity.isActive(s.id())) {
        return;
      }
      Integer g = adjoint(f, s.id());
      if (g == null) {
        return;
      }
      int cond = value(f, s.cond());
      if (activity.isActive(s.ifTrue())) {
        addTerm(f, s.ifTrue(), b.select(cond, g, k.of(0.0)));
      }
      if (activity.isActive(s.ifFalse())) {
        addTerm(f, s.ifFalse(), b.select(cond, k.of(0.0), g));
      }
    } else if (n instanceof Node.Load l) {
      Integer adj = adjointArray.get(l.array());
      Integer g = adj == null || !activity.isActive(l.id()) ? null : adjoint(f, l.id());
      if (g != null) {
        List<Integer> index = l.index().stream().map(id -> value(f, id)).toList();
        b.store(adj, index, b.apply(Op.ADD, b.load(adj, index), g));
      }
    } else if (n instanceof Node.Store s) {
      Integer adj = adjointArray.get(s.array());
      if (adj != null && activity.isActive(s.value()) && !rules.containsKey(s.array())) {
        List<Integer> index = s.index().stream().map(id -> value(f, id)).toList();
        addTerm(f, s.value(), b.load(adj, index));
      }
    }
    // Inputs, constants and loop results need nothing here: a loop result's adjoint is
    // collected in f.terms and consumed by its loop, which comes earlier in the block.
  }

  private void reverseLoop(Node.Loop loop, Frame f) {
    Node.LoopBody body = loop.body();
    List<Integer> activeSlots = new ArrayList<>();
    List<Integer> inits = new ArrayList<>();
    for (Node.Carried c : body.carried()) {
      if (activity.isActive(c.id())) {
        activeSlots.add(c.slot());
        Integer r = plan.loopResult(loop.id(), c.slot());
        Integer g = r == null ? null : adjoint(f, r);
        inits.add(g != null ? g : k.of(0.0));
      }
    }
    List<Integer> free = new ArrayList<>(plan.freeAdjoints(loop));
    for (int ignored : free) {
      inits.add(k.of(0.0));
    }
    if (!plan.hasActive(loop)) {
      return; // Nothing flows backwards through this loop.
    }
    Builder.LoopScope s = b.beginLoop(loop.count(), !loop.descending(), inits);
    Frame inner = new Frame(loop, f, f.depth + 1, s.index());
    for (int j = 0; j < free.size(); j++) {
      inner.accumulators.put(free.get(j), s.carried().get(activeSlots.size() + j));
    }
    for (int i = 0; i < activeSlots.size(); i++) {
      int yield = body.yields().get(activeSlots.get(i));
      if (activity.isActive(yield)) {
        addTerm(inner, yield, s.carried().get(i));
      }
    }
    reverseBlock(body.nodes(), inner);
    List<Integer> yields = new ArrayList<>();
    for (int slot : activeSlots) {
      Integer g = adjoint(inner, body.carried().get(slot).id());
      yields.add(g != null ? g : k.of(0.0));
    }
    for (int x : free) {
      yields.add(inner.accumulators.get(x));
    }
    List<Integer> results = b.endLoop(yields);
    for (int i = 0; i < activeSlots.size(); i++) {
      int init = loop.inits().get(activeSlots.get(i));
      if (activity.isActive(init)) {
        addTerm(f, init, results.get(i));
      }
    }
    for (int j = 0; j < free.size(); j++) {
      addTerm(f, free.get(j), results.get(activeSlots.size() + j));
    }
  }

  /**
   * The condition under which derivatives can reach {@code id} ({@link Guards}), or null if they
   * always can. Its contributions are masked with it: in an untaken arm the adjoint is zero but a
   * partial may be infinite or NaN, and the engine, never having built the arm, adds nothing.
   */
  private Integer mask(Frame f, int id) {
    Integer mask = null;
    for (List<Guards.Literal> term : guards.of(id)) {
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
  private void addTerm(Frame f, int id, int term) {
    if (f.loop == null || plan.owner(id) == f.loop.id()) {
      f.terms.computeIfAbsent(id, x -> new ArrayList<>()).add(term);
      return;
    }
    Integer acc = f.accumulators.get(id);
    if (acc == null) {
      throw new IllegalStateException("no accumulator for " + id + " in loop " + f.loop.id());
    }
    f.accumulators.put(id, b.apply(Op.ADD, acc, term));
  }

  /** The adjoint of {@code id} owned by {@code f}: the sum of its terms, or null if none. */
  private Integer adjoint(Frame f, int id) {
    List<Integer> terms = f.terms.remove(id);
    if (terms == null || terms.isEmpty()) {
      return null;
    }
    int acc = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      acc = b.apply(Op.ADD, acc, terms.get(i));
    }
    Function.Origin o = primal.origins().get(id);
    if (o != null && o.name() != null) {
      b.name(acc, Names.prefixed("g", o.name()));
    }
    return acc;
  }

  /**
   * The primal value of {@code id} where frame {@code f} needs it: the forward sweep's value at the
   * top level, otherwise reloaded from its tape or recomputed, once per iteration, in the block of
   * the frame that owns it.
   */
  private int value(Frame f, int id) {
    if (f.loop == null) {
      return fwd(id);
    }
    if (plan.owner(id) != f.loop.id()) {
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
    Node n = nodes.get(id);
    Integer t = tape.get(id);
    if (t != null) {
      return b.load(t, List.of(flatIndex(f)));
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
    if (n instanceof Node.Select s) {
      return b.select(value(f, s.cond()), value(f, s.ifTrue()), value(f, s.ifFalse()));
    }
    throw new IllegalStateException("value " + id + " is neither taped nor recomputable");
  }

  private int flatIndex(Frame f) {
    if (f.flatIndex == null) {
      f.flatIndex =
          f.parent.loop == null
              ? f.index
              : b.atDepth(
                  f.depth,
                  () ->
                      b.apply(
                          Op.IADD,
                          b.apply(Op.IMUL, flatIndex(f.parent), b.intConstant(f.loop.count())),
                          f.index));
    }
    return f.flatIndex;
  }

  /** A name for a taped value the source did not name: its operation ({@code expTape}). */
  private static String defaultName(Node n) {
    if (n instanceof Node.Apply a) {
      return a.op().name().toLowerCase(java.util.Locale.ROOT);
    }
    return n instanceof Node.Carried ? "carried" : "value";
  }
}
