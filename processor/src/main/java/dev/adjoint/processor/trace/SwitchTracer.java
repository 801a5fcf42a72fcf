package dev.adjoint.processor.trace;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code switch} statements and expressions, old ({@code case A:}, falling through until a {@code
 * break}) and arrow forms, on ints and chars (compile-time or runtime) and on compile-time strings
 * and enum constants. A compile-time selector runs the matching case only; a runtime one becomes
 * branches: case k runs when some case up to k matched (so control falls through), and a {@code
 * break} or {@code yield} sets the switch's flag, which guards everything after it.
 */
final class SwitchTracer {
  private final Tracer t;
  private final TraceState st;

  SwitchTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  boolean statement(SwitchTree s, List<String> labels) {
    AVal sel = t.expr.value(s.getExpression());
    st.frame().scope.push();
    Target g = t.control.push(Target.Kind.SWITCH, labels, null);
    try {
      run(sel, s.getCases(), s, false);
    } finally {
      t.control.pop(g);
      st.frame().scope.pop();
    }
    return true;
  }

  AVal expression(SwitchExpressionTree s) {
    AVal sel = t.expr.value(s.getExpression());
    st.frame().scope.push();
    Target g = t.control.push(Target.Kind.SWITCH_EXPR, List.of(), st.facts.valueTypes.get(s));
    valueOwners.push(s);
    try {
      run(sel, s.getCases(), s, true);
      if (g.value.value instanceof AVal.Unset) {
        throw st.error(Code.UNSUPPORTED_SYNTAX, "a switch expression that yields no value", s);
      }
      return g.value.value;
    } finally {
      valueOwners.pop();
      t.control.pop(g);
      st.frame().scope.pop();
    }
  }

  private final java.util.Deque<Tree> valueOwners = new java.util.ArrayDeque<>();

  /** Gives a switch expression's value. */
  void assignValue(Target g, AVal v, Tree at) {
    t.regions.assignTyped(g.value, v, valueOwners.peek(), at);
  }

  private void run(AVal sel, List<? extends CaseTree> cases, Tree at, boolean expression) {
    if (sel instanceof AVal.Int i && !i.isConstant()) {
      runtime(i, cases, expression);
      return;
    }
    // A compile-time selector: the matching case (or default), then fall through.
    int match = -1;
    for (int k = 0; k < cases.size() && match < 0; k++) {
      for (ExpressionTree label : cases.get(k).getExpressions()) {
        if (matches(sel, label)) {
          match = k;
        }
      }
    }
    for (int k = 0; k < cases.size() && match < 0; k++) {
      if (cases.get(k).getExpressions().isEmpty()) {
        match = k;
      }
    }
    if (match < 0) {
      return;
    }
    if (cases.get(match).getCaseKind() == CaseTree.CaseKind.RULE) {
      rule(cases.get(match), expression);
      return;
    }
    List<StatementTree> path = new ArrayList<>();
    for (int k = match; k < cases.size(); k++) {
      path.addAll(cases.get(k).getStatements());
    }
    t.stmt.statements(path);
  }

  private boolean matches(AVal sel, ExpressionTree label) {
    if (sel instanceof AVal.EnumConst e) {
      String name =
          label instanceof IdentifierTree id
              ? id.getName().toString()
              : label instanceof MemberSelectTree ms ? ms.getIdentifier().toString() : null;
      return e.name().equals(name);
    }
    AVal v = t.expr.value(label);
    return v.equals(sel)
        || sel instanceof AVal.Int a
            && v instanceof AVal.Int b
            && a.constant().equals(b.constant());
  }

  /** A runtime int selector: case k runs if some case up to k matched and nothing broke out. */
  private void runtime(AVal.Int sel, List<? extends CaseTree> cases, boolean expression) {
    List<AVal.Bool> match = new ArrayList<>();
    AVal.Bool any = AVal.Bool.of(false);
    for (CaseTree c : cases) {
      AVal.Bool m = AVal.Bool.of(false);
      for (ExpressionTree label : c.getExpressions()) {
        AVal.Int v = t.expr.evalInt(label);
        m = or(m, AVal.Bool.node(st.apply(Op.EQ, sel.id(), st.intId(v))));
      }
      match.add(m);
      any = or(any, m);
    }
    AVal.Bool none = t.control.not(any);
    for (int k = 0; k < cases.size(); k++) {
      if (cases.get(k).getExpressions().isEmpty()) {
        match.set(k, none);
      }
    }
    if (!cases.isEmpty() && cases.get(0).getCaseKind() == CaseTree.CaseKind.RULE) {
      rules(cases, match, 0, expression);
    } else {
      fallThrough(cases, match, 0, AVal.Bool.of(false));
    }
  }

