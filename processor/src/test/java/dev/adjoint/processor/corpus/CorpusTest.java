package dev.adjoint.processor.corpus;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of invalid and unsupported methods: each gets exactly one error, with its documented
 * code, at the line and column of the construct at fault, in a plain message (no stack trace);
 * javac never crashes; and the valid method of the same class is still compiled.
 */
class CorpusTest {

  /** Only two codes cannot come from a source file: they need a foreign compiler or a bug. */
  private static final Set<Code> NOT_FROM_SOURCE = EnumSet.of(Code.NOT_JAVAC, Code.INTERNAL);

  /** Stack frames as Throwable.printStackTrace or the processor's summary would show them. */
  private static final Pattern FRAME = Pattern.compile("\\(\\w+\\.java:\\d+\\)|\\tat |Caused by");

  private static final Pattern EXCEPTION_WORD = Pattern.compile("\\w*Exception\\w*");

  static Stream<CorpusCase> cases() {
    return Stream.of(
            SignatureCases.all(), StatementCases.all(), ExpressionCases.all(), ArrayCases.all())
        .flatMap(List::stream);
  }

  /**
   * The whole corpus, compiled once: every case's class and its witness in one javac run (one run
   * per case would take half a minute). One processor sees all the bad methods, which also shows
   * that errors in one class never stop another class from being generated. {@code
   * should-stop.ifError=FLOW} makes javac attribute everything despite the processor's errors (by
   * default it stops right after processing), so that each witness proves the valid method's
   * adapter was generated and compiles.
   */
  private static final class Batch {
    static final Map<String, JavaFileObject> SOURCES = new LinkedHashMap<>();
    static final Compilation COMPILATION;

    static {
      List<JavaFileObject> files = new ArrayList<>();
      for (CorpusCase c : cases().toList()) {
        JavaFileObject source = c.source();
        SOURCES.put(c.name(), source);
        files.add(source);
        files.add(c.witness());
      }
      COMPILATION =
          javac()
              .withProcessors(new AdjointProcessor())
              // javac drops errors after the 100th by default; the corpus has more.
              .withOptions("-XDshould-stop.ifError=FLOW", "-Xmaxerrs", "10000")
              .compile(files);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheDocumentedCodeAtTheConstruct(CorpusCase c) {
    JavaFileObject source = Batch.SOURCES.get(c.name());
    Compilation compilation = Batch.COMPILATION;
    String all = describe(compilation, c);

    assertEquals(Compilation.Status.FAILURE, compilation.status(), all);
    List<Diagnostic<? extends JavaFileObject>> ours = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      boolean here = inFile(d, c.name() + ".java");
      if (here && message(d).startsWith("[ADJ")) {
        ours.add(d);
      } else if (here || inFile(d, c.name() + "Witness.java")) {
        // javac's own errors: only for sources that are not valid Java, and only in that file.
        assertTrue(here && c.javacAlsoRejects(), "javac error\n" + all);
      }
    }
    assertEquals(1, ours.size(), "one Adjoint error, for the bad method only\n" + all);
    Diagnostic<? extends JavaFileObject> error = ours.get(0);
    assertTrue(message(error).startsWith("[" + c.code().id() + "] "), "code\n" + all);
    assertTrue(inFile(error, c.name() + ".java"), all);
    assertEquals(c.expectedLine(), error.getLineNumber(), "line\n" + all);
    assertEquals(c.expectedColumn(), error.getColumnNumber(), "column\n" + all);
    // The same through compile-testing's own subject, as other tests of the processor check it.
    assertThat(compilation)
        .hadErrorContaining("[" + c.code().id() + "]")
        .inFile(source)
        .onLineContaining(c.line());

    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (inFile(d, c.name() + ".java")) {
        assertPlain(message(d), String.join("\n", c.lines()), all);
      }
    }
  }

  @Test
  void theBatchFailsWithDiagnosticsOnlyInCorpusFiles() {
    Compilation compilation = Batch.COMPILATION;
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      // A diagnostic without a file would be a processor-wide failure, not a method's error.
      assertTrue(d.getSource() != null, "no file: " + message(d));
    }
  }

  /**
   * No stack trace, and no exception name unless the user's source names it (a {@code throw new
   * IllegalArgumentException} may be quoted).
   */
  private static void assertPlain(String message, String source, String all) {
    assertFalse(message.contains("[ADJ900]"), all);
    assertFalse(FRAME.matcher(message).find(), "stack trace text\n" + all);
    Matcher m = EXCEPTION_WORD.matcher(message);
    while (m.find()) {
      assertTrue(source.contains(m.group()), "exception text '" + m.group() + "'\n" + all);
    }
  }

  private static String message(Diagnostic<?> d) {
    return d.getMessage(Locale.ROOT);
  }

  private static boolean inFile(Diagnostic<? extends JavaFileObject> d, String fileName) {
    return d.getSource() != null && d.getSource().toUri().getPath().endsWith("/" + fileName);
  }

  /**
   * The diagnostics of one case's files, each with its place, and for the case's own file the
   * source line with a caret under the column: failure messages show what was reported where.
   */
  private static String describe(Compilation compilation, CorpusCase c) {
    StringBuilder sb = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      boolean here = inFile(d, c.name() + ".java");
      if (!here && !inFile(d, c.name() + "Witness.java")) {
        continue;
      }
      sb.append(d.getKind())
          .append(' ')
          .append(d.getSource().getName())
          .append(':')
          .append(d.getLineNumber())
          .append(':')
          .append(d.getColumnNumber())
          .append(' ')
          .append(message(d))
          .append('\n');
      if (here && d.getLineNumber() > 0) {
        sb.append("  ").append(c.lines().get((int) d.getLineNumber() - 1)).append('\n');
        sb.append("  ").append(" ".repeat((int) d.getColumnNumber() - 1)).append("^\n");
      }
    }
    return sb.toString();
  }

  @Test
  void theCorpusIsLargeAndCoversEveryLiveCodeASourceCanTrigger() {
    List<CorpusCase> all = cases().toList();
    assertTrue(all.size() >= 60, "corpus size " + all.size());
    Set<Code> covered = EnumSet.copyOf(NOT_FROM_SOURCE);
    all.forEach(c -> covered.add(c.code()));
    Set<Code> live = EnumSet.noneOf(Code.class);
    for (Code c : Code.values()) {
      if (!c.retired()) {
        live.add(c);
      }
    }
    assertEquals(live, covered);
  }

  @Test
  void everyCaseHasItsOwnClassAndUnambiguousMarkers() {
    Set<String> names = new HashSet<>();
    for (CorpusCase c : cases().toList()) {
      assertTrue(names.add(c.name()), "duplicate " + c.name());
      // Throws if a marker is missing or ambiguous.
      c.expectedColumn();
    }
  }
}
