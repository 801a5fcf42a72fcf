package dev.adjoint.processor.trace;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Symbolically executes statements: declarations, expression statements, blocks, {@code if}
 * (compile-time conditions run one branch; runtime conditions trace both side-effect-free arms and
 * merge what they assign with selects), loops ({@link LoopTracer}) and {@code return}.
 */
final class StatementTracer {
  private final Tracer t;
  private final TraceState st;

  StatementTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** Traces the body of the method of {@code frame} (pushed by the caller). */
  void body(Frame frame) {
    statements(new ArrayList<>(frame.tree.getBody().getStatements()));
  }

  /** Runs statements in order; false once one of them returned. */
  boolean statements(List<? extends StatementTree> list) {
    for (int i = 0; i < list.size(); i++) {
      StatementTree s = list.get(i);
      boolean completes =
          s instanceof IfTree ift && returnsInside(ift)
              ? ifWithReturn(ift, list.subList(i + 1, list.size()))
              : exec(s);
      if (!completes) {
        return false;
      }
    }
    return true;
  }

  /** An if with a return inside, followed by {@code rest}; false if it returned. */
  private boolean ifWithReturn(IfTree ift, List<? extends StatementTree> rest) {
    st.enter(ift);
    int line = st.statementLine(ift);
    try {
      AVal.Bool cond = condition(ift);
      if (cond.isConstant()) {
        return taken(ift, cond);
      }
      // The rest of the block is what runs after an arm that does not return.
      returningIf(ift, cond, rest);
      return false;
    } finally {
      st.restoreLine(line);
      st.exit();
    }
  }

  /** Traces one statement; false if it returned. */
  boolean exec(StatementTree s) {
    st.enter(s);
    int line = st.statementLine(s);
    try {
      return execInner(s);
    } finally {
      st.restoreLine(line);
      st.exit();
    }
  }

  private boolean execInner(StatementTree s) {
    switch (s.getKind()) {
      case BLOCK:
        return block((BlockTree) s);
      case VARIABLE:
        declare((VariableTree) s);
        return true;
      case EXPRESSION_STATEMENT:
        t.expr.eval(((ExpressionStatementTree) s).getExpression());
        return true;
      case EMPTY_STATEMENT:
        return true;
      case IF:
        {
          IfTree ift = (IfTree) s;
          AVal.Bool cond = condition(ift);
          if (cond.isConstant()) {
            return taken(ift, cond);
          }
          if (returnsInside(ift)) {
            returningIf(ift, cond, List.of());
            return false;
          }
          runtimeIf(ift, cond);
          return true;
        }
      case FOR_LOOP:
        t.loops.forLoop((ForLoopTree) s);
        return true;
      case ENHANCED_FOR_LOOP:
        t.loops.forEach((EnhancedForLoopTree) s);
        return true;
      case RETURN:
        doReturn((ReturnTree) s);
        return false;
      case WHILE_LOOP:
        throw st.error(Code.WHILE_LOOP, "its trip count is not known at compile time", s);
      case DO_WHILE_LOOP:
        throw st.error(
            Code.WHILE_LOOP, "a do-while loop's trip count is not known at compile time", s);
      case BREAK:
        throw st.error(Code.JUMP, "break", s);
      case CONTINUE:
        throw st.error(Code.JUMP, "continue", s);
      case LABELED_STATEMENT:
        throw st.error(Code.JUMP, "a labeled statement", s);
      case TRY:
        throw st.error(Code.EXCEPTIONS, "try", s);
      case THROW:
        throw st.error(Code.EXCEPTIONS, "throw", s);
      case SWITCH:
        throw st.error(Code.SWITCH, "a switch statement", s);
      case SYNCHRONIZED:
        throw st.error(Code.SYNCHRONIZED, "a synchronized block", s);
      case ASSERT:
        throw st.error(Code.UNSUPPORTED_SYNTAX, "assert", s);
      default:
        if (s instanceof ClassTree) {
          throw st.error(Code.NEW_OBJECT, "a local class", s);
        }
        throw st.error(Code.UNSUPPORTED_SYNTAX, "the statement " + s.getKind(), s);
    }
  }

