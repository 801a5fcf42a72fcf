package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Codes are unique, formatted consistently, and documented in docs/DIAGNOSTICS.md. */
class CodeTest {

  @Test
  void numbersAreUniqueAndIdsAreThreeDigits() {
    Set<Integer> seen = new HashSet<>();
    for (Code c : Code.values()) {
      assertTrue(seen.add(c.number()), "duplicate " + c.number());
      assertTrue(c.id().matches("ADJ\\d{3}"), c.id());
      assertEquals(c, Diagnostics.byNumber(c.number()));
    }
    assertNull(Diagnostics.byNumber(999));
  }

  @Test
  void messagesHaveCodeTitleDetailAndHint() {
    assertEquals(
        "[ADJ016] exceptions are not supported: throw."
            + " Hint: remove try/catch/throw; numeric problems produce NaN or infinities as in the"
            + " Value engine.",
        Diagnostics.format(Code.EXCEPTIONS, "throw"));
    assertEquals(
        "[ADJ032] synchronized is not supported. Hint: remove the synchronized block.",
        Diagnostics.format(Code.SYNCHRONIZED, null));
  }

  @Test
  void everyCodeIsDocumentedWithItsTitleAndHint() throws IOException {
    Path doc = Path.of("..", "docs", "DIAGNOSTICS.md");
    String text = Files.readString(doc);
    for (Code c : Code.values()) {
      assertTrue(text.contains("### " + c.id() + ": "), c.id() + " has no section");
      assertTrue(text.contains(c.hint()), c.id() + ": the documented hint differs");
      String section = text.substring(text.indexOf("### " + c.id() + ": "));
      int next = section.indexOf("\n### ", 1);
      section = next < 0 ? section : section.substring(0, next);
      assertEquals(
          c.retired(), section.contains("**Retired.**"), c.id() + ": retired in the code and doc");
    }
  }

  @Test
  void retiredCodesKeepTheirNumbers() {
    Set<Integer> retired = new HashSet<>();
    for (Code c : Code.values()) {
      if (c.retired()) {
        retired.add(c.number());
      }
    }
    assertEquals(Set.of(10, 12, 13, 14, 15, 17, 18, 19, 22, 23, 35, 40), retired);
  }
}
