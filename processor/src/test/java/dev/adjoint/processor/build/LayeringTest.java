package dev.adjoint.processor.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The phases' dependencies point one way: only {@code trace} touches javac's trees ({@code
 * com.sun.source}), and {@code ir}, {@code opt} and {@code ad} touch no compiler API at all, so
 * they stay testable as plain Java. Reads the main sources' imports.
 */
class LayeringTest {
  private static final Path ROOT = Path.of("src/main/java/dev/adjoint/processor");

  @Test
  void onlyTraceImportsJavacTrees() throws IOException {
    assertEquals(List.of(), offenders("com.sun.source", "trace"));
  }

  @Test
  void irOptAndAdImportNoCompilerApi() throws IOException {
    List<String> found = new ArrayList<>();
    for (String phase : List.of("ir", "opt", "ad")) {
      for (Path file : sources(ROOT.resolve(phase))) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import javax.lang.model")
              || line.startsWith("import javax.annotation.processing")
              || line.startsWith("import com.sun.")) {
            found.add(ROOT.relativize(file) + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  /** Files outside package {@code allowed} that import from {@code prefix}. */
  private static List<String> offenders(String prefix, String allowed) throws IOException {
    List<Path> all = sources(ROOT);
    assertTrue(all.size() > 50, "sources not found under " + ROOT.toAbsolutePath());
    List<String> out = new ArrayList<>();
    for (Path file : all) {
      if (ROOT.relativize(file).startsWith(allowed)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("import " + prefix) || line.startsWith("import static " + prefix)) {
          out.add(ROOT.relativize(file) + ": " + line);
        }
      }
    }
    return out;
  }

  private static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
