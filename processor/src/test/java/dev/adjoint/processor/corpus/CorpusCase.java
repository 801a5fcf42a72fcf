package dev.adjoint.processor.corpus;

import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * One invalid or unsupported method of the corpus: a small class {@code corpus.<name>} holding the
 * bad code plus one valid {@code @Differentiable} method {@code ok}, the diagnostic code it must
 * get, and where: the line containing {@code line}, at the column where {@code column} starts on
 * that line.
 *
 * <p>The column is javac's own for the tree at fault (its "preferred position", where javac puts
 * the caret of its own errors): a call at its {@code (}, an assignment or binary operator at the
 * operator, an array access at its {@code [}, an array or generic type at its {@code [} or {@code
 * <}, a declaration at its name, a statement at its keyword, a constant index at the index.
 *
 * @param name the simple name of the class, also the test's display name
 * @param code the diagnostic the bad method must get
 * @param line a substring found on exactly one line of the source: the line of the error
 * @param column a substring of that line that starts at the error's column
 * @param body the members of the class, before the valid method
 * @param after top-level declarations after the class (other types of the same file)
 * @param javacAlsoRejects whether the source is not valid Java either, so that javac reports its
 *     own error (after processing) beside Adjoint's
 */
record CorpusCase(
    String name,
    Code code,
    String line,
    String column,
    List<String> body,
    List<String> after,
    boolean javacAlsoRejects) {

  /** The package of every corpus class. */
  static final String PACKAGE = "corpus";

  /** The valid method every corpus class also declares; its adapter must still be generated. */
  static final String VALID_METHOD =
      "  @Differentiable public static Value ok(Value x) { return x.mul(x).add(1); }";

  /** A case whose error column is where {@code column} starts on the marked line. */
  static CorpusCase bad(String name, Code code, String line, String column, String... body) {
    return new CorpusCase(name, code, line, column, List.of(body), List.of(), false);
  }

  /** This case with {@code lines} as the members of its class. */
  CorpusCase withBody(List<String> lines) {
    return new CorpusCase(name, code, line, column, List.copyOf(lines), after, javacAlsoRejects);
  }

  /** This case with more top-level types after the class. */
  CorpusCase followedBy(String... lines) {
    return new CorpusCase(name, code, line, column, body, List.of(lines), javacAlsoRejects);
  }

  /**
   * This case, marked as invalid Java: the processor runs before javac attributes the code, so a
   * user sees Adjoint's error as well as javac's, and Adjoint's must still be precise.
   */
  CorpusCase alsoRejectedByJavac() {
    return new CorpusCase(name, code, line, column, body, after, true);
  }

  /** The generated class holding the valid method's adapter. */
  String generatedClass() {
    return PACKAGE + "." + name + "Compiled";
  }

  /** The source lines, in order (line {@code i} of the file is element {@code i - 1}). */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("package " + PACKAGE + ";");
    out.add("import dev.adjoint.*;");
    out.add("import dev.adjoint.nn.Nn;");
    out.add("import java.util.*;");
    out.add("public final class " + name + " {");
    out.addAll(body);
    out.add(VALID_METHOD);
    out.add("}");
    out.addAll(after);
    return out;
  }

  JavaFileObject source() {
    return JavaFileObjects.forSourceLines(PACKAGE + "." + name, lines());
  }

  /**
   * A source that instantiates the valid method's adapter. javac only attributes it when the
   * compilation goes on past the processor's errors ({@code -XDshould-stop.ifError=FLOW}); then a
   * missing adapter, or generated code that does not compile, is a javac error in this file.
   */
  JavaFileObject witness() {
    return JavaFileObjects.forSourceLines(
        PACKAGE + "." + name + "Witness",
        "package " + PACKAGE + ";",
        "final class " + name + "Witness {",
        "  static final dev.adjoint.CompiledFunction OK = new " + name + "Compiled.OkFunction();",
        "}");
  }

  /** The 1-based number of the line holding {@link #line()}; it must be the only such line. */
  int expectedLine() {
    List<String> lines = lines();
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(line)) {
        if (found >= 0) {
          throw new IllegalStateException(name + ": marker '" + line + "' is on two lines");
        }
        found = i + 1;
      }
    }
    if (found < 0) {
      throw new IllegalStateException(name + ": marker '" + line + "' is on no line");
    }
    return found;
  }

  /** The 1-based column where {@link #column()} starts on the marked line (javac counts so). */
  int expectedColumn() {
    String text = lines().get(expectedLine() - 1);
    int at = text.indexOf(column);
    if (at < 0) {
      throw new IllegalStateException(name + ": '" + column + "' is not on line: " + text);
    }
    return at + 1;
  }

  @Override
  public String toString() {
    return name + " -> " + code.id();
  }
}
