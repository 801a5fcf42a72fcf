package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DotWriterTest {

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Every edge comes after every node and cluster: an edge in a cluster would pull its ends in. */
  private static void assertEdgesLast(String dot) {
    int firstEdge = dot.indexOf(" -> ");
    assertTrue(firstEdge < 0 || firstEdge > dot.lastIndexOf("shape="), dot);
    assertTrue(firstEdge < 0 || firstEdge > dot.lastIndexOf("subgraph"), dot);
    assertEquals(count(dot, "{"), count(dot, "}"), dot);
  }

  @Test
  void crossEntropyShowsNamesConstantsIndicesAndLoops() {
    String dot = DotWriter.write(PrinterTest.crossEntropy(), "Losses.crossEntropy: forward");
    assertTrue(dot.startsWith("digraph \"crossEntropy\" {\n"), dot);
    assertTrue(dot.contains("label=\"Losses.crossEntropy: forward\""), dot);
    assertEquals(2, count(dot, "subgraph cluster_"), dot);
    assertEquals(
        2, count(dot, "label=\"for i < 27 · line 5\"") + count(dot, "for i < 27 · line 6"));
    // Constants and indices are written into the labels that use them.
    assertTrue(dot.contains("carried, from −∞"), dot);
    assertTrue(dot.contains("logits[i]"), dot);
    assertTrue(dot.contains("max = max(·, ·)"), dot);
    assertTrue(dot.contains("sum = · + ·"), dot);
    assertTrue(dot.contains("loss = · − ·"), dot);
    assertTrue(dot.contains("exp(·)"), dot);
    // The index that is a parameter comes with an edge; the array is one node with dotted edges.
    assertTrue(dot.contains("logits[target]"), dot);
    assertTrue(dot.contains("n2 -> n20 [label=\"index\"]"), dot);
    assertEquals(1, count(dot, "shape=box3d"), dot);
    assertEquals(3, count(dot, "a1 -> "), dot);
    assertTrue(dot.contains("r_loss [shape=doubleoctagon"), dot);
    assertTrue(dot.contains("[style=dashed, constraint=false, label=\"next\"]"), dot);
    assertEdgesLast(dot);
    assertEquals(dot, DotWriter.write(PrinterTest.crossEntropy(), "Losses.crossEntropy: forward"));
  }

  @Test
  void runtimeTripCountsAreNamedAndBranchesAreClusters() {
    Builder b = new Builder("clip");
    int x =
        b.inputArrayWithLengths("x", ScalarType.F64, java.util.Arrays.asList((Integer) null), true);
    int len = b.build().array(x).extents().get(0).node();
    int out = b.declare("out", ScalarType.F64, List.of(Extent.of(3)), ArrayDecl.Role.OUTPUT, false);
    Builder.LoopScope loop = b.beginLoop(new Extent.Dynamic(len), false, List.of(b.constant(0)));
    int v = b.load(x, List.of(loop.index()));
    b.beginIf(b.apply(Op.GT, v, b.constant(0.5)));
    int doubled = b.apply(Op.MUL, v, b.constant(2));
    b.orElse(List.of(doubled));
    int halved = b.apply(Op.DIV, v, b.constant(2));
    int picked = b.endIf(List.of(halved)).get(0);
    int acc = b.apply(Op.ADD, loop.carried().get(0), picked);
    b.name(acc, "acc");
    int total = b.endLoop(List.of(acc)).get(0);
    b.check(b.apply(Op.LT, b.intConstant(0), len), "x is empty", List.of());
    b.store(out, List.of(b.intConstant(0)), total);
    b.result("out", out, List.of(3));
    String dot = DotWriter.write(b.build(), "clip");
    assertTrue(dot.contains("for i < x.length"), dot);
    assertTrue(dot.contains("x.length]"), dot);
    assertTrue(dot.contains("label=\"if\"; style"), dot);
    assertTrue(dot.contains("label=\"then\""), dot);
    assertTrue(dot.contains("label=\"else\""), dot);
    assertTrue(dot.contains("· × 2.0"), dot);
    assertTrue(dot.contains("· ÷ 2.0"), dot);
    assertTrue(dot.contains("· &gt; 0.5"), dot);
    assertTrue(dot.contains("after the if"), dot);
    assertTrue(dot.contains("acc = · + ·"), dot);
    assertTrue(dot.contains("out[0] ="), dot);
    assertTrue(dot.contains("shape=octagon, label=\"check\", tooltip=\"x is empty\""), dot);
    assertEquals(4, count(dot, "subgraph cluster_"), dot); // the loop, the if, its arms
    assertEdgesLast(dot);
  }

  /** Any program draws, the same every time, with a node for each operation. */
  @Test
  void randomProgramsDrawCompletelyAndDeterministically() {
    for (long seed = 0; seed < 300; seed++) {
      for (Function f : List.of(RandomPrograms.generate(seed), DynamicPrograms.generate(seed))) {
        String dot = DotWriter.write(f, "f");
        assertEquals(dot, DotWriter.write(f, "f"));
        assertEdgesLast(dot);
        for (Node n : f.allNodes()) {
          if (n instanceof Node.Apply || n instanceof Node.Load || n instanceof Node.Store) {
            assertTrue(dot.contains("  n" + n.id() + " [shape="), "node " + n.id() + "\n" + dot);
          }
        }
      }
    }
  }

  @Test
  void aProgramTooLargeToReadIsNotDrawn() {
    Builder b = new Builder("chain");
    int v = b.input("x", ScalarType.F64, true);
    for (int i = 0; i <= DotWriter.MAX_DRAWN_OPERATIONS; i++) {
      v = b.apply(Op.TANH, v);
    }
    b.result("y", v, List.of());
    String dot = DotWriter.write(b.build(), "T.chain: forward");
    assertTrue(dot.contains("operations, too many to draw"), dot);
    assertTrue(dot.length() < 300, dot);
  }
}
