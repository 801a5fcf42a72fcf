package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * WriteOnce never claims an array that a run stores twice into or loads from before storing, on
 * many random programs (checked by watching the interpreter), and proves what it should.
 */
class WriteOnceTest {

  /** Claims made, so that a test that checks nothing fails. */
  private int claims;

  private void neverClaimsAMutableArray(LongFunction<Function> programs, int seeds) {
    for (long seed = 0; seed < seeds; seed++) {
      Function f = programs.apply(seed);
      Set<Integer> writeOnce = WriteOnce.of(f);
      claims += writeOnce.size();
      Random r = new Random(seed);
      for (int t = 0; t < 12; t++) {
        MemoryTrace trace = MemoryTrace.run(f, IrTesting.randomArguments(f, r));
        for (int a : writeOnce) {
          String what = "seed " + seed + ", array " + f.array(a).name() + "\n" + Printer.print(f);
          assertFalse(trace.storedTwice.contains(a), "stored twice: " + what);
          assertFalse(trace.loadedBeforeStored.contains(a), "loaded before stored: " + what);
        }
      }
    }
  }

  @Test
  void neverClaimsAMutableArrayOfAStaticProgram() {
    neverClaimsAMutableArray(RandomPrograms::generate, 1500);
    neverClaimsAMutableArray(AffineNests::generate, 1500);
    assertTrue(claims > 1000, "claims: " + claims);
  }

  @Test
  void neverClaimsAMutableArrayOfADynamicProgram() {
    neverClaimsAMutableArray(DynamicPrograms::generate, 2000);
    assertTrue(claims > 400, "claims: " + claims);
  }

  /**
   * On static programs the symbolic proof finds most of what running the integer part finds (and
   * more: a lone store at a runtime index), and WriteOnce claims both.
   */
  @Test
  void theSymbolicProofOfAStaticProgramFindsMostOfTheExactOne() {
    int both = 0;
    int exact = 0;
    int beyond = 0;
    for (LongFunction<Function> programs :
        List.<LongFunction<Function>>of(RandomPrograms::generate, AffineNests::generate)) {
      for (long seed = 0; seed < 2000; seed++) {
        Function f = programs.apply(seed);
        Set<Integer> proven = SymbolicWrites.of(f, f.nodesById()).writeOnce();
        Set<Integer> checked = new HashSet<>(f.arrays().keySet());
        checked.removeAll(WriteOnceCheck.mutable(f));
        checked.removeIf(a -> f.array(a).role() == ArrayDecl.Role.INPUT);
        Set<Integer> claimed = WriteOnce.of(f);
        assertTrue(claimed.containsAll(proven) && claimed.containsAll(checked));
        for (int a : proven) {
          if (checked.contains(a)) {
            both++;
          } else {
            beyond++;
          }
        }
        exact += checked.size();
      }
    }
    assertTrue(both > exact / 3 && beyond > 0, both + " of " + exact + ", " + beyond + " beyond");
  }

  @Test
  void anArrayMutatedInAStaticProgramLeavesTheOthersWriteOnce() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int h = b.declare("h", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope fill = b.beginLoop(3, false, List.of());
    b.store(h, List.of(fill.index()), x);
    b.store(a, List.of(fill.index()), x);
    b.endLoop(List.of());
    Builder.LoopScope twice = b.beginLoop(3, false, List.of());
    int old = b.load(h, List.of(twice.index()));
    b.store(h, List.of(twice.index()), b.apply(Op.ADD, old, x)); // h[i] = h[i] + x
    b.endLoop(List.of());
    b.result("y", b.load(h, List.of(b.intConstant(1))), List.of());
    b.result("a", a, List.of(3));
    assertEquals(Set.of(a), WriteOnce.of(b.build()));
  }

  /** A runtime size: an input's length. */
  private static int length(Builder b, String name) {
    int x =
        b.inputArrayWithLengths(
            name, ScalarType.F64, java.util.Arrays.asList((Integer) null), false);
    return ((Extent.Dynamic) b.array(x).extents().get(0)).id();
  }

