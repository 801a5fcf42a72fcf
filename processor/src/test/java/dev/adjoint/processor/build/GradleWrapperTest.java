package dev.adjoint.processor.build;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor under Gradle's incremental annotation processing, which hands it a wrapper of
 * javac's environment (a class with a {@code delegate} field and a Filer of its own that records
 * the originating elements of each generated file): the processor finds javac's Trees through the
 * wrapper, writes through the wrapper's Filer, and gives each file the origins Gradle's rules for
 * isolating processors need; a wrapper that hides javac's environment gets one ADJ001.
 */
class GradleWrapperTest {

  /** Gradle's {@code IncrementalProcessingEnvironment}, as its source declares it. */
  static final class IncrementalProcessingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;
    private final Filer filer;

    IncrementalProcessingEnvironment(ProcessingEnvironment delegate, Filer filer) {
      this.delegate = delegate;
      this.filer = filer;
    }

    @Override
    public Map<String, String> getOptions() {
      return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
      return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
      return filer;
    }

    @Override
    public Elements getElementUtils() {
      return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return delegate.getLocale();
    }
  }

  /** A wrapper that keeps javac's environment where no reflection looks (behind a supplier). */
  static final class OpaqueEnvironment implements ProcessingEnvironment {
    private final java.util.function.Supplier<ProcessingEnvironment> inner;

    OpaqueEnvironment(ProcessingEnvironment env) {
      this.inner = () -> env;
    }

    @Override
    public Map<String, String> getOptions() {
      return inner.get().getOptions();
    }

    @Override
    public Messager getMessager() {
      return inner.get().getMessager();
    }

    @Override
    public Filer getFiler() {
      return inner.get().getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return inner.get().getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return inner.get().getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return inner.get().getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return inner.get().getLocale();
    }
  }

  /** Gradle's {@code IncrementalFiler}: records each file's originating top-level types. */
  static final class RecordingFiler implements Filer {
    final Filer delegate;
    final Map<String, List<String>> origins = new LinkedHashMap<>();

    RecordingFiler(Filer delegate) {
      this.delegate = delegate;
    }

    private void record(CharSequence name, Element[] originating) {
      List<String> names = new ArrayList<>();
      for (Element e : originating) {
        names.add(((TypeElement) e).getQualifiedName().toString());
      }
      origins.put(name.toString(), names);
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... originating)
        throws IOException {
      record(name, originating);
      return delegate.createSourceFile(name, originating);
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... originating)
        throws IOException {
      record(name, originating);
      return delegate.createClassFile(name, originating);
    }

    @Override
    public FileObject createResource(
        JavaFileManager.Location location,
        CharSequence pkg,
        CharSequence relativeName,
        Element... originating)
        throws IOException {
      record(relativeName, originating);
      return delegate.createResource(location, pkg, relativeName, originating);
    }

    @Override
    public FileObject getResource(
        JavaFileManager.Location location, CharSequence pkg, CharSequence relativeName)
        throws IOException {
      return delegate.getResource(location, pkg, relativeName);
    }
  }

  /** Runs the processor as Gradle's {@code IsolatingProcessor} does: in a wrapped environment. */
  static final class Gradle extends AbstractProcessor {
    final AdjointProcessor inner = new AdjointProcessor();
    final boolean opaque;
    RecordingFiler filer;

    Gradle(boolean opaque) {
      this.opaque = opaque;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      filer = new RecordingFiler(env.getFiler());
      inner.init(
          opaque ? new OpaqueEnvironment(env) : new IncrementalProcessingEnvironment(env, filer));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  private static final String SERVICE = "META-INF/services/dev.adjoint.CompiledFunction";

  private static JavaFileObject source(String name, String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package demo;");
    lines.add("import dev.adjoint.*;");
    lines.add("public final class " + name + " {");
    lines.addAll(List.of(body));
    lines.add("}");
    return JavaFileObjects.forSourceLines("demo." + name, lines);
  }

  @Test
  void javacsTreesAreFoundThroughTheWrappersDelegateField() {
    Gradle gradle = new Gradle(false);
    Compilation c =
        javac()
            .withProcessors(gradle)
            .compile(
                source(
                    "Losses",
                    "  static Value square(Value x) { return x.mul(x); }",
                    "  @Differentiable public static Value f(Value x) { return square(x).exp(); }",
                    "  public static final class Inner {",
                    "    @Differentiable public static Value g(Value x) { return x.tanh(); }",
                    "  }"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("demo.LossesCompiled");
    // One origin per file, the class the code came from: Gradle can be incremental.
    assertEquals(List.of("demo.Losses"), gradle.filer.origins.get("demo.LossesCompiled"));
    assertEquals(
        List.of("demo.Losses.Inner"), gradle.filer.origins.get("demo.Losses_InnerCompiled"));
    assertEquals(List.of("demo.Losses"), gradle.filer.origins.get(SERVICE));
  }

  @Test
  void codeFromAnotherFileIsAnOriginToo() {
    Gradle gradle = new Gradle(false);
    Compilation c =
        javac()
            .withProcessors(gradle)
            .compile(
                source(
                    "Losses",
                    "  @Differentiable public static Value f(Value x) { return Helpers.sq(x); }"),
                source(
                    "Helpers",
                    "  static Value sq(Value x) { return More.id(x).mul(x); }",
                    "  static Value unused(Value x) { return x; }"),
                source("More", "  static Value id(Value x) { return x; }"));
    assertThat(c).succeededWithoutWarnings();
    // A change to More must regenerate LossesCompiled, though Losses does not mention More: with
    // several origins Gradle recompiles everything.
    assertEquals(
        List.of("demo.Losses", "demo.Helpers", "demo.More"),
        gradle.filer.origins.get("demo.LossesCompiled"));
  }

  @Test
  void theRegistrationOfSeveralClassesHasThemAllAsOrigins() {
    Gradle gradle = new Gradle(false);
    Compilation c =
        javac()
            .withProcessors(gradle)
            .compile(
                source("A", "  @Differentiable public static Value f(Value x) { return x; }"),
                source("B", "  @Differentiable public static Value g(Value x) { return x; }"));
    assertThat(c).succeededWithoutWarnings();
    assertEquals(List.of("demo.A", "demo.B"), gradle.filer.origins.get(SERVICE));
  }

  @Test
  void aWrapperThatHidesJavacGetsOneClearError() {
    Compilation c =
        javac()
            .withProcessors(new Gradle(true))
            .compile(source("A", "  @Differentiable public static Value f(Value x) { return x; }"));
    assertEquals(1, c.errors().size(), c.errors().toString());
    String message = c.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(message.startsWith("[ADJ001]"), message);
    assertTrue(message.contains(OpaqueEnvironment.class.getName()), message);
    assertTrue(message.contains("no code was generated"), message);
  }

  @Test
  void theProcessorIsDeclaredIsolatingForGradle() throws IOException {
    String path = "META-INF/gradle/incremental.annotation.processors";
    try (InputStream in = AdjointProcessor.class.getClassLoader().getResourceAsStream(path)) {
      assertTrue(in != null, path);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(AdjointProcessor.class.getName() + ",isolating\n", text);
    }
  }
}
