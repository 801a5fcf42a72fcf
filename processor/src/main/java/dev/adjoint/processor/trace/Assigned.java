package dev.adjoint.processor.trace;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import java.util.LinkedHashMap;
import java.util.Map;

/** The local names a piece of code assigns, found syntactically (lambdas and classes excluded). */
final class Assigned {
  private Assigned() {}

  /** Names assigned anywhere in {@code body} (not in lambdas or classes), first site of each. */
  static Map<String, Tree> names(Tree body) {
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
