package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cases {@link SimpleLoopCheck} decides at once, and those it leaves to running the loop. */
class SimpleLoopCheckTest {

  private final Builder b = new Builder("f");
  private final int x = b.input("x", ScalarType.F64, true);

  private int local(int... shape) {
    List<Integer> s = java.util.Arrays.stream(shape).boxed().toList();
    return b.declare("a", ScalarType.F64, s, ArrayDecl.Role.LOCAL);
  }

  private int c(int value) {
    return b.intConstant(value);
  }

  /** The report, after checking that running every iteration gives the same one. */
  private WriteOnceCheck.Report check(int decided) {
    Function f = b.build();
    WriteOnceCheck.Report r = WriteOnceCheck.check(f);
    assertEquals(WriteOnceCheck.checkExhaustively(f), r);
    assertEquals(decided, WriteOnceCheck.loopsDecidedAtOnce(f));
    return r;
  }

  private WriteOnceCheck.Violation violation(int decided) {
    return check(decided).violation().orElseThrow();
  }

  @Test
  void stridedAndDescendingFillsThenReadsAreDecided() {
    int a = local(8);
    Builder.LoopScope even = b.beginLoop(4, false, List.of());
    b.store(a, List.of(b.apply(Op.IMUL, c(2), even.index())), x);
    b.endLoop(List.of());
    Builder.LoopScope odd = b.beginLoop(4, true, List.of()); // 7 - 2i: 1, 3, 5, 7
    b.store(a, List.of(b.apply(Op.ISUB, c(7), b.apply(Op.IMUL, odd.index(), c(2)))), x);
    b.endLoop(List.of());
    Builder.LoopScope read = b.beginLoop(8, false, List.of(x));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(a, List.of(read.index())));
    b.result("r", b.endLoop(List.of(sum)).get(0), List.of());
    assertEquals(Set.of(a), check(3).fullyWritten());
  }

  @Test
  void aLoadOfTheElementJustStoredIsDecided() {
    int a = local(10);
    int out = b.declare("out", ScalarType.F64, List.of(8), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope l = b.beginLoop(8, false, List.of());
    List<Integer> at = List.of(b.apply(Op.IADD, l.index(), c(2)));
    b.store(a, at, x);
    b.store(out, List.of(l.index()), b.load(a, at));
    b.endLoop(List.of());
    assertEquals(Set.of(out), check(1).fullyWritten());
  }

  @Test
  void aRecurrenceRunsEveryIteration() {
    // a[i + 1] = a[i] + x reads what the previous iteration wrote: not decided, but fine.
    int a = local(8);
    b.store(a, List.of(c(0)), x);
    Builder.LoopScope l = b.beginLoop(7, false, List.of());
    int prev = b.load(a, List.of(l.index()));
    b.store(a, List.of(b.apply(Op.IADD, l.index(), c(1))), b.apply(Op.ADD, prev, x));
    b.endLoop(List.of());
    assertEquals(Set.of(a), check(0).fullyWritten());
  }

  @Test
  void overlappingStoresReportTheFirstCollision() {
    int a = local(5);
    Builder.LoopScope l = b.beginLoop(4, false, List.of());
    b.store(a, List.of(l.index()), x);
    b.store(a, List.of(b.apply(Op.IADD, l.index(), c(1))), x);
    b.endLoop(List.of());
    int first = firstStore();
    // Iteration 1 stores a[1] again, at the first store.
    assertEquals(
        new WriteOnceCheck.Violation(WriteOnceCheck.Problem.WRITTEN_TWICE, first, a, List.of(1)),
        violation(0));
  }

  @Test
  void outOfBoundsAndReadsBeforeWritesInDescendingLoops() {
    int a = local(4);
    Builder.LoopScope l = b.beginLoop(4, true, List.of());
    int load = b.load(a, List.of(l.index()));
    b.store(a, List.of(l.index()), b.apply(Op.ADD, load, x));
    b.endLoop(List.of());
    Builder.LoopScope m = b.beginLoop(3, false, List.of());
    b.store(a, List.of(b.apply(Op.IADD, m.index(), c(2))), x);
    b.endLoop(List.of());
    // The first iteration of the descending loop reads a[3].
    WriteOnceCheck.Violation v = violation(0);
    assertEquals(WriteOnceCheck.Problem.READ_BEFORE_WRITE, v.problem());
    assertEquals(List.of(3), v.index());
    assertEquals(load, v.node());
  }

  @Test
  void innerLoopsUseOuterIndicesAsKnownValues() {
    // for h < 3 { for j < 4 { m[h][j] = x; out[4h + j] = m[h][j] } }: each inner run is decided.
    int m = local(3, 4);
    int out = b.declare("out", ScalarType.F64, List.of(12), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope h = b.beginLoop(3, false, List.of());
    int row = b.apply(Op.IMUL, h.index(), c(4));
    Builder.LoopScope j = b.beginLoop(4, false, List.of());
    b.store(m, List.of(h.index(), j.index()), x);
    int back = b.load(m, List.of(h.index(), j.index()));
    b.store(out, List.of(b.apply(Op.IADD, row, j.index())), back);
    b.endLoop(List.of());
    b.endLoop(List.of());
    assertEquals(Set.of(m, out), check(3).fullyWritten());
  }

  @Test
  void anIndexWhoseIntArithmeticWrapsIsNotDecided() {
    // i * 65536 * 65536 wraps to 0 in int arithmetic: a[that + i] is a[i].
    int a = local(4);
    Builder.LoopScope l = b.beginLoop(4, false, List.of());
    int wrapped = b.apply(Op.IMUL, b.apply(Op.IMUL, l.index(), c(65536)), c(65536));
    b.store(a, List.of(b.apply(Op.IADD, wrapped, l.index())), x);
    b.endLoop(List.of());
    assertEquals(Set.of(a), check(0).fullyWritten());
  }

  @Test
  void anIntermediateBeyondIntRangeIsNotDecided() {
    // u = (i + MAX_VALUE + 1) - i wraps to MIN_VALUE, and u % 4 is 0: a[0] is read before it is
    // written. Exact arithmetic would give 2^31 and, cast back to int, 3: the written a[3].
    int a = local(4);
    b.store(a, List.of(c(3)), x);
    Builder.LoopScope l = b.beginLoop(2, false, List.of());
    int t = b.apply(Op.IADD, b.apply(Op.IADD, l.index(), c(Integer.MAX_VALUE)), c(1));
    int u = b.apply(Op.ISUB, t, l.index());
    b.load(a, List.of(b.apply(Op.IREM, u, c(4))));
    b.endLoop(List.of());
    WriteOnceCheck.Violation v = violation(0);
    assertEquals(WriteOnceCheck.Problem.READ_BEFORE_WRITE, v.problem());
    assertEquals(List.of(0), v.index());
  }

  @Test
  void aSelectBetweenArmsThatAgreeOnSomeIterationsIsRun() {
    // flag ? i : 7 is known only where i == 7, and then out of bounds of the input.
    int flag = b.input("flag", ScalarType.BOOL, false);
    int in = b.inputArray("in", ScalarType.F64, List.of(4), false);
    Builder.LoopScope l = b.beginLoop(8, false, List.of());
    b.load(in, List.of(b.select(flag, l.index(), c(7))));
    b.endLoop(List.of());
    WriteOnceCheck.Violation v = violation(0);
    assertEquals(WriteOnceCheck.Problem.OUT_OF_BOUNDS, v.problem());
    assertEquals(List.of(7), v.index());
  }

  @Test
  void unknownIndicesAndCarriedIntegers() {
    int k = b.input("k", ScalarType.I32, false);
    int a = local(4);
    Builder.LoopScope fill = b.beginLoop(4, false, List.of());
    b.store(a, List.of(fill.index()), x);
    b.endLoop(List.of());
    // Any element of a full array may be read at an unknown index: decided.
    Builder.LoopScope read = b.beginLoop(5, false, List.of(x));
    int sum = b.apply(Op.ADD, read.carried().get(0), b.load(a, List.of(k)));
    b.endLoop(List.of(sum));
    // A carried integer is followed iteration by iteration.
    int c = local(3);
    Builder.LoopScope carry = b.beginLoop(3, false, List.of(c(0)));
    b.store(c, List.of(carry.carried().get(0)), x);
    b.endLoop(List.of(b.apply(Op.IADD, carry.carried().get(0), c(1))));
    assertEquals(Set.of(a, c), check(2).fullyWritten());
  }

  @Test
  void aStoreAtAnUnknownIndexInALoopIsReported() {
    int k = b.input("k", ScalarType.I32, false);
    int a = local(4);
    Builder.LoopScope l = b.beginLoop(4, false, List.of());
    b.store(a, List.of(b.apply(Op.IADD, l.index(), k)), x);
    b.endLoop(List.of());
    assertEquals(WriteOnceCheck.Problem.RUNTIME_STORE_INDEX, violation(0).problem());
  }

  @Test
  void selectsOnConstantsOrBetweenEqualArmsAreAffine() {
    int flag = b.input("flag", ScalarType.BOOL, false);
    int a = local(6);
    Builder.LoopScope l = b.beginLoop(3, false, List.of());
    int shifted = b.apply(Op.IADD, l.index(), c(3));
    int taken = b.select(b.apply(Op.LT, c(1), c(2)), l.index(), c(0)); // always i
    int same = b.select(flag, shifted, shifted); // i + 3 whatever the flag
    b.store(a, List.of(taken), x);
    b.store(a, List.of(same), x);
    b.endLoop(List.of());
    assertEquals(Set.of(a), check(1).fullyWritten());
  }

  @Test
  void aLongFillIsDecidedOnce() {
    int a = local(32_768);
    Builder.LoopScope l = b.beginLoop(32_768, true, List.of());
    b.store(a, List.of(l.index()), b.apply(Op.EXP, x));
    b.endLoop(List.of());
    assertTrue(check(1).ok());
  }

  private int firstStore() {
    return b.build().allNodes().stream()
        .filter(n -> n instanceof Node.Store)
        .findFirst()
        .orElseThrow()
        .id();
  }
}
