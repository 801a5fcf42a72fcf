package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code for} header as a counted loop when it is one: one int variable, a start, a bound
 * compared with {@code < <= > >=} that the loop cannot change, a constant step, and a body that
 * does not assign the variable. Any other header is a general loop ({@link LoopTracer} lowers it to
 * a loop that stops on its condition). A bound may read the length of a row ({@code w[o].length}):
 * the loop is counted when {@code w} turns out to be a rectangular array, whose rows keep their
 * length whatever the body assigns to them.
 */
final class ForHeader {
  private final Tracer t;

  ForHeader(Tracer t) {
    this.t = t;
  }

  /**
   * The syntax of a counted loop, before anything is evaluated.
   *
   * @param bound the bound's expression; {@code mirrored} when it is on the left
   * @param sizes the lists whose {@code size()} the bound reads (the body must not change them)
   * @param rowArrays the arrays whose rows' lengths the bound reads (they must be rectangular)
   */
  record Form(
      String var,
      ExpressionTree start,
      ExpressionTree bound,
      Tree.Kind cmp,
      int step,
      List<ExpressionTree> sizes,
      List<ExpressionTree> rowArrays) {}

  /** The counted form of {@code f}, or null if it is a general loop. */
  Form form(ForLoopTree f) {
    if (f.getInitializer().size() != 1
        || !(f.getInitializer().get(0) instanceof VariableTree v)
        || v.getInitializer() == null
        || f.getCondition() == null
        || f.getUpdate().size() != 1) {
      return null;
    }
    if (!(v.getType() instanceof com.sun.source.tree.PrimitiveTypeTree p
            && p.getPrimitiveTypeKind() == javax.lang.model.type.TypeKind.INT)
        && !(v.getType() instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
      return null;
    }
    String name = v.getName().toString();
    if (!(strip(f.getCondition()) instanceof BinaryTree cond)) {
      return null;
    }
    Tree.Kind k = cond.getKind();
    ExpressionTree bound;
    if (isName(cond.getLeftOperand(), name)) {
      bound = cond.getRightOperand();
    } else if (isName(cond.getRightOperand(), name)) {
      bound = cond.getLeftOperand();
      k = mirror(k);
    } else {
      return null;
    }
    Integer step = step(f, name);
    if (step == null || step == 0) {
      return null;
    }
    boolean up = k == Tree.Kind.LESS_THAN || k == Tree.Kind.LESS_THAN_EQUAL;
    boolean down = k == Tree.Kind.GREATER_THAN || k == Tree.Kind.GREATER_THAN_EQUAL;
    if (!(up && step > 0 || down && step < 0)) {
      return null;
    }
    Map<String, Tree> assigned = Assigned.names(f.getStatement());
    if (assigned.containsKey(name)) {
      return null;
    }
    assigned.putAll(Assigned.names(f.getUpdate().get(0)));
    Invariance inv = invariance(bound, assigned, name);
    if (inv == null) {
      return null;
    }
    return new Form(name, v.getInitializer(), bound, k, step, inv.sizes, inv.rowArrays);
  }

  private record Invariance(List<ExpressionTree> sizes, List<ExpressionTree> rowArrays) {}

  /**
   * Whether {@code bound} has the same value in every iteration: it names no variable the loop
   * assigns (nor the loop variable), reads no array element but for the length of a row of a named
   * array at indices without effects ({@code w[o].length}), and calls nothing but {@code size()}
   * and {@code Math} functions. Null if it may change.
   */
  private static Invariance invariance(
      ExpressionTree bound, Map<String, Tree> assigned, String var) {
    boolean[] bad = new boolean[1];
    List<ExpressionTree> sizes = new ArrayList<>();
    List<ExpressionTree> rowArrays = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void p) {
        ExpressionTree e = strip(node.getExpression());
        if (!node.getIdentifier().contentEquals("length") || !(e instanceof ArrayAccessTree)) {
          return super.visitMemberSelect(node, p);
        }
        // The row's array, then its indices: they must have no effect and the loop must not
        // change them (the identifiers are scanned as any other).
        while (e instanceof ArrayAccessTree a) {
          if (!plain(a.getIndex())) {
            bad[0] = true;
          }
          scan(a.getIndex(), p);
          e = strip(a.getExpression());
        }
        if (e instanceof IdentifierTree) {
          rowArrays.add(e);
          scan(e, p);
        } else {
          bad[0] = true;
        }
        return null;
      }

      @Override
      public Void visitIdentifier(IdentifierTree node, Void p) {
        String n = node.getName().toString();
        if (n.equals(var) || assigned.containsKey(n)) {
          bad[0] = true;
        }
        return null;
      }

      @Override
      public Void visitArrayAccess(ArrayAccessTree node, Void p) {
        bad[0] = true;
        return null;
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void p) {
        bad[0] = true;
        return null;
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
        bad[0] = true;
        return null;
      }

      @Override
      public Void visitUnary(UnaryTree node, Void p) {
        switch (node.getKind()) {
          case POSTFIX_INCREMENT, PREFIX_INCREMENT, POSTFIX_DECREMENT, PREFIX_DECREMENT ->
              bad[0] = true;
          default -> {}
        }
        return super.visitUnary(node, p);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        ExpressionTree sel = node.getMethodSelect();
        String m =
            sel instanceof MemberSelectTree ms
                ? ms.getIdentifier().toString()
                : sel instanceof IdentifierTree id ? id.getName().toString() : "";
        boolean math =
            sel instanceof MemberSelectTree ms
                && ms.getExpression() instanceof IdentifierTree id
                && id.getName().contentEquals("Math");
        if (m.equals("size")
            && node.getArguments().isEmpty()
            && sel instanceof MemberSelectTree ms) {
          sizes.add(ms.getExpression());
        } else if (!math) {
          bad[0] = true;
        }
        if (sel instanceof MemberSelectTree ms && !math) {
          scan(ms.getExpression(), p);
        }
        return scan(node.getArguments(), p);
      }
    }.scan(bound, null);
    return bad[0] ? null : new Invariance(sizes, rowArrays);
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
   * The constant step of the update: {@code i++}, {@code i--}, {@code i += k}, {@code i = i + k};
   * null for any other update.
   */
  private Integer step(ForLoopTree f, String name) {
    ExpressionStatementTree u = f.getUpdate().get(0);
    ExpressionTree e = strip(u.getExpression());
    if (e instanceof UnaryTree un && isName(un.getExpression(), name)) {
      return switch (un.getKind()) {
        case POSTFIX_INCREMENT, PREFIX_INCREMENT -> 1;
        case POSTFIX_DECREMENT, PREFIX_DECREMENT -> -1;
        default -> null;
      };
    } else if (e instanceof CompoundAssignmentTree ca && isName(ca.getVariable(), name)) {
      Integer k = constantStep(ca.getExpression());
      if (k != null && ca.getKind() == Tree.Kind.PLUS_ASSIGNMENT) {
        return k;
      } else if (k != null && ca.getKind() == Tree.Kind.MINUS_ASSIGNMENT) {
        return -k;
      }
    } else if (e instanceof AssignmentTree as
        && isName(as.getVariable(), name)
        && strip(as.getExpression()) instanceof BinaryTree b) {
      if (isName(b.getLeftOperand(), name)) {
        Integer k = constantStep(b.getRightOperand());
        if (k != null && b.getKind() == Tree.Kind.PLUS) {
          return k;
        } else if (k != null && b.getKind() == Tree.Kind.MINUS) {
          return -k;
        }
      } else if (isName(b.getRightOperand(), name) && b.getKind() == Tree.Kind.PLUS) {
        return constantStep(b.getLeftOperand());
      }
    }
    return null;
  }

