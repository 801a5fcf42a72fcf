package dev.adjoint.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's consumer {@code pom.xml} is the file this module builds ({@code
 * quickstart/pom.xml}), character for character, so the snippet a user copies is the one CI proves
 * works.
 */
class ReadmeSnippetTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void readmeShowsTheQuickstartPom() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String pom = Files.readString(ROOT.resolve("quickstart/pom.xml"), StandardCharsets.UTF_8);
    String start = "```xml\n<?xml";
    int from = readme.indexOf(start);
    assertTrue(from >= 0, "README.md has no ```xml block starting with <?xml");
    int end = readme.indexOf("```", from + start.length());
    String snippet = readme.substring(from + "```xml\n".length(), end);
    assertEquals(pom, snippet, "README.md's pom differs from quickstart/pom.xml");
  }

  @Test
  void readmeShowsTheQuickstartSource() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            ROOT.resolve("quickstart/src/main/java/com/example/Losses.java"),
            StandardCharsets.UTF_8);
    assertTrue(readme.contains(source), "README.md does not show quickstart's Losses.java");
  }
}
