package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Identifiers made from source names are valid, unique per scope and deterministic. */
class NamesTest {

  @Test
  void sanitizesToValidIdentifiers() {
    assertEquals("a_b", Names.sanitize("a-b", "t"));
    assertEquals("_1x", Names.sanitize("1x", "t"));
    assertEquals("t", Names.sanitize("", "t"));
    assertEquals("t", Names.sanitize(null, "t"));
    assertEquals("t", Names.sanitize("$", "t"));
    assertEquals("größe", Names.sanitize("größe", "t"));
  }

  @Test
  void suffixesRepeatedNamesAndAvoidsKeywordsAndTypes() {
    Names n = new Names();
    assertEquals("sum", n.allocate("sum", "t"));
    assertEquals("sum2", n.allocate("sum", "t"));
    assertEquals("sum3", n.allocate("sum", "t"));
    assertEquals("x1", n.allocate("x1", "t"));
    assertEquals("x1_2", n.allocate("x1", "t"));
    assertEquals("int2", n.allocate("int", "t"));
    assertEquals("Math2", n.allocate("Math", "t"));
    assertEquals("t1", n.temporary());
    n.reserve("t2");
    assertEquals("t3", n.temporary());
  }

  @Test
  void siblingScopesReuseNamesButNestedScopesDoNot() {
    Names method = new Names();
    method.allocate("x", "t");
    Names first = method.child();
    assertEquals("e", first.allocate("e", "t"));
    assertEquals("x2", first.allocate("x", "t"));
    Names second = method.child();
    assertEquals("e", second.allocate("e", "t"));
    assertEquals("e2", second.child().allocate("e", "t"));
  }
}
