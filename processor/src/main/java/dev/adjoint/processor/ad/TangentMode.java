package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Forward mode: turns a program into its Jacobian-vector product. Every active value gets a tangent
 * computed right after it, loops carry the tangents of their carried values, branches yield the
 * tangents of their results, and active arrays get tangent arrays of the primal's extents, stored
 * in step with the primal's stores (so an overwritten element's tangent is overwritten too). The
 * result has the primal's loop structure and size order; nothing is recorded.
 *
 * <p>The program takes the primal's parameters followed by one tangent per active parameter (a
 * scalar, or an input array of its shape) and returns only the output tangent.
 */
public final class TangentMode {

  private final Function primal;
  private final Activity activity;
  private final Builder b;
  private final Constants k;
  private final Map<Integer, Integer> value = new HashMap<>();
  private final Map<Integer, Integer> tangent = new HashMap<>();
  private final Map<Integer, Integer> tangentArray = new HashMap<>();
  private final Map<Integer, List<Integer>> loopResults = new HashMap<>();
  private final Map<Integer, List<Integer>> loopTangents = new HashMap<>();
  private final Map<Integer, List<Integer>> ifResults = new HashMap<>();
  private final Map<Integer, List<Integer>> ifTangents = new HashMap<>();
  private final Map<Integer, Integer> loops = new HashMap<>();

  private final Map<Integer, LibraryRules.Applied> rules;
  private final Map<Integer, Integer> fusedDots = new HashMap<>();

  /** The name of the tangent of each result, given the result's name. */
  private final UnaryOperator<String> resultName;

  private TangentMode(Function primal, Set<Integer> writeOnce, UnaryOperator<String> resultName) {
    this.primal = primal;
    this.resultName = resultName;
    this.rules = LibraryRules.of(primal, writeOnce);
    this.activity =
        Activity.of(primal, rules.values().stream().map(LibraryRules.Applied::call).toList());
    this.b = Builder.rewriting(primal);
    this.k = new Constants(b);
  }

  /** The Jacobian-vector product of {@code primal}. */
  public static Function differentiate(Function primal) {
    return differentiate(primal, primal.calls().isEmpty() ? Set.of() : WriteOnce.of(primal));
  }

  /**
   * The Jacobian-vector product of {@code primal}, given arrays proven write-once (as {@link
   * WriteOnce#of} proves them; only whether a library rule applies depends on it).
   */
  public static Function differentiate(Function primal, Set<Integer> writeOnce) {
    return new TangentMode(primal, writeOnce, name -> Names.prefixed("d", name)).build();
  }

  /**
   * The Jacobian-vector product of every result of {@code primal} (a program with several results,
   * such as a reverse program's gradients), the tangent of each named by {@code resultName}.
   */
  static Function differentiate(
      Function primal, Set<Integer> writeOnce, UnaryOperator<String> resultName) {
    return new TangentMode(primal, writeOnce, resultName).build();
  }

