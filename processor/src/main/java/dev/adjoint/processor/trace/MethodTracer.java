package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.WriteOnceCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Traces one {@code @Differentiable} method into an IR {@link Function}: binds its parameters
 * (checking their types, {@code @Shape} and {@code @Domain}), symbolically executes its body
 * (inlining helpers and {@code Nn} calls), and writes the result. Tracing starts from the static
 * representation and starts again with what it learns ({@link Facts}) until it needs nothing more;
 * a static program is checked by {@link WriteOnceCheck} (indices in range, no element read before
 * it is written).
 */
public final class MethodTracer {
  /** More attempts than any method needs: each one learns a fact about one of its trees. */
  private static final int MAX_ATTEMPTS = 200;

  private final ProcessingEnvironment env;
  private final Trees trees;
  private final JavacCalls javac;

  /**
   * Why the attempt's program cannot be emitted (see {@link TracedMethod#unemittable}), or null.
   */
  private TraceException unemittable;

  public MethodTracer(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.trees = trees;
    this.javac = new JavacCalls(trees);
  }

  /**
   * Traces {@code method}; throws {@link TraceException} at the construct it cannot compile,
   * carrying the method's other independent errors ({@link TraceException#all()}).
   */
  public TracedMethod trace(ExecutableElement method) {
    try {
      return traceSettled(method);
    } catch (TraceException e) {
      // A name or call javac cannot resolve: the source does not compile, and javac reports that
      // in its own words (cannot find symbol, no suitable method) once processing ends.
      List<TraceException> errors = new ArrayList<>();
      for (TraceException each : e.all()) {
        errors.add(javac.rejects(each.tree(), each.unit()) ? each.javacReports() : each);
      }
      throw TraceException.of(errors);
    }
  }

  private TracedMethod traceSettled(ExecutableElement method) {
    Facts facts = new Facts();
    while (true) {
      facts.attempts++;
      try {
        TracedMethod t = attempt(method, facts);
        if (!facts.dynamic && !t.function().isStatic()) {
          // A dynamic program checks every index known only at run time: trace it again so.
          throw facts.dynamic();
        }
        return t;
      } catch (Facts.Retrace r) {
        if (facts.attempts >= MAX_ATTEMPTS) {
          throw new IllegalStateException("tracing does not settle: " + r.getMessage());
        }
      }
    }
  }

  private TracedMethod attempt(ExecutableElement method, Facts facts) {
    unemittable = null;
    TreePath path = trees.getPath(method);
    MethodTree mt = (MethodTree) path.getLeaf();
    CompilationUnitTree unit = path.getCompilationUnit();
    Builder b = new Builder(method.getSimpleName().toString());
    TraceState st = new TraceState(env, trees, b, unit, facts, javac);
    try {
      return attempt(method, st, mt, unit);
    } catch (Facts.Retrace r) {
      if (st.recovery.failed() && facts.attempts >= MAX_ATTEMPTS) {
        throw st.recovery.failure();
      }
      throw r;
    } catch (TraceException | Recovery.Unknown e) {
      if (!st.recovery.failed()) {
        throw e;
      }
      if (e instanceof TraceException te) {
        st.recovery.record(te);
      }
      throw st.recovery.failure();
    } catch (RuntimeException | StackOverflowError e) {
      // After an error the trace goes on over unknown values; a failure of the tracer there
      // comes from them: the errors found so far are the method's.
      if (st.recovery.failed()) {
        throw st.recovery.failure();
      }
      throw e;
    }
  }

  private TracedMethod attempt(
      ExecutableElement method, TraceState st, MethodTree mt, CompilationUnitTree unit) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Builder b = st.b;
    Facts facts = st.facts;
    Tracer tr = new Tracer(st);
    JType ret = Signatures.of(method.getReturnType());
    Frame root = new Frame(method, owner, mt, unit, null, st, ret);
    st.frames.push(root);
    if (!method.getTypeParameters().isEmpty()) {
      throw st.error(Code.GENERIC_METHOD, method.getSimpleName().toString(), mt);
    }
    int line = (int) st.lineOf(mt, unit);
    st.statementLine(mt);

