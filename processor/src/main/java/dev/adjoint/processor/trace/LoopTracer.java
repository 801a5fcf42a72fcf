package dev.adjoint.processor.trace;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces {@code for} loops with compile-time trip counts into IR loops, tracing the body once.
 * Scalar variables declared outside and assigned inside become loop-carried values; reassigning an
 * array or list variable declared outside is an error (its storage would differ per iteration).
 */
final class LoopTracer {
  private final Tracer t;
  private final TraceState st;

  LoopTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  void forLoop(ForLoopTree f) {
    ForHeader.Counted c = new ForHeader(t).counted(f);
    if (c.count() == 0) {
      return;
    }
    Map<String, Tree> assigned = assignedNames(f.getStatement());
    if (assigned.containsKey(c.var())) {
      throw st.error(
          Code.FOR_FORM,
          "the loop variable " + c.var() + " is assigned in the body",
          assigned.get(c.var()));
    }
    run(
        c.count(),
        c.descending(),
        assigned,
        index -> {
          AVal.Int i = AVal.Int.node(index);
          if (c.stride() != 1) {
            i = AVal.Int.node(st.apply(Op.IMUL, index, st.intConstant(c.stride())));
          }
          i = st.plus(i, c.base());
          st.frame().scope.declare(c.var(), JType.INT, i);
          t.assign.nameValue(i, c.var());
        },
        f.getStatement());
  }

  void forEach(EnhancedForLoopTree f) {
    AVal coll = t.tables.asArray(t.expr.value(f.getExpression()), f.getExpression());
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
    if (arr.length() == 0) {
      return;
    }
    VariableTree v = f.getVariable();
    JType declared = t.types.parse(v.getType());
    Map<String, Tree> assigned = assignedNames(f.getStatement());
    run(
        arr.length(),
        false,
        assigned,
        index -> {
          AVal.Int i = AVal.Int.node(index);
          AVal element =
              arr.shape().size() > 1
                  ? st.row(arr, i, f.getExpression())
                  : st.load(arr, List.of(i), f.getExpression());
          JType type = declared == null ? ExpressionTracer.typeOf(element) : declared;
          Scope.Var var = st.frame().scope.declare(v.getName().toString(), type, new AVal.Unset());
          t.assign.assignVar(var, element, v);
        },
        f.getStatement());
  }

  private interface Binder {
    void bind(int index);
  }

  /** Opens the loop, carries the assigned outer scalars through it, traces the body once. */
  private void run(
      int count,
      boolean descending,
      Map<String, Tree> assigned,
      Binder binder,
      StatementTree body) {
    Scope scope = st.frame().scope;
    List<Scope.Var> carried = new ArrayList<>();
    List<Scope.Var> perIteration = new ArrayList<>();
    List<Integer> inits = new ArrayList<>();
    for (Map.Entry<String, Tree> e : assigned.entrySet()) {
      Scope.Var v = scope.lookup(e.getKey());
      if (v == null) {
        continue;
      }
      if (!v.type.scalar()) {
        throw st.error(
            Code.ARRAY_REASSIGNED_IN_LOOP,
            v.name + " is declared outside the loop and reassigned in it",
            e.getValue());
      }
      if (v.value instanceof AVal.Unset) {
        perIteration.add(v);
        continue;
      }
      carried.add(v);
      inits.add(id(v.value));
    }
    Builder.LoopScope ls = st.beginLoop(count, descending, inits);
    for (int s = 0; s < carried.size(); s++) {
      Scope.Var v = carried.get(s);
      int id = ls.carried().get(s);
      v.value = typed(v.type, id);
      st.name(id, v.name);
    }
    scope.push();
    try {
      binder.bind(ls.index());
      t.stmt.scoped(body);
    } finally {
      scope.pop();
    }
    List<Integer> yields = new ArrayList<>();
    for (Scope.Var v : carried) {
      yields.add(id(v.value));
    }
    List<Integer> results = st.endLoop(yields);
    for (int s = 0; s < carried.size(); s++) {
      Scope.Var v = carried.get(s);
      v.value = typed(v.type, results.get(s));
      st.name(results.get(s), v.name);
    }
    for (Scope.Var v : perIteration) {
      v.value = new AVal.Unset();
    }
  }

  private int id(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    } else if (v instanceof AVal.Int i) {
      return st.intId(i);
    }
    return st.boolId((AVal.Bool) v);
  }

  private static AVal typed(JType type, int id) {
    return switch (type.base()) {
      case VALUE -> new AVal.Num(id, true, null);
      case DOUBLE -> new AVal.Num(id, false, null);
      case INT -> AVal.Int.node(id);
      case BOOLEAN -> AVal.Bool.node(id);
    };
  }

  /** Names assigned anywhere in {@code body} (not in lambdas or classes), first site of each. */
  static Map<String, Tree> assignedNames(StatementTree body) {
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
