package dev.adjoint.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the {@code META-INF/services/dev.adjoint.CompiledFunction} registration, merged with the
 * one already in the class output: entries of generated classes this compilation did not rewrite
 * are kept (an incremental build recompiles only some sources, and their classes are still there),
 * entries of the classes it did rewrite are replaced, and the result is sorted.
 */
final class ServiceRegistry {
  static final String SERVICE = "META-INF/services/dev.adjoint.CompiledFunction";

  private ServiceRegistry() {}

  /**
   * Writes the merged registration: the existing entries not owned by any of {@code regenerated}
   * (qualified names of the generated classes written in this compilation), plus {@code adapters}.
   * Writes nothing when there is nothing to register and no earlier file to fix up.
   */
  static void write(Filer filer, Set<String> regenerated, Set<String> adapters) throws IOException {
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
    FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "", SERVICE);
    try (Writer w = f.openWriter()) {
      for (String a : entries) {
        w.write(a);
        w.write('\n');
      }
    }
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