    Parameters parameters = new Parameters(st, tr);
    List<Parameters.Bound> params = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      try {
        params.add(parameters.bind(p, mt.getParameters().get(i), root));
      } catch (TraceException e) {
        // Every parameter is checked; the body still traces, without reading this one.
        st.recovery.record(e);
        JType type = Signatures.of(p.asType());
        root.scope.declare(p.getSimpleName().toString(), type, new AVal.Unset()).unknown = true;
      }
    }
    SourceMethod.Kind retKind = ret == null ? null : Parameters.kind(ret);
    if (retKind == null || !retKind.differentiable() || ret.rank() > 2) {
      st.recovery.record(
          st.error(Code.RETURN_TYPE, "'" + mt.getReturnType() + "'", mt.getReturnType()));
    }
    parameters.copyWritten(root);

    tr.stmt.body(root);
    if (st.recovery.failed()) {
      throw st.recovery.failure();
    }
    if (root.returned == null) {
      throw st.error(Code.NO_RETURN, "no path through the method reaches a return", mt);
    }
    for (ListState l : st.lists) {
      if (l.mode == ListState.Mode.DYNAMIC && l.creation != null) {
        // The sizes read were bounded by the previous attempt's adds: they must be these.
        Facts.Retrace again = facts.listBound(l.creation, l.sizeBound);
        if (again != null) {
          throw again;
        }
      }
      if (l.mode == ListState.Mode.STATIC && l.outerCounts != null) {
        List<Integer> shape = new ArrayList<>(l.outerCounts);
        shape.add(l.size);
        ArrayDecl d = b.array(l.array);
        b.redeclare(new ArrayDecl(d.id(), d.name(), d.elem(), shape, d.role()));
      }
    }
    Function before = b.build();
    boolean legacy = before.isStatic() && !facts.unchecked;
    // Checked before the result is written: whether the returned array is complete decides how.
    WriteOnceCheck.Report report = legacy ? check(st, before) : null;
    boolean copied = result(st, tr, root, report);
    Function f = b.build();
    if (copied && legacy) {
      check(st, f);
    }
    f = st.checks.moveToEntry(f);
    List<Integer> retShape = new ArrayList<>();
    for (Extent e : f.results().get(0).extents()) {
      retShape.add(e instanceof Extent.Fixed fx ? fx.size() : -1);
    }

    List<SourceMethod.Param> sourceParams = new ArrayList<>();
    for (Parameters.Bound p : params) {
      sourceParams.add(p.finish(st.intRanges));
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
    return new TracedMethod(source, f, mt, unit, st.sites, st.units, unemittable);
  }

  private static String fileName(CompilationUnitTree unit) {
    String name = unit.getSourceFile().getName();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  // ---- result ----

  /**
   * Declares the result; an array result must end up in an OUTPUT array: the returned local array
   * itself when the body writes all of it (known for static programs), else a copy. Returns whether
   * it copied.
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
            ? tr.lists.values(l, root.returnTree)
            : (AVal.Arr) tr.tables.asArray(v, root.returnTree);
    Tree at = root.returnTree;
    // Built once, before the result is declared: both the check and the extents read it.
    SameValue same =
        arr.isStatic() ? null : new SameValue(st.b.build().nodesById(), st.unassignedPlaceholders);
    unemittable = sizesFromArguments(st, same, arr, at);
    ArrayDecl d = b.array(arr.array());
    if (report != null
        && arr.prefix().isEmpty()
        && arr.suffix().isEmpty()
        && !arr.flat()
        && arr.isStatic()
        && d.role() == ArrayDecl.Role.LOCAL
        && report.ok()
        && report.fullyWritten().contains(d.id())
        && d.isStatic()
        && d.shape().equals(arr.shape())) {
      b.redeclare(new ArrayDecl(d.id(), d.name(), d.elem(), d.shape(), ArrayDecl.Role.OUTPUT));
      b.result("result", d.id(), arr.shape());
      return false;
    }
    // Otherwise copy: the caller's buffer must not alias a parameter or a row of a workspace.
    List<Extent> extents = new ArrayList<>();
    for (AVal.Int dim : arr.dims()) {
      if (dim.isConstant()) {
        extents.add(Extent.of(dim.constant()));
        continue;
      }
      // A length merged by early returns that is always a parameter's: the caller sizes by it.
      int value = same.of(dim.id());
      boolean parameterLength = value != SameValue.NEVER && same.node(value) instanceof Node.Length;
      extents.add(new Extent.Dynamic(parameterLength ? value : dim.id()));
    }
    int out =
        b.declare(tr.alloc.uniqueName("result"), d.elem(), extents, ArrayDecl.Role.OUTPUT, false);
    AVal.Arr outArr = new AVal.Arr(out, List.of(), arr.dims(), arr.elem(), null);
    st.enter(at);
    try {
      // The caller gets numbers: an element never written (null in Java) is an error here.
      st.merges.copyValues(arr, outArr, at);
    } finally {
      st.exit();
    }
    b.resultOf("result", out, extents);
    return true;
  }

  /**
   * A {@link Code#DATA_DEPENDENT_RESULT} error at the return when a length of the returned array
   * depends on what the body computes (a list size counted at run time, a loop's trip count), else
   * null: the IR runs such a program, but generated code must size the caller's result buffer from
   * the arguments before it runs.
   */
  private static TraceException sizesFromArguments(
      TraceState st, SameValue same, AVal.Arr arr, Tree at) {
    for (int d = 0; d < arr.dims().size(); d++) {
      AVal.Int dim = arr.dims().get(d);
      if (!dim.isConstant() && dependsOnData(same, dim.id(), new HashSet<>())) {
        return st.error(
            Code.DATA_DEPENDENT_RESULT,
            "the returned "
                + (arr.rank() > 1 ? "array's dimension " + (d + 1) : "array or list")
                + " has a length the body counts at run time",
            at);
      }
    }
    return null;
  }

  /** Whether int value {@code id} depends on memory, a loop's or a branch's outcome, or doubles. */
  private static boolean dependsOnData(SameValue same, int id, Set<Integer> seen) {
    if (!seen.add(id)) {
      return false;
    }
    int value = same.of(id);
    if (value != id && value != SameValue.NEVER) {
      return dependsOnData(same, value, seen);
    }
    Node n = same.node(id);
    if (n == null
        || n instanceof Node.Load
        || n instanceof Node.LoopResult
        || n instanceof Node.IfResult
        || n instanceof Node.TripCount
        || n instanceof Node.Carried
        || n instanceof Node.Index
        || n.type() == ScalarType.F64) {
      return true;
    }
    for (int o : n.operands()) {
      if (dependsOnData(same, o, seen)) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@link WriteOnceCheck} and reports an out-of-range index or an unwritten read. */
  private static WriteOnceCheck.Report check(TraceState st, Function f) {
    WriteOnceCheck.Report r = WriteOnceCheck.checkWithinBudget(f);
    if (r == null) {
      throw st.facts.unchecked();
    }
    if (r.violation().isEmpty()) {
      return r;
    }
    WriteOnceCheck.Violation v = r.violation().get();
    Site site = st.sites.get(v.node());
    ArrayDecl a = f.array(v.array());
    String name = st.sourceName(a.id());
    String element = element(site, name, index(v.index()), v.index().size());
    String detail;
    Code code;
    switch (v.problem()) {
      case OUT_OF_BOUNDS:
        code = Code.INDEX_OUT_OF_BOUNDS;
        detail = element + " is outside " + name;
        if (site == null || !(site.tree() instanceof ArrayAccessTree)) {
          detail += " (shape " + a.shape() + ")";
        }
        break;
      case READ_BEFORE_WRITE:
        code = Code.READ_UNWRITTEN;
        detail = element + " is read before it is written";
        break;
      default:
        // Writing an element twice, or at an index known only at run time, is mutation: allowed.
        return r;
    }
    if (st.branchNodes.contains(v.node())) {
      detail +=
          " (both arms of an if or ?: on a runtime condition are evaluated, whichever way it goes)";
    }
    Tree tree = site == null ? st.frames.getLast().tree : site.tree();
    CompilationUnitTree unit = site == null ? st.rootUnit : site.unit();
    throw new TraceException(code, detail, tree, unit);
  }

  /**
   * The element a violation is about, in source terms: the array access at fault as written ({@code
   * b[i][0]}), with the index it had when it is not all literal and the traced index has as many
   * dimensions as the access (a local array made inside a loop has one more per loop); else the
   * array's source name and the traced index.
   */
  private static String element(Site site, String name, String index, int dims) {
    if (site != null && site.tree() instanceof ArrayAccessTree access) {
      String text = access.toString();
      int depth = 0;
      for (ExpressionTree e = access;
          e instanceof ArrayAccessTree a;
          e = ForHeader.strip(a.getExpression())) {
        depth++;
      }
      boolean literal = text.endsWith(index);
      return dims == depth && !literal ? text + " (at " + index + ")" : text;
    }
    return name + index;
  }

  private static String index(List<Integer> idx) {
    StringBuilder sb = new StringBuilder();
    for (int i : idx) {
      sb.append('[').append(i < 0 ? "?" : Integer.toString(i)).append(']');
    }
    return sb.toString();
  }
}
