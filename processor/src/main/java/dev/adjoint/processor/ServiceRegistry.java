package dev.adjoint.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the {@code META-INF/services/dev.adjoint.CompiledFunction} registration, merged with the
 * one already in the class output: entries of generated classes this compilation did not rewrite
 * are kept (an incremental build recompiles only some sources, and their classes are still there),
 * entries of the classes it did rewrite are replaced, and the result is sorted. It names only
 * classes that exist: the caller passes no adapters when the compilation failed (javac then writes
 * no class file), and the entries of the classes it rewrote are dropped all the same.
 */
final class ServiceRegistry {
  static final String SERVICE = "META-INF/services/dev.adjoint.CompiledFunction";

  private ServiceRegistry() {}

  /**
   * Writes the merged registration: the existing entries not owned by any of {@code regenerated}
   * (qualified names of the generated classes written in this compilation), plus {@code adapters}.
   * Writes nothing when that leaves the file (or its absence) as it is.
   *
   * <p>The file's originating elements are the source classes of the generated classes it names
   * ({@code sources} for this compilation's, looked up by name for earlier ones): one class gives
   * Gradle's incremental compilation one origin, and more make it recompile every source, as the
   * file aggregates them.
   */
  static void write(
      Filer filer,
      Elements elements,
      Set<String> regenerated,
      Set<String> adapters,
      Map<String, TypeElement> sources)
      throws IOException {
    Set<String> existing = read(filer);
    Set<String> entries = new TreeSet<>();
    for (String e : existing) {
      if (!regenerated.contains(owner(e))) {
        entries.add(e);
      }
    }
    entries.addAll(adapters);
    if (entries.equals(existing) && adapters.isEmpty()) {
      // Nothing of ours changed: leave the file (or its absence) alone.
      return;
    }
    FileObject f =
        filer.createResource(
            StandardLocation.CLASS_OUTPUT, "", SERVICE, origins(entries, elements, sources));
    try (Writer w = f.openWriter()) {
      for (String a : entries) {
        w.write(a);
        w.write('\n');
      }
    }
  }

  /** The source classes of the generated classes {@code entries} names, by name. */
  private static Element[] origins(
      Set<String> entries, Elements elements, Map<String, TypeElement> sources) {
    Map<String, Element> out = new TreeMap<>();
    for (String e : entries) {
      String owner = owner(e);
      TypeElement source = sources.get(owner);
      if (source == null) {
        source = sourceOf(owner, elements);
      }
      if (source != null) {
        // Build tools count origins by top-level type (a nested class's file is its outer one's).
        TypeElement top = source;
        while (top.getEnclosingElement() instanceof TypeElement outer) {
          top = outer;
        }
        out.put(top.getQualifiedName().toString(), top);
      } else {
        // Unknown origin: the generated class itself, a type of its own, so that a build tool
        // counting origins never sees fewer than there are.
        TypeElement generated = elements.getTypeElement(owner);
        if (generated != null) {
          out.put(owner, generated);
        }
      }
    }
    return out.values().toArray(new Element[0]);
  }

  /**
   * The source class of generated class {@code owner} ({@code pkg.XCompiled} for {@code pkg.X},
   * {@code pkg.A_BCompiled} for {@code pkg.A.B} or {@code pkg.A_B}), or null if none is found.
   */
  private static TypeElement sourceOf(String owner, Elements elements) {
    if (!owner.endsWith("Compiled")) {
      return null;
    }
    String base = owner.substring(0, owner.length() - "Compiled".length());
    int dot = base.lastIndexOf('.');
    String pkg = base.substring(0, dot + 1);
    String simple = base.substring(dot + 1);
    List<String> candidates = new ArrayList<>();
    candidates.add(pkg + simple);
    candidates.add(pkg + simple.replace('_', '.'));
    for (String c : candidates) {
      TypeElement t = elements.getTypeElement(c);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** The entries of the existing file; none on a clean build (the file does not exist). */
  private static Set<String> read(Filer filer) {
    Set<String> out = new TreeSet<>();
    try {
      FileObject f = filer.getResource(StandardLocation.CLASS_OUTPUT, "", SERVICE);
      try (InputStream in = f.openInputStream();
          BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          int comment = line.indexOf('#');
          String entry = (comment >= 0 ? line.substring(0, comment) : line).trim();
          if (!entry.isEmpty()) {
            out.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      // Absent (clean build) or not readable in this environment: there is nothing to keep.
      return new TreeSet<>();
    }
    return out;
  }

  /** {@code pkg.XCompiled} for the adapter {@code pkg.XCompiled$YFunction}. */
  static String owner(String adapterBinaryName) {
    int simple = adapterBinaryName.lastIndexOf('.') + 1;
    int nested = adapterBinaryName.indexOf('$', simple);
    return nested < 0 ? adapterBinaryName : adapterBinaryName.substring(0, nested);
  }
}
