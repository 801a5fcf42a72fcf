package dev.adjoint.processor.trace;

import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Extent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs one loop of any kind: opens the IR loop, carries the variables its body assigns from one
 * iteration to the next (scalars by slot, arrays through {@link Carried}), traces the body once and
 * closes the loop with the {@code again} its jumps and condition give (none when it runs all its
 * trips).
 */
final class LoopRunner {
  private final Tracer t;
  private final TraceState st;

  LoopRunner(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** What a loop is: its trips, how its variable is bound, and what it runs at each end. */
  record Spec(
      Tree tree,
      List<String> labels,
      Extent trips,
      Sym tripsSym,
      Sym tripsInBody,
      boolean descending,
      boolean stopsEarly,
      Binder binder,
      StatementTree body,
      Supplier<AVal.Bool> next,
      List<Tree> parts) {}

  /** Binds the loop variable (or for-each element) at the start of each iteration. */
  interface Binder {
    void bind(LoopFrame frame);
  }

  /** Opens the loop, carries the variables it assigns, traces the body once. */
  boolean run(Spec s) {
    Scope scope = st.frame().scope;
    scope.push();
    Target target = t.control.push(Target.Kind.LOOP, s.labels(), null);
    try {
      return loop(s, scope, target);
    } finally {
      t.control.pop(target);
      scope.pop();
    }
  }

  private boolean loop(Spec s, Scope scope, Target target) {
    Set<Scope.Var> touched = new LinkedHashSet<>();
    for (Tree p : s.parts()) {
      touched.addAll(t.control.touched(p));
    }
    touched.remove(target.broken);
    touched.remove(target.continued);
    List<Scope.Var> scalars = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    List<Carried> arrays = new ArrayList<>();
    List<Scope.Var> perIteration = new ArrayList<>();
    Map<Scope.Var, AVal> fixed = new LinkedHashMap<>();
    List<Scope.Var> stopFlags = new ArrayList<>();
    stopFlags.add(target.broken);
    List<Integer> inits = new ArrayList<>();
    for (Scope.Var v : touched) {
      if (v.value instanceof AVal.Unset && !v.synthetic()) {
        perIteration.add(v);
      } else if (v.type.scalar() && !v.type.compileTimeOnly()) {
        scalars.add(v);
        slots.add(inits.size());
        inits.add(v.value instanceof AVal.Unset ? t.regions.scalarId(zero(v.type)) : id(v.value));
        if (v.flag()) {
          stopFlags.add(v);
        }
      } else if (v.type.rank() > 0) {
        arrays.add(Carried.enter(st, v, s.tree(), s.tripsSym(), inits));
      } else {
        fixed.put(v, v.value);
      }
    }
    TraceState.Open o =
        st.beginLoop(
            s.trips(), s.tripsSym(), s.tripsInBody(), s.descending(), s.stopsEarly(), inits);
    List<Integer> carried = o.carried();
    for (int k = 0; k < scalars.size(); k++) {
      Scope.Var v = scalars.get(k);
      int id = carried.get(slots.get(k));
      v.value = typed(v.type, id);
      st.name(id, v.name);
    }
    for (Carried c : arrays) {
      c.bind(carried, o.frame());
    }
    scope.push();
    try {
      s.binder().bind(o.frame());
      t.stmt.scoped(s.body());
    } finally {
      scope.pop();
    }
    if (target.continued != null) {
      target.continued.value = AVal.Bool.of(false);
    }
    Integer again = again(s, stopFlags);
    Integer[] yields = new Integer[inits.size()];
    for (int k = 0; k < scalars.size(); k++) {
      Scope.Var v = scalars.get(k);
      yields[slots.get(k)] =
          v.value instanceof AVal.Unset ? t.regions.scalarId(zero(v.type)) : id(v.value);
    }
    for (Carried c : arrays) {
      c.yields(yields, carried);
    }
    for (Map.Entry<Scope.Var, AVal> e : fixed.entrySet()) {
      if (!e.getKey().value.equals(e.getValue())) {
        Tree at = s.tree();
        for (Tree p : s.parts()) {
          Tree assigned = Assigned.names(p).get(e.getKey().name);
          if (assigned != null) {
            at = assigned;
            break;
          }
        }
        Scope.Var var = e.getKey();
        String advice =
            var.type != null && var.type.list()
                ? "; a list cannot be carried from one iteration to the next: declare "
                    + var.name
                    + " as an array (arrays can be), or add to one list made before the loop"
                : "";
        throw st.error(
            Code.MERGED_REFERENCES,
            var.name + " refers to another object after an iteration of this loop" + advice,
            at);
      }
    }
    List<Integer> results = st.endLoop(java.util.Arrays.asList(yields), again);
    for (int k = 0; k < scalars.size(); k++) {
      Scope.Var v = scalars.get(k);
      int id = results.get(slots.get(k));
      v.value = typed(v.type, id);
      st.name(id, v.name);
    }
    boolean exact = again == null;
    for (Carried c : arrays) {
      c.after(
          results,
          () ->
              exact
                  ? (s.trips() instanceof Extent.Dynamic d
                      ? d.id()
                      : st.intConstant(s.trips().fixed()))
                  : st.rec(st.b.tripCount(o.frame().loopId)));
    }
    for (Scope.Var v : perIteration) {
      v.value = new AVal.Unset();
    }
    return true;
  }

  /**
   * The loop's {@code again}: none of its stopping flags set and, for a general loop, the update
   * and condition (evaluated only when no flag is set); null when the loop runs all its trips.
   */
  private Integer again(Spec s, List<Scope.Var> stopFlags) {
    AVal.Bool stop = t.control.any(stopFlags);
    if (s.next() == null) {
      if (stop.isConstant()) {
        return stop.constant() ? st.boolConstant(false) : null;
      }
      return st.boolId(t.control.not(stop));
    }
    if (stop.isConstant() && stop.constant()) {
      return st.boolConstant(false);
    }
    AVal.Bool c;
    if (stop.isConstant()) {
      c = s.next().get();
    } else {
      Frame f = st.frame();
      Scope.Var go = f.scope.declare(f.syntheticName("again"), JType.BOOLEAN, AVal.Bool.of(false));
      Set<Scope.Var> vars = new LinkedHashSet<>();
      vars.add(go);
      for (Tree p : s.parts().subList(1, s.parts().size())) {
        vars.addAll(t.control.touched(p));
      }
      t.regions.branch(
          t.control.not(stop),
          () -> {
            go.value = s.next().get();
            return true;
          },
          () -> true,
          new ArrayList<>(vars),
          Set.of(),
          s.tree());
      c = (AVal.Bool) go.value;
    }
    if (c.isConstant() && c.constant() && s.trips().isFixed()) {
      return null;
    }
    return st.boolId(c);
  }

  private AVal zero(JType type) {
    return switch (type.base()) {
      case VALUE -> new AVal.Num(st.constant(0), true, 0.0);
      case DOUBLE -> new AVal.Num(st.constant(0), false, 0.0);
      case INT, CHAR -> AVal.Int.of(0);
      default -> AVal.Bool.of(false);
    };
  }

  private int id(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    } else if (v instanceof AVal.Int i) {
      return st.intId(i);
    }
    return st.boolId((AVal.Bool) v);
  }

  private AVal typed(JType type, int id) {
    return switch (type.base()) {
      case VALUE -> new AVal.Num(id, true, null);
      case DOUBLE -> new AVal.Num(id, false, null);
      case INT, CHAR -> st.syms.intNode(id, null);
      case BOOLEAN -> AVal.Bool.node(id);
      default -> throw new IllegalStateException(type.toString());
    };
  }
}
