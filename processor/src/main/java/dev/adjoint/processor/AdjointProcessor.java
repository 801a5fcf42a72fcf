package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.diag.Diagnostics;
import dev.adjoint.processor.emit.ClassEmitter;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.trace.SourceTrees;
import dev.adjoint.processor.trace.TraceException;
import dev.adjoint.processor.trace.TracedMethod;
import dev.adjoint.processor.trace.TreesAccess;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The annotation processor: for each class with {@code @Differentiable} methods it traces every
 * such method, compiles it ({@link MethodCompiler}) and writes one generated class ({@link
 * ClassEmitter}), plus the {@code META-INF/services/dev.adjoint.CompiledFunction} registration.
 *
 * <p>The generated class sits in the same package: {@code com.x.Losses} gets {@code
 * com.x.LossesCompiled}; a nested {@code com.x.Outer.Inner} gets {@code com.x.Outer_InnerCompiled}.
 *
 * <p>It never throws: a method it cannot compile gets an error at the exact construct of each of
 * its independent problems, an internal failure one {@code ADJ900} error on the method, and the
 * other methods are still compiled. Classes and methods are processed in a fixed order (class name,
 * then source position), so the output is deterministic.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {
  private static final String ANNOTATION = "dev.adjoint.Differentiable";

  private final BiFunction<SourceMethod, Function, CompiledMethod> compiler;
  private SourceTrees trees;
  private boolean notJavacReported;
  private final Set<String> adapters = new TreeSet<>();
  private final Set<String> generated = new HashSet<>();

  /** The source class of each generated class written, by the generated class's name. */
  private final Map<String, TypeElement> sources = new TreeMap<>();

  /** Whether this processor reported an error: javac then writes no class file. */
  private boolean failed;

  /** The processor javac loads. */
  public AdjointProcessor() {
    this(MethodCompiler::compile);
  }

  /**
   * A processor with another middle of the pipeline (for tests: one that fails, to exercise the
   * internal-error path).
   */
  public AdjointProcessor(BiFunction<SourceMethod, Function, CompiledMethod> compiler) {
    this.compiler = compiler;
  }

  /**
   * {@code @Differentiable}, the parameter annotations that only mean something to Adjoint,
   * {@code @CustomGradient} (read where {@code Value.custom} names its function), and the
   * {@code @Generated} on the classes it generates: all are claimed, so that builds with {@code
   * -Xlint:processing -Werror} (no processor claimed these annotations) still pass.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        ANNOTATION,
        "dev.adjoint.Shape",
        "dev.adjoint.Domain",
        "dev.adjoint.CustomGradient",
        "javax.annotation.processing.Generated");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = SourceTrees.of(env);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (trees != null) {
        reportLocalClasses(round);
      }
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
      if (annotation != null) {
        Set<? extends Element> elements = round.getElementsAnnotatedWith(annotation);
        if (!elements.isEmpty()) {
          if (trees == null) {
            notJavac();
          } else {
            processClasses(group(elements));
          }
        }
      }
      if (round.processingOver()) {
        writeServices(failed || trees != null && trees.reportedAny() || round.errorRaised());
      }
    } catch (RuntimeException | StackOverflowError e) {
      error(null, internalMessage("", e));
    }
    return true;
  }

  private void notJavac() {
    if (!notJavacReported) {
      notJavacReported = true;
      error(
          null,
          Diagnostics.format(
              Code.NOT_JAVAC, TreesAccess.whyNot(processingEnv) + "; no code was generated"));
    }
  }

  // ---- grouping and checks ----

  /** Valid methods grouped by their declaring class, classes by name, methods by position. */
  private Map<TypeElement, List<ExecutableElement>> group(Set<? extends Element> elements) {
    Map<TypeElement, List<ExecutableElement>> out =
        new TreeMap<>(Comparator.comparing(t -> t.getQualifiedName().toString()));
    for (Element e : elements) {
      if (e.getKind() != ElementKind.METHOD) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      if (check(m)) {
        out.computeIfAbsent((TypeElement) m.getEnclosingElement(), k -> new ArrayList<>()).add(m);
      }
    }
    for (List<ExecutableElement> methods : out.values()) {
      methods.sort(Comparator.comparingLong(this::position));
    }
    return out;
  }

  private long position(Element e) {
    return trees.position(e);
  }

  private boolean check(ExecutableElement m) {
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      error(m, Diagnostics.format(Code.NOT_STATIC, m.getSimpleName() + " is an instance method"));
      return false;
    }
    if (m.getModifiers().contains(Modifier.PRIVATE)) {
      error(m, Diagnostics.format(Code.PRIVATE_METHOD, m.getSimpleName().toString()));
      return false;
    }
    for (Element e = m.getEnclosingElement();
        e instanceof TypeElement t;
        e = e.getEnclosingElement()) {
      String problem = null;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        if (trees.reportedAsLocal(m)) {
          return false; // already reported by the tree scan
        }
        problem = "it is declared in a local or anonymous class";
      } else if (t.getModifiers().contains(Modifier.PRIVATE)) {
        problem = t.getSimpleName() + " is private";
      } else if (t.getNestingKind() == NestingKind.MEMBER
          && t.getKind() == ElementKind.CLASS
          && !t.getModifiers().contains(Modifier.STATIC)) {
        problem = t.getSimpleName() + " is an inner (non-static) class";
      }
      if (problem != null) {
        error(m, Diagnostics.format(Code.UNREACHABLE_CLASS, problem));
        return false;
      }
    }
    return true;
  }

  /** Reports ADJ004 on {@code @Differentiable} methods of local and anonymous classes. */
  private void reportLocalClasses(RoundEnvironment round) {
    for (Element root : round.getRootElements()) {
      if (root instanceof TypeElement t && generated.contains(t.getQualifiedName().toString())) {
        continue; // written by this processor: no @Differentiable method in it
      }
      try {
        trees.reportLocalClasses(root, ANNOTATION);
      } catch (RuntimeException | StackOverflowError e) {
        internal(root, e);
      }
    }
  }

  /** {@code Outer_InnerCompiled} for {@code pkg.Outer.Inner}. */
  static String generatedName(TypeElement type) {
    StringBuilder sb = new StringBuilder(type.getSimpleName());
    for (Element e = type.getEnclosingElement();
        e instanceof TypeElement t;
        e = e.getEnclosingElement()) {
      sb.insert(0, t.getSimpleName() + "_");
    }
    return sb.append("Compiled").toString();
  }

  // ---- compiling ----

  private void processClasses(Map<TypeElement, List<ExecutableElement>> classes) {
    for (Map.Entry<TypeElement, List<ExecutableElement>> e : classes.entrySet()) {
      TypeElement type = e.getKey();
      String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
      String name = generatedName(type);
      String qualified = pkg.isEmpty() ? name : pkg + "." + name;
      if (clashes(type, qualified)) {
        error(
            type,
            Diagnostics.format(
                Code.NAME_CLASH,
                "Adjoint generates "
                    + qualified
                    + " for "
                    + type.getQualifiedName()
                    + ", and a class of that name already exists"));
        continue;
      }
      List<CompiledMethod> compiled = new ArrayList<>();
      Map<String, TypeElement> origins = new TreeMap<>();
      Set<String> names = new HashSet<>();
      for (ExecutableElement m : e.getValue()) {
        if (!names.add(m.getSimpleName().toString())) {
          error(
              m,
              Diagnostics.format(
                  Code.OVERLOADED,
                  type.getSimpleName() + "." + m.getSimpleName() + " is declared twice"));
          continue;
        }
        CompiledMethod cm = compile(m, origins);
        if (cm != null) {
          compiled.add(cm);
        }
      }
      generated.add(qualified);
      emit(type, pkg, name, compiled, origins.values());
    }
  }

  private boolean clashes(TypeElement type, String qualified) {
    // A class file from an earlier build of the same source is ours; only sources clash.
    return generated.contains(qualified) || trees.hasSourceClass(type, qualified);
  }

  /** Compiles {@code m}, adding the types its generated code depends on to {@code origins}. */
  private CompiledMethod compile(ExecutableElement m, Map<String, TypeElement> origins) {
    try {
      TracedMethod traced = trees.tracer().trace(m);
      for (TypeElement t : trees.origins(traced)) {
        origins.put(t.getQualifiedName().toString(), t);
      }
      if (traced.unemittable() != null) {
        throw traced.unemittable();
      }
      return compiler.apply(traced.source(), traced.function());
    } catch (TraceException e) {
      failed = true;
      for (TraceException each : e.all()) {
        if (each.reportedByJavac()) {
          continue; // javac's own error says what is wrong, in its words
        }
        if (!trees.printAtTree(each)) {
          error(m, each.getMessage());
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      internal(m, e);
    }
    return null;
  }

  private void internal(Element at, Throwable e) {
    String where = at instanceof ExecutableElement ? "compiling " + at.getSimpleName() + ": " : "";
    error(at, internalMessage(where, e));
  }

  /**
   * ADJ900 for {@code e}; a stack overflow (deep expressions are walked recursively, by javac's
   * tree scanners and attribution as by the tracer) says how to raise the stack instead of asking
   * for a bug report.
   */
  private static String internalMessage(String where, Throwable e) {
    if (e instanceof StackOverflowError) {
      return Diagnostics.format(Code.INTERNAL, where + summary(e), Diagnostics.STACK_HINT);
    }
    return Diagnostics.format(Code.INTERNAL, where + summary(e));
  }

  private static String summary(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    StackTraceElement[] stack = e.getStackTrace();
    for (int i = 0; i < Math.min(3, stack.length); i++) {
      sb.append(i == 0 ? " at " : " < ").append(stack[i]);
    }
    return sb.toString();
  }

  /**
   * Writes the class, with {@code type} and the other types whose code it was traced from ({@code
   * origins}) as its originating elements: Gradle's incremental compilation regenerates it only
   * when one of them is recompiled, and recompiles everything when there are several (the rule for
   * isolating processors, see docs/TOOLS.md). If the emitter fails on the whole class, each method
   * is tried alone so that only the methods it fails on are dropped (with an internal error each).
   */
  private void emit(
      TypeElement type,
      String pkg,
      String name,
      List<CompiledMethod> methods,
      Collection<TypeElement> origins) {
    if (methods.isEmpty()) {
      return;
    }
    JavaFile file;
    try {
      file = ClassEmitter.emit(pkg, name, type.getQualifiedName().toString(), methods);
    } catch (RuntimeException | StackOverflowError e) {
      List<CompiledMethod> good = new ArrayList<>();
      Map<String, ExecutableElement> byName = new LinkedHashMap<>();
      for (Element m : type.getEnclosedElements()) {
        if (m instanceof ExecutableElement x) {
          byName.putIfAbsent(x.getSimpleName().toString(), x);
        }
      }
      for (CompiledMethod m : methods) {
        try {
          ClassEmitter.emit(pkg, name, type.getQualifiedName().toString(), List.of(m));
          good.add(m);
        } catch (RuntimeException | StackOverflowError inner) {
          internal(byName.getOrDefault(m.source().methodName(), null), inner);
        }
      }
      if (good.isEmpty() || good.size() == methods.size()) {
        if (good.size() == methods.size()) {
          internal(type, e);
        }
        return;
      }
      methods = good;
      file = ClassEmitter.emit(pkg, name, type.getQualifiedName().toString(), methods);
    }
    Filer filer = processingEnv.getFiler();
    String qualified = pkg.isEmpty() ? name : pkg + "." + name;
    // JavaPoet appends token by token; into the Filer's writer, each append is a call of its
    // charset encoder. Text is built in memory and written at once.
    StringBuilder text = new StringBuilder(1 << 16);
    List<Element> originating = new ArrayList<>();
    originating.add(type);
    Element top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    for (TypeElement t : origins) {
      if (!t.equals(type) && !t.equals(top)) {
        originating.add(t);
      }
    }
    Element[] from = originating.toArray(new Element[0]);
    try (Writer w = filer.createSourceFile(qualified, from).openWriter()) {
      file.writeTo(text);
      w.append(text);
    } catch (IOException e) {
      error(type, Diagnostics.format(Code.INTERNAL, "could not write " + qualified + ": " + e));
      return;
    }
    for (CompiledMethod m : methods) {
      try {
        Graphs.write(filer, pkg, name, m, from);
      } catch (IOException | RuntimeException | StackOverflowError e) {
        error(
            type,
            Diagnostics.format(
                Code.INTERNAL, "drawing " + m.source().methodName() + ": " + summary(e)));
      }
    }
    adapters.addAll(ClassEmitter.adapterBinaryNames(pkg, name, methods));
    sources.put(qualified, type);
  }

  /**
   * Writes the services registration. After an error ({@code failed}) javac writes no class file,
   * so the classes generated in this compilation are registered only when it succeeds.
   */
  private void writeServices(boolean failed) {
    try {
      ServiceRegistry.write(
          processingEnv.getFiler(),
          processingEnv.getElementUtils(),
          generated,
          failed ? Set.of() : adapters,
          sources);
    } catch (IOException | RuntimeException e) {
      error(
          null,
          Diagnostics.format(
              Code.INTERNAL, "could not write " + ServiceRegistry.SERVICE + ": " + e));
    }
  }

  private void error(Element at, String message) {
    failed = true;
    if (at == null) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, at);
    }
  }
}
