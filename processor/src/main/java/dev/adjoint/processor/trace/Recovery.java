package dev.adjoint.processor.trace;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the errors of one attempt at tracing a method, so that one compile reports every
 * independent error of the method rather than the first. A statement of the method's own body that
 * fails is skipped: its error is recorded, and the variables it would have changed become unknown
 * (those it assigns or declares, and the arrays, lists and tables it names, which it could write).
 * A later statement that reads an unknown variable is skipped in turn, silently: whatever error it
 * would get follows from the first. The trace of a method with errors is never compiled, so the IR
 * it leaves does not matter; what matters is that it never reports an error the source does not
 * have. Where skipping cannot leave the tracer in a consistent state (a failure between the start
 * and the end of a loop or branch the builder has open, or inside an inlined helper), the failure
 * goes on to the enclosing statement, up to the method.
 */
final class Recovery {

  /** Thrown where a statement reads a variable an earlier failure left unknown. */
  static final class Unknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unknown(String name) {
      super(name, null, false, false);
    }
  }

  /** The tracer's nesting when a statement starts, which skipping it must find again. */
  record Mark(int frames, int blocks, int loops, int pure, int regions) {}

  private record Key(Tree tree, Code code) {}

  private final TraceState st;
  private final Map<Key, TraceException> errors = new LinkedHashMap<>();

  Recovery(TraceState st) {
    this.st = st;
  }

  /** Whether some error has been recorded. */
  boolean failed() {
    return !errors.isEmpty();
  }

  /** Records an error, once per tree and code (a construct traced twice fails twice). */
  void record(TraceException e) {
    errors.putIfAbsent(new Key(e.tree(), e.code()), e);
  }

  /** The method's errors as one exception; call only if {@link #failed()}. */
  TraceException failure() {
    return TraceException.of(new ArrayList<>(errors.values()));
  }

  /** The nesting now, before a statement runs. */
  Mark mark() {
    return new Mark(st.frames.size(), st.b.depth(), st.loops.size(), st.pure, st.regionDepth);
  }

  /**
   * Handles the failure {@code e} ({@link TraceException} or {@link Unknown}) of statement {@code
   * s}, started at {@code mark}: records it and makes what {@code s} would change unknown, so that
   * tracing goes on after {@code s}; rethrows {@code e} if it cannot.
   */
  void skip(StatementTree s, RuntimeException e, Mark mark, TypeParser types) {
    if (mark.frames() != 1 || !mark.equals(mark())) {
      throw e;
    }
    if (e instanceof TraceException te) {
      record(te);
    }
    Scope scope = st.frame().scope;
    if (s instanceof VariableTree v) {
      String name = v.getName().toString();
      if (scope.lookup(name) == null) {
        scope.declare(name, declaredType(v, types), new AVal.Unset());
      }
    }
    for (String name : Assigned.names(s).keySet()) {
      unknown(scope.lookup(name));
    }
    if (s instanceof VariableTree v) {
      unknown(scope.lookup(v.getName().toString()));
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void p) {
        Scope.Var var = scope.lookup(id.getName().toString());
        if (var != null && (var.type == null || !var.type.scalar())) {
          unknown(var);
        }
        return null;
      }
    }.scan(s, null);
  }

  private static void unknown(Scope.Var v) {
    if (v != null) {
      v.unknown = true;
    }
  }

  /** The declared type of {@code v}, or {@code Value} if it cannot be traced (it has an error). */
  private static JType declaredType(VariableTree v, TypeParser types) {
    try {
      JType type = types.parse(v.getType());
      return type == null ? JType.VALUE : type;
    } catch (TraceException e) {
      return JType.VALUE;
    }
  }
}
