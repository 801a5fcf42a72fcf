package dev.adjoint.processor.build;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Reproducible builds: two fresh compilations of the same sources (new processor, new javac)
 * generate byte-identical files, also when the build tool hands javac the files in another order
 * (directory listings differ between file systems). Identity across JVM runs is left to CI.
 */
class DeterminismTest {

  /** Every generated file by its path in the output, with its bytes. */
  private static Map<String, byte[]> outputs(Compilation c, boolean withClassFiles) {
    Map<String, byte[]> out = new TreeMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && !withClassFiles) {
        continue;
      }
      try (InputStream in = f.openInputStream()) {
        out.put(f.toUri().getPath(), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static Compilation compile(List<JavaFileObject> sources) {
    Compilation c = javac().withProcessors(new AdjointProcessor()).compile(sources);
    assertThat(c).succeededWithoutWarnings();
    return c;
  }

  private static void assertSame(Map<String, byte[]> first, Map<String, byte[]> second) {
    assertEquals(first.keySet(), second.keySet());
    for (String path : first.keySet()) {
      assertArrayEquals(first.get(path), second.get(path), path);
    }
  }

  @Test
  void twoCompilationsGenerateIdenticalBytes() {
    Map<String, byte[]> first = outputs(compile(Models.sources()), true);
    Map<String, byte[]> second = outputs(compile(Models.sources()), true);
    // Generated sources of both classes, their class files and the service registration.
    assertTrue(first.keySet().stream().anyMatch(p -> p.endsWith("models/LossesCompiled.java")));
    assertTrue(first.keySet().stream().anyMatch(p -> p.endsWith("models/MlpCompiled.java")));
    assertTrue(first.keySet().stream().anyMatch(p -> p.endsWith("Losses_SmoothCompiled.java")));
    assertTrue(first.keySet().stream().anyMatch(p -> p.endsWith("dev.adjoint.CompiledFunction")));
    assertSame(first, second);
  }

  @Test
  void theOrderOfTheSourceFilesDoesNotMatter() {
    List<JavaFileObject> reversed = new ArrayList<>(Models.sources());
    java.util.Collections.reverse(reversed);
    assertSame(outputs(compile(Models.sources()), false), outputs(compile(reversed), false));
  }
}
