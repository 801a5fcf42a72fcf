package dev.adjoint.processor.trace;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code if} statements. A compile-time condition runs one arm. On a runtime condition the arms are
 * first traced as pure computations (both run, and every variable they assign becomes a select of
 * the two values, as static programs always had it); an arm with an effect (a store, a list add, a
 * jump, a loop that may not end, a check) makes the tracer start again and trace the if as a branch
 * ({@link Regions}) where only the taken arm runs.
 */
final class IfTracer {
  private final Tracer t;
  private final TraceState st;

  IfTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** An if statement (with nothing after it that its returns could skip). */
  boolean statement(IfTree ift) {
    AVal.Bool cond = condition(ift);
    if (cond.isConstant()) {
      return taken(ift, cond);
    }
    if (st.facts.regions.contains(ift)) {
      return region(ift, cond);
    }
    if (returnsInside(ift)) {
      returningIf(ift, cond, List.of());
      return false;
    }
    runtimeIf(ift, cond);
    return true;
  }

  /**
   * Whether {@code ift}, followed by {@code rest}, is traced as a pure if whose returns select the
   * method's value (then {@link #withReturn} traces it with the rest).
   */
  boolean consumesRest(IfTree ift) {
    return !st.facts.regions.contains(ift) && returnsInside(ift);
  }

  /** An if with a return inside, followed by {@code rest}; false if it returned. */
  boolean withReturn(IfTree ift, List<? extends StatementTree> rest) {
    AVal.Bool cond = condition(ift);
    if (cond.isConstant()) {
      return taken(ift, cond) && t.stmt.statements(rest);
    }
    if (st.facts.regions.contains(ift)) {
      // Known as a branch only now that its condition is evaluated: the rest follows as usual.
      return region(ift, cond) && t.stmt.statements(rest);
    }
    // The rest of the block is what runs after an arm that does not return.
    returningIf(ift, cond, rest);
    return false;
  }

  private AVal.Bool condition(IfTree ift) {
    return t.expr.evalBool(ift.getCondition());
  }

  private boolean taken(IfTree ift, AVal.Bool cond) {
    StatementTree arm = cond.constant() ? ift.getThenStatement() : ift.getElseStatement();
    return arm == null || t.stmt.scoped(arm);
  }

  /** An if on a runtime condition as a branch: only the taken arm runs. */
  private boolean region(IfTree ift, AVal.Bool cond) {
    StatementTree yes = ift.getThenStatement();
    StatementTree no = ift.getElseStatement();
    Set<Scope.Var> vars = t.control.touched(yes);
    Set<Scope.Var> elseTouches = t.control.touched(no);
    vars.addAll(elseTouches);
    return t.regions.branch(
        cond,
        () -> t.stmt.scoped(yes),
        () -> no == null || t.stmt.scoped(no),
        new ArrayList<>(vars),
        elseTouches,
        ift);
  }

  /**
   * An if on a runtime condition whose arms only compute: both arms are traced (each from the same
   * state), then every variable either arm changed becomes a select of the two values.
   */
  private void runtimeIf(IfTree ift, AVal.Bool cond) {
    Scope scope = st.frame().scope;
    Map<Scope.Var, AVal> before = scope.snapshot();
    Map<Scope.Var, AVal> afterThen;
    Map<Scope.Var, AVal> afterElse;
    st.enterPure(ift);
    try {
      t.stmt.scoped(ift.getThenStatement());
      afterThen = scope.snapshot();
      Scope.restore(before);
      if (ift.getElseStatement() != null) {
        t.stmt.scoped(ift.getElseStatement());
      }
      afterElse = scope.snapshot();
    } finally {
      st.exitPure();
    }
    for (Map.Entry<Scope.Var, AVal> e : before.entrySet()) {
      Scope.Var v = e.getKey();
      AVal yes = afterThen.get(v);
      AVal no = afterElse.get(v);
      if (yes.equals(no)) {
        v.value = yes;
      } else if (yes instanceof AVal.Unset || no instanceof AVal.Unset) {
        // Assigned on one path only: Java's definite assignment forbids reading it afterwards.
        v.value = new AVal.Unset();
      } else {
        v.value = merge(cond, yes, no, ift);
        t.assign.nameValue(v.value, v.name);
      }
    }
  }

  /** A select of two numbers; anything else needs a branch. */
  AVal merge(AVal.Bool cond, AVal yes, AVal no, com.sun.source.tree.Tree at) {
    if (!Arith.scalar(yes) || !Arith.scalar(no)) {
      throw st.facts.region(at);
    }
    return t.ops.merge(cond.id(), yes, no, at);
  }

  /**
   * An if on a runtime condition with a {@code return} inside: each arm, followed by the rest of
   * the block, is traced to its return (both must be side effect free), and the method returns the
   * select of the two results.
   */
  private void returningIf(IfTree ift, AVal.Bool cond, List<? extends StatementTree> rest) {
    Frame frame = st.frame();
    Map<Scope.Var, AVal> before = frame.scope.snapshot();
    AVal yes;
    AVal no;
    st.enterPure(ift);
    int saved = frame.returnLevel;
    frame.returnLevel = st.pure;
    try {
      yes = arm(ift.getThenStatement(), rest, ift);
      Scope.restore(before);
      no = arm(ift.getElseStatement(), rest, ift);
      Scope.restore(before);
    } finally {
      frame.returnLevel = saved;
      st.exitPure();
    }
    frame.returned = yes == null ? null : merge(cond, yes, no, ift);
  }

  private AVal arm(StatementTree first, List<? extends StatementTree> rest, IfTree ift) {
    Frame frame = st.frame();
    frame.returned = null;
    // The arm and the rest form one statement list, so that an else-if inside the arm also sees
    // the rest (a block's locals stay visible to the rest, which Java's scoping makes harmless).
    List<StatementTree> path = new ArrayList<>();
    if (first instanceof BlockTree b) {
      path.addAll(b.getStatements());
    } else if (first != null) {
      path.add(first);
    }
    path.addAll(rest);
    frame.scope.push();
    boolean completes;
    try {
      completes = t.stmt.statements(path);
    } finally {
      frame.scope.pop();
    }
    if (completes) {
      if (frame.method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID) {
        return null;
      }
      // Javac proved that every path returns: this one goes on past the statements seen here (the
      // if is inside a loop or another if), so only a branch with a returned flag can trace it.
      throw st.facts.region(ift);
    }
    return frame.returned;
  }

  /** Whether an if statement contains a return (outside lambdas and classes). */
  static boolean returnsInside(IfTree ift) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitReturn(ReturnTree node, Void p) {
            return true;
          }

          @Override
          public Boolean visitLambdaExpression(LambdaExpressionTree node, Void p) {
            return false;
          }

          @Override
          public Boolean visitClass(ClassTree node, Void p) {
            return false;
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(ift, null);
    return Boolean.TRUE.equals(found);
  }
}
