package dev.adjoint.processor.trace;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.diag.Diagnostics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * What the processor needs from javac's source trees besides tracing: source positions, errors at a
 * tree, and the {@code @Differentiable} methods of local and anonymous classes. Keeps {@code
 * com.sun.source} inside this package.
 */
public final class SourceTrees {
  private final ProcessingEnvironment env;
  private final Trees trees;

  /** Methods of local and anonymous classes already given ADJ004 by the tree scan. */
  private final Set<Tree> reportedLocal = new HashSet<>();

  private SourceTrees(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.trees = trees;
  }

  /** The source trees of {@code env}, or null when the compiler is not javac. */
  public static SourceTrees of(ProcessingEnvironment env) {
    Trees trees = TreesAccess.trees(env);
    return trees == null ? null : new SourceTrees(env, trees);
  }

  /** A tracer over these trees. */
  public MethodTracer tracer() {
    return new MethodTracer(env, trees);
  }

  /** The start of {@code e} in its file, or {@link Long#MAX_VALUE} if it has no source here. */
  public long position(Element e) {
    TreePath p = trees.getPath(e);
    return p == null
        ? Long.MAX_VALUE
        : trees.getSourcePositions().getStartPosition(p.getCompilationUnit(), p.getLeaf());
  }

  /** True if {@code e} comes from a source file of this compilation (not a class file). */
  public boolean hasSource(Element e) {
    return trees.getPath(e) != null;
  }

  /**
   * True if the class {@code qualified}, looked up in {@code context}'s module (javac's search of
   * every module is slow for names that are not classes), comes from a source file here.
   */
  public boolean hasSourceClass(Element context, String qualified) {
    TypeElement t = Resolver.named(env.getElementUtils(), context, qualified);
    return t != null && hasSource(t);
  }

  /** True if {@link #reportLocalClasses} reported an error. */
  public boolean reportedAny() {
    return !reportedLocal.isEmpty();
  }

  /** True if {@link #reportLocalClasses} already reported {@code m}. */
  public boolean reportedAsLocal(ExecutableElement m) {
    TreePath p = trees.getPath(m);
    return p != null && reportedLocal.contains(p.getLeaf());
  }

  /**
   * The top-level types declared in the files whose code {@code traced} ran (its own and its
   * inlined helpers'), sorted by name: what its generated code depends on, for build tools that
   * track generated files by their origins.
   */
  public List<TypeElement> origins(TracedMethod traced) {
    Map<String, TypeElement> out = new TreeMap<>();
    for (CompilationUnitTree unit : traced.units()) {
      for (Tree decl : unit.getTypeDecls()) {
        TreePath path = TreePath.getPath(unit, decl);
        if (path != null && trees.getElement(path) instanceof TypeElement t) {
          out.put(t.getQualifiedName().toString(), t);
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Reports {@code e} at its tree if it has one; false if it has none (report it elsewhere). */
  public boolean printAtTree(TraceException e) {
    if (e.tree() == null || e.unit() == null) {
      return false;
    }
    trees.printMessage(Diagnostic.Kind.ERROR, e.getMessage(), e.tree(), e.unit());
    return true;
  }

  /**
   * Reports ADJ004 on {@code @Differentiable} methods of local and anonymous classes in {@code
   * root}'s file: the round never returns members of such classes as annotated elements, so they
   * are found in the source trees, where the annotation is still unattributed (matched by name).
   */
  public void reportLocalClasses(Element root, String annotation) {
    TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
    if (path != null && mayName(path.getCompilationUnit(), annotation)) {
      new LocalClassScanner(path.getCompilationUnit(), annotation).scan(path.getLeaf(), false);
    }
  }

  /**
   * False only if {@code unit}'s text cannot name the annotation: it has neither its simple name
   * nor a Unicode escape (which could spell it). Scanning every tree of every file, the generated
   * and benchmark sources of a build included, was a tenth of the processor's time.
   */
  private static boolean mayName(CompilationUnitTree unit, String annotation) {
    String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
    try {
      CharSequence text = unit.getSourceFile().getCharContent(true);
      String s = text.toString();
      return s.contains(simple) || s.contains("\\u");
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Finds annotated methods declared (at any depth) inside a local or anonymous class. The scan's
   * argument says whether a class met there is local: a member or top-level class sits directly in
   * a class or the file; anywhere else (a method body, an initializer, a new-expression's body, a
   * lambda) makes it local or anonymous.
   */
  private final class LocalClassScanner extends TreeScanner<Void, Boolean> {
    private final CompilationUnitTree unit;
    private final String annotation;
    private int localDepth;

    LocalClassScanner(CompilationUnitTree unit, String annotation) {
      this.unit = unit;
      this.annotation = annotation;
    }

    @Override
    public Void visitClass(ClassTree node, Boolean local) {
      localDepth += local ? 1 : 0;
      try {
        scan(node.getModifiers(), true);
        scan(node.getTypeParameters(), true);
        scan(node.getExtendsClause(), true);
        scan(node.getImplementsClause(), true);
        for (Tree member : node.getMembers()) {
          scan(member, !(member instanceof ClassTree));
        }
        return null;
      } finally {
        localDepth -= local ? 1 : 0;
      }
    }

    @Override
    public Void visitMethod(MethodTree node, Boolean local) {
      if (localDepth > 0 && isDifferentiable(node)) {
        reportedLocal.add(node);
        trees.printMessage(
            Diagnostic.Kind.ERROR,
            Diagnostics.format(
                Code.UNREACHABLE_CLASS, "it is declared in a local or anonymous class"),
            node,
            unit);
      }
      return super.visitMethod(node, true);
    }

    private boolean isDifferentiable(MethodTree node) {
      String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
      for (AnnotationTree a : node.getModifiers().getAnnotations()) {
        String name = a.getAnnotationType().toString().replaceAll("\\s+", "");
        if (name.equals(simple) || name.equals(annotation)) {
          return true;
        }
      }
      return false;
    }
  }
}
