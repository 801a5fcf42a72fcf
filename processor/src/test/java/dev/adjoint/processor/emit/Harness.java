package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles emitted code in memory (warnings are errors) and loads the classes for running. */
final class Harness {
  private Harness() {}

  /** The class files of one compilation, loadable, with the source that produced them. */
  static final class Loaded extends ClassLoader {
    final Map<String, byte[]> classes = new HashMap<>();
    final String source;

    Loaded(Map<String, byte[]> classes, String source) {
      super(Harness.class.getClassLoader());
      this.classes.putAll(classes);
      this.source = source;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }

    Class<?> load(String name) {
      try {
        return loadClass(name);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }

    /** A new instance of a nested class with a public no-argument constructor. */
    Object instance(String name) {
      try {
        return load(name).getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Compiles {@code file} with {@code -Xlint:all -Werror}, plus other sources ("demo.Losses",
   * code).
   */
  static Loaded compile(JavaFile file, String... others) {
    List<JavaFileObject> sources = new ArrayList<>();
    String text = file.toString();
    sources.add(
        JavaFileObjects.forSourceString(
            (file.packageName().isEmpty() ? "" : file.packageName() + ".") + file.typeSpec().name(),
            text));
    for (int i = 0; i < others.length; i += 2) {
      sources.add(JavaFileObjects.forSourceString(others[i], others[i + 1]));
    }
    Compilation c = Compiler.javac().withOptions("-Xlint:all", "-Werror").compile(sources);
    assertEquals(
        Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics() + "\n" + numbered(text));
    assertTrue(c.warnings().isEmpty(), () -> c.warnings().toString());
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        String name =
            path.substring(
                    path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                    path.length() - ".class".length())
                .replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    }
    return new Loaded(classes, text);
  }

  private static String numbered(String text) {
    StringBuilder sb = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return sb.toString();
  }

  /** Calls the public method {@code name} of {@code target} (the only one with that name). */
  static Object call(Object target, String name, Object... args) {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Asserts two arrays hold the same doubles, bit for bit. */
  static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      long e = Double.doubleToRawLongBits(expected[i]);
      long a = Double.doubleToRawLongBits(actual[i]);
      int index = i;
      assertEquals(
          e,
          a,
          () ->
              what + "[" + index + "]: expected " + expected[index] + " but was " + actual[index]);
    }
  }

  /** Row-major copy of a matrix. */
  static double[] flat(double[][] m) {
    List<Double> out = new ArrayList<>();
    for (double[] row : m) {
      for (double d : row) {
        out.add(d);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A matrix filled from a row-major array. */
  static double[][] matrix(double[] flat, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * cols, m[i], 0, cols);
    }
    return m;
  }

  /** Deterministic pseudo-random numbers in [lo, hi). */
  static double[] random(long seed, int n, double lo, double hi) {
    java.util.Random r = new java.util.Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = lo + (hi - lo) * r.nextDouble();
    }
    return out;
  }
}
