package dev.adjoint.processor.trace;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Code;

/**
 * Reads a {@code for} header as a counted loop: one int variable, a compile-time start, a bound
 * compared with {@code < <= > >=}, and a constant step. The variable's value in iteration {@code
 * index} of the IR loop is {@code base + stride * index} (the IR runs a descending loop's index
 * down, so the source order of values is kept).
 */
final class ForHeader {
  private final Tracer t;
  private final TraceState st;

  ForHeader(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** A counted loop: {@code var = base + stride * index}. */
  record Counted(String var, int count, boolean descending, int base, int stride) {}

  Counted counted(ForLoopTree f) {
    if (f.getInitializer().size() != 1
        || !(f.getInitializer().get(0) instanceof VariableTree v)
        || v.getInitializer() == null) {
      throw st.error(Code.FOR_FORM, "declare exactly one int loop variable", f);
    }
    JType type = t.types.parse(v.getType());
    if (type != null && !type.equals(JType.INT)) {
      throw st.error(Code.FOR_FORM, "the loop variable must be an int", v);
    }
    String name = v.getName().toString();
    int start = constant(t.expr.evalInt(v.getInitializer()), v.getInitializer(), "start");
    if (!(strip(f.getCondition()) instanceof BinaryTree cond)) {
      throw st.error(Code.FOR_FORM, "the condition must compare " + name + " with a bound", f);
    }
    Tree.Kind k = cond.getKind();
    ExpressionTree boundTree;
    if (isName(cond.getLeftOperand(), name)) {
      boundTree = cond.getRightOperand();
    } else if (isName(cond.getRightOperand(), name)) {
      boundTree = cond.getLeftOperand();
      k = mirror(k);
    } else {
      throw st.error(Code.FOR_FORM, "the condition must compare " + name + " with a bound", cond);
    }
    if (mentions(boundTree, name)) {
      throw st.error(Code.DYNAMIC_BOUND, "the bound depends on " + name, boundTree);
    }
    int bound = constant(t.expr.evalInt(boundTree), boundTree, "bound");
    int step = step(f, name);
    long count;
    if (step > 0 && (k == Tree.Kind.LESS_THAN || k == Tree.Kind.LESS_THAN_EQUAL)) {
      long end = k == Tree.Kind.LESS_THAN_EQUAL ? bound + 1L : bound;
      count = end > start ? (end - start + step - 1) / step : 0;
    } else if (step < 0 && (k == Tree.Kind.GREATER_THAN || k == Tree.Kind.GREATER_THAN_EQUAL)) {
      long end = k == Tree.Kind.GREATER_THAN_EQUAL ? bound - 1L : bound;
      count = start > end ? (start - end - step - 1) / -step : 0;
    } else {
      throw st.error(
          Code.FOR_FORM, "the condition and the update must move " + name + " toward the bound", f);
    }
    if (count > Integer.MAX_VALUE) {
      throw st.error(Code.FOR_FORM, "the trip count " + count + " is too large", f);
    }
    int n = (int) count;
    int base = step > 0 ? start : start + step * (n - 1);
    return new Counted(name, n, step < 0, n == 0 ? 0 : base, Math.abs(step));
  }

  private int constant(AVal.Int v, Tree at, String what) {
    if (!v.isConstant()) {
      throw st.error(
          Code.DYNAMIC_BOUND,
          "the loop " + what + " '" + at + "' is not a compile-time constant",
          at);
    }
    return v.constant();
  }

  static ExpressionTree strip(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }

  private static boolean isName(ExpressionTree e, String name) {
    return strip(e) instanceof IdentifierTree id && id.getName().contentEquals(name);
  }

  private static Tree.Kind mirror(Tree.Kind k) {
    return switch (k) {
      case LESS_THAN -> Tree.Kind.GREATER_THAN;
      case LESS_THAN_EQUAL -> Tree.Kind.GREATER_THAN_EQUAL;
      case GREATER_THAN -> Tree.Kind.LESS_THAN;
      case GREATER_THAN_EQUAL -> Tree.Kind.LESS_THAN_EQUAL;
      default -> k;
    };
  }

  /**
   * The constant step of the update: {@code i++}, {@code i--}, {@code i += k}, {@code i = i + k}.
   */
  private int step(ForLoopTree f, String name) {
    if (f.getUpdate().size() != 1) {
      throw st.error(Code.FOR_FORM, "the update must change only " + name, f);
    }
    ExpressionStatementTree u = f.getUpdate().get(0);
    ExpressionTree e = strip(u.getExpression());
    Integer step = null;
    if (e instanceof UnaryTree un && isName(un.getExpression(), name)) {
      step =
          switch (un.getKind()) {
            case POSTFIX_INCREMENT, PREFIX_INCREMENT -> 1;
            case POSTFIX_DECREMENT, PREFIX_DECREMENT -> -1;
            default -> null;
          };
    } else if (e instanceof CompoundAssignmentTree ca && isName(ca.getVariable(), name)) {
      Integer k = constantStep(ca.getExpression());
      if (k != null && ca.getKind() == Tree.Kind.PLUS_ASSIGNMENT) {
        step = k;
      } else if (k != null && ca.getKind() == Tree.Kind.MINUS_ASSIGNMENT) {
        step = -k;
      }
    } else if (e instanceof AssignmentTree as
        && isName(as.getVariable(), name)
        && strip(as.getExpression()) instanceof BinaryTree b) {
      if (isName(b.getLeftOperand(), name)) {
        Integer k = constantStep(b.getRightOperand());
        if (k != null && b.getKind() == Tree.Kind.PLUS) {
          step = k;
        } else if (k != null && b.getKind() == Tree.Kind.MINUS) {
          step = -k;
        }
      } else if (isName(b.getRightOperand(), name) && b.getKind() == Tree.Kind.PLUS) {
        step = constantStep(b.getLeftOperand());
      }
    }
    if (step == null || step == 0) {
      throw st.error(
          Code.FOR_FORM,
          "the update must be "
              + name
              + "++, "
              + name
              + "--, or "
              + name
              + " += a nonzero constant",
          u);
    }
    return step;
  }

  private Integer constantStep(ExpressionTree e) {
    AVal.Int k = t.expr.evalInt(e);
    return k.isConstant() ? k.constant() : null;
  }

  private static boolean mentions(ExpressionTree e, String name) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitIdentifier(IdentifierTree node, Void p) {
            return node.getName().contentEquals(name);
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(e, null);
    return Boolean.TRUE.equals(found);
  }
}
