package dev.adjoint.processor.trace;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which jumps in a piece of code leave it (syntactically, not through inlined helpers, whose jumps
 * stay inside them): breaks and continues to targets outside, returns, and yields of an enclosing
 * switch expression. Decides which flags a branch or a loop must carry.
 */
final class JumpScan {
  private JumpScan() {}

  /** A jump leaving the scanned code: a break or continue, to the innermost target or a label. */
  record Jump(boolean isContinue, String label) {}

  /** The jumps leaving a piece of code. */
  record Exits(Set<Jump> jumps, boolean returns, boolean yields) {
    boolean any() {
      return returns || yields || !jumps.isEmpty();
    }
  }

  static Exits of(Tree tree) {
    if (tree == null) {
      return new Exits(Set.of(), false, false);
    }
    Set<Jump> jumps = new LinkedHashSet<>();
    boolean[] flags = new boolean[2];
    new TreeScanner<Void, Void>() {
      /** Kinds of the enclosing statements inside the scanned tree: 'L'oop, 'S'witch, 'E'xpr. */
      private final Deque<Character> nest = new ArrayDeque<>();

      private final Deque<String> labels = new ArrayDeque<>();

      private Void nested(char kind, Tree t) {
        nest.push(kind);
        try {
          return kind == 'L'
              ? scanLoop(t)
              : kind == 'S'
                  ? super.visitSwitch((SwitchTree) t, null)
                  : super.visitSwitchExpression((SwitchExpressionTree) t, null);
        } finally {
          nest.pop();
        }
      }

      private Void scanLoop(Tree t) {
        if (t instanceof ForLoopTree f) {
          return super.visitForLoop(f, null);
        } else if (t instanceof EnhancedForLoopTree f) {
          return super.visitEnhancedForLoop(f, null);
        } else if (t instanceof WhileLoopTree w) {
          return super.visitWhileLoop(w, null);
        }
        return super.visitDoWhileLoop((DoWhileLoopTree) t, null);
      }

      @Override
      public Void visitForLoop(ForLoopTree t, Void p) {
        return nested('L', t);
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree t, Void p) {
        return nested('L', t);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree t, Void p) {
        return nested('L', t);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree t, Void p) {
        return nested('L', t);
      }

      @Override
      public Void visitSwitch(SwitchTree t, Void p) {
        return nested('S', t);
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree t, Void p) {
        return nested('E', t);
      }

      @Override
      public Void visitLabeledStatement(LabeledStatementTree t, Void p) {
        labels.push(t.getLabel().toString());
        try {
          return super.visitLabeledStatement(t, p);
        } finally {
          labels.pop();
        }
      }

      @Override
      public Void visitBreak(BreakTree t, Void p) {
        if (t.getLabel() != null) {
          if (!labels.contains(t.getLabel().toString())) {
            jumps.add(new Jump(false, t.getLabel().toString()));
          }
        } else if (!nest.contains('L') && !nest.contains('S')) {
          jumps.add(new Jump(false, null));
        }
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree t, Void p) {
        if (t.getLabel() != null) {
          if (!labels.contains(t.getLabel().toString())) {
            jumps.add(new Jump(true, t.getLabel().toString()));
          }
        } else if (!nest.contains('L')) {
          jumps.add(new Jump(true, null));
        }
        return null;
      }

      @Override
      public Void visitYield(YieldTree t, Void p) {
        if (!nest.contains('E')) {
          flags[1] = true;
        }
        return super.visitYield(t, p);
      }

      @Override
      public Void visitReturn(ReturnTree t, Void p) {
        flags[0] = true;
        return super.visitReturn(t, p);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree t, Void p) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree t, Void p) {
        return null;
      }
    }.scan(tree, null);
    return new Exits(jumps, flags[0], flags[1]);
  }
}