  boolean block(BlockTree b) {
    st.frame().scope.push();
    try {
      return statements(b.getStatements());
    } finally {
      st.frame().scope.pop();
    }
  }

  /** Runs a statement in its own scope (a branch or a loop body that is not a block). */
  boolean scoped(StatementTree s) {
    st.frame().scope.push();
    try {
      return statements(s instanceof BlockTree b ? b.getStatements() : List.of(s));
    } finally {
      st.frame().scope.pop();
    }
  }

  private void declare(VariableTree v) {
    String name = v.getName().toString();
    JType type = t.types.parse(v.getType());
    if (v.getInitializer() == null) {
      if (type == null) {
        throw st.error(Code.UNSUPPORTED_TYPE, "var without an initializer", v);
      }
      st.frame().scope.declare(name, type, new AVal.Unset());
      return;
    }
    Scope.Var var = new Scope.Var(name, type, null, st.pure);
    AVal init =
        type != null && !type.scalar()
            ? t.assign.initializer(v.getInitializer(), var)
            : t.expr.value(v.getInitializer());
    if (type == null) {
      type = ExpressionTracer.typeOf(init);
    }
    Scope.Var declared = st.frame().scope.declare(name, type, new AVal.Unset());
    t.assign.assignVar(declared, init, v);
  }

  // ---- if ----

  private AVal.Bool condition(IfTree ift) {
    return t.expr.evalBool(ift.getCondition());
  }

  private boolean taken(IfTree ift, AVal.Bool cond) {
    StatementTree arm = cond.constant() ? ift.getThenStatement() : ift.getElseStatement();
    return arm == null || scoped(arm);
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
    st.pure++;
    try {
      scoped(ift.getThenStatement());
      afterThen = scope.snapshot();
      Scope.restore(before);
      if (ift.getElseStatement() != null) {
        scoped(ift.getElseStatement());
      }
      afterElse = scope.snapshot();
    } finally {
      st.pure--;
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
        v.value = t.ops.merge(cond.id(), yes, no, ift);
        t.assign.nameValue(v.value, v.name);
      }
    }
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
    st.pure++;
    int saved = frame.returnLevel;
    frame.returnLevel = st.pure;
    try {
      yes = arm(ift.getThenStatement(), rest, ift);
      Scope.restore(before);
      no = arm(ift.getElseStatement(), rest, ift);
      Scope.restore(before);
    } finally {
      frame.returnLevel = saved;
      st.pure--;
    }
    frame.returned = yes == null ? null : t.ops.merge(cond.id(), yes, no, ift);
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
      completes = statements(path);
    } finally {
      frame.scope.pop();
    }
    if (completes) {
      if (frame.method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID) {
        return null;
      }
      throw st.error(
          Code.RETURN_PLACEMENT,
          "a path through this if on a runtime condition does not return",
          ift);
    }
    return frame.returned;
  }

  private void doReturn(ReturnTree r) {
    Frame frame = st.frame();
    if (st.pure > 0 && frame.returnLevel != st.pure) {
      throw st.error(Code.IMPURE_BRANCH, "return inside a branch on a runtime condition", r);
    }
    if (st.loops.size() > frame.loopDepth) {
      throw st.error(Code.RETURN_PLACEMENT, "return inside a loop", r);
    }
    if (r.getExpression() == null) {
      frame.returned = null;
      return;
    }
    frame.returnTree = r.getExpression();
    AVal v = t.expr.value(r.getExpression());
    JType declared = Signatures.of(frame.method.getReturnType());
    frame.returned = declared == null ? v : t.assign.convert(v, declared, r.getExpression());
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
