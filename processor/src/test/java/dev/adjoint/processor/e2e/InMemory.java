package dev.adjoint.processor.e2e;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import dev.adjoint.CompiledFunction;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles sources with the processor in memory and loads what came out: the test-side stand-in for
 * a user's build.
 */
public final class InMemory {
  private InMemory() {}

  /** Compiles {@code sources} with Adjoint, warnings as errors. */
  public static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new AdjointProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(sources);
  }

  /** A class loader over the compilation's class files, parented by the test class path. */
  public static ClassLoader loader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
        name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        classes.put(name, bytes(f));
      }
    }
    return new ClassLoader(InMemory.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }

  /** Every CompiledFunction the compilation registered in its service file, in file order. */
  public static List<CompiledFunction> functions(Compilation compilation) {
    ClassLoader loader = loader(compilation);
    List<CompiledFunction> out = new ArrayList<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.toUri().getPath().endsWith("META-INF/services/dev.adjoint.CompiledFunction")) {
        for (String line : new String(bytes(f), StandardCharsets.UTF_8).split("\n")) {
          String name = line.strip();
          if (name.isEmpty() || name.startsWith("#")) {
            continue;
          }
          try {
            out.add(
                (CompiledFunction) loader.loadClass(name).getDeclaredConstructor().newInstance());
          } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + name, e);
          }
        }
      }
    }
    return out;
  }

  private static byte[] bytes(JavaFileObject f) {
    try (InputStream in = f.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
