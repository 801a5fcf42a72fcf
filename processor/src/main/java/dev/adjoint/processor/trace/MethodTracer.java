package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.WriteOnceCheck;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Traces one {@code @Differentiable} method into an IR {@link Function}: binds its parameters
 * (checking their types, {@code @Shape} and {@code @Domain}), symbolically executes its body
 * (inlining helpers and {@code Nn} calls), writes the result, and proves with {@link
 * WriteOnceCheck} that every local array element is written once before it is read.
 */
public final class MethodTracer {
  private final ProcessingEnvironment env;
  private final Trees trees;

  public MethodTracer(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.trees = trees;
  }

  /** Traces {@code method}; throws {@link TraceException} at the construct it cannot compile. */
  public TracedMethod trace(ExecutableElement method) {
    TreePath path = trees.getPath(method);
    MethodTree mt = (MethodTree) path.getLeaf();
    CompilationUnitTree unit = path.getCompilationUnit();
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Builder b = new Builder(method.getSimpleName().toString());
    TraceState st = new TraceState(env, trees, b, unit);
    Tracer tr = new Tracer(st);
    Frame root = new Frame(method, owner, mt, unit, null, 0, st);
    st.frames.push(root);
    if (!method.getTypeParameters().isEmpty()) {
      throw st.error(Code.GENERIC_METHOD, method.getSimpleName().toString(), mt);
    }
    int line = (int) st.lineOf(mt, unit);
    st.statementLine(mt);

    Parameters parameters = new Parameters(st, tr);
    List<Parameters.Bound> params = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      params.add(parameters.bind(method.getParameters().get(i), mt.getParameters().get(i), root));
    }
    JType ret = Signatures.of(method.getReturnType());
    SourceMethod.Kind retKind = ret == null ? null : Parameters.kind(ret);
    if (retKind == null || !retKind.differentiable()) {
      throw st.error(Code.RETURN_TYPE, "'" + mt.getReturnType() + "'", mt.getReturnType());
    }

    tr.stmt.body(root);
    if (root.returned == null) {
      throw st.error(Code.RETURN_PLACEMENT, "the method never returns", mt);
    }
    for (ListState l : st.lists) {
      if (l.outerCounts != null) {
        List<Integer> shape = new ArrayList<>(l.outerCounts);
        shape.add(l.size);
        ArrayDecl d = b.array(l.array);
        b.redeclare(new ArrayDecl(d.id(), d.name(), d.elem(), shape, d.role()));
      }
    }
    // Checked before the result is written: whether the returned array is complete decides how.
    WriteOnceCheck.Report report = check(st, b.build());
    boolean copied = result(st, tr, root, report);
    Function f = b.build();
    if (copied) {
      check(st, f);
    }
    List<Integer> retShape = f.results().get(0).shape();

    List<SourceMethod.Param> sourceParams = new ArrayList<>();
    for (Parameters.Bound p : params) {
      sourceParams.add(p.finish(st.indexBounds));
    }
    SourceMethod source =
        new SourceMethod(
            Resolver.packageOf(owner),
            owner.getQualifiedName().toString(),
            method.getSimpleName().toString(),
            sourceParams,
            retKind,
            retShape,
            fileName(unit),
            line);
    return new TracedMethod(source, f, mt, unit, st.sites);
  }

  private static String fileName(CompilationUnitTree unit) {
    String name = unit.getSourceFile().getName();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  // ---- result ----

  /**
   * Declares the result; an array result must end up in an OUTPUT array: the returned local array
   * itself when the body writes all of it, else a copy. Returns whether it copied.
   */
  private boolean result(TraceState st, Tracer tr, Frame root, WriteOnceCheck.Report report) {
    AVal v = root.returned;
    Builder b = st.b;
    if (v instanceof AVal.Num n) {
      b.result("result", n.id(), List.of());
      return false;
    }
    AVal.Arr arr =
        v instanceof AVal.ListRef l
            ? tr.lists.elements(l.state(), root.returnTree)
            : (AVal.Arr) tr.tables.asArray(v, root.returnTree);
    Tree at = root.returnTree;
    ArrayDecl d = b.array(arr.array());
    if (arr.prefix().isEmpty()
        && d.role() == ArrayDecl.Role.LOCAL
        && report.fullyWritten().contains(d.id())
        && d.shape().equals(arr.shape())) {
      b.redeclare(new ArrayDecl(d.id(), d.name(), d.elem(), d.shape(), ArrayDecl.Role.OUTPUT));
      b.result("result", d.id(), arr.shape());
      return false;
    }
    // Otherwise copy: the caller's buffer must not alias a parameter or a row of a workspace.
    int out =
        b.declare(tr.alloc.uniqueName("result"), d.elem(), arr.shape(), ArrayDecl.Role.OUTPUT);
    AVal.Arr outArr = new AVal.Arr(out, List.of(), arr.shape(), arr.elem());
    st.enter(at);
    try {
      copy(st, arr, outArr, new ArrayList<>());
    } finally {
      st.exit();
    }
    b.result("result", out, arr.shape());
    return true;
  }

  private static void copy(TraceState st, AVal.Arr from, AVal.Arr to, List<AVal.Int> idx) {
    int dim = idx.size();
    st.loop(
        from.shape().get(dim),
        List.of(),
        (i, c) -> {
          List<AVal.Int> next = new ArrayList<>(idx);
          next.add(AVal.Int.node(i));
          if (dim + 1 < from.shape().size()) {
            copy(st, from, to, next);
          } else {
            AVal v = st.load(from, next, null);
            st.store(to, next, ((AVal.Num) v).id(), null);
          }
          return List.of();
        });
  }

  /** Runs {@link WriteOnceCheck} and reports a violation at the node's source. */
  private static WriteOnceCheck.Report check(TraceState st, Function f) {
    WriteOnceCheck.Report r = WriteOnceCheck.check(f);
    if (r.violation().isEmpty()) {
      return r;
    }
    WriteOnceCheck.Violation v = r.violation().get();
    Site site = st.sites.get(v.node());
    ArrayDecl a = f.array(v.array());
    String element = a.name() + index(v.index());
    String detail;
    Code code;
    switch (v.problem()) {
      case OUT_OF_BOUNDS:
        code = Code.INDEX_OUT_OF_BOUNDS;
        detail = element + " is outside " + a.name() + " (shape " + a.shape() + ")";
        break;
      case WRITTEN_TWICE:
        code = Code.WRITTEN_TWICE;
        detail = element + " is written a second time";
        break;
      case READ_BEFORE_WRITE:
        code = Code.READ_UNWRITTEN;
        detail = element + " is read before it is written";
        break;
      default:
        code = Code.DYNAMIC_STORE_INDEX;
        detail = "writing " + element;
        break;
    }
    if (st.branchNodes.contains(v.node())) {
      detail +=
          " (both arms of an if or ?: on a runtime condition are evaluated, whichever way it goes)";
    }
    Tree tree = site == null ? st.frames.getLast().tree : site.tree();
    CompilationUnitTree unit = site == null ? st.rootUnit : site.unit();
    throw new TraceException(code, detail, tree, unit);
  }

  private static String index(List<Integer> idx) {
    StringBuilder sb = new StringBuilder();
    for (int i : idx) {
      sb.append('[').append(i < 0 ? "?" : Integer.toString(i)).append(']');
    }
    return sb.toString();
  }
}