  @Test
  void provesAFillOverARuntimeLengthAndItsReads() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int a =
        b.declare("a", ScalarType.F64, List.of(new Extent.Dynamic(n)), ArrayDecl.Role.LOCAL, false);
    Builder.LoopScope fill = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    b.store(a, List.of(fill.index()), b.apply(Op.I2D, fill.index()));
    b.endLoop(List.of());
    Builder.LoopScope read = b.beginLoop(new Extent.Dynamic(n), true, List.of(b.constant(0.0)));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(a, List.of(read.index())));
    b.result("s", b.endLoop(List.of(sum)).get(0), List.of());
    Function f = b.build();
    assertEquals(Set.of(a), WriteOnce.of(f));
    FirstWrites w = FirstWrites.ofAll(f).get(a);
    assertTrue(w.readsOnlyWritten() && w.coversAll());
  }

  @Test
  void provesANestAndAPrivatizedRowReadInTheSameIteration() {
    Builder b = new Builder("f");
    int n = length(b, "x");
    int m = length(b, "y");
    List<Extent> shape = List.of(new Extent.Dynamic(n), new Extent.Dynamic(m));
    int t = b.declare("t", ScalarType.F64, shape, ArrayDecl.Role.LOCAL, false);
    int out =
        b.declare(
            "out", ScalarType.F64, List.of(new Extent.Dynamic(n)), ArrayDecl.Role.OUTPUT, false);
    Builder.LoopScope i = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    Builder.LoopScope j = b.beginLoop(new Extent.Dynamic(m), false, List.of());
    b.store(t, List.of(i.index(), j.index()), b.apply(Op.I2D, j.index()));
    b.endLoop(List.of());
    Builder.LoopScope k = b.beginLoop(new Extent.Dynamic(m), false, List.of(b.constant(0.0)));
    int s = b.apply(Op.ADD, k.carried().get(0), b.load(t, List.of(i.index(), k.index())));
    int row = b.endLoop(List.of(s)).get(0);
    b.store(out, List.of(i.index()), row);
    b.endLoop(List.of());
    b.resultOf("out", out, List.of(new Extent.Dynamic(n)));
    Function f = b.build();
    assertEquals(Set.of(t, out), WriteOnce.of(f));
    assertTrue(FirstWrites.ofAll(f).get(out).coversAll());
  }

  @Test
  void provesDistinctConstantStoresAndAListAppendedAtItsEnd() {
    Builder b = new Builder("f");
    int n = b.input("n", ScalarType.I32, false);
    int x = b.input("x", ScalarType.F64, true);
    int flag = b.input("flag", ScalarType.BOOL, false);
    int pair =
        b.declare(
            "pair",
            ScalarType.F64,
            List.of(new Extent.Dynamic(b.intConstant(2))),
            ArrayDecl.Role.LOCAL,
            false);
    b.store(pair, List.of(b.intConstant(1)), x);
    b.store(pair, List.of(b.intConstant(0)), x);
    int list = b.declare("list", ScalarType.F64, List.of(Extent.of(4)), ArrayDecl.Role.LOCAL, true);
    Builder.LoopScope add = b.beginLoop(new Extent.Dynamic(n), false, List.of(b.intConstant(0)));
    int end = add.carried().get(0);
    b.beginIf(flag);
    b.store(list, List.of(end), b.load(pair, List.of(b.intConstant(0))));
    int next = b.apply(Op.IADD, end, b.intConstant(1));
    b.orElse(List.of(next));
    int size = b.endLoop(List.of(b.endIf(List.of(end)).get(0))).get(0);
    Builder.LoopScope read = b.beginLoop(new Extent.Dynamic(size), false, List.of(b.constant(0.0)));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(list, List.of(read.index())));
    b.result("s", b.endLoop(List.of(sum)).get(0), List.of());
    Function f = b.build();
    assertEquals(Set.of(pair, list), WriteOnce.of(f));
  }

  @Test
  void storesInBranchesEarlyExitsOrAtDataIndicesAreMutable() {
    Builder b = new Builder("f");
    int n = length(b, "v");
    int x = b.input("x", ScalarType.F64, true);
    int k = b.input("k", ScalarType.I32, false);
    int flag = b.input("flag", ScalarType.BOOL, false);
    List<Extent> size = List.of(new Extent.Dynamic(n));
    int branch = b.declare("branch", ScalarType.F64, size, ArrayDecl.Role.LOCAL, false);
    int early = b.declare("early", ScalarType.F64, size, ArrayDecl.Role.LOCAL, false);
    int data = b.declare("data", ScalarType.F64, size, ArrayDecl.Role.LOCAL, false);
    int acc = b.declare("acc", ScalarType.F64, size, ArrayDecl.Role.LOCAL, false);
    int zero = b.intConstant(0);
    b.beginIf(flag);
    b.store(branch, List.of(b.apply(Op.CHECK_INDEX, zero, n)), x);
    b.orElse(List.of());
    b.endIf(List.of());
    Builder.LoopScope e = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    b.store(early, List.of(e.index()), x);
    b.endLoop(List.of(), b.apply(Op.LT, b.load(early, List.of(e.index())), x));
    b.store(data, List.of(b.apply(Op.CHECK_INDEX, k, n)), x);
    Builder.LoopScope h = b.beginLoop(new Extent.Dynamic(n), false, List.of());
    int old = b.load(acc, List.of(h.index()));
    b.store(acc, List.of(h.index()), b.apply(Op.ADD, old, x));
    b.endLoop(List.of());
    int first = b.apply(Op.CHECK_INDEX, zero, n);
    int y = b.apply(Op.ADD, b.load(branch, List.of(first)), b.load(early, List.of(first)));
    y = b.apply(Op.ADD, y, b.load(data, List.of(first)));
    b.result("y", b.apply(Op.ADD, y, b.load(acc, List.of(first))), List.of());
    Function f = b.build();
    Set<Integer> writeOnce = WriteOnce.of(f);
    // "data" is stored once, at an index only the run knows: its read may miss it.
    for (int a : List.of(branch, early, data, acc)) {
      assertFalse(writeOnce.contains(a), f.array(a).name());
    }
  }

  /** FirstWrites' facts hold on every run of dynamic programs too. */
  @Test
  void firstWritesFactsHoldOnDynamicPrograms() {
    int fresh = 0;
    int readsWritten = 0;
    int covered = 0;
    for (long seed = 0; seed < 1500; seed++) {
      Function f = DynamicPrograms.generate(seed);
      var facts = FirstWrites.ofAll(f);
      Random r = new Random(seed);
      for (int t = 0; t < 8; t++) {
        MemoryTrace trace = MemoryTrace.run(f, IrTesting.randomArguments(f, r));
        for (var e : facts.entrySet()) {
          int a = e.getKey();
          FirstWrites w = e.getValue();
          String what = "seed " + seed + ", array " + f.array(a).name() + "\n" + Printer.print(f);
          Set<Integer> wrong = new HashSet<>(w.freshLoads());
          wrong.retainAll(trace.loadsOfStored);
          assertTrue(wrong.isEmpty(), "fresh loads " + wrong + " read stored elements: " + what);
          if (w.readsOnlyWritten()) {
            assertFalse(trace.loadedBeforeStored.contains(a), "read before written: " + what);
          }
          if (w.coversAll() && trace.returned && f.array(a).role() == ArrayDecl.Role.OUTPUT) {
            int index = resultIndex(f, a);
            assertEquals(trace.results.get(index).length, trace.storedElements(a), what);
          }
        }
      }
      for (FirstWrites w : facts.values()) {
        fresh += w.freshLoads().isEmpty() ? 0 : 1;
        readsWritten += w.readsOnlyWritten() ? 1 : 0;
        covered += w.coversAll() ? 1 : 0;
      }
    }
    assertTrue(
        fresh > 50 && readsWritten > 200 && covered > 100,
        fresh + " " + readsWritten + " " + covered);
  }

  private static int resultIndex(Function f, int array) {
    for (int i = 0; i < f.results().size(); i++) {
      if (f.results().get(i).id() == array) {
        return i;
      }
    }
    throw new IllegalArgumentException("no result " + array);
  }

  /**
   * A nest of 10^4 x 10^4 iterations that is not simple (its inner loop carries an int): running it
   * element by element would take seconds and grow with the trip counts, so the check gives up at
   * its budget and nothing is claimed.
   */
  @Test
  void aHugeIterationSpaceIsNotRunElementByElement() {
    Builder b = new Builder("huge");
    int n = 10_000;
    int a = b.declare("a", ScalarType.I32, List.of(n, n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope outer = b.beginLoop(n, false, List.of());
    Builder.LoopScope inner = b.beginLoop(n, false, List.of(b.intConstant(0)));
    b.store(a, List.of(outer.index(), inner.index()), inner.carried().get(0));
    int next = b.apply(Op.IADD, inner.carried().get(0), b.intConstant(1));
    b.endLoop(List.of(next));
    b.endLoop(List.of());
    int out = b.declare("out", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    b.store(out, List.of(b.intConstant(0)), b.constant(1.0));
    b.result("out", out, List.of(1));
    Function f = b.build();
    assertEquals(null, WriteOnceCheck.checkWithinBudget(f));
    assertEquals(Set.of(a, out), WriteOnceCheck.mutable(f));
    assertEquals(Set.of(a, out), WriteOnce.of(f), "the symbolic proof does not run iterations");
  }
}
