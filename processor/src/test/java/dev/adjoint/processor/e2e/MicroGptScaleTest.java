package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.GradientScale;
import dev.adjoint.Value;
import dev.adjoint.check.Tolerance;
import dev.adjoint.processor.emit.ClassFiles;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * microgpt at a larger size: the examples' own {@code MicroGpt.java} (copied into the test
 * resources by the build, never rewritten by hand) with 2 layers, embedding 32 and block size 32
 * (27,328 parameters) compiles without warnings; no generated method reaches HotSpot's 8,000-byte
 * limit or C2's limit on arguments; and on documents of 1, 2, 17 and 32 positions the generated
 * loss equals the {@code Value} engine's bit for bit, its gradient equals the engine's to the
 * checker's rounding bound, and both agree with central differences along random directions.
 */
class MicroGptScaleTest {

  private static final String PACKAGE = "dev.adjoint.examples.microgpt";
  private static final int VOCAB = 27;
  private static final int LAYERS = 2;
  private static final int EMBD = 32;
  private static final int BLOCK = 32;

  /** HotSpot never JIT-compiles a method with more bytecode than this. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  /** As the examples' guard (BytecodeSizeTest): C2 on JDK 17 x64 refuses 55 (measured). */
  private static final int MAX_ARGUMENTS = 40;

  private static Compilation compilation;
  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws IOException {
    String source;
    try (InputStream in =
        MicroGptScaleTest.class.getResourceAsStream("/examples-microgpt/MicroGpt.java")) {
      assertTrue(in != null, "the build copies examples' MicroGpt.java into the test resources");
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    source = resize(source, "N_LAYER", 1, LAYERS);
    source = resize(source, "N_EMBD", 16, EMBD);
    source = resize(source, "BLOCK_SIZE", 16, BLOCK);
    compilation = InMemory.compile(JavaFileObjects.forSourceString(PACKAGE + ".MicroGpt", source));
    loader = InMemory.loader(compilation);
  }

  /** Replaces the one declaration {@code NAME = from;} by {@code NAME = to;}. */
  private static String resize(String source, String name, int from, int to) {
    String declaration = "public static final int " + name + " = " + from + ";";
    int at = source.indexOf(declaration);
    assertTrue(
        at >= 0 && source.indexOf(declaration, at + 1) < 0,
        "MicroGpt.java declares " + declaration + " exactly once");
    return source.replace(declaration, "public static final int " + name + " = " + to + ";");
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void everyGeneratedMethodStaysJitCompilable() throws IOException {
    int methods = 0;
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("MicroGptCompiled")) {
        try (InputStream in = f.openInputStream()) {
          for (Map.Entry<String, Integer> m :
              ClassFiles.codeLengths(in.readAllBytes()).entrySet()) {
            methods++;
            String where = f.getName() + "." + m.getKey();
            assertTrue(m.getValue() < HUGE_METHOD_LIMIT, where + ": " + m.getValue() + " bytes");
            // this and the declared ones (one too many for the few static methods).
            int arguments = 1 + ClassFiles.parameterCount(m.getKey());
            assertTrue(arguments <= MAX_ARGUMENTS, where + ": " + arguments + " arguments");
          }
        }
      }
    }
    assertTrue(methods > 100, "generated methods found: " + methods);
  }

