package dev.adjoint.processor.fuzz;

import com.google.testing.compile.Compilation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;

/**
 * Tells a program the processor rejected as it should (errors {@code [ADJnnn]}, never the internal
 * error {@code ADJ900}, no other error) from a failed compilation that is a bug.
 */
final class Rejections {
  private Rejections() {}

  private static final Pattern CODE = Pattern.compile("^\\[(ADJ\\d{3})\\]");

  /** The code of a proper rejection, or null if {@code c} succeeded or failed otherwise. */
  static String code(Compilation c) {
    if (c.status() == Compilation.Status.SUCCESS) {
      return null;
    }
    String first = null;
    for (Diagnostic<?> d : c.errors()) {
      String code = code(d);
      if (code == null) {
        return null;
      }
      first = first == null ? code : first;
    }
    return first;
  }

  /**
   * What went wrong with each program of a failed batch, from the diagnostics on its lines: the
   * code of a proper rejection ({@code ADJ012}), or the diagnostics of a failure (an internal
   * error, a javac error or warning) prefixed with {@code !}. Null if some diagnostic lies outside
   * every program, which only compiling the programs one by one can attribute.
   */
  static Map<Program, String> byProgram(List<Program> batch, Compilation c) {
    Map<Program, String> out = new LinkedHashMap<>();
    boolean warnings = !c.warnings().isEmpty();
    for (Diagnostic<?> d : c.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE) {
        continue;
      }
      long line = d.getLineNumber();
      if (line == Diagnostic.NOPOS && warnings && d.getKind() == Diagnostic.Kind.ERROR) {
        continue; // "warnings found and -Werror specified": the warnings say where
      }
      Program owner = null;
      for (int i = 0; i < batch.size() && owner == null; i++) {
        int from = Program.firstLine(batch, i);
        if (line >= from && line < from + batch.get(i).lines().size()) {
          owner = batch.get(i);
        }
      }
      if (owner == null) {
        return null;
      }
      String code = d.getKind() == Diagnostic.Kind.ERROR ? code(d) : null;
      String what =
          code != null
              ? code
              : "!"
                  + d.getKind()
                  + ": line "
                  + (line - Program.firstLine(batch, batch.indexOf(owner)) + 1)
                  + " of the method: "
                  + d.getMessage(null);
      String before = out.get(owner);
      if (before == null || (before.startsWith("!") && !what.startsWith("!"))) {
        out.put(owner, before == null ? what : before);
      } else if (before.startsWith("!") && what.startsWith("!")) {
        out.put(owner, before + "\n" + what.substring(1));
      } else if (!before.startsWith("!") && what.startsWith("!")) {
        out.put(owner, what); // a failure outweighs a rejection
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static String code(Diagnostic<?> d) {
    Matcher m = CODE.matcher(d.getMessage(null));
    return m.find() && !m.group(1).equals("ADJ900") ? m.group(1) : null;
  }
}
