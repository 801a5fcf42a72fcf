package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every method of every class the processor generated for the examples stays under HotSpot's
 * 8,000-byte limit ({@code HugeMethodLimit}) and takes few enough arguments for C2: a larger method
 * is never JIT-compiled and runs interpreted, tens of times slower, and one C2 refuses stays in
 * C1's code, both with no warning. Reads the compiled class files themselves, so it checks what the
 * JVM will load, whatever the emitter intended.
 */
class BytecodeSizeTest {
  /** HotSpot's {@code HugeMethodLimit}; the issue asks for every method to stay under it. */
  private static final int LIMIT = 8_000;

  /**
   * Arguments ({@code this} included) a generated method may take: JDK 17's C2 refuses a method
   * whose arguments do not all fit its register masks ("COMPILE SKIPPED: unsupported incoming
   * calling sequence", and "unsupported calling sequence" for its callers). Measured on JDK
   * 17.0.15, x64: 54 reference arguments compile and 55 do not (6 in registers, 48 on the stack);
   * 40 leaves the margin the emitter's ProgramWriter.MAX_COMPILED_ARGUMENTS leaves for other
   * platforms' calling conventions.
   */
  private static final int MAX_ARGUMENTS = 40;

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
  void everyGeneratedMethodTakesFewEnoughArgumentsForC2() throws IOException, URISyntaxException {
    Map<String, ClassFiles.Method> methods = generatedMethods();
    List<String> over = new ArrayList<>();
    String widest = "";
    int max = -1;
    for (Map.Entry<String, ClassFiles.Method> e : methods.entrySet()) {
      int arguments = e.getValue().arguments();
      if (arguments > MAX_ARGUMENTS) {
        over.add(e.getKey() + ": " + arguments + " arguments");
      }
      if (arguments > max) {
        max = arguments;
        widest = e.getKey();
      }
    }
    assertTrue(over.isEmpty(), "methods with more than " + MAX_ARGUMENTS + " arguments: " + over);
    System.out.printf(
        "BytecodeSizeTest: the widest generated method %s takes %d arguments%n", widest, max);
  }

  @Test
  void readsTheArgumentCountsJavapShows() throws IOException, URISyntaxException {
    // javap -v prints each method's descriptor and, with its code, args_size: the argument
    // slots, this included, a long or a double taking two.
    Path file =
        classesDirectory().resolve("dev/adjoint/examples/microgpt/MicroGptCompiled$Loss.class");
    StringWriter out = new StringWriter();
    int status =
        ToolProvider.findFirst("javap")
            .orElseThrow()
            .run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "-v",
                "-p",
                file.toString());
    assertEquals(0, status, out.toString());
    List<String> javap = new ArrayList<>();
    String descriptor = null;
    for (String line : out.toString().split("\\R")) {
      line = line.strip();
      if (line.startsWith("descriptor: ")) {
        descriptor = line.substring("descriptor: ".length());
      } else if (line.contains("args_size=")) {
        javap.add(descriptor + " " + line.substring(line.indexOf("args_size=") + 10).strip());
      }
    }
    List<String> ours = new ArrayList<>();
    for (Map.Entry<String, ClassFiles.Method> e :
        ClassFiles.methods(Files.readAllBytes(file)).entrySet()) {
      String d = e.getKey().substring(e.getKey().indexOf('('));
      ours.add(d + " " + (e.getValue().arguments() + wideParameters(d)));
    }
    Collections.sort(javap);
    Collections.sort(ours);
    assertTrue(javap.size() > 10, "methods in javap's output: " + javap.size());
    assertEquals(javap, ours);
  }

  /** The {@code long} and {@code double} parameters of a descriptor (two slots each). */
  private static int wideParameters(String descriptor) {
    int wide = 0;
    for (int i = 1; descriptor.charAt(i) != ')'; i++) {
      char c = descriptor.charAt(i);
      if (c == 'L') {
        i = descriptor.indexOf(';', i);
      } else if (c == '[') {
        while (descriptor.charAt(i + 1) == '[') {
          i++;
        }
        if (descriptor.charAt(i + 1) == 'L') {
          i = descriptor.indexOf(';', i);
        } else {
          i++;
        }
      } else if (c == 'J' || c == 'D') {
        wide++;
      }
    }
    return wide;
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
    Map<String, Integer> sizes = new TreeMap<>();
    generatedMethods().forEach((name, m) -> sizes.put(name, m.codeLength()));
    return sizes;
  }

  /** As {@link #generatedMethodSizes}, with each method's argument count. */
  private static Map<String, ClassFiles.Method> generatedMethods()
      throws IOException, URISyntaxException {
    Path classes = classesDirectory();
    Map<String, ClassFiles.Method> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/adjoint/examples"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || !name.contains("Compiled")) {
          continue;
        }
        String className = classes.relativize(file).toString().replace('\\', '/');
        className = className.substring(0, className.length() - ".class".length());
        for (Map.Entry<String, ClassFiles.Method> m :
            ClassFiles.methods(Files.readAllBytes(file)).entrySet()) {
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
