package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.CompiledFunction;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledFunctionsTest {

  @Test
  void findsRegisteredFunctionsSortedByName(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + CompiledFunction.class.getName());
    Files.createDirectories(services.getParent());
    // Registered out of order: the lookup sorts.
    Files.writeString(
        services,
        ScalarFunction.class.getName() + "\n" + CrossEntropyFunction.class.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      List<String> names = CompiledFunctions.all().stream().map(CompiledFunction::name).toList();
      assertEquals(List.of("test.Losses.crossEntropy", "test.Scalar.xyExp"), names);
      assertEquals("test.Scalar.xyExp", CompiledFunctions.named("test.Scalar.xyExp").name());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CompiledFunctions.named("nope"));
      assertTrue(e.getMessage().contains("test.Losses.crossEntropy"), e.getMessage());
      assertTrue(e.getMessage().endsWith(CompiledFunctions.NOT_AMONG), e.getMessage());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void nothingRegisteredMeansAnEmptyList() {
    // The runtime module registers no functions of its own.
    assertTrue(CompiledFunctions.all().isEmpty());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CompiledFunctions.named("x"));
    // A build without the processor: the message says how to set it up and how to see it ran.
    assertTrue(e.getMessage().contains("registered: none"), e.getMessage());
    assertTrue(e.getMessage().contains("annotationProcessorPaths"), e.getMessage());
    assertTrue(e.getMessage().contains("META-INF/services/dev.adjoint.CompiledFunction"));
  }

  /**
   * A registration naming a class that was never written (a failed compilation) or that is not a
   * compiled function is one line each, and the other functions are still found.
   */
  @Test
  void aBrokenEntryIsOneLineAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + CompiledFunction.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(
        services,
        "# generated\n"
            + "demo.LossesCompiled$CrossEntropyFunction\n"
            + ScalarFunction.class.getName()
            + "\n"
            + "java.lang.String\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      CompiledFunctions.Discovery d = CompiledFunctions.discover(loader);
      assertEquals(
          List.of("test.Scalar.xyExp"),
          d.functions().stream().map(CompiledFunction::name).toList());
      assertEquals(2, d.problems().size(), d.problems().toString());
      String missing = d.problems().get(0);
      assertTrue(missing.contains("names demo.LossesCompiled$CrossEntropyFunction"), missing);
      assertTrue(missing.contains(dir.toString()), missing);
      assertTrue(missing.contains("compilation that registered it probably failed"), missing);
      assertTrue(d.problems().get(1).contains("does not implement"), d.problems().get(1));
      for (String p : d.problems()) {
        assertFalse(p.contains("\n") || p.contains("Exception"), p);
      }

      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        assertEquals(1, CompiledFunctions.all().size());
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> CompiledFunctions.named("x"));
        assertTrue(e.getMessage().contains("names demo.LossesCompiled"), e.getMessage());
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}
