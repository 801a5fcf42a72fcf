package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the compiled functions registered on the classpath: the classes named in every {@code
 * META-INF/services/dev.adjoint.CompiledFunction} file, as {@link java.util.ServiceLoader} would,
 * except that an entry that cannot be loaded (a class a failed compilation never wrote, say) is not
 * an error that stops the others but one {@linkplain Discovery#problems() line} saying which entry,
 * where, and what to do.
 */
public final class CompiledFunctions {

  /** The registration file the processor writes. */
  public static final String SERVICE = "META-INF/services/" + CompiledFunction.class.getName();

  /**
   * What the class path registers.
   *
   * @param functions the functions that loaded, sorted by {@linkplain CompiledFunction#name() name}
   * @param problems one line per entry that did not load, in class path order
   */
  public record Discovery(List<CompiledFunction> functions, List<String> problems) {
    public Discovery {
      functions = List.copyOf(functions);
      problems = List.copyOf(problems);
    }
  }

  private CompiledFunctions() {}

  /**
   * Returns every {@link CompiledFunction} registered through the current thread's context class
   * loader that loads, sorted by {@linkplain CompiledFunction#name() name}; see {@link #discover()}
   * for the entries that do not.
   *
   * @return a new, modifiable list; empty if nothing is registered
   */
  public static List<CompiledFunction> all() {
    return new ArrayList<>(discover().functions());
  }

  /** The registered functions and the entries that could not be loaded. */
  public static Discovery discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return discover(loader != null ? loader : ClassLoader.getSystemClassLoader());
  }

  /** The functions {@code loader} registers, and the entries it could not load. */
  public static Discovery discover(ClassLoader loader) {
    Map<String, String> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Enumeration<URL> files;
    try {
      files = loader.getResources(SERVICE);
    } catch (IOException e) {
      return new Discovery(List.of(), List.of("cannot list " + SERVICE + ": " + e.getMessage()));
    }
    for (URL file : Collections.list(files)) {
      try {
        for (String entry : read(file)) {
          entries.putIfAbsent(entry, where(file));
        }
      } catch (IOException e) {
        problems.add("cannot read " + SERVICE + " in " + where(file) + ": " + e.getMessage());
      }
    }
    List<CompiledFunction> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      try {
        out.add(load(e.getKey(), loader));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError failure) {
        problems.add(problem(e.getKey(), e.getValue(), failure));
      }
    }
    out.sort(Comparator.comparing(CompiledFunction::name));
    return new Discovery(out, problems);
  }

  /**
   * Returns the compiled function of the source method {@code name}, e.g. {@code
   * "demo.Losses.crossEntropy"}.
   *
   * @throws IllegalArgumentException naming the functions that exist (and the entries that did not
   *     load) if there is no such function
   */
  public static CompiledFunction named(String name) {
    Discovery d = discover();
    for (CompiledFunction fn : d.functions()) {
      if (fn.name().equals(name)) {
        return fn;
      }
    }
    List<String> names = new ArrayList<>();
    for (CompiledFunction fn : d.functions()) {
      names.add(fn.name());
    }
    StringBuilder message =
        new StringBuilder("no compiled function named ")
            .append(name)
            .append("; registered: ")
            .append(names.isEmpty() ? "none" : names.toString());
    for (String p : d.problems()) {
      message.append("; ").append(p);
    }
    message.append(names.isEmpty() && d.problems().isEmpty() ? NOT_RUN : NOT_AMONG);
    throw new IllegalArgumentException(message.toString());
  }

  /**
   * Why no function at all is registered: the processor did not run where this class path comes
   * from.
   */
  static final String NOT_RUN =
      ". The Adjoint processor did not run in the build that made this class path: put"
          + " dev.adjoint:adjoint-processor on the compiler's annotationProcessorPaths (Maven) or"
          + " the annotationProcessor configuration (Gradle), with -proc:full on JDK 23 and later,"
          + " and pin maven-compiler-plugin (3.13.0; old defaults ignore annotationProcessorPaths)."
          + " It ran if target/generated-sources/annotations holds *Compiled.java files and"
          + " target/classes holds META-INF/services/dev.adjoint.CompiledFunction";

  /** Why one function is missing while others are registered. */
  static final String NOT_AMONG =
      ". Names are the source method's, qualified (package.Class.method); is that method annotated"
          + " @Differentiable, and did its class compile without Adjoint errors?";

  private static CompiledFunction load(String className, ClassLoader loader)
      throws ReflectiveOperationException {
    Class<?> c = Class.forName(className, false, loader);
    if (!CompiledFunction.class.isAssignableFrom(c)) {
      throw new ClassCastException("it does not implement " + CompiledFunction.class.getName());
    }
    try {
      return (CompiledFunction) c.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("its constructor threw " + e.getCause(), e.getCause());
    }
  }

  /** One line: which entry, where, what went wrong, what to do. */
  private static String problem(String entry, String where, Throwable failure) {
    String what;
    if (failure instanceof ClassNotFoundException) {
      what =
          "no such class is on the class path; the compilation that registered it probably failed:"
              + " fix its errors and rebuild";
    } else if (failure instanceof LinkageError) {
      what = "it does not load (" + failure + "); rebuild";
    } else if (failure instanceof NoSuchMethodException) {
      what = "it has no public no-argument constructor";
    } else {
      what = failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }
    return SERVICE + " in " + where + " names " + entry + ", but " + what;
  }

  /** The entries of one registration file: one class name a line, {@code #} comments. */
  private static List<String> read(URL file) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = file.openStream();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int comment = line.indexOf('#');
        String entry = (comment >= 0 ? line.substring(0, comment) : line).strip();
        if (!entry.isEmpty()) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  /**
   * The class path entry holding a registration file, as the user knows it: a directory relative to
   * the working directory ({@code target/classes}) or a jar.
   */
  private static String where(URL file) {
    String s = file.toString();
    String root = s.endsWith(SERVICE) ? s.substring(0, s.length() - SERVICE.length()) : s;
    if (root.startsWith("jar:") && root.endsWith("!/")) {
      root = root.substring("jar:".length(), root.length() - 2);
    }
    if (root.startsWith("file:")) {
      try {
        Path p = Path.of(URI.create(root)).normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return (p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p) : p).toString();
      } catch (IllegalArgumentException | FileSystemNotFoundException e) {
        return root;
      }
    }
    return root;
  }
}
