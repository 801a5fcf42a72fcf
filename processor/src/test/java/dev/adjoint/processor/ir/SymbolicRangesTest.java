package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The symbolic first-write facts of arrays of runtime size: intervals of stored elements that join
 * ({@code [0]} then {@code [1, n)}), trip counts wrapped in {@code max(0, ..)}, and loads that read
 * an element nothing has stored yet (fresh), each checked against runs of the interpreter.
 */
class SymbolicRangesTest {

  /** A runtime size: an input's length. */
  private static int length(Builder b, String name) {
    int x = b.inputArrayWithLengths(name, ScalarType.F64, Arrays.asList((Integer) null), false);
    return ((Extent.Dynamic) b.array(x).extents().get(0)).id();
  }

  private static Extent dyn(int id) {
    return new Extent.Dynamic(id);
  }

  /** Runs {@code f} on random lengths and checks the facts of {@code array} on each run. */
  private static void holdOnRuns(Function f, int array) {
    FirstWrites w = FirstWrites.ofAll(f).get(array);
    Random r = new Random(1);
    for (int t = 0; t < 20; t++) {
      MemoryTrace trace = MemoryTrace.run(f, IrTesting.randomArguments(f, r));
      for (int load : w.freshLoads()) {
        assertFalse(trace.loadsOfStored.contains(load), "fresh load " + load + " read a store");
      }
      if (w.readsOnlyWritten()) {
        assertFalse(trace.loadedBeforeStored.contains(array), "read before written");
      }
    }
  }

