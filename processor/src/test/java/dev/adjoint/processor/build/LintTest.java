package dev.adjoint.processor.build;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.AdjointProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Projects that build with {@code -Werror -Xlint:all} can use Adjoint: neither the processor
 * (unclaimed annotations, for instance) nor the code it generates (raw types, casts, fall-through,
 * missing serial ids...) adds a warning.
 */
class LintTest {

  @Test
  void strictLintAndWarningsAsErrorsPass() {
    Compilation c =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Werror", "-Xlint:all")
            .compile(Models.sources());
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("models.LossesCompiled");
    assertThat(c).generatedSourceFile("models.Losses_SmoothCompiled");
    assertThat(c).generatedSourceFile("models.MlpCompiled");
  }

  @Test
  void theGeneratedJavadocPassesDocLint() {
    // Generated sources are documented for users' IDEs and Javadoc runs; -Xdoclint:all checks
    // their HTML, tags and references at the level Javadoc documents (public and protected). The
    // user sources above are not doclint-clean, so only the
    // generated files are judged.
    Compilation c =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Xdoclint:all/protected")
            .compile(Models.sources());
    assertThat(c).succeeded();
    List<String> generated =
        c.diagnostics().stream()
            .filter(d -> d.getSource() != null && d.getSource().getName().contains("Compiled"))
            .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + " " + d.getMessage(null))
            .toList();
    assertEquals(List.of(), generated);
  }
}
