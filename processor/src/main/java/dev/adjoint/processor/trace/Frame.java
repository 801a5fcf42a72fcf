package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One method being traced: the {@code @Differentiable} method itself, or a helper inlined into it.
 * Holds what name resolution needs (the class and file) and where {@code return} stores its value.
 */
final class Frame {
  final ExecutableElement method;
  final TypeElement owner;
  final MethodTree tree;
  final CompilationUnitTree unit;

  /** The call being inlined, in the caller's file; null for the root method. */
  final Site callSite;

  /** Loops open when the method was entered: a return inside a deeper loop is an error. */
  final int loopDepth;

  final Scope scope;

  /** The value of the {@code return} reached; null before (or for a void method). */
  AVal returned;

  /** The returned expression, for nodes built after the body (the copy into the output). */
  Tree returnTree;

  /**
   * The runtime-branch nesting at which {@code return} is allowed: 0 normally, deeper while the
   * arms of an if with a return inside are traced.
   */
  int returnLevel;

  Frame(
      ExecutableElement method,
      TypeElement owner,
      MethodTree tree,
      CompilationUnitTree unit,
      Site callSite,
      int loopDepth,
      TraceState st) {
    this.method = method;
    this.owner = owner;
    this.tree = tree;
    this.unit = unit;
    this.callSite = callSite;
    this.loopDepth = loopDepth;
    this.scope = new Scope(() -> st.pure);
  }

  /** A short description for messages: {@code Losses.helper}. */
  String describe() {
    return owner.getSimpleName() + "." + method.getSimpleName();
  }
}