  /** Softmax's exponentials: {@code e[0]}, then {@code e[i + 1]} for {@code i < n - 1}. */
  @Test
  void aPeeledElementAndAShiftedLoopCoverARuntimeLength() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int e = b.declare("e", ScalarType.F64, List.of(dyn(n)), ArrayDecl.Role.OUTPUT, false);
    b.store(e, List.of(b.intConstant(0)), b.constant(1.0));
    int rest = b.apply(Op.IADD, n, b.intConstant(-1));
    Builder.LoopScope s = b.beginLoop(dyn(rest), false, List.of());
    int j = b.apply(Op.IADD, s.index(), b.intConstant(1));
    b.store(e, List.of(j), b.apply(Op.I2D, j));
    b.endLoop(List.of());
    Builder.LoopScope read = b.beginLoop(dyn(n), false, List.of(b.constant(0.0)));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(e, List.of(read.index())));
    int total = b.endLoop(List.of(sum)).get(0);
    b.result("s", total, List.of());
    b.resultOf("e", e, List.of(dyn(n)));
    Function f = b.build();
    FirstWrites w = FirstWrites.ofAll(f).get(e);
    assertTrue(w.coversAll());
    assertTrue(w.readsOnlyWritten());
    assertEquals(Set.of(e), WriteOnce.of(f));
    holdOnRuns(f, e);
  }

  /** A tape sized {@code max(0, t)}, filled by a loop of {@code t} trips and read back by one. */
  @Test
  void aTapeOfMaxZeroTripsIsCoveredByItsLoop() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int t = b.apply(Op.IADD, n, b.intConstant(-1));
    int size = b.apply(Op.IMAX, t, b.intConstant(0));
    int tape = b.declare("tape", ScalarType.F64, List.of(dyn(size)), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope fill = b.beginLoop(dyn(t), false, List.of());
    b.store(tape, List.of(fill.index()), b.apply(Op.I2D, fill.index()));
    b.endLoop(List.of());
    Builder.LoopScope read = b.beginLoop(dyn(t), true, List.of(b.constant(0.0)));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(tape, List.of(read.index())));
    b.result("s", b.endLoop(List.of(sum)).get(0), List.of());
    Function f = b.build();
    assertTrue(FirstWrites.ofAll(f).get(tape).readsOnlyWritten());
    holdOnRuns(f, tape);
  }

  /**
   * Cross-entropy's gradient: {@code g[i + 1] += ..} for {@code i < n - 1} reads fresh elements, so
   * does {@code g[0] += ..} after it (0 lies below the loop's interval), but {@code g[k] += -1} at
   * a checked index does not; by then every element is stored.
   */
  @Test
  void accumulationsIntoUnstoredElementsAreFresh() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int k = b.input("k", ScalarType.I32, false);
    int g = b.declare("g", ScalarType.F64, List.of(dyn(n)), ArrayDecl.Role.OUTPUT, false);
    int rest = b.apply(Op.IADD, n, b.intConstant(-1));
    Builder.LoopScope s = b.beginLoop(dyn(rest), false, List.of());
    int j = b.apply(Op.IADD, s.index(), b.intConstant(1));
    int inLoop = b.load(g, List.of(j));
    b.store(g, List.of(j), b.apply(Op.ADD, inLoop, b.constant(2.0)));
    b.endLoop(List.of());
    int zero = b.intConstant(0);
    int first = b.load(g, List.of(zero));
    b.store(g, List.of(zero), b.apply(Op.ADD, first, b.constant(3.0)));
    int at = b.apply(Op.CHECK_INDEX, k, n);
    int target = b.load(g, List.of(at));
    b.store(g, List.of(at), b.apply(Op.ADD, target, b.constant(-1.0)));
    b.resultOf("g", g, List.of(dyn(n)));
    Function f = b.build();
    FirstWrites w = FirstWrites.ofAll(f).get(g);
    assertEquals(Set.of(inLoop, first), w.freshLoads());
    assertTrue(w.coversAll());
    holdOnRuns(f, g);
  }

  /**
   * A slice loop: each iteration {@code p} owns row {@code p}; inside it, the first loop's
   * accumulations are fresh, the second loop's are not.
   */
  @Test
  void eachIterationOfASliceLoopStartsFromAnUnstoredRow() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int m = length(b, "y");
    int g = b.declare("g", ScalarType.F64, List.of(dyn(n), dyn(m)), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope p = b.beginLoop(dyn(n), true, List.of(b.constant(0.0)));
    Builder.LoopScope one = b.beginLoop(dyn(m), false, List.of());
    int fresh = b.load(g, List.of(p.index(), one.index()));
    b.store(g, List.of(p.index(), one.index()), b.apply(Op.ADD, fresh, b.constant(1.0)));
    b.endLoop(List.of());
    Builder.LoopScope two = b.beginLoop(dyn(m), false, List.of(p.carried().get(0)));
    int stale = b.load(g, List.of(p.index(), two.index()));
    b.store(g, List.of(p.index(), two.index()), b.apply(Op.ADD, stale, b.constant(1.0)));
    int acc = b.endLoop(List.of(b.apply(Op.ADD, two.carried().get(0), stale))).get(0);
    int out = b.endLoop(List.of(acc)).get(0);
    b.result("s", out, List.of());
    Function f = b.build();
    FirstWrites w = FirstWrites.ofAll(f).get(g);
    assertEquals(Set.of(fresh), w.freshLoads());
    holdOnRuns(f, g);
  }

  /** A loop revisiting its elements (an index no loop owns) proves nothing fresh inside it. */
  @Test
  void aRevisitedElementIsNotFresh() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int g = b.declare("g", ScalarType.F64, List.of(dyn(n)), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope outer = b.beginLoop(dyn(n), false, List.of());
    Builder.LoopScope inner = b.beginLoop(dyn(n), false, List.of());
    int l = b.load(g, List.of(inner.index()));
    b.store(g, List.of(inner.index()), b.apply(Op.ADD, l, b.constant(1.0)));
    b.endLoop(List.of());
    b.endLoop(List.of());
    int back = b.load(g, List.of(b.apply(Op.CHECK_INDEX, b.intConstant(0), n)));
    b.result("s", back, List.of());
    Function f = b.build();
    FirstWrites w = FirstWrites.ofAll(f).get(g);
    assertTrue(w.freshLoads().isEmpty());
    assertFalse(w.readsOnlyWritten());
    holdOnRuns(f, g);
  }
}
