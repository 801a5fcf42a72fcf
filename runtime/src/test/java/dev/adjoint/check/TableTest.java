package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void longNamesLoseTheirMiddleToFitTheWidth() {
    Table t = new Table("FUNCTION", ">ERROR", "STATUS");
    t.add("dev.adjoint.examples.microgpt.MicroGptNatural.lossWithAVeryLongName", "1.0e-16", "ok");
    t.add("short.f", "2.0e-16", "ok");
    String text = t.render(50);
    for (String line : text.lines().toList()) {
      assertTrue(line.length() <= 50, line);
    }
    assertTrue(text.contains("…"), text);
    assertTrue(text.contains("lossWithAVeryLongName"), text);
    assertTrue(text.contains("short.f "), text);
    // Wide enough: nothing changes.
    Table wide = new Table("FUNCTION", "STATUS");
    wide.add("a.b.c", "ok");
    assertEquals(wide.render(), wide.render(120));
  }

  @Test
  void shortenKeepsTheEnd() {
    assertEquals("abc", Table.shorten("abc", 5));
    assertEquals("abc…ghij", Table.shorten("abcdefghij", 8));
    assertEquals(8, Table.shorten("abcdefghijklmnop", 8).length());
  }
}