  private Function build() {
    RuntimeShapes shapes = new RuntimeShapes(b);
    for (Function.Parameter p : primal.params()) {
      value.put(p.id(), p.id());
    }
    for (Function.Parameter p : primal.params()) {
      if (!p.active()) {
        continue;
      }
      String name = Names.prefixed("d", p.name());
      if (p.isArray()) {
        tangentArray.put(p.id(), shapes.input(name, p.extents(), name, p.name()));
      } else {
        tangent.put(p.id(), b.input(name, ScalarType.F64, false));
      }
    }
    for (ArrayDecl a : primal.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT) {
        continue;
      }
      // The tangent program returns only the tangent: primal results become workspace.
      b.redeclare(a.withRole(ArrayDecl.Role.LOCAL));
      shapes.named(a.id());
      if (activity.isActive(a.id()) && a.elem() == ScalarType.F64) {
        ArrayDecl.Role role = isResult(a.id()) ? ArrayDecl.Role.OUTPUT : ArrayDecl.Role.LOCAL;
        String name = role == ArrayDecl.Role.OUTPUT ? resultName.apply(a.name()) : a.name();
        int t =
            b.declare(
                role == ArrayDecl.Role.OUTPUT ? name : Names.prefixed("d", name),
                ScalarType.F64,
                a.extents(),
                role,
                a.growable());
        tangentArray.put(a.id(), t);
        shapes.named(t);
      }
    }
    List<Node> top = primal.body();
    for (int i = 0; i < top.size(); i++) {
      b.setLine(line(top.get(i).id()));
      node(top.get(i));
      for (LibraryRules.Applied a : rules.values()) {
        if (a.last() == i) {
          applyRule(a);
        }
      }
      shapes.check(value);
    }
    shapes.rename(value);
    for (Function.Result r : primal.results()) {
      String name = resultName.apply(r.name());
      if (!r.isArray()) {
        Integer t = tangent.get(r.id());
        b.result(name, t == null ? k.of(0.0) : t, List.of());
      } else {
        List<Extent> extents = Extent.rename(r.extents(), this::v);
        Integer t = tangentArray.get(r.id());
        if (t == null) {
          // The output does not depend on any active input: its tangent is zero.
          t = b.declare(name, ScalarType.F64, extents, ArrayDecl.Role.OUTPUT, false);
        }
        b.resultOf(name, t, extents);
      }
    }
    return b.build();
  }

  /** The library rule's tangent, in place of the chain rule through its template's operations. */
  private void applyRule(LibraryRules.Applied a) {
    Integer dIn = tangentArray.get(a.call().input());
    Integer dOut = tangentArray.get(a.call().output());
    if (dIn != null && dOut != null) {
      Extent n = Extent.rename(a.n(), this::v);
      LibraryRules.emitTangent(b, a, n, dIn, dOut, fusedDots.get(a.call().output()));
    }
  }

  /** The applied rule whose dot product this loop takes: the loop stores the rule's output. */
  private LibraryRules.Applied fusedRule(Node.Loop loop) {
    for (LibraryRules.Applied a : rules.values()) {
      if (a.fusable() == loop
          && tangentArray.containsKey(a.call().input())
          && tangentArray.containsKey(a.call().output())) {
        return a;
      }
    }
    return null;
  }

  private boolean isResult(int id) {
    return primal.results().stream().anyMatch(r -> r.id() == id);
  }

  private int v(int id) {
    Integer m = value.get(id);
    if (m == null) {
      throw new IllegalStateException("no value for " + id);
    }
    return m;
  }

  private void block(List<Node> nodes) {
    for (Node n : nodes) {
      b.setLine(line(n.id()));
      node(n);
    }
  }

  private int line(int id) {
    Function.Origin o = primal.origins().get(id);
    return o == null ? 0 : o.line();
  }

  private void node(Node n) {
    if (n instanceof Node.Input) {
      return;
    }
    if (n instanceof Node.Const c) {
      value.put(c.id(), b.add(new Node.Const(b.freshId(), c.type(), c.value())));
    } else if (n instanceof Node.Apply a) {
      int[] ops = a.operands().stream().mapToInt(this::v).toArray();
      int id = b.apply(a.op(), ops);
      value.put(a.id(), id);
      name(a.id(), id);
      if (activity.isActive(a.id()) && a.op().isDifferentiable()) {
        List<Integer> partials =
            Rules.partials(a, this::v, b, k, i -> tangent.containsKey(a.operands().get(i)));
        List<Integer> terms = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
          Integer t = tangent.get(a.operands().get(i));
          if (t != null && a.op().differentiates(i)) {
            terms.add(Rules.scale(t, partials.get(i), b, k));
          }
        }
        setTangent(a.id(), sum(terms));
      }
    } else if (n instanceof Node.Select s) {
      int id = b.select(v(s.cond()), v(s.ifTrue()), v(s.ifFalse()));
      value.put(s.id(), id);
      name(s.id(), id);
      if (activity.isActive(s.id())) {
        setTangent(
            s.id(), b.select(v(s.cond()), tangentOrZero(s.ifTrue()), tangentOrZero(s.ifFalse())));
      }
    } else if (n instanceof Node.Load l) {
      List<Integer> index = l.index().stream().map(this::v).toList();
      int id = b.load(l.array(), index);
      value.put(l.id(), id);
      name(l.id(), id);
      Integer ta = tangentArray.get(l.array());
      if (ta != null && activity.isActive(l.id())) {
        setTangent(l.id(), b.load(ta, index));
      }
    } else if (n instanceof Node.Store s) {
      List<Integer> index = s.index().stream().map(this::v).toList();
      b.store(s.array(), index, v(s.value()));
      Integer ta = tangentArray.get(s.array());
      if (ta != null && !rules.containsKey(s.array())) {
        b.store(ta, index, tangentOrZero(s.value()));
      }
    } else if (n instanceof Node.Loop loop) {
      loop(loop);
    } else if (n instanceof Node.LoopResult r) {
      value.put(r.id(), loopResults.get(r.loop()).get(r.slot()));
      Integer t = loopTangents.get(r.loop()).get(r.slot());
      if (t != null) {
        tangent.put(r.id(), t);
      }
    } else if (n instanceof Node.If br) {
      branch(br);
    } else if (n instanceof Node.IfResult r) {
      value.put(r.id(), ifResults.get(r.ifId()).get(r.slot()));
      Integer t = ifTangents.get(r.ifId()).get(r.slot());
      if (t != null) {
        tangent.put(r.id(), t);
      }
    } else if (n instanceof Node.TripCount t) {
      value.put(t.id(), b.tripCount(loops.get(t.loop())));
    } else if (n instanceof Node.Length len) {
      // A parameter's length keeps its id: the parameter's extents name it.
      value.put(len.id(), b.add(new Node.Length(len.id(), len.array(), len.axis())));
    } else if (n instanceof Node.Check c) {
      b.check(v(c.cond()), c.message(), c.args().stream().map(this::v).toList());
    } else {
      throw new IllegalStateException("unexpected " + n);
    }
  }

  private void loop(Node.Loop loop) {
    Node.LoopBody body = loop.body();
    List<Integer> inits = new ArrayList<>();
    for (int init : loop.inits()) {
      inits.add(v(init));
    }
    // One extra carried slot per active carried value, holding its tangent.
    List<Integer> activeSlots = new ArrayList<>();
    for (Node.Carried c : body.carried()) {
      if (activity.isActive(c.id())) {
        activeSlots.add(c.slot());
        inits.add(tangentOrZero(loop.inits().get(c.slot())));
      }
    }
    LibraryRules.Applied fused = fusedRule(loop);
    if (fused != null) {
      inits.add(k.of(0.0));
    }
    Builder.LoopScope scope =
        loop.trips() instanceof Extent.Dynamic d
            ? b.beginLoop(new Extent.Dynamic(v(d.id())), loop.descending(), inits)
            : b.beginLoop(loop.count(), loop.descending(), inits);
    value.put(body.index().id(), scope.index());
    for (Node.Carried c : body.carried()) {
      value.put(c.id(), scope.carried().get(c.slot()));
      name(c.id(), scope.carried().get(c.slot()));
    }
    for (int i = 0; i < activeSlots.size(); i++) {
      tangent.put(
          body.carried().get(activeSlots.get(i)).id(),
          scope.carried().get(body.carried().size() + i));
    }
    block(body.nodes());
    List<Integer> yields = new ArrayList<>();
    for (int y : body.yields()) {
      yields.add(v(y));
    }
    for (int slot : activeSlots) {
      yields.add(tangentOrZero(body.yields().get(slot)));
    }
    if (fused != null) {
      // The rule's dot product of the input's tangent with the output, in the loop computing it.
      int term = LibraryRules.dotTerm(b, fused, this::v, tangentArray.get(fused.call().input()));
      yields.add(b.apply(Op.ADD, scope.carried().get(inits.size() - 1), term));
    }
    loops.put(loop.id(), b.openLoop());
    List<Integer> results = b.endLoop(yields, body.again() == null ? null : v(body.again()));
    if (fused != null) {
      fusedDots.put(fused.call().output(), results.get(results.size() - 1));
    }
    int n = body.carried().size();
    loopResults.put(loop.id(), results.subList(0, n));
    List<Integer> tangents = new ArrayList<>();
    for (int slot = 0; slot < n; slot++) {
      int i = activeSlots.indexOf(slot);
      tangents.add(i < 0 ? null : results.get(n + i));
    }
    loopTangents.put(loop.id(), tangents);
  }

  /** A branch yielding, after its results, the tangents of its active ones. */
  private void branch(Node.If br) {
    List<Integer> activeSlots = new ArrayList<>();
    for (int slot = 0; slot < br.slots(); slot++) {
      if (activity.isActive(br.then().yields().get(slot))
          || activity.isActive(br.orElse().yields().get(slot))) {
        activeSlots.add(slot);
      }
    }
    b.beginIf(v(br.cond()));
    b.orElse(arm(br.then(), activeSlots));
    List<Integer> results = b.endIf(arm(br.orElse(), activeSlots));
    ifResults.put(br.id(), results.subList(0, br.slots()));
    List<Integer> tangents = new ArrayList<>();
    for (int slot = 0; slot < br.slots(); slot++) {
      int i = activeSlots.indexOf(slot);
      tangents.add(i < 0 ? null : results.get(br.slots() + i));
    }
    ifTangents.put(br.id(), tangents);
  }

  private List<Integer> arm(Node.Block arm, List<Integer> activeSlots) {
    block(arm.nodes());
    List<Integer> yields = new ArrayList<>();
    for (int y : arm.yields()) {
      yields.add(v(y));
    }
    for (int slot : activeSlots) {
      yields.add(tangentOrZero(arm.yields().get(slot)));
    }
    return yields;
  }

  private void setTangent(int primalId, int t) {
    tangent.put(primalId, t);
    Function.Origin o = primal.origins().get(primalId);
    if (o != null && o.name() != null) {
      b.name(t, Names.prefixed("d", o.name()));
    }
  }

  private void name(int primalId, int id) {
    b.copyOrigin(primal.origins().get(primalId), id);
  }

  private int tangentOrZero(int primalId) {
    Integer t = tangent.get(primalId);
    return t != null ? t : k.of(0.0);
  }

  private int sum(List<Integer> terms) {
    if (terms.isEmpty()) {
      return k.of(0.0);
    }
    int acc = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      acc = b.apply(Op.ADD, acc, terms.get(i));
    }
    return acc;
  }
}