  private AVal.Bool or(AVal.Bool a, AVal.Bool b) {
    if (a.isConstant()) {
      return a.constant() ? a : b;
    }
    if (b.isConstant()) {
      return b.constant() ? b : a;
    }
    return AVal.Bool.node(st.apply(Op.OR, a.id(), b.id()));
  }

  /** Arrow cases: exactly one runs. */
  private boolean rules(
      List<? extends CaseTree> cases, List<AVal.Bool> match, int k, boolean expression) {
    if (k == cases.size()) {
      return true;
    }
    CaseTree c = cases.get(k);
    Set<Scope.Var> vars = touched(c);
    Set<Scope.Var> rest = new LinkedHashSet<>();
    for (CaseTree other : cases.subList(k + 1, cases.size())) {
      rest.addAll(touched(other));
    }
    vars.addAll(rest);
    return t.regions.branch(
        match.get(k),
        () -> rule(c, expression),
        () -> rules(cases, match, k + 1, expression),
        new ArrayList<>(vars),
        rest,
        c);
  }

  /** Falling-through cases from {@code k}: {@code entered} says whether an earlier case ran. */
  private boolean fallThrough(
      List<? extends CaseTree> cases, List<AVal.Bool> match, int k, AVal.Bool entered) {
    if (k == cases.size()) {
      return true;
    }
    CaseTree c = cases.get(k);
    AVal.Bool in = or(entered, match.get(k));
    List<? extends StatementTree> body = c.getStatements();
    if (in.isConstant()) {
      if (in.constant() && !t.stmt.statements(body)) {
        return false;
      }
    } else {
      t.regions.branch(
          in, () -> t.stmt.statements(body), () -> true, new ArrayList<>(touched(c)), Set.of(), c);
    }
    AVal.Bool live = t.control.live();
    if (live.isConstant()) {
      return live.constant() && fallThrough(cases, match, k + 1, in);
    }
    Set<Scope.Var> vars = new LinkedHashSet<>();
    for (CaseTree other : cases.subList(k + 1, cases.size())) {
      vars.addAll(touched(other));
    }
    return t.regions.branch(
        live,
        () -> t.control.underClearFlags(vars, () -> fallThrough(cases, match, k + 1, in)),
        () -> true,
        new ArrayList<>(vars),
        Set.of(),
        c);
  }

  private Set<Scope.Var> touched(CaseTree c) {
    Set<Scope.Var> out = new LinkedHashSet<>();
    if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
      out.addAll(t.control.touched(c.getBody()));
    } else {
      for (StatementTree s : c.getStatements()) {
        out.addAll(t.control.touched(s));
      }
    }
    Target g = st.frame().targets.peek();
    if (g != null && g.value != null) {
      out.add(g.broken);
      out.add(g.value);
    }
    return out;
  }

  /** One arrow case: an expression (the value of a switch expression), a block, or a throw. */
  private boolean rule(CaseTree c, boolean expression) {
    Tree body = c.getBody();
    if (body instanceof ThrowTree) {
      throw st.error(Code.EXCEPTIONS, "throw", body);
    }
    if (body instanceof BlockTree b) {
      return t.stmt.block(b);
    }
    if (body instanceof ExpressionStatementTree es) {
      body = es.getExpression();
    }
    AVal v = t.expr.eval((ExpressionTree) body);
    if (expression) {
      Target g = st.frame().targets.peek();
      assignValue(g, v, body);
      g.broken.value = AVal.Bool.of(true);
    }
    return !expression;
  }

  // ---- compile-time strings and enums ----

  AVal stringMethod(AVal.Str s, String name, List<AVal> a, MethodInvocationTree call) {
    switch (name) {
      case "equals":
        if (a.size() == 1) {
          return AVal.Bool.of(a.get(0) instanceof AVal.Str o && o.value().equals(s.value()));
        }
        break;
      case "length":
        if (a.isEmpty()) {
          return AVal.Int.of(s.value().length());
        }
        break;
      case "isEmpty":
        if (a.isEmpty()) {
          return AVal.Bool.of(s.value().isEmpty());
        }
        break;
      default:
        break;
    }
    throw st.error(Code.STRINGS, "String." + name + CallTracer.signature(a), call);
  }

  AVal enumMethod(AVal.EnumConst e, String name, List<AVal> a, MethodInvocationTree call) {
    if (name.equals("equals") && a.size() == 1) {
      return AVal.Bool.of(e.equals(a.get(0)));
    }
    if (name.equals("name") && a.isEmpty()) {
      return new AVal.Str(e.name());
    }
    if (name.equals("ordinal") && a.isEmpty()) {
      return AVal.Int.of(t.resolver.ordinal(e.type(), e.name()));
    }
    throw st.error(Code.OPAQUE_CALL, e.name() + "." + name + CallTracer.signature(a), call);
  }
}
