package dev.adjoint.processor.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import dev.adjoint.processor.AdjointProcessor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental builds with the real, file-based javac, as IDEs and build daemons run it: after the
 * first build, only the changed source is recompiled, with the previous output on the class path.
 * The generated code must follow the change (no stale forward), and the other classes' compiled
 * functions must stay registered.
 */
class IncrementalTest {

  private static final String SERVICE = "META-INF/services/dev.adjoint.CompiledFunction";

  @TempDir Path root;
  private Path src;
  private Path out;
  private Path gen;

  @BeforeEach
  void firstBuild() throws IOException {
    src = root.resolve("src");
    out = root.resolve("out");
    gen = root.resolve("gen");
    Files.createDirectories(src.resolve("inc"));
    Files.createDirectories(out);
    Files.createDirectories(gen);
    writeA("f", "x.mul(2)");
    // B calls A's generated code, as user code of the same module would.
    Files.writeString(
        src.resolve("inc/B.java"),
        String.join(
            "\n",
            "package inc;",
            "import dev.adjoint.*;",
            "public final class B {",
            "  @Differentiable public static Value h(Value x) { return x.exp(); }",
            "  static double twiceViaA(double x) { return ACompiled.f(x); }",
            "}"));
    javac("A.java", "B.java");
  }

  private void writeA(String method, String body) throws IOException {
    Files.writeString(
        src.resolve("inc/A.java"),
        String.join(
            "\n",
            "package inc;",
            "import dev.adjoint.*;",
            "public final class A {",
            "  @Differentiable public static Value "
                + method
                + "(Value x) { return "
                + body
                + "; }",
            "}"));
  }

  /** Compiles the named sources of package inc, the output so far on the class path. */
  private void javac(String... files) {
    String text = compile(files);
    assertTrue(text.isBlank(), text);
  }

  /** Compiles as {@link #javac}, expecting errors; returns javac's output. */
  private String javacFails(String... files) {
    try {
      compile(files);
    } catch (AssertionError expected) {
      return expected.getMessage();
    }
    throw new AssertionError("the compilation succeeded");
  }