  @ParameterizedTest(name = "{0} positions")
  @ValueSource(ints = {1, 2, 17, 32})
  void lossAndGradientCheckOut(int n) throws ReflectiveOperationException {
    SplittableRandom random = new SplittableRandom(100 + n);
    Weights w = Weights.random(random);
    int[] tokens = document(n, random);
    Tolerance tol = Tolerance.DEFAULT;

    // The engine: MicroGpt.loss as written, on Value leaves, then backward().
    List<Value> leaves = new ArrayList<>();
    Object[] valueArgs = new Object[1 + w.arrays.length];
    valueArgs[0] = tokens;
    for (int i = 0; i < w.arrays.length; i++) {
      valueArgs[1 + i] = values(w.arrays[i], leaves);
    }
    Value root = (Value) call(source("loss"), null, valueArgs);
    root.backward();
    GradientScale.Bound[] scales = GradientScale.of(root, leaves);

    // The generated code.
    Object kernel =
        loader.loadClass(PACKAGE + ".MicroGptCompiled$Loss").getConstructor().newInstance();
    Weights grads = Weights.zeros();
    double loss = (double) call(generated(kernel, "gradient"), kernel, w.arguments(tokens, grads));
    double forward = (double) call(generated(kernel, "forward"), kernel, w.arguments(tokens, null));
    assertEquals(Double.doubleToLongBits(root.data()), Double.doubleToLongBits(loss), "loss bits");
    assertEquals(Double.doubleToLongBits(root.data()), Double.doubleToLongBits(forward), "forward");

    // The gradient, element by element, within the checker's bound (GradientCheck's Tolerance).
    double[] g = grads.flat();
    assertEquals(leaves.size(), g.length);
    for (int k = 0; k < g.length; k++) {
      double e = leaves.get(k).grad();
      double rounding =
          tol.engineFloorUlps() * (scales[k].depth() + 1.0) * Math.ulp(scales[k].magnitude());
      double allowed =
          Math.max(tol.engineRelative() * Math.max(Math.abs(g[k]), Math.abs(e)), rounding);
      assertTrue(Math.abs(g[k] - e) <= allowed, "parameter " + k + ": " + g[k] + " vs engine " + e);
    }

    // Central differences of the generated forward along two random directions.
    for (int r = 0; r < 2; r++) {
      Weights d = Weights.direction(random);
      double along = 0;
      double[] flatD = d.flat();
      for (int k = 0; k < g.length; k++) {
        along += g[k] * flatD[k];
      }
      double h = 1e-6;
      double up =
          (double) call(generated(kernel, "forward"), kernel, w.plus(d, h).arguments(tokens, null));
      double down =
          (double)
              call(generated(kernel, "forward"), kernel, w.plus(d, -h).arguments(tokens, null));
      double fd = (up - down) / (2 * h);
      double noise = 64 * Math.ulp(Math.max(Math.abs(up), Math.abs(down))) / h;
      double floor = Math.max(tol.finiteDifferenceFloor(), noise / tol.finiteDifferenceRelative());
      double scale = Math.max(floor, Math.max(Math.abs(along), Math.abs(fd)));
      assertTrue(
          Math.abs(along - fd) <= tol.finiteDifferenceRelative() * scale,
          "direction " + r + ": <gradient, d> = " + along + ", difference " + fd);
    }
  }

  @Test
  void samplingLogitsAreTheEngines() throws ReflectiveOperationException {
    SplittableRandom random = new SplittableRandom(7);
    Weights w = Weights.random(random);
    Object kernel =
        loader.loadClass(PACKAGE + ".MicroGptCompiled$NextLogits").getConstructor().newInstance();
    for (int length : new int[] {1, BLOCK}) {
      int[] context = Arrays.copyOf(document(length, random), length);
      Object[] valueArgs = new Object[1 + w.arrays.length];
      valueArgs[0] = context;
      for (int i = 0; i < w.arrays.length; i++) {
        valueArgs[1 + i] = values(w.arrays[i], new ArrayList<>());
      }
      Value[] engine = (Value[]) call(source("nextLogits"), null, valueArgs);
      double[] out = new double[VOCAB];
      Object[] args = Arrays.copyOf(w.arguments(context, null), 1 + w.arrays.length + 1);
      args[args.length - 1] = out;
      call(generated(kernel, "forward"), kernel, args);
      for (int i = 0; i < VOCAB; i++) {
        assertEquals(
            Double.doubleToLongBits(engine[i].data()),
            Double.doubleToLongBits(out[i]),
            "logit " + i + " after " + length + " tokens");
      }
    }
  }

  /** A document of {@code n} positions: BOS, {@code n - 1} random letters, BOS. */
  private static int[] document(int n, SplittableRandom random) {
    int[] tokens = new int[n + 1];
    tokens[0] = VOCAB - 1;
    for (int i = 1; i < n; i++) {
      tokens[i] = random.nextInt(VOCAB - 1);
    }
    tokens[n] = VOCAB - 1;
    return tokens;
  }

