package dev.adjoint.processor.trace;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Jumps as flags (the structured lowering of Futhark and of the anchors' note 6). A {@code break},
 * {@code continue}, {@code yield} or {@code return} inside a branch or a loop sets its target's
 * flag; the statements after a point where a flag may be set run under an {@code If} on no flag
 * being set, and a loop goes on only while none of its stopping flags is set.
 */
final class Control {
  private final Tracer t;
  private final TraceState st;

  Control(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** The flags that skip the code here when set: the frame's return and its open targets'. */
  List<Scope.Var> flags() {
    Frame f = st.frame();
    List<Scope.Var> out = new ArrayList<>();
    out.add(f.returnedFlag);
    for (Target g : f.targets) {
      out.add(g.broken);
      if (g.continued != null) {
        out.add(g.continued);
      }
    }
    return out;
  }

  /** Whether control reaches here: a constant, or a runtime boolean when some flag may be set. */
  AVal.Bool live() {
    return not(any(flags()));
  }

  /** Whether control reaches here, when that is known without computing anything; else null. */
  Boolean liveKnown() {
    boolean runtime = false;
    for (Scope.Var f : flags()) {
      AVal.Bool v = (AVal.Bool) f.value;
      if (v.isConstant() && v.constant()) {
        return false;
      }
      runtime |= !v.isConstant();
    }
    return runtime ? null : true;
  }

  /** Whether any of {@code flags} is set: a constant, or an OR of the runtime ones. */
  AVal.Bool any(List<Scope.Var> flags) {
    int acc = -1;
    for (Scope.Var f : flags) {
      AVal.Bool v = (AVal.Bool) f.value;
      if (v.isConstant()) {
        if (v.constant()) {
          return AVal.Bool.of(true);
        }
        continue;
      }
      acc = acc < 0 ? v.id() : st.apply(Op.OR, acc, v.id());
    }
    return acc < 0 ? AVal.Bool.of(false) : AVal.Bool.node(acc);
  }

  AVal.Bool not(AVal.Bool b) {
    return b.isConstant() ? AVal.Bool.of(!b.constant()) : AVal.Bool.node(st.apply(Op.NOT, b.id()));
  }

  /**
   * Traces {@code rest} under {@code live} (some flag may be set before it): an {@code If} whose
   * arm sees every flag clear. Returns whether control may reach the end.
   */
  boolean guardRest(AVal.Bool live, List<? extends StatementTree> rest) {
    if (rest.isEmpty()) {
      return true;
    }
    Set<Scope.Var> vars = new LinkedHashSet<>();
    for (StatementTree s : rest) {
      vars.addAll(touched(s));
    }
    return t.regions.branch(
        live,
        () -> underClearFlags(vars, () -> t.stmt.statements(rest)),
        () -> true,
        new ArrayList<>(vars),
        Set.of(),
        rest.get(0));
  }

  /**
   * Runs {@code arm} (the code after a point where some flag may be set, under the condition that
   * none is) with every runtime flag read as clear. A flag the arm cannot set ({@code vars} does
   * not hold it) gets its value back afterwards: on that path it was clear, so that is the same
   * value, and the enclosing branch need not merge it.
   */
  boolean underClearFlags(Set<Scope.Var> vars, Regions.Arm arm) {
    List<Scope.Var> runtime = new ArrayList<>();
    List<AVal> saved = new ArrayList<>();
    for (Scope.Var f : flags()) {
      if (!((AVal.Bool) f.value).isConstant()) {
        runtime.add(f);
        saved.add(f.value);
        f.value = AVal.Bool.of(false);
      }
    }
    boolean completes = arm.run();
    for (int k = 0; k < runtime.size(); k++) {
      if (!vars.contains(runtime.get(k))) {
        runtime.get(k).value = saved.get(k);
      }
    }
    return completes;
  }

  /**
   * The variables visible here that {@code tree} may change: those it assigns (by name) and the
   * flags (and results) of the jumps leaving it.
   */
  Set<Scope.Var> touched(Tree tree) {
    Set<Scope.Var> out = new LinkedHashSet<>();
    if (tree == null) {
      return out;
    }
    Scope scope = st.frame().scope;
    for (String name : Assigned.names(tree).keySet()) {
      Scope.Var v = scope.lookup(name);
      if (v != null) {
        out.add(v);
      }
    }
    out.addAll(flagsSetBy(JumpScan.of(tree), tree));
    return out;
  }

  /** The flags (and result variables) that the jumps {@code exits} set. */
  Set<Scope.Var> flagsSetBy(JumpScan.Exits exits, Tree at) {
    Set<Scope.Var> out = new LinkedHashSet<>();
    Frame f = st.frame();
    if (exits.returns()) {
      out.add(f.returnedFlag);
      if (f.result != null) {
        out.add(f.result);
      }
    }
    for (JumpScan.Jump j : exits.jumps()) {
      Target g = resolve(j.isContinue(), j.label(), at);
      out.add(j.isContinue() ? g.continued : g.broken);
    }
    if (exits.yields()) {
      Target g = switchExpression(at);
      out.add(g.broken);
      out.add(g.value);
    }
    return out;
  }

  /** The target of a {@code break} or {@code continue} with {@code label} (null: innermost). */
  Target resolve(boolean isContinue, String label, Tree at) {
    for (Target g : st.frame().targets) {
      if (label != null
          ? g.labels.contains(label) && (!isContinue || g.kind == Target.Kind.LOOP)
          : g.kind == Target.Kind.LOOP || !isContinue && g.kind == Target.Kind.SWITCH) {
        return g;
      }
      if (g.kind == Target.Kind.SWITCH_EXPR) {
        break;
      }
    }
    throw st.error(
        Code.UNSUPPORTED_SYNTAX,
        (isContinue ? "continue" : "break")
            + (label == null ? "" : " " + label)
            + " has no target here",
        at);
  }

  private Target switchExpression(Tree at) {
    for (Target g : st.frame().targets) {
      if (g.kind == Target.Kind.SWITCH_EXPR) {
        return g;
      }
    }
    throw st.error(Code.UNSUPPORTED_SYNTAX, "yield outside a switch expression", at);
  }

  /** A {@code break} or {@code continue}: sets its flag; control does not go on. */
  boolean jump(StatementTree s) {
    st.effect();
    if (s instanceof BreakTree b) {
      Target g = resolve(false, b.getLabel() == null ? null : b.getLabel().toString(), s);
      g.broken.value = AVal.Bool.of(true);
    } else {
      ContinueTree c = (ContinueTree) s;
      Target g = resolve(true, c.getLabel() == null ? null : c.getLabel().toString(), s);
      g.continued.value = AVal.Bool.of(true);
    }
    return false;
  }

  /** A {@code yield}: the switch expression's value, then a break out of it. */
  boolean yield(YieldTree y) {
    Target g = switchExpression(y);
    AVal v = t.expr.value(y.getValue());
    t.switches.assignValue(g, v, y);
    g.broken.value = AVal.Bool.of(true);
    return false;
  }

  /**
   * Opens a target whose flags live in the current scope; a switch expression's value gets its type
   * {@code valueType} (null until its first value).
   */
  Target push(Target.Kind kind, List<String> labels, JType valueType) {
    Frame f = st.frame();
    Scope.Var broken =
        f.scope.declare(f.syntheticName("broken"), JType.BOOLEAN, AVal.Bool.of(false));
    Scope.Var cont =
        kind == Target.Kind.LOOP
            ? f.scope.declare(f.syntheticName("continued"), JType.BOOLEAN, AVal.Bool.of(false))
            : null;
    Scope.Var value =
        kind != Target.Kind.SWITCH_EXPR
            ? null
            : f.scope.declare(f.syntheticName("value"), valueType, new AVal.Unset());
    Target g = new Target(kind, labels, broken, cont, value);
    f.targets.push(g);
    return g;
  }

  void pop(Target g) {
    if (st.frame().targets.pop() != g) {
      throw new IllegalStateException("unbalanced jump targets");
    }
  }
}
