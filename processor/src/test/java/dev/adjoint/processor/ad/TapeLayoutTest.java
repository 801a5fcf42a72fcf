package dev.adjoint.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How reverse mode lays out its tapes: flat arrays sized by the product of the trip counts around a
 * loop when those are all known at the top level (fixed sizes for static programs), growable arrays
 * indexed by a cursor otherwise; and workspaces known to be write-once read back instead of kept.
 */
class TapeLayoutTest {

  /** The tapes of a reverse program by name: "growable", a fixed size, or "runtime". */
  private static Map<String, String> tapes(Function rev) {
    Map<String, String> out = new TreeMap<>();
    for (ArrayDecl a : rev.arrays().values()) {
      if (a.name().endsWith("Tape")) {
        String layout =
            a.growable()
                ? "growable"
                : a.extents().get(0) instanceof Extent.Fixed fx ? "" + fx.size() : "runtime";
        out.merge(a.name(), layout, (x, y) -> x + "," + y);
      }
    }
    return out;
  }

  @Test
  void triangularNestsTakeCursors() {
    Function rev = ReverseMode.differentiate(DynamicPrograms.triangular());
    // exp in the inner loop, whose trips the outer body computes; tanh in the outer loop.
    assertEquals(Map.of("expTape", "growable", "tanhTape", "runtime"), tapes(rev));
  }

  @Test
  void loopsThatStopEarlyTakeCursorsAndTapeTheirTripCounts() {
    Function rev = ReverseMode.differentiate(DynamicPrograms.squareUntilLarge());
    assertEquals(Map.of("carriedTape", "growable", "valueTape", "runtime,runtime"), tapes(rev));
    assertTrue(
        rev.arrays().values().stream()
            .anyMatch(a -> a.name().equals("valueTape") && a.elem() == ScalarType.I32),
        "the inner loop's trip count is taped per outer iteration");
    assertEquals(
        Map.of("expTape", "growable"),
        tapes(ReverseMode.differentiate(DynamicPrograms.breakOut())));
  }

  @Test
  void rectangularNestsOfRuntimeSizeTakeFlatTapesOfTheProductsSize() {
    // h's reads in the nest are overwritten afterwards: the backward sweep needs them taped.
    Function rev = ReverseMode.differentiate(DynamicPrograms.inPlace(true));
    Map<String, String> tapes = tapes(rev);
    assertFalse(tapes.containsValue("growable"), tapes.toString());
    ArrayDecl nest =
        rev.arrays().values().stream()
            .filter(a -> a.name().endsWith("Tape"))
            .filter(
                a ->
                    rev.nodesById().get(a.extents().get(0).node()) instanceof Node.Apply m
                        && m.op() == Op.IMUL)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no tape sized rows x columns: " + tapes));
    assertTrue(
        rev.allNodes().stream()
            .anyMatch(n -> n instanceof Node.Check c && c.message().startsWith("a tape of")),
        "the product is checked to fit in an array");
    assertEquals(ScalarType.F64, nest.elem());
  }

  @Test
  void staticProgramsKeepFixedTapes() {
    for (Function f : List.of(Programs.crossEntropy(5), Programs.softmax(4), Programs.mlp(3, 4))) {
      Function rev = ReverseMode.differentiate(f);
      for (ArrayDecl a : rev.arrays().values()) {
        assertTrue(a.isStatic(), f.name() + ": " + a.name());
      }
      assertFalse(rev.allNodes().stream().anyMatch(n -> n instanceof Node.Check), f.name());
    }
    assertEquals(
        Map.of("carriedTape", "4", "divTape", "4", "tanhTape", "4", "valueTape", "4"),
        tapes(ReverseMode.differentiate(Programs.mlp(3, 4))));
  }

  @Test
  void writeOnceWorkspacesAreReadBackInsteadOfKept() {
    Function f = DynamicPrograms.branches();
    int h = f.arrays().values().stream().filter(a -> a.name().equals("h")).findFirst().get().id();
    Function mutable = ReverseMode.differentiate(f, Set.of());
    Function once = ReverseMode.differentiate(f, Set.of(h));
    // exp(x[i]), stored into h[i] in an arm, would leave the branch to be taped, but the backward
    // sweep reads it back from h[i]: h is write-once, and even where it is not claimed to be,
    // nothing overwrites h[i] after that store (AccessOrder).
    assertEquals("runtime", tapes(mutable).get("expTape"), tapes(mutable).toString());
    assertEquals("runtime", tapes(once).get("expTape"), tapes(once).toString());
    DerivativeCheck c = new DerivativeCheck(f, once, TangentMode.differentiate(f));
    SplittableRandom r = new SplittableRandom(9);
    for (int n : new int[] {0, 1, 2, 7, 100}) {
      double[] x = Args.uniform(r, n, 0.05, 1);
      for (int i = 0; i < n; i += 2) {
        x[i] = -x[i];
      }
      c.check(List.of(x, r.nextDouble(0.5, 1)), r, 6, "branches n=" + n);
    }
  }
}
