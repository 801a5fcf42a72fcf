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
        "[ADJ012] while loops are not supported: trip count must be known at compile time."
            + " Hint: use a for loop over a @Shape-sized array or a constant bound.",
        Diagnostics.format(Code.WHILE_LOOP, "trip count must be known at compile time"));
    assertEquals(
        "[ADJ017] switch is not supported. Hint: use if/else on compile-time values.",
        Diagnostics.format(Code.SWITCH, null));
  }

  @Test
  void everyCodeIsDocumentedWithItsTitleAndHint() throws IOException {
    Path doc = Path.of("..", "docs", "DIAGNOSTICS.md");
    String text = Files.readString(doc);
    for (Code c : Code.values()) {
      assertTrue(text.contains("### " + c.id() + ": "), c.id() + " has no section");
      assertTrue(text.contains(c.hint()), c.id() + ": the documented hint differs");
    }
  }
}
