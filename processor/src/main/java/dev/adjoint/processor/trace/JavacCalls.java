package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;

/**
 * What javac itself makes of a call or a name: the processor runs before javac attributes the
 * source, but {@link Trees#getElement} attributes on demand, so the method a call resolves to is
 * javac's own choice (JLS 15.12.2: the most specific of the applicable overloads, found without
 * boxing or varargs first), not a guess, and a call javac cannot resolve is a compile error that
 * javac reports itself.
 */
final class JavacCalls {
  private final Trees trees;

  /** The path of every call of a method body scanned so far, by the body's method tree. */
  private final Map<Tree, Map<Tree, TreePath>> calls = new IdentityHashMap<>();

  JavacCalls(Trees trees) {
    this.trees = trees;
  }

  /**
   * The method javac resolves {@code call} to, or null when it cannot tell (javac did not resolve
   * it, or the call is not in {@code frame}'s method).
   */
  ExecutableElement method(MethodInvocationTree call, Frame frame) {
    TreePath path = pathIn(call, frame);
    Element e = path == null ? null : element(path);
    return e instanceof ExecutableElement m && !isError(m) ? m : null;
  }

  /**
   * Whether javac cannot resolve a name or call at or under {@code tree} whose qualifier it does
   * resolve (a typo such as {@code x.mull(y)} or {@code hlper(x)}, a call with no applicable
   * overload): the source does not compile, and javac says so in its own words once processing
   * ends. A name under a qualifier javac cannot resolve either (a class generated later in this
   * build) is not counted.
   */
  boolean rejects(Tree tree, CompilationUnitTree unit) {
    if (tree == null || unit == null) {
      return false;
    }
    TreePath path;
    try {
      path = TreePath.getPath(unit, tree);
    } catch (RuntimeException e) {
      return false;
    }
    if (path == null) {
      return false;
    }
    // found[0]: a name javac reports; found[1]: a name under a qualifier javac cannot resolve
    // either, which a later round may generate (the call around it fails to resolve too).
    boolean[] found = {false, false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        TreePath select = new TreePath(getCurrentPath(), node.getMethodSelect());
        found[0] |= unresolved(getCurrentPath(), select);
        return super.visitMethodInvocation(node, p);
      }

      @Override
      public Void visitIdentifier(IdentifierTree node, Void p) {
        boolean select =
            getCurrentPath().getParentPath().getLeaf() instanceof MemberSelectTree ms
                && ms.getExpression() == node;
        if (!select && isError(element(getCurrentPath()))) {
          found[0] = true;
        }
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void p) {
        if (!isError(element(getCurrentPath()))) {
          return super.visitMemberSelect(node, p);
        }
        if (unresolved(getCurrentPath(), getCurrentPath())) {
          found[0] = true;
        } else {
          found[1] = true;
        }
        return null;
      }
    }.scan(path, null);
    return found[0] && !found[1];
  }

  /**
   * Whether the call or name at {@code path} does not resolve while the qualifier of its selector
   * ({@code select}, the path of the name itself), if it has one, does.
   */
  private boolean unresolved(TreePath path, TreePath select) {
    if (!isError(element(path))) {
      return false;
    }
    if (select.getLeaf() instanceof MemberSelectTree ms) {
      Element qualifier = element(new TreePath(select, ms.getExpression()));
      return qualifier != null && !isError(qualifier);
    }
    return true;
  }

  private Element element(TreePath path) {
    try {
      return trees.getElement(path);
    } catch (RuntimeException e) {
      return null; // javac could not attribute here: no opinion
    }
  }

  private static boolean isError(Element e) {
    return e != null && e.asType().getKind() == TypeKind.ERROR;
  }

  private TreePath pathIn(MethodInvocationTree call, Frame frame) {
    Map<Tree, TreePath> paths =
        calls.computeIfAbsent(
            frame.tree,
            k -> {
              Map<Tree, TreePath> out = new IdentityHashMap<>();
              TreePath method = trees.getPath(frame.method);
              if (method != null) {
                new TreePathScanner<Void, Void>() {
                  @Override
                  public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                    out.put(node, getCurrentPath());
                    return super.visitMethodInvocation(node, p);
                  }
                }.scan(method, null);
              }
              return out;
            });
    return paths.get(call);
  }
}