  private static Method source(String name) throws ClassNotFoundException {
    for (Method m : loader.loadClass(PACKAGE + ".MicroGpt").getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("MicroGpt." + name);
  }

  /** The generated kernel's public method {@code name} (each name is declared once). */
  private static Method generated(Object kernel, String name) {
    Method found = null;
    for (Method m : kernel.getClass().getMethods()) {
      if (m.getName().equals(name)) {
        assertTrue(found == null, "one " + name);
        found = m;
      }
    }
    assertTrue(found != null, kernel.getClass() + "." + name);
    return found;
  }

  private static Object call(Method m, Object target, Object[] args)
      throws ReflectiveOperationException {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Fresh leaves holding {@code a}'s numbers, in {@code a}'s shape, appended to {@code leaves}. */
  private static Object values(Object a, List<Value> leaves) {
    if (a instanceof double[] row) {
      Value[] out = new Value[row.length];
      for (int i = 0; i < row.length; i++) {
        out[i] = Value.of(row[i]);
        leaves.add(out[i]);
      }
      return out;
    }
    Object[] rows = (Object[]) a;
    // A double[][] holds double[] rows, so its Value[][] holds Value[] ones.
    Class<?> row = Value.class;
    for (int rank = a.getClass().getName().lastIndexOf('['); rank > 0; rank--) {
      row = row.arrayType();
    }
    Object[] out = (Object[]) Array.newInstance(row, rows.length);
    for (int i = 0; i < rows.length; i++) {
      out[i] = values(rows[i], leaves);
    }
    return out;
  }

  /** The weights of {@code loss} in its parameter order: wte, wpe, the layers' six, lm_head. */
  private record Weights(Object[] arrays) {

    static Weights zeros() {
      int e = EMBD;
      int l = LAYERS;
      return new Weights(
          new Object[] {
            new double[VOCAB][e],
            new double[BLOCK][e],
            new double[l][e][e],
            new double[l][e][e],
            new double[l][e][e],
            new double[l][e][e],
            new double[l][4 * e][e],
            new double[l][e][4 * e],
            new double[VOCAB][e]
          });
    }

    /** microgpt's initialization, N(0, 0.08^2). */
    static Weights random(SplittableRandom random) {
      Weights w = zeros();
      w.fill(() -> random.nextGaussian() * 0.08);
      return w;
    }

    static Weights direction(SplittableRandom random) {
      Weights w = zeros();
      w.fill(() -> random.nextDouble(-1, 1));
      return w;
    }

    private void fill(DoubleSupplier s) {
      for (double[] row : rows()) {
        for (int i = 0; i < row.length; i++) {
          row[i] = s.getAsDouble();
        }
      }
    }

    /** {@code this + t d}. */
    Weights plus(Weights d, double t) {
      Weights out = zeros();
      List<double[]> a = rows();
      List<double[]> b = d.rows();
      List<double[]> o = out.rows();
      for (int r = 0; r < a.size(); r++) {
        for (int i = 0; i < a.get(r).length; i++) {
          o.get(r)[i] = a.get(r)[i] + t * b.get(r)[i];
        }
      }
      return out;
    }

    /** Every row, in the engine's leaf order (row-major, parameter by parameter). */
    List<double[]> rows() {
      List<double[]> out = new ArrayList<>();
      for (Object a : arrays) {
        collect(a, out);
      }
      return out;
    }

    private static void collect(Object a, List<double[]> out) {
      if (a instanceof double[] row) {
        out.add(row);
      } else {
        for (Object inner : (Object[]) a) {
          collect(inner, out);
        }
      }
    }

    double[] flat() {
      return rows().stream().flatMapToDouble(Arrays::stream).toArray();
    }

    /** The tokens, the weights and, if given, the gradient arrays: the kernel's arguments. */
    Object[] arguments(int[] tokens, Weights grads) {
      List<Object> out = new ArrayList<>();
      out.add(tokens);
      out.addAll(Arrays.asList(arrays));
      if (grads != null) {
        out.addAll(Arrays.asList(grads.arrays));
      }
      return out.toArray();
    }
  }
}
