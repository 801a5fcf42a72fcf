package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineIndexTest {

  /** The runs {@code visit} passes, as {@code [from, to)} pairs, and its outcome last. */
  private static List<List<Integer>> runs(long[] flat, int[] counts, boolean once) {
    List<List<Integer>> out = new ArrayList<>();
    AffineIndex.Outcome o =
        AffineIndex.visit(
            flat,
            counts,
            once,
            (from, to) -> {
              out.add(List.of(from, to));
              return true;
            });
    out.add(List.of(o.ordinal()));
    return out;
  }

  private static List<Integer> done() {
    return List.of(AffineIndex.Outcome.DONE.ordinal());
  }

  @Test
  void aRowMajorNestIsOneRun() {
    // m[i][j] over a 3 x 4 array: flat 4 * i + j, then offset by row 1 of a 5 x 4 array.
    long[] flat =
        AffineIndex.flatten(
            new long[][] {{1, 0, 1}, {0, 1, 0}}, new int[] {5, 4}, new int[] {3, 4});
    assertEquals(List.of(4L, 1L, 4L), List.of(flat[0], flat[1], flat[2]));
    assertEquals(List.of(List.of(4, 16), done()), runs(flat, new int[] {3, 4}, true));
  }

  @Test
  void stridesLeaveGapsAndRowsTooShortForTheArrayAreRunsEach() {
    assertEquals(
        List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6), done()),
        runs(new long[] {2, 1}, new int[] {3}, true));
    // g[h][j] for j < 2 in rows of 5: one run per row.
    assertEquals(
        List.of(List.of(0, 2), List.of(5, 7), List.of(10, 12), done()),
        runs(new long[] {5, 1, 0}, new int[] {3, 2}, true));
  }

  @Test
  void descendingCoefficientsVisitTheSameElementsFromTheOtherEnd() {
    // 7 - i for i < 4: elements 4..7.
    assertEquals(List.of(List.of(4, 8), done()), runs(new long[] {-1, 7}, new int[] {4}, true));
    // 9 - 3 * i + j for i < 3, j < 3: 9 - 3i covers 3, 6, 9; each a run of 3.
    assertEquals(
        List.of(List.of(3, 12), done()), runs(new long[] {-3, 1, 9}, new int[] {3, 3}, true));
  }

  @Test
  void anIndexThatIgnoresALoopRepeatsUnlessRepeatsAreAllowed() {
    long[] flat = {0, 1, 2};
    assertEquals(
        List.of(List.of(AffineIndex.Outcome.REPEATS.ordinal())),
        runs(flat, new int[] {2, 3}, true));
    assertEquals(List.of(List.of(2, 5), done()), runs(flat, new int[] {2, 3}, false));
    // A loop of one iteration moves nothing, whatever its coefficient.
    assertEquals(
        List.of(List.of(2, 5), done()), runs(new long[] {99, 1, 2}, new int[] {1, 3}, true));
  }

  @Test
  void coefficientsThatAreNoMixedRadixAreLeftToEnumeration() {
    // 2i + 3j for i < 3, j < 2 visits 0, 2, 4, 3, 5, 7: distinct, but 3 does not exceed 2 * 2.
    assertEquals(
        List.of(List.of(AffineIndex.Outcome.UNSURE.ordinal())),
        runs(new long[] {2, 3, 0}, new int[] {3, 2}, true));
    BitSet expected = new BitSet();
    for (int e : new int[] {0, 2, 3, 4, 5, 7}) {
      expected.set(e);
    }
    assertEquals(
        expected,
        AffineIndex.elements(new long[][] {{2, 3, 0}}, List.of(8), new int[] {3, 2}, true, false));
  }

  @Test
  void boundsComeFromTheExtremes() {
    long[][] terms = {{1, 2}};
    assertSame(AffineIndex.OUT_OF_BOUNDS, AffineIndex.flatten(terms, new int[] {5}, new int[] {4}));
    assertEquals(2, AffineIndex.flatten(terms, new int[] {6}, new int[] {4})[1]);
    assertSame(
        AffineIndex.OUT_OF_BOUNDS,
        AffineIndex.flatten(new long[][] {{-1, 2}}, new int[] {6}, new int[] {4}));
    assertNull(
        AffineIndex.elements(new long[][] {{-1, 2}}, List.of(6), new int[] {4}, false, false));
    // Numbers too large to decide exactly are left to enumeration.
    assertNull(AffineIndex.flatten(new long[][] {{1L << 62, 0}}, new int[] {6}, new int[] {4}));
  }

  @Test
  void theSetsAgreeWithEnumeratingEveryIteration() {
    Random r = new Random(7);
    int decided = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      int rank = 1 + r.nextInt(3);
      int loops = r.nextInt(4);
      List<Integer> shape = new ArrayList<>();
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = r.nextInt(7);
        shape.add(dims[d]);
      }
      int[] counts = new int[loops];
      for (int p = 0; p < loops; p++) {
        counts[p] = r.nextInt(6);
      }
      long[][] terms = new long[rank][loops + 1];
      for (int d = 0; d < rank; d++) {
        for (int p = 0; p < loops; p++) {
          terms[d][p] = r.nextInt(3) == 0 ? 0 : r.nextInt(7) - 3;
        }
        terms[d][loops] = r.nextInt(dims[d] + 3) - 1;
      }
      boolean once = r.nextBoolean();
      BitSet want = AffineIndex.elements(terms, shape, counts, once, true);
      BitSet got = AffineIndex.elements(terms, shape, counts, once, false);
      assertEquals(want, got, "trial " + trial);
      long[] flat = AffineIndex.flatten(terms, dims, counts);
      if (flat != null
          && flat != AffineIndex.OUT_OF_BOUNDS
          && AffineIndex.visit(flat, counts, once, (from, to) -> true)
              != AffineIndex.Outcome.UNSURE) {
        decided++;
      }
    }
    // Most in-bounds sets must be decided from the coefficients, or this compares nothing.
    assertTrue(decided > 2_000, "decided " + decided);
  }
}
