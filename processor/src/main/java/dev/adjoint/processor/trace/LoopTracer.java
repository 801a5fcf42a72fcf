package dev.adjoint.processor.trace;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads loop headers into {@link LoopRunner.Spec}s, each body traced once. A counted {@code for}
 * (and a for-each) keeps its exact trip count, a compile-time constant or a value computed before
 * the loop; any other loop ({@code while}, {@code do}, a general {@code for}) runs while its
 * condition holds (a loop with {@code again}). {@link LoopRunner} carries the variables and closes
 * the loop.
 */
final class LoopTracer {
  private final Tracer t;
  private final TraceState st;
  private final ForHeader header;
  private final LoopRunner runner;

  LoopTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
    this.header = new ForHeader(t);
    this.runner = new LoopRunner(t);
  }

  // ---- for ----

  boolean forLoop(ForLoopTree f, List<String> labels) {
    ForHeader.Form form = st.facts.generalLoops.contains(f) ? null : header.form(f);
    if (form == null || !rectangular(form.rowArrays())) {
      return general(f, labels, f.getInitializer(), f.getCondition(), f.getUpdate(), false);
    }
    Scope scope = st.frame().scope;
    AVal.Int start = t.expr.evalInt(form.start());
    AVal.Int bound = t.expr.evalInt(form.bound());
    st.intRanges.loopBound(start.sym());
    st.intRanges.loopBound(bound.sym());
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
      LoopRunner.Binder bind =
          frame -> {
            frame.stride = Math.abs(step);
            AVal.Int i = AVal.Int.node(frame.index);
            if (stride != 1) {
              i = AVal.Int.node(st.apply(Op.IMUL, frame.index, st.intConstant(stride)));
            }
            i = st.syms.plus(i, base);
            declareVar(form.var(), i, new Sym.Var(frame, form.var(), lo, hi));
          };
      completes =
          runner.run(
              new LoopRunner.Spec(
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

  /**
   * Whether every array whose rows' lengths a bound reads is rectangular (the tracer keeps such
   * arrays' rows at one length): a table's rows may be replaced by rows of other lengths.
   */
  private boolean rectangular(List<ExpressionTree> arrays) {
    for (ExpressionTree e : arrays) {
      Scope.Var v = st.frame().scope.lookup(((IdentifierTree) e).getName().toString());
      if (v == null || !(v.value instanceof AVal.Arr a) || a.rank() < 2) {
        return false;
      }
    }
    return true;
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
    AVal.Int diff =
        step > 0 ? st.syms.ints(Op.ISUB, bound, start) : st.syms.ints(Op.ISUB, start, bound);
    boolean inclusive = k == Tree.Kind.LESS_THAN_EQUAL || k == Tree.Kind.GREATER_THAN_EQUAL;
    if (inclusive) {
      diff = st.syms.plus(diff, 1);
    }
    int stride = Math.abs(step);
    AVal.Int unclamped =
        stride == 1
            ? diff
            : st.syms.ints(Op.IDIV, st.syms.plus(diff, stride - 1), AVal.Int.of(stride));
    AVal.Int trips =
        !unclamped.isConstant() && Bounds.nonNegative(unclamped.sym())
            ? unclamped
            : st.syms.ints(Op.IMAX, AVal.Int.of(0), unclamped);
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
    LoopRunner.Binder bind =
        frame -> {
          frame.stride = Math.abs(step);
          AVal.Int idx = st.syms.indexOf(frame.index);
          // The variable is the raw index itself when it counts up from 0 by 1 (a table's rows
          // filled by this loop are then recognized as its iterations' arrays).
          AVal.Int scaled = step == 1 ? idx : st.syms.ints(Op.IMUL, idx, AVal.Int.of(step));
          AVal.Int i =
              start.isConstant() && start.constant() == 0
                  ? scaled
                  : st.syms.ints(Op.IADD, start, scaled);
          declareVar(form.var(), i, new Sym.Var(frame, form.var(), lo, hi));
        };
    return runner.run(
        new LoopRunner.Spec(
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
      st.syms.knowSym(value.id(), sym);
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
      return runner.run(
          new LoopRunner.Spec(
              tree, labels, trips, null, null, false, true, frame -> {}, body, next, parts));
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
    AVal value = t.expr.value(f.getExpression());
    if (value instanceof AVal.Table tab && tab.state().lengths != null) {
      // Rows of different lengths: each iteration sees its own row.
      return forEachOf(
          f,
          tab.state().rowCount,
          i -> t.tables.row(tab.state(), i, f.getExpression()),
          stopsEarly(f.getStatement(), labels),
          labels);
    }
    AVal coll = t.tables.asArray(value, f.getExpression());
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
    LoopRunner.Binder bind =
        frame -> {
          AVal.Int i = st.syms.indexOf(frame.index);
          AVal element =
              arr.rank() > 1
                  ? st.row(arr, i, f.getExpression())
                  : st.load(arr, List.of(i), f.getExpression());
          bindElement(v, declared, element);
        };
    Extent trips = n.isConstant() ? Extent.of(n.constant()) : new Extent.Dynamic(n.id());
    return runner.run(
        new LoopRunner.Spec(
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
    LoopRunner.Binder bind =
        frame -> bindElement(v, declared, at.apply(st.syms.indexOf(frame.index)));
    Extent trips = n.isConstant() ? Extent.of(n.constant()) : new Extent.Dynamic(n.id());
    return runner.run(
        new LoopRunner.Spec(
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
}
