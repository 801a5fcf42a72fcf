package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every method of every class the processor generated for the examples stays under HotSpot's
 * 8,000-byte limit ({@code HugeMethodLimit}): a larger method is never JIT-compiled and runs
 * interpreted, tens of times slower, with no warning. Reads the compiled class files themselves, so
 * it checks what the JVM will load, whatever the emitter intended.
 */
class BytecodeSizeTest {
  /** HotSpot's {@code HugeMethodLimit}; the issue asks for every method to stay under it. */
  private static final int LIMIT = 8_000;

  @Test
  void everyGeneratedMethodIsUnderTheJitLimit() throws IOException, URISyntaxException {
    Map<String, Integer> sizes = generatedMethodSizes();
    List<String> over = new ArrayList<>();
    String largest = "";
    int max = -1;
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      if (e.getValue() >= LIMIT) {
        over.add(e.getKey() + ": " + e.getValue() + " bytes");
      }
      if (e.getValue() > max) {
        max = e.getValue();
        largest = e.getKey();
      }
    }
    assertTrue(over.isEmpty(), "methods at or over " + LIMIT + " bytes of bytecode: " + over);
    System.out.printf(
        "BytecodeSizeTest: %d generated methods, largest %s at %d bytes%n",
        sizes.size(), largest, max);
  }

  @Test
  void findsTheGeneratedClassesOfEveryExample() throws IOException, URISyntaxException {
    Map<String, Integer> sizes = generatedMethodSizes();
    // One kernel per example file and per benchmark size: a missing one means the walk is wrong.
    for (String kernel :
        List.of(
            "dev/adjoint/examples/SoftmaxesCompiled$Softmax",
            "dev/adjoint/examples/LayersCompiled$Mlp",
            "dev/adjoint/examples/AttentionCompiled$MultiHead",
            "dev/adjoint/examples/RegressionCompiled$Loss",
            "dev/adjoint/examples/bench/SizedCompiled$CrossEntropy32768")) {
      assertTrue(
          sizes.keySet().stream().anyMatch(k -> k.startsWith(kernel + ".")),
          kernel + " in " + sizes.size() + " methods");
    }
    assertTrue(
        sizes.get("dev/adjoint/examples/bench/SizedCompiled$CrossEntropy4.gradient([DI[D)D") > 0);
  }

  @Test
  void readsTheLengthJavapShows() throws IOException, URISyntaxException {
    // Inputs.target is `return n / 3;`: iload_0, iconst_3, idiv, ireturn.
    Path inputs = classesDirectory().resolve("dev/adjoint/examples/bench/Inputs.class");
    assertEquals(4, ClassFiles.codeLengths(Files.readAllBytes(inputs)).get("target(I)I"));
  }

  /**
   * {@code class/name.method(descriptor)} to bytecode length, for every method of every {@code
   * *Compiled*} class (top-level and nested) under dev/adjoint/examples.
   */
  private static Map<String, Integer> generatedMethodSizes()
      throws IOException, URISyntaxException {
    Path classes = classesDirectory();
    Map<String, Integer> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/adjoint/examples"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || !name.contains("Compiled")) {
          continue;
        }
        String className = classes.relativize(file).toString().replace('\\', '/');
        className = className.substring(0, className.length() - ".class".length());
        for (Map.Entry<String, Integer> m :
            ClassFiles.codeLengths(Files.readAllBytes(file)).entrySet()) {
          sizes.put(className + "." + m.getKey(), m.getValue());
        }
      }
    }
    assertTrue(!sizes.isEmpty(), "no *Compiled*.class under " + classes);
    return sizes;
  }

  /** The main classes directory (target/classes), found from a class the processor generated. */
  private static Path classesDirectory() throws URISyntaxException {
    return Path.of(SizedCompiled.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