  private String compile(String... files) {
    String testClassPath = System.getProperty("java.class.path");
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                out.toString(),
                "-s",
                gen.toString(),
                "-cp",
                out + File.pathSeparator + testClassPath,
                "-processorpath",
                testClassPath,
                "-processor",
                AdjointProcessor.class.getName()));
    for (String f : files) {
      args.add(src.resolve("inc").resolve(f).toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = compiler.run(null, log, log, args.toArray(new String[0]));
    String text = log.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    return text;
  }

  /** A fresh loader over the output directory, as a new run of the application would have. */
  private URLClassLoader loader() throws IOException {
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }

  private double callGenerated(String method, double x) throws Exception {
    try (URLClassLoader loader = loader()) {
      Method m = loader.loadClass("inc.ACompiled").getMethod(method, double.class);
      return (double) m.invoke(null, x);
    }
  }

  private Set<String> registered() throws IOException {
    Path services = out.resolve(SERVICE);
    return new TreeSet<>(Files.readAllLines(services, StandardCharsets.UTF_8));
  }

  @Test
  void aChangedBodyIsRecompiledNotStale() throws Exception {
    assertEquals(6.0, callGenerated("f", 3.0));
    writeA("f", "x.mul(3)");
    javac("A.java");
    assertEquals(9.0, callGenerated("f", 3.0));
    // The adapter found through the service registration runs the new code too.
    try (URLClassLoader loader = loader()) {
      for (CompiledFunction f : ServiceLoader.load(CompiledFunction.class, loader)) {
        if (f.name().equals("inc.A.f")) {
          assertEquals(9.0, f.forward(new double[][] {{3.0}}, new Object[0])[0]);
        }
      }
    }
  }

  @Test
  void aRenamedMethodIsGoneFromTheGeneratedClassAndTheRegistration() throws Exception {
    writeA("g", "x.mul(5)");
    javac("A.java");
    try (URLClassLoader loader = loader()) {
      Class<?> generated = loader.loadClass("inc.ACompiled");
      List<String> methods =
          Arrays.stream(generated.getDeclaredMethods()).map(Method::getName).toList();
      assertTrue(methods.contains("g"), methods.toString());
      assertFalse(methods.contains("f"), methods.toString());
      List<String> nested =
          Arrays.stream(generated.getDeclaredClasses()).map(Class::getSimpleName).toList();
      assertFalse(nested.contains("FFunction"), nested.toString());
    }
    assertEquals(15.0, callGenerated("g", 3.0));
    assertTrue(registered().contains("inc.ACompiled$GFunction"), registered().toString());
    assertFalse(registered().contains("inc.ACompiled$FFunction"), registered().toString());
  }

  /**
   * Recompiling A alone must not unregister B's compiled function: its class is still in the
   * output, and ServiceLoader would no longer find it (AutoService merges with the existing file
   * for the same reason).
   */
  @Test
  void recompilingOneClassKeepsTheOtherClassesRegistered() throws Exception {
    assertEquals(Set.of("inc.ACompiled$FFunction", "inc.BCompiled$HFunction"), registered());
    writeA("f", "x.mul(3)");
    javac("A.java");
    assertEquals(Set.of("inc.ACompiled$FFunction", "inc.BCompiled$HFunction"), registered());
  }

  /** Every registered class exists in the output: ServiceLoader would fail on a missing one. */
  private void assertRegisteredClassesExist() throws IOException {
    if (!Files.exists(out.resolve(SERVICE))) {
      return;
    }
    for (String entry : registered()) {
      Path file = out.resolve(entry.replace('.', '/') + ".class");
      assertTrue(Files.exists(file), "registered but never written: " + entry);
    }
  }

  /**
   * A failed compilation writes no class file (javac stops after the processor's errors), so it
   * must not register the classes it generated, not even those of the methods that compiled: the
   * registration would name classes that do not exist.
   */
  @Test
  void aFailedCompilationRegistersNothingItDidNotWrite() throws Exception {
    Files.writeString(
        src.resolve("inc/C.java"),
        String.join(
            "\n",
            "package inc;",
            "import dev.adjoint.*;",
            "public final class C {",
            "  @Differentiable public static Value good(Value x) { return x.tanh(); }",
            "  @Differentiable public static Value bad(Value x) { assert x.data() > 0; return x; }",
            "}"));
    String log = javacFails("C.java");
    assertTrue(log.contains("[ADJ033]"), log);
    assertFalse(Files.exists(out.resolve("inc/CCompiled.class")));
    assertEquals(Set.of("inc.ACompiled$FFunction", "inc.BCompiled$HFunction"), registered());
    assertRegisteredClassesExist();
  }

  /**
   * A class that compiled before and now fails is unregistered: its generated source was rewritten
   * and not compiled. The other classes stay registered.
   */
  @Test
  void aClassThatNowFailsIsUnregisteredAndTheOthersStay() throws Exception {
    writeA("f", "x.mul(Math.cbrt(1))");
    String log = javacFails("A.java");
    assertTrue(log.contains("[ADJ024]"), log);
    assertEquals(Set.of("inc.BCompiled$HFunction"), registered());
    assertRegisteredClassesExist();
    writeA("f", "x.mul(3)");
    javac("A.java");
    assertEquals(Set.of("inc.ACompiled$FFunction", "inc.BCompiled$HFunction"), registered());
    assertEquals(9.0, callGenerated("f", 3.0));
  }

  /** A failed clean build leaves no registration at all. */
  @Test
  void aFailedCleanBuildWritesNoRegistration() throws Exception {
    Files.delete(out.resolve(SERVICE));
    writeA("f", "x.mul(Math.cbrt(1))");
    javacFails("A.java", "B.java");
    assertFalse(Files.exists(out.resolve(SERVICE)));
  }
}
