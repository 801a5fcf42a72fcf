package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The processor artifact as a build tool sees it (its jar once packaged, as in {@code mvn verify}):
 * it registers the processor for javac and declares it to Gradle's incremental compilation, next to
 * the processor class itself. Gradle is not run here: Debian's is 4.4.1, older than incremental
 * annotation processing (4.7) and the {@code annotationProcessor} configuration (4.6).
 */
class ProcessorJarTest {

  private static final String PROCESSOR = "dev.adjoint.processor.AdjointProcessor";

  /** The text of {@code path} in the jar (or directory) that holds the processor class. */
  private static String read(String path) throws IOException {
    URL processorClass =
        ProcessorJarTest.class.getClassLoader().getResource(PROCESSOR.replace('.', '/') + ".class");
    assertNotNull(processorClass, "the processor is not on the test class path");
    String classUrl = processorClass.toString();
    String root = classUrl.substring(0, classUrl.length() - (PROCESSOR.length() + 6));
    try (InputStream in = new URL(root + path).openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theJarDeclaresTheProcessorToJavacAndToGradle() throws IOException {
    assertEquals(
        PROCESSOR, read("META-INF/services/javax.annotation.processing.Processor").strip());
    assertEquals(
        PROCESSOR + ",isolating",
        read("META-INF/gradle/incremental.annotation.processors").strip());
  }
}
