package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.emit.ClassFiles;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A static function of 21 arrays and a scalar: its {@code gradient}, {@code tangent} and {@code
 * hvp} take 44 to 66 parameters, more than JDK 17's C2 compiles with a margin (it refuses 55 on
 * x64), so each of them only stores its arrays and calls helpers that take no parameters (the
 * helpers of a narrower static method take its parameters); its {@code hessian}, 22 column blocks
 * of 22 copies each, moves each parameter's columns into a helper, so that no method reaches
 * HotSpot's 8,000-byte limit. The generated code still checks out against the engine and finite
 * differences, second order included, and the split Hessian is the matrix of {@code hvp} columns.
 */
class WideSignatureTest {

  /** As {@code ProgramWriter.MAX_COMPILED_ARGUMENTS}. */
  private static final int MAX_ARGUMENTS = 40;

  private static final int ARRAYS = 21;

  /** HotSpot never JIT-compiles a method with more bytecode than this. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    StringBuilder params = new StringBuilder("Value s");
    StringBuilder body = new StringBuilder("    Value t = s.mul(s).tanh();\n");
    for (int i = 0; i < ARRAYS; i++) {
      params.append(", @Shape(2) Value[] a").append(i);
      body.append("    t = t.add(a")
          .append(i)
          .append("[0].mul(a")
          .append(i)
          .append("[1]).mul(s).tanh());\n");
    }
    String source =
        "package demo;\n"
            + "import dev.adjoint.*;\n"
            + "public final class Wide {\n"
            + "  @Differentiable public static Value wide("
            + params
            + ") {\n"
            + body
            + "    return t.mul(t);\n"
            + "  }\n"
            + "}\n";
    compilation = InMemory.compile(JavaFileObjects.forSourceString("demo.Wide", source));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void wideMethodsCallHelpersWithoutParameters() throws IOException {
    Map<String, Integer> arguments = new TreeMap<>();
    Map<String, Integer> sizes = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("WideCompiled$")) {
        try (InputStream in = f.openInputStream()) {
          for (Map.Entry<String, Integer> m :
              ClassFiles.codeLengths(in.readAllBytes()).entrySet()) {
            arguments.put(m.getKey(), 1 + ClassFiles.parameterCount(m.getKey()));
            sizes.put(m.getKey(), m.getValue());
          }
        }
      }
    }
    int wide = 0;
    int parts = 0;
    for (Map.Entry<String, Integer> m : arguments.entrySet()) {
      String name = m.getKey().substring(0, m.getKey().indexOf('('));
      if (name.contains("Part")) {
        parts++;
        if (List.of("gradient", "tangent", "hvp").stream().anyMatch(name::startsWith)) {
          assertEquals(1, m.getValue(), m.getKey() + " takes parameters");
        }
      } else if (m.getValue() > MAX_ARGUMENTS) {
        wide++;
        // Stores of the arrays into the spill, clears, calls: none of the work.
        assertTrue(sizes.get(m.getKey()) < 1000, m.getKey() + ": " + sizes.get(m.getKey()));
      }
    }
    assertEquals(3, wide, "gradient, tangent and hvp are the wide ones: " + arguments.keySet());
    assertTrue(parts >= 3, "helpers: " + parts);
  }

  @Test
  void everyMethodIsUnderTheJitLimit() throws IOException {
    Map<String, Integer> sizes = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("WideCompiled")) {
        try (InputStream in = f.openInputStream()) {
          sizes.putAll(ClassFiles.codeLengths(in.readAllBytes()));
        }
      }
    }
    // The Hessian's 22 column blocks copy 22 parameters each: 22,813 bytes in one method.
    assertTrue(sizes.keySet().stream().anyMatch(k -> k.startsWith("hessianA20(")), "split");
    sizes.forEach((m, size) -> assertTrue(size < HUGE_METHOD_LIMIT, m + ": " + size + " bytes"));
  }

  @Test
  void theSplitHessianIsTheMatrixOfHvpColumns() throws ReflectiveOperationException {
    CompiledFunction fn = InMemory.functions(compilation).get(0);
    SplittableRandom random = new SplittableRandom(3);
    double[][] inputs = new double[1 + ARRAYS][];
    Object[] args = new Object[2 + ARRAYS];
    inputs[0] = new double[] {random.nextDouble(-1, 1)};
    args[0] = inputs[0][0];
    for (int i = 1; i <= ARRAYS; i++) {
      inputs[i] = new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
      args[i] = inputs[i];
    }
    int n = 1 + 2 * ARRAYS;
    double[][] generated = new double[n][n];
    args[1 + ARRAYS] = generated;
    Object kernel = null;
    Method hessian = null;
    ClassLoader loader = InMemory.loader(compilation);
    for (Class<?> c : loader.loadClass("demo.WideCompiled").getDeclaredClasses()) {
      for (Method m : c.getDeclaredMethods()) {
        // The kernel's, not the CompiledFunction adapter's hessian(inputs, shapes, passive, seed).
        if (m.getName().equals("hessian") && m.getParameterCount() == args.length) {
          kernel = c.getConstructor().newInstance();
          hessian = m;
        }
      }
    }
    assertTrue(hessian != null, "a kernel with hessian");
    hessian.invoke(kernel, args);
    double[][] columns = fn.hessian(inputs, null, new Object[0], new double[] {1.0});
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        assertEquals(columns[r][c], generated[r][c], "[" + r + "][" + c + "]");
        assertEquals(generated[r][c], generated[c][r], 1e-12, "symmetric at " + r + ", " + c);
      }
    }
  }

  @Test
  void checksOutAgainstTheEngineAndFiniteDifferences() {
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(1, functions.size());
    assertTrue(functions.get(0).hasHvp());
    GradientCheck.of(functions.get(0)).assertPasses();
  }
}
