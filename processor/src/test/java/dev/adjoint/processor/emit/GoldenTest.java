package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact text of a small generated class (formatting, names, comments, Javadoc), and that
 * emitting is deterministic. Run with {@code -Dgolden.update=true} to rewrite the golden file after
 * an intended change, then review the diff.
 */
class GoldenTest {

  private static final String GOLDEN = "golden/LossesCompiled.java.txt";

  private static JavaFile small() {
    return ClassEmitter.emit(
        "demo", "LossesCompiled", "demo.Losses", List.of(Fixtures.mix(3), Fixtures.softmax(3)));
  }

  @Test
  void smallClassMatchesGoldenText() throws IOException {
    String actual = small().toString();
    Path path = Path.of("src/test/resources", GOLDEN);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, actual);
    }
    String expected;
    try (InputStream in = GoldenTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      expected =
          Files.exists(path)
              ? Files.readString(path)
              : in == null
                  ? "(missing " + GOLDEN + ")"
                  : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, actual);
  }

  @Test
  void goldenClassCompilesWithoutWarnings() {
    Harness.compile(small(), "demo.Losses", Fixtures.LOSSES);
  }

  @Test
  void emittingTwiceGivesIdenticalText() {
    String first =
        ClassEmitter.emit("demo", "LossesCompiled", "demo.Losses", Fixtures.all()).toString();
    String second =
        ClassEmitter.emit("demo", "LossesCompiled", "demo.Losses", Fixtures.all()).toString();
    assertEquals(first, second);
    assertEquals(
        ClassEmitter.adapterBinaryNames("demo", "LossesCompiled", Fixtures.all()),
        ClassEmitter.adapterBinaryNames("demo", "LossesCompiled", Fixtures.all()));
  }

  @Test
  void defaultPackageAndClashingNames() {
    // Two methods whose kernel classes would both be "Softmax", one named like the source class.
    var methods = List.of(Fixtures.softmax(3), Fixtures.softmax(4));
    List<String> names = ClassEmitter.adapterBinaryNames("", "LossesCompiled", methods);
    assertEquals(
        List.of("LossesCompiled$SoftmaxFunction", "LossesCompiled$Softmax2Function"), names);
    String text = ClassEmitter.emit("", "LossesCompiled", "demo.Losses", methods).toString();
    assertEquals(true, text.contains("public static double[] softmax(double[] logits)"));
  }
}
