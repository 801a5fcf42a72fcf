package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One method being traced: the {@code @Differentiable} method itself, or a helper inlined into it.
 * Holds what name resolution needs (the class and file), its local variables, the jump targets open
 * in it, and where {@code return} puts its value.
 */
final class Frame {
  final ExecutableElement method;
  final TypeElement owner;
  final MethodTree tree;
  final CompilationUnitTree unit;

  /** The call being inlined, in the caller's file; null for the root method. */
  final Site callSite;

  /** Loops open when the method was entered. */
  final int loopDepth;

  /** Branch arms ({@code If}) open when the method was entered. */
  final int regionDepth;

  final Scope scope;

  /** Loops, switches and labeled blocks open in this method, innermost first. */
  final Deque<Target> targets = new ArrayDeque<>();

  /** The value of the {@code return} reached; null before (or for a void method). */
  AVal returned;

  /** The returned expression, for nodes built after the body (the copy into the output). */
  Tree returnTree;

  /**
   * The runtime-branch nesting at which {@code return} is allowed: 0 normally, deeper while the
   * arms of an if with a return inside are traced.
   */
  int returnLevel;

  /**
   * Set by a {@code return} inside a loop or a branch, whose value goes to {@link #result}; the
   * code after it runs under the flag's negation.
   */
  final Scope.Var returnedFlag;

  /** The value of a {@code return} inside a loop or a branch (typed by the method). */
  final Scope.Var result;

  private int synthetic;

  Frame(
      ExecutableElement method,
      TypeElement owner,
      MethodTree tree,
      CompilationUnitTree unit,
      Site callSite,
      TraceState st,
      JType returnType) {
    this.method = method;
    this.owner = owner;
    this.tree = tree;
    this.unit = unit;
    this.callSite = callSite;
    st.units.add(unit);
    this.loopDepth = st.loops.size();
    this.regionDepth = st.regionDepth;
    this.scope = new Scope(() -> st.pure);
    this.returnedFlag = scope.declare("$returned", JType.BOOLEAN, AVal.Bool.of(false));
    this.result =
        returnType == null ? null : scope.declare("$result", returnType, new AVal.Unset());
  }

  /** A fresh name for a variable of the tracer's own ({@code $} cannot start a Java local's). */
  String syntheticName(String hint) {
    return "$" + hint + (++synthetic);
  }

  /** A short description for messages: {@code Losses.helper}. */
  String describe() {
    return owner.getSimpleName() + "." + method.getSimpleName();
  }
}
