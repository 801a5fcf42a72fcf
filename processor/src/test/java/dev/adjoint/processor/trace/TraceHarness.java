package dev.adjoint.processor.trace;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Value;
import dev.adjoint.processor.ir.Interpreter;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.JavaFileObject;

/**
 * Compiles a source with {@link TracingProcessor}, then runs each traced method both ways: the
 * original on the {@link Value} engine (loaded from the compiled classes) and the traced IR on the
 * {@link Interpreter}, on the same random inputs, and asserts the outputs are bit-identical.
 */
final class TraceHarness {
  final Compilation compilation;
  final TracingProcessor processor = new TracingProcessor();
  private final ClassLoader loader;
  private final String className;

  /** Compiles {@code lines} as the class {@code className} (qualified). */
  TraceHarness(String className, String... lines) {
    this(List.of(), className, lines);
  }

  /** Compiles {@code lines} as {@code className}, with other sources it may call. */
  TraceHarness(List<JavaFileObject> others, String className, String... lines) {
    List<JavaFileObject> sources = new ArrayList<>(others);
    sources.add(JavaFileObjects.forSourceLines(className, lines));
    this.className = className;
    this.compilation = javac().withProcessors(processor).compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      fail("compilation failed: " + compilation.diagnostics());
    }
    this.loader = new MemoryLoader(compilation.generatedFiles());
  }

  /** The traced method, checked well formed by the IR's {@link Verifier}. */
  TracedMethod traced(String method) {
    TracedMethod t = processor.traced.get(method);
    if (t == null) {
      fail("not traced: " + method + " " + processor.errors.get(method));
    }
    Verifier.verify(t.function());
    return t;
  }

  /** The error tracing {@code method} reported, or null. */
  String error(String method) {
    return processor.errors.get(method);
  }

  /**
   * Runs {@code method} on the given Java arguments ({@code Value}, {@code Value[]}, {@code
   * Value[][]}, {@code Value[][][]}, {@code List<Value>}, {@code int[]}, {@code double[]}, numbers,
   * booleans) both ways and asserts the outputs are bit-identical, or that both throw. Returns the
   * output (null if both threw).
   */
  double[] compare(String method, Object... javaArgs) {
    double[] out = compareOrThrow(method, javaArgs);
    if (out == null) {
      fail(method + ": both threw, where a result was expected");
    }
    return out;
  }

  /** As {@link #compare}, but both throwing (the same kind of failure) also passes. */
  double[] compareOrThrow(String method, Object... javaArgs) {
    TracedMethod t = traced(method);
    List<Object> irArgs = new ArrayList<>();
    for (int i = 0; i < javaArgs.length; i++) {
      irArgs.add(HarnessValues.irArgument(javaArgs[i], t.function().params().get(i)));
    }
    double[] expected;
    Throwable engineError = null;
    try {
      expected = runOriginal(t.source(), method, HarnessValues.copyArgs(javaArgs));
    } catch (EngineException e) {
      expected = null;
      engineError = e.getCause();
    }
    double[] actual;
    try {
      actual = flatten(Interpreter.run(t.function(), irArgs));
    } catch (RuntimeException e) {
      if (engineError != null) {
        return null;
      }
      throw new AssertionError(
          method + ": the IR threw but the engine did not: " + e + "\n" + dump(t), e);
    }
    if (engineError != null) {
      fail(
          method
              + ": the engine threw "
              + engineError
              + " but the IR returned "
              + Arrays.toString(actual)
              + "\n"
              + dump(t));
    }
    try {
      assertBitEqual(expected, actual, method);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + dump(t), e);
    }
    return expected;
  }

  /** The message of the exception the IR throws on these arguments (the engine must throw too). */
  String irFailure(String method, Object... javaArgs) {
    TracedMethod t = traced(method);
    List<Object> irArgs = new ArrayList<>();
    for (int i = 0; i < javaArgs.length; i++) {
      irArgs.add(HarnessValues.irArgument(javaArgs[i], t.function().params().get(i)));
    }
    try {
      runOriginal(t.source(), method, HarnessValues.copyArgs(javaArgs));
      fail(method + ": the engine did not throw");
    } catch (EngineException expected) {
      // as required
    }
    try {
      Interpreter.run(t.function(), irArgs);
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    fail(method + ": the IR did not throw\n" + dump(t));
    return null;
  }

  private static String dump(TracedMethod t) {
    return dev.adjoint.processor.ir.Printer.print(t.function());
  }

  /** An exception thrown by the method itself when run on the engine. */
  static final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EngineException(Throwable cause) {
      super(cause);
    }
  }

  /** Runs {@code method} on {@code points} random inputs both ways; returns the last output. */
  double[] check(String method, int points, long seed) {
    TracedMethod t = traced(method);
    Random random = new Random(seed);
    double[] last = null;
    for (int p = 0; p < points; p++) {
      List<Object> irArgs = new ArrayList<>();
      List<Object> javaArgs = new ArrayList<>();
      for (SourceMethod.Param param : t.source().params()) {
        HarnessValues.arguments(param, random, irArgs, javaArgs);
      }
      double[] expected = runOriginal(t.source(), method, javaArgs);
      double[] actual = flatten(Interpreter.run(t.function(), irArgs));
      assertBitEqual(expected, actual, method + " at point " + p);
      last = expected;
    }
    return last;
  }

  static void assertBitEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": output size");
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
        fail(
            what
                + ": element "
                + i
                + " expected "
                + expected[i]
                + " but the IR gave "
                + actual[i]
                + "\n expected "
                + Arrays.toString(expected)
                + "\n actual   "
                + Arrays.toString(actual));
      }
    }
  }

  private static double[] flatten(List<double[]> results) {
    return results.get(0);
  }

  private double[] runOriginal(SourceMethod s, String method, List<Object> args) {
    try {
      Class<?> c = Class.forName(className, true, loader);
      Method m = null;
      for (Method x : c.getDeclaredMethods()) {
        if (x.getName().equals(method)) {
          m = x;
        }
      }
      m.setAccessible(true);
      Object out = m.invoke(null, args.toArray());
      if (out == null) {
        // A null Value (an element never written) has no numbers: compiled code throws instead.
        throw new EngineException(new NullPointerException(method + " returned null"));
      }
      return HarnessValues.data(out);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new EngineException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Loads the classes compile-testing produced in memory. */
  private static final class MemoryLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    MemoryLoader(List<JavaFileObject> files) {
      super(TraceHarness.class.getClassLoader());
      for (JavaFileObject f : files) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
          name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          classes.put(name, f);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject f = classes.get(name);
      if (f == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = f.openInputStream()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        byte[] b = bytes.toByteArray();
        return defineClass(name, b, 0, b.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
