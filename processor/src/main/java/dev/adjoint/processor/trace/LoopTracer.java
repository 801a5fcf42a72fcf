package dev.adjoint.processor.trace;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Traces loops into IR loops, tracing each body once. A counted {@code for} (and a for-each) keeps
 * its exact trip count, a compile-time constant or a value computed before the loop; any other loop
 * ({@code while}, {@code do}, a general {@code for}) runs while its condition holds (a loop with
 * {@code again}). Variables declared outside and assigned inside are carried from one iteration to
 * the next ({@link Carried} for arrays); a jump out of the body stops the loop.
 */
final class LoopTracer {
  private final Tracer t;
  private final TraceState st;
  private final ForHeader header;

  LoopTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
    this.header = new ForHeader(t);
  }

  /** What a loop is: its trips, how its variable is bound, and what it runs at each end. */
  private record Spec(
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

  private interface Binder {
    void bind(LoopFrame frame);
  }

  // ---- for ----

  boolean forLoop(ForLoopTree f, List<String> labels) {
    ForHeader.Form form = st.facts.generalLoops.contains(f) ? null : header.form(f);
    if (form == null) {
      return general(f, labels, f.getInitializer(), f.getCondition(), f.getUpdate(), false);
    }
    Scope scope = st.frame().scope;
    AVal.Int start = t.expr.evalInt(form.start());
    AVal.Int bound = t.expr.evalInt(form.bound());
    int step = form.step();
    boolean early = stopsEarly(f.getStatement(), labels);
    List<ListState> sized = new ArrayList<>();
    List<Integer> before = new ArrayList<>();
    for (ExpressionTree e : form.sizes()) {
      AVal l =
          e instanceof IdentifierTree id && scope.lookup(id.getName().toString()) != null
              ? scope.lookup(id.getName().toString()).value
              : t.expr.value(e);
      if (l instanceof AVal.ListRef ref) {
        sized.add(ref.state());
        before.add(ref.state().mutations);
      }
    }
    boolean completes;
    if (start.isConstant() && bound.isConstant()) {
      Tree.Kind k = form.cmp();
      long s = start.constant();
      long count;
      if (step > 0) {
        long end = k == Tree.Kind.LESS_THAN_EQUAL ? bound.constant() + 1L : bound.constant();
        count = end > s ? (end - s + step - 1) / step : 0;
      } else {
        long end = k == Tree.Kind.GREATER_THAN_EQUAL ? bound.constant() - 1L : bound.constant();
        count = s > end ? (s - end - step - 1) / -step : 0;
      }
      if (count == 0) {
        return true;
      }
      if (count >= Integer.MAX_VALUE) {
        return general(f, labels, f.getInitializer(), f.getCondition(), f.getUpdate(), false);
      }
      int n = (int) count;
      long last = s + (long) step * (n - 1);
      Sym lo = new Sym.K((int) Math.min(s, last));
      Sym hi = new Sym.K((int) Math.max(s, last));
      boolean descending = step < 0 && !early;
      int base = descending ? (int) last : (int) s;
      int stride = descending ? -step : step;
      Binder bind =
          frame -> {
            frame.stride = Math.abs(step);
            AVal.Int i = AVal.Int.node(frame.index);
            if (stride != 1) {
              i = AVal.Int.node(st.apply(Op.IMUL, frame.index, st.intConstant(stride)));
            }
            i = st.plus(i, base);
            declareVar(form.var(), i, new Sym.Var(frame, form.var(), lo, hi));
          };
      completes =
          run(
              new Spec(
                  f,
                  labels,
                  Extent.of(n),
                  new Sym.K(n),
                  new Sym.K(n),
                  descending,
                  early,
                  bind,
                  f.getStatement(),
                  null,
                  List.of(f.getStatement())));
    } else {
      completes = counted(f, form, start, bound, early, labels);
    }
    for (int k = 0; k < sized.size(); k++) {
      if (sized.get(k).mutations != before.get(k)) {
        // The bound reads a list's size, which the body changes: a general loop re-reads it.
        throw st.facts.generalLoop(f);
      }
    }
    return completes;
  }

  /** A counted loop whose start or bound is known only at run time (it runs upwards). */
  private boolean counted(
      ForLoopTree f,
      ForHeader.Form form,
      AVal.Int start,
      AVal.Int bound,
      boolean early,
      List<String> labels) {
    int step = form.step();
    Tree.Kind k = form.cmp();
    AVal.Int diff = step > 0 ? st.ints(Op.ISUB, bound, start) : st.ints(Op.ISUB, start, bound);
    boolean inclusive = k == Tree.Kind.LESS_THAN_EQUAL || k == Tree.Kind.GREATER_THAN_EQUAL;
    if (inclusive) {
      diff = st.plus(diff, 1);
    }
    int stride = Math.abs(step);
    AVal.Int unclamped =
        stride == 1 ? diff : st.ints(Op.IDIV, st.plus(diff, stride - 1), AVal.Int.of(stride));
    AVal.Int trips = st.ints(Op.IMAX, AVal.Int.of(0), unclamped);
    Sym lo;
    Sym hi;
    if (step > 0) {
      lo = start.sym();
      hi = inclusive ? bound.sym() : Sym.plus(bound.sym(), -1);
    } else {
      lo = inclusive ? bound.sym() : Sym.plus(bound.sym(), 1);
      hi = start.sym();
    }
    Extent extent =
        trips.isConstant() ? Extent.of(trips.constant()) : new Extent.Dynamic(trips.id());
    Binder bind =
        frame -> {
          frame.stride = Math.abs(step);
          AVal.Int idx = st.indexOf(frame.index);
          AVal.Int i = st.ints(Op.IADD, start, st.ints(Op.IMUL, idx, AVal.Int.of(step)));
          declareVar(form.var(), i, new Sym.Var(frame, form.var(), lo, hi));
        };
    return run(
        new Spec(
            f,
            labels,
            extent,
            trips.sym(),
            unclamped.sym(),
            false,
            early,
            bind,
            f.getStatement(),
            null,
            List.of(f.getStatement())));
  }

  private void declareVar(String name, AVal.Int value, Sym sym) {
    if (!value.isConstant()) {
      st.knowSym(value.id(), sym);
    }
    AVal.Int i = value.isConstant() ? value : AVal.Int.node(value.id(), sym);
    st.frame().scope.declare(name, JType.INT, i);
    t.assign.nameValue(i, name);
  }

  /**
   * A loop that runs while its condition holds: {@code init}, then the body and {@code update}
   * until {@code cond} is false (checked first unless {@code doWhile}).
   */
  private boolean general(
      Tree tree,
      List<String> labels,
      List<? extends StatementTree> init,
      ExpressionTree cond,
      List<? extends StatementTree> update,
      boolean doWhile) {
    Scope scope = st.frame().scope;
    scope.push();
    try {
      for (StatementTree s : init) {
        t.stmt.exec(s);
      }
      Extent trips = Extent.of(Integer.MAX_VALUE);
      if (!doWhile && cond != null) {
        AVal.Bool c0 = t.expr.evalBool(cond);
        if (c0.isConstant() && !c0.constant()) {
          return true;
        }
        if (!c0.isConstant()) {
          int runs = st.select(c0.id(), st.intConstant(Integer.MAX_VALUE), st.intConstant(0));
          trips = new Extent.Dynamic(runs);
        }
      }
      StatementTree body = bodyOf(tree);
      Supplier<AVal.Bool> next =
          () -> {
            for (StatementTree u : update) {
              t.stmt.exec(u);
            }
            return cond == null ? AVal.Bool.of(true) : t.expr.evalBool(cond);
          };
      List<Tree> parts = new ArrayList<>();
      parts.add(body);
      parts.addAll(update);
      if (cond != null) {
        parts.add(cond);
      }
      return run(
          new Spec(tree, labels, trips, null, null, false, true, frame -> {}, body, next, parts));
    } finally {
      scope.pop();
    }
  }

  private static StatementTree bodyOf(Tree loop) {
    if (loop instanceof ForLoopTree f) {
      return f.getStatement();
    } else if (loop instanceof WhileLoopTree w) {
      return w.getStatement();
    }
    return ((DoWhileLoopTree) loop).getStatement();
  }

  boolean whileLoop(WhileLoopTree w, List<String> labels) {
    return general(w, labels, List.of(), w.getCondition(), List.of(), false);
  }

  boolean doWhile(DoWhileLoopTree d, List<String> labels) {
    return general(d, labels, List.of(), d.getCondition(), List.of(), true);
  }

  // ---- for-each ----

  boolean forEach(EnhancedForLoopTree f, List<String> labels) {
    AVal coll = t.tables.asArray(t.expr.value(f.getExpression()), f.getExpression());
    VariableTree v = f.getVariable();
    JType declared = t.types.parse(v.getType());
    boolean early = stopsEarly(f.getStatement(), labels);
    if (coll instanceof AVal.ListRef l && t.lists.dynamic(l.state())) {
      return t.lists.forEach(l, f, early, labels, this);
    }
    AVal.Arr arr;
    if (coll instanceof AVal.Arr a) {
      arr = a;
    } else if (coll instanceof AVal.ListRef l) {
      arr = t.lists.elements(l.state(), f.getExpression());
    } else {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "for-each over " + ExpressionTracer.describe(coll),
          f.getExpression());
    }
    AVal.Int n = arr.length();
    if (n.isConstant() && n.constant() == 0) {
      return true;
    }
    Binder bind =
        frame -> {
          AVal.Int i = st.indexOf(frame.index);
          AVal element =
              arr.rank() > 1
                  ? st.row(arr, i, f.getExpression())
                  : st.load(arr, List.of(i), f.getExpression());
          bindElement(v, declared, element);
        };
    Extent trips = n.isConstant() ? Extent.of(n.constant()) : new Extent.Dynamic(n.id());
    return run(
        new Spec(
            f,
            labels,
            trips,
            n.sym(),
            n.sym(),
            false,
            early,
            bind,
            f.getStatement(),
            null,
            List.of(f.getStatement())));
  }

  /** Declares a for-each variable holding {@code element}. */
  void bindElement(VariableTree v, JType declared, AVal element) {
    JType type = declared == null ? ExpressionTracer.typeOf(element) : declared;
    Scope.Var var = st.frame().scope.declare(v.getName().toString(), type, new AVal.Unset());
    t.assign.assignVar(var, element, v);
  }

  /**
   * A for-each over {@code n} elements (a runtime count) whose element {@code at(i)} gives; for
   * lists whose length is known only at run time.
   */
  boolean forEachOf(
      EnhancedForLoopTree f,
      AVal.Int n,
      java.util.function.Function<AVal.Int, AVal> at,
      boolean early,
      List<String> labels) {
    VariableTree v = f.getVariable();
    JType declared = t.types.parse(v.getType());
    Binder bind = frame -> bindElement(v, declared, at.apply(st.indexOf(frame.index)));
    Extent trips = n.isConstant() ? Extent.of(n.constant()) : new Extent.Dynamic(n.id());
    return run(
        new Spec(
            f,
            labels,
            trips,
            n.sym(),
            n.sym(),
            false,
            early,
            bind,
            f.getStatement(),
            null,
            List.of(f.getStatement())));
  }

  /** Whether a jump in {@code body} may end the loop before its last iteration. */
  boolean stopsEarly(StatementTree body, List<String> labels) {
    JumpScan.Exits e = JumpScan.of(body);
    if (e.returns() || e.yields()) {
      return true;
    }
    for (JumpScan.Jump j : e.jumps()) {
      boolean own = j.label() == null || labels.contains(j.label());
      if (!(own && j.isContinue())) {
        return true;
      }
    }
    return false;
  }

  // ---- the loop itself ----

  /** Opens the loop, carries the variables it assigns, traces the body once. */
  private boolean run(Spec s) {
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
          Tree assigned = assignedNames(p).get(e.getKey().name);
          if (assigned != null) {
            at = assigned;
            break;
          }
        }
        throw st.error(
            Code.MERGED_REFERENCES,
            e.getKey().name + " refers to another object after an iteration of this loop",
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
      case INT, CHAR -> st.intNode(id, null);
      case BOOLEAN -> AVal.Bool.node(id);
      default -> throw new IllegalStateException(type.toString());
    };
  }

  /** Names assigned anywhere in {@code body} (not in lambdas or classes), first site of each. */
  static Map<String, Tree> assignedNames(Tree body) {
    Map<String, Tree> out = new LinkedHashMap<>();
    new TreeScanner<Void, Void>() {
      private void target(ExpressionTree e, Tree at) {
        if (ForHeader.strip(e) instanceof IdentifierTree id) {
          out.putIfAbsent(id.getName().toString(), at);
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void p) {
        target(node.getVariable(), node);
        return super.visitAssignment(node, p);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
        target(node.getVariable(), node);
        return super.visitCompoundAssignment(node, p);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void p) {
        switch (node.getKind()) {
          case POSTFIX_INCREMENT, PREFIX_INCREMENT, POSTFIX_DECREMENT, PREFIX_DECREMENT ->
              target(node.getExpression(), node);
          default -> {}
        }
        return super.visitUnary(node, p);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree node, Void p) {
        return null;
      }
    }.scan(body, null);
    return out;
  }
}
