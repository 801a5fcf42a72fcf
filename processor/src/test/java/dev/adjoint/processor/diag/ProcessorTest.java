package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.MethodCompiler;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The processor as a whole: environments, internal errors, generated files. */
class ProcessorTest {

  private static final JavaFileObject LOSSES =
      JavaFileObjects.forSourceLines(
          "demo.Losses",
          "package demo;",
          "import dev.adjoint.*;",
          "public final class Losses {",
          "  @Differentiable",
          "  public static Value crossEntropy(@Shape(27) Value[] logits, int target) {",
          "    double max = Double.NEGATIVE_INFINITY;",
          "    for (Value v : logits) max = Math.max(max, v.data());",
          "    Value[] shifted = new Value[logits.length];",
          "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
          "    Value sum = Value.of(0);",
          "    for (Value s : shifted) sum = sum.add(s.exp());",
          "    Value logSum = sum.log();",
          "    return shifted[target].sub(logSum).neg();",
          "  }",
          "  @Differentiable",
          "  public static Value square(Value x) {",
          "    return x.mul(x);",
          "  }",
          "  public static final class Inner {",
          "    @Differentiable public static Value cube(Value x) { return x.mul(x).mul(x); }",
          "  }",
          "}");

  /** Hands the wrapped processor a proxy of javac's environment. */
  private static final class Wrapping extends AbstractProcessor {
    private final AdjointProcessor inner;
    private final boolean unwrappable;

    Wrapping(AdjointProcessor inner, boolean unwrappable) {
      this.inner = inner;
      this.unwrappable = unwrappable;
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
      // IntelliJ's handler keeps the delegate in a field; the opaque one hides it in an array.
      InvocationHandler handler =
          unwrappable ? new FieldHandler(env) : new HiddenHandler(new Object[] {env});
      inner.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  handler));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  private static Object call(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class FieldHandler implements InvocationHandler {
    private final ProcessingEnvironment delegate;

    FieldHandler(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
      return call(delegate, m, args);
    }
  }

  private static final class HiddenHandler implements InvocationHandler {
    private final Object[] box;

    HiddenHandler(Object[] box) {
      this.box = box;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
      return call(box[0], m, args);
    }
  }

  private static final JavaFileObject TWO_BAD =
      JavaFileObjects.forSourceLines(
          "demo.Bad",
          "package demo;",
          "import dev.adjoint.*;",
          "public final class Bad {",
          "  @Differentiable public Value a(Value x) { return x; }",
          "  @Differentiable public Value b(Value x) { return x; }",
          "}");

  @Test
  void aWrappedJavacEnvironmentIsUnwrapped() {
    Compilation c =
        javac().withProcessors(new Wrapping(new AdjointProcessor(), true)).compile(TWO_BAD);
    // The tracer ran (Trees was found), so the real problem is reported, twice.
    assertThat(c).hadErrorContaining("[ADJ002]").inFile(TWO_BAD).onLineContaining("Value a(");
    assertThat(c).hadErrorContaining("[ADJ002]").inFile(TWO_BAD).onLineContaining("Value b(");
  }

  @Test
  void anEnvironmentWithoutTreesGetsOneClearError() {
    Compilation c =
        javac().withProcessors(new Wrapping(new AdjointProcessor(), false)).compile(TWO_BAD);
    assertThat(c).hadErrorContaining("[ADJ001]");
    assertEquals(1, c.errors().size(), c.errors().toString());
  }

  @Test
  void anInternalFailureIsOneErrorOnThatMethodAndTheOthersAreStillGenerated() {
    AdjointProcessor p =
        new AdjointProcessor(
            (source, f) -> {
              if (source.methodName().equals("square")) {
                throw new IllegalStateException("boom");
              }
              return MethodCompiler.compile(source, f);
            });
    Compilation c = javac().withProcessors(p).compile(LOSSES, uses("demo.LossesCompiled"));
    assertThat(c).hadErrorContaining("[ADJ900]").inFile(LOSSES).onLineContaining("Value square(");
    assertThat(c).hadErrorContaining("IllegalStateException: boom");
    assertThat(c).hadErrorContaining("Adjoint bug");
    // No "cannot find symbol": the class was generated with the good method.
    assertEquals(1, c.errors().size(), c.errors().toString());
  }

  /**
   * A source that refers to a generated class: compile-testing hides generated files when the
   * compilation fails, but a missing class would add a "cannot find symbol" error.
   */
  private static JavaFileObject uses(String generated) {
    return JavaFileObjects.forSourceLines(
        "demo.UsesGenerated",
        "package demo;",
        "final class UsesGenerated {",
        "  static final Class<?> C = " + generated + ".class;",
        "}");
  }

  @Test
  void theIssueExampleCompilesAndRegistersItsAdapters() throws IOException {
    Compilation c = javac().withProcessors(new AdjointProcessor()).compile(LOSSES);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("demo.LossesCompiled");
    assertThat(c).generatedSourceFile("demo.Losses_InnerCompiled");
    JavaFileObject services =
        c.generatedFile(
                StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.adjoint.CompiledFunction")
            .orElseThrow();
    String text = services.getCharContent(true).toString();
    String[] lines = text.strip().split("\n");
    assertEquals(3, lines.length, text);
    assertTrue(lines[0].startsWith("demo.LossesCompiled$"), text);
    assertTrue(lines[2].startsWith("demo.Losses_InnerCompiled$"), text);
    assertEquals(java.util.List.of(lines).stream().sorted().toList(), java.util.List.of(lines));
  }

  @Test
  void aMethodWithAnErrorStillLetsTheRestOfItsClassBeGenerated() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "demo.Mixed",
            "package demo;",
            "import dev.adjoint.*;",
            "public final class Mixed {",
            "  @Differentiable public static Value bad(Value x) { while (true) x = x.exp(); }",
            "  @Differentiable public static Value good(Value x) { return x.tanh(); }",
            "}");
    Compilation c =
        javac().withProcessors(new AdjointProcessor()).compile(src, uses("demo.MixedCompiled"));
    assertThat(c).hadErrorContaining("[ADJ045]");
    assertEquals(1, c.errors().size(), c.errors().toString());
  }

  @Test
  void theDefaultPackageIsSupported() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "Plain",
            "import dev.adjoint.*;",
            "public final class Plain {",
            "  @Differentiable public static Value f(Value x) { return x.exp(); }",
            "}");
    Compilation c = javac().withProcessors(new AdjointProcessor()).compile(src);
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("PlainCompiled");
  }
}
