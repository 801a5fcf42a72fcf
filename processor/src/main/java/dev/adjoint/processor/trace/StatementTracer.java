package dev.adjoint.processor.trace;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;

/**
 * Symbolically executes statements in order: declarations, expression statements, blocks, {@code
 * if} ({@link IfTracer}), loops ({@link LoopTracer}), {@code switch} ({@link SwitchTracer}),
 * labeled statements, jumps and {@code return}. After a statement that may have jumped on some
 * paths, the rest of the block runs under the jump flags' negation ({@link Control}). A statement
 * that fails is skipped where {@link Recovery} can, so that the statements after it are traced too.
 */
final class StatementTracer {
  private final Tracer t;
  private final TraceState st;

  StatementTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** Traces the body of the method of {@code frame} (pushed by the caller) and its result. */
  void body(Frame frame) {
    statements(new ArrayList<>(frame.tree.getBody().getStatements()));
    AVal.Bool returned = (AVal.Bool) frame.returnedFlag.value;
    if (!(returned.isConstant() && !returned.constant()) && frame.result != null) {
      // Some return ran inside a loop or a branch: the method's value is the one it left.
      if (!(frame.result.value instanceof AVal.Unset)) {
        frame.returned = frame.result.value;
      }
    }
  }

  /**
   * Runs statements in order; false once control cannot go on (it returned or jumped on every
   * path).
   */
  boolean statements(List<? extends StatementTree> list) {
    for (int i = 0; i < list.size(); i++) {
      StatementTree s = list.get(i);
      List<? extends StatementTree> rest = list.subList(i + 1, list.size());
      Recovery.Mark mark = st.recovery.mark();
      if (s instanceof IfTree ift && t.ifs.consumesRest(ift)) {
        try {
          return withReturn(ift, rest);
        } catch (TraceException | Recovery.Unknown e) {
          // Skipped: the rest runs as if the if never returned.
          st.recovery.skip(s, e, mark, t.types);
          continue;
        }
      }
      boolean goesOn;
      try {
        goesOn = exec(s);
      } catch (TraceException | Recovery.Unknown e) {
        st.recovery.skip(s, e, mark, t.types);
        goesOn = true;
      }
      if (!goesOn) {
        return false;
      }
      Boolean known = t.control.liveKnown();
      if (known != null) {
        if (!known) {
          return false;
        }
        continue;
      }
      if (rest.isEmpty()) {
        return true;
      }
      return t.control.guardRest(t.control.live(), rest);
    }
    return true;
  }

  private boolean withReturn(IfTree ift, List<? extends StatementTree> rest) {
    st.enter(ift);
    int line = st.statementLine(ift);
    try {
      return t.ifs.withReturn(ift, rest);
    } finally {
      st.restoreLine(line);
      st.exit();
    }
  }

  /** Traces one statement; false if control cannot go on after it. */
  boolean exec(StatementTree s) {
    st.enter(s);
    int line = st.statementLine(s);
    try {
      return execInner(s, List.of());
    } finally {
      st.restoreLine(line);
      st.exit();
    }
  }

  private boolean execInner(StatementTree s, List<String> labels) {
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
        return t.ifs.statement((IfTree) s);
      case FOR_LOOP:
        return t.loops.forLoop((ForLoopTree) s, labels);
      case ENHANCED_FOR_LOOP:
        return t.loops.forEach((EnhancedForLoopTree) s, labels);
      case WHILE_LOOP:
        return t.loops.whileLoop((WhileLoopTree) s, labels);
      case DO_WHILE_LOOP:
        return t.loops.doWhile((DoWhileLoopTree) s, labels);
      case LABELED_STATEMENT:
        return labeled((LabeledStatementTree) s, labels);
      case SWITCH:
        return t.switches.statement((SwitchTree) s, labels);
      case BREAK:
      case CONTINUE:
        return t.control.jump(s);
      case YIELD:
        return t.control.yield((YieldTree) s);
      case RETURN:
        return doReturn((ReturnTree) s);
      case TRY:
        throw st.error(Code.EXCEPTIONS, "try", s);
      case THROW:
        throw st.error(Code.EXCEPTIONS, "throw", s);
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

  /** {@code a: b: statement}: a loop or switch gets the labels, anything else is a block. */
  private boolean labeled(LabeledStatementTree l, List<String> outer) {
    List<String> labels = new ArrayList<>(outer);
    labels.add(l.getLabel().toString());
    StatementTree inner = l.getStatement();
    switch (inner.getKind()) {
      case LABELED_STATEMENT:
      case FOR_LOOP:
      case ENHANCED_FOR_LOOP:
      case WHILE_LOOP:
      case DO_WHILE_LOOP:
      case SWITCH:
        return execInner(inner, labels);
      default:
        break;
    }
    st.frame().scope.push();
    Target g = t.control.push(Target.Kind.BLOCK, labels, null);
    try {
      execInner(inner, List.of());
    } finally {
      t.control.pop(g);
      st.frame().scope.pop();
    }
    // A break out of the block ends it; what follows runs unless another jump is pending, which
    // the caller sees in the flags.
    return true;
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
    if (JType.STRING.equals(type) && !ForHeader.plain(v.getInitializer())) {
      throw st.error(Code.STRINGS, "a String that is not a compile-time constant", v.getType());
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

  private boolean doReturn(ReturnTree r) {
    Frame frame = st.frame();
    if (st.pure > 0 && frame.returnLevel != st.pure) {
      st.effect();
    }
    boolean nested = st.loops.size() > frame.loopDepth || st.regionDepth > frame.regionDepth;
    AVal v = null;
    if (r.getExpression() != null) {
      frame.returnTree = r.getExpression();
      v = t.expr.value(r.getExpression());
      JType declared = Signatures.of(frame.method.getReturnType());
      v = declared == null ? v : t.assign.convert(v, declared, r.getExpression());
    }
    if (!nested) {
      frame.returned = v;
      return false;
    }
    // Inside a loop or a branch: the value waits in the frame's result, and a flag skips the rest.
    st.effect();
    if (v != null) {
      t.assign.assignVar(frame.result, v, r);
    }
    frame.returnedFlag.value = AVal.Bool.of(true);
    return false;
  }
}