  /** A step that is a compile-time constant; null for anything else. */
  private Integer constantStep(ExpressionTree e) {
    if (!plain(e)) {
      return null;
    }
    AVal.Int k = t.expr.evalInt(e);
    return k.isConstant() && k.constant() != Integer.MIN_VALUE ? k.constant() : null;
  }

  /**
   * Whether tracing {@code e} has no effect: it reads no array element and calls, assigns and
   * creates nothing.
   */
  static boolean plain(ExpressionTree e) {
    boolean[] ok = {true};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        ok[0] = false;
        return null;
      }

      @Override
      public Void visitArrayAccess(ArrayAccessTree node, Void p) {
        ok[0] = false;
        return null;
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void p) {
        ok[0] = false;
        return null;
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
        ok[0] = false;
        return null;
      }

      @Override
      public Void visitUnary(UnaryTree node, Void p) {
        switch (node.getKind()) {
          case POSTFIX_INCREMENT, PREFIX_INCREMENT, POSTFIX_DECREMENT, PREFIX_DECREMENT ->
              ok[0] = false;
          default -> {}
        }
        return super.visitUnary(node, p);
      }

      @Override
      public Void visitNewArray(com.sun.source.tree.NewArrayTree node, Void p) {
        ok[0] = false;
        return null;
      }

      @Override
      public Void visitNewClass(com.sun.source.tree.NewClassTree node, Void p) {
        ok[0] = false;
        return null;
      }
    }.scan(e, null);
    return ok[0];
  }
}
