package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Inlines calls to static methods whose source is part of this compilation: their body is traced
 * with the parameters bound to the arguments' abstract values (arrays and lists by reference, like
 * Java), and their {@code return} gives the call's value.
 */
final class Inliner {
  private final Tracer t;
  private final TraceState st;

  Inliner(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  AVal inline(TypeElement owner, String name, MethodInvocationTree call) {
    List<AVal> args = new ArrayList<>();
    for (ExpressionTree a : call.getArguments()) {
      args.add(t.expr.value(a));
    }
    ExecutableElement m = choose(owner, name, args, call);
    return inline(owner, m, args, call, false);
  }

  /**
   * Inlines method {@code m} of {@code owner} on {@code args}, already of its parameters' types
   * when {@code bound} (a custom rule's arguments), reporting problems at {@code call}.
   */
  AVal inline(
      TypeElement owner,
      ExecutableElement m,
      List<AVal> args,
      MethodInvocationTree call,
      boolean bound) {
    String name = m.getSimpleName().toString();
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      throw st.error(
          Code.INSTANCE_CALL, owner.getSimpleName() + "." + name + " is not static", call);
    }
    // A method without source is opaque whatever its signature, so that is checked first: a
    // library's generic method (Objects.requireNonNull) is opaque, not an unsupported generic.
    TreePath path = st.trees.getPath(m);
    MethodTree tree = path == null ? null : (MethodTree) path.getLeaf();
    if (tree == null || tree.getBody() == null) {
      throw st.error(
          Code.OPAQUE_CALL,
          owner.getQualifiedName()
              + "."
              + name
              + CallTracer.signature(args)
              + " has no source in this compilation",
          call);
    }
    if (!m.getTypeParameters().isEmpty()) {
      throw st.error(Code.GENERIC_METHOD, "the helper " + owner.getSimpleName() + "." + name, call);
    }
    for (Frame f : st.frames) {
      if (f.method.equals(m)) {
        throw st.error(Code.RECURSION, owner.getSimpleName() + "." + name + " calls itself", call);
      }
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    // The helper's names resolve from the class declaring it, which may be a supertype of owner.
    TypeElement declarer = (TypeElement) m.getEnclosingElement();
    Frame frame =
        new Frame(
            m,
            declarer,
            tree,
            unit,
            new Site(call, st.unit()),
            st,
            Signatures.of(m.getReturnType()));
    // Called inside an arm of a runtime if or ?:, the helper still returns from its own top
    // level: that is the branch nesting at the call, not 0.
    frame.returnLevel = st.pure;
    List<AVal> values = bound ? args : bind(m, args, call);
    st.frames.push(frame);
    try {
      List<? extends VariableTree> params = tree.getParameters();
      for (int i = 0; i < params.size(); i++) {
        String pname = params.get(i).getName().toString();
        JType type = Signatures.of(m.getParameters().get(i).asType());
        frame.scope.declare(pname, type, values.get(i));
      }
      t.stmt.body(frame);
      JType ret = Signatures.of(m.getReturnType());
      if (frame.returned == null) {
        if (ret == null) {
          return null;
        }
        throw st.error(Code.NO_RETURN, "no return is reached in " + frame.describe(), tree);
      }
      return frame.returned;
    } finally {
      st.frames.pop();
    }
  }

  /**
   * The method the call invokes: javac's own choice among the overloads ({@link JavacCalls}); where
   * javac cannot tell (no javac), the first overload the arguments fit.
   */
  private ExecutableElement choose(
      TypeElement owner, String name, List<AVal> args, MethodInvocationTree call) {
    ExecutableElement resolved = st.javac.method(call, st.frame());
    if (resolved != null) {
      return resolved;
    }
    List<ExecutableElement> candidates = Resolver.methods(owner, name);
    if (candidates.isEmpty()) {
      throw st.error(Code.OPAQUE_CALL, owner.getQualifiedName() + "." + name, call);
    }
    for (ExecutableElement m : candidates) {
      if (applicable(m, args)) {
        return m;
      }
    }
    throw st.error(
        Code.OPAQUE_CALL,
        "no " + owner.getSimpleName() + "." + name + " takes " + CallTracer.signature(args),
        call);
  }

  private static boolean applicable(ExecutableElement m, List<AVal> args) {
    List<? extends VariableElement> ps = m.getParameters();
    int fixed = m.isVarArgs() ? ps.size() - 1 : ps.size();
    if (m.isVarArgs() ? args.size() < fixed : args.size() != fixed) {
      return false;
    }
    for (int i = 0; i < fixed; i++) {
      if (!Signatures.accepts(Signatures.of(ps.get(i).asType()), args.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Converts the arguments to the parameter types; packs varargs into a new array. */
  private List<AVal> bind(ExecutableElement m, List<AVal> args, MethodInvocationTree call) {
    List<? extends VariableElement> ps = m.getParameters();
    List<AVal> out = new ArrayList<>();
    int fixed = m.isVarArgs() ? ps.size() - 1 : ps.size();
    for (int i = 0; i < fixed; i++) {
      JType type = Signatures.of(ps.get(i).asType());
      if (type == null) {
        throw st.error(
            Code.UNSUPPORTED_TYPE,
            "parameter "
                + ps.get(i).getSimpleName()
                + " of "
                + m.getSimpleName()
                + " has type "
                + ps.get(i).asType(),
            call);
      }
      out.add(t.assign.convert(args.get(i), type, call.getArguments().get(i)));
    }
    if (m.isVarArgs()) {
      JType type = Signatures.of(ps.get(fixed).asType());
      if (type == null || type.rank() != 1) {
        throw st.error(Code.UNSUPPORTED_TYPE, "varargs of type " + ps.get(fixed).asType(), call);
      }
      if (args.size() == ps.size() && Signatures.accepts(type, args.get(fixed))) {
        out.add(args.get(fixed));
      } else {
        List<AVal> rest = args.subList(fixed, args.size());
        AVal.Arr packed =
            st.newLocal(
                t.alloc.uniqueName(ps.get(fixed).getSimpleName().toString()),
                type.base(),
                List.of(rest.size()));
        JType elem = JType.array(type.base(), 0);
        for (int i = 0; i < rest.size(); i++) {
          AVal v = t.assign.convert(rest.get(i), elem, call);
          int id = st.elementId(type.base(), v);
          st.store(packed, List.of(AVal.Int.of(i)), id, call.getArguments().get(fixed + i));
        }
        out.add(packed);
      }
    }
    return out;
  }
}
