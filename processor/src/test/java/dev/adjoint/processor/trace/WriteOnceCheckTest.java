package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.WriteOnceCheck;
import dev.adjoint.processor.ir.WriteOnceCheck.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WriteOnceCheck on hand-built programs, without javac. */
class WriteOnceCheckTest {

  private static int lastStore(Builder b) {
    return b.build().allNodes().stream()
        .filter(n -> n instanceof Node.Store)
        .reduce((x, y) -> y)
        .orElseThrow()
        .id();
  }

  private static int lastLoad(Builder b) {
    return b.build().allNodes().stream()
        .filter(n -> n instanceof Node.Load)
        .reduce((x, y) -> y)
        .orElseThrow()
        .id();
  }

  /** a[i] = x[i] for i in 0..n-1 (a LOCAL, x an INPUT). */
  private static int fill(Builder b, int x, int n) {
    int a = b.declare("a", ScalarType.F64, List.of(n), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(n, false, List.of());
    b.store(a, List.of(l.index()), b.load(x, List.of(l.index())));
    b.endLoop(List.of());
    return a;
  }

  @Test
  void aLoopThatWritesEveryElementOnceIsFine() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(4), true);
    int a = fill(b, x, 4);
    b.result("r", b.load(a, List.of(b.intConstant(3))), List.of());
    WriteOnceCheck.Report r = WriteOnceCheck.check(b.build());
    assertTrue(r.ok());
    assertEquals(java.util.Set.of(a), r.fullyWritten());
  }

  @Test
  void aSecondWriteIsReportedAtTheStore() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(4), true);
    int a = fill(b, x, 4);
    b.store(a, List.of(b.intConstant(2)), b.constant(1.0));
    int second = lastStore(b);
    WriteOnceCheck.Violation v = WriteOnceCheck.check(b.build()).violation().orElseThrow();
    assertEquals(Problem.WRITTEN_TWICE, v.problem());
    assertEquals(second, v.node());
    assertEquals(a, v.array());
    assertEquals(List.of(2), v.index());
  }

  @Test
  void aReadBeforeTheWriteIsReported() {
    Builder b = new Builder("f");
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    b.store(a, List.of(b.intConstant(0)), b.constant(1.0));
    int v1 = b.load(a, List.of(b.intConstant(1)));
    b.result("r", v1, List.of());
    WriteOnceCheck.Violation v = WriteOnceCheck.check(b.build()).violation().orElseThrow();
    assertEquals(Problem.READ_BEFORE_WRITE, v.problem());
    assertEquals(v1, v.node());
    assertEquals(List.of(1), v.index());
  }

  @Test
  void aReadInAnEarlierIterationThanTheWriteIsReported() {
    Builder b = new Builder("f");
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(3, false, List.of());
    int next = b.apply(Op.IMIN, b.apply(Op.IADD, l.index(), b.intConstant(1)), b.intConstant(2));
    int read = b.load(a, List.of(next));
    b.store(a, List.of(l.index()), read);
    b.endLoop(List.of());
    WriteOnceCheck.Violation v = WriteOnceCheck.check(b.build()).violation().orElseThrow();
    assertEquals(Problem.READ_BEFORE_WRITE, v.problem());
    assertEquals(read, v.node());
    assertEquals(List.of(1), v.index());
  }

  @Test
  void aStoreAtARuntimeIndexIsReported() {
    Builder b = new Builder("f");
    int k = b.input("k", ScalarType.I32, false);
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    b.store(a, List.of(k), b.constant(1.0));
    WriteOnceCheck.Violation v = WriteOnceCheck.check(b.build()).violation().orElseThrow();
    assertEquals(Problem.RUNTIME_STORE_INDEX, v.problem());
    assertEquals(List.of(-1), v.index());
  }

  @Test
  void aLoadAtARuntimeIndexNeedsEveryCandidateWritten() {
    Builder ok = new Builder("f");
    int x = ok.inputArray("x", ScalarType.F64, List.of(4), true);
    int k = ok.input("k", ScalarType.I32, false);
    int a = fill(ok, x, 4);
    ok.result("r", ok.load(a, List.of(k)), List.of());
    assertTrue(WriteOnceCheck.check(ok.build()).ok());

    Builder partial = new Builder("f");
    int k2 = partial.input("k", ScalarType.I32, false);
    int a2 = partial.declare("a", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    partial.store(a2, List.of(partial.intConstant(0)), partial.constant(2.0));
    partial.result("r", partial.load(a2, List.of(k2)), List.of());
    WriteOnceCheck.Violation v = WriteOnceCheck.check(partial.build()).violation().orElseThrow();
    assertEquals(Problem.READ_BEFORE_WRITE, v.problem());
    assertEquals(lastLoad(partial), v.node());
  }

  @Test
  void aConstantIndexOutsideAnyArrayIsReported() {
    Builder b = new Builder("f");
    int x = b.inputArray("x", ScalarType.F64, List.of(4), true);
    Builder.LoopScope l = b.beginLoop(5, false, List.of(b.constant(0)));
    int sum = b.apply(Op.ADD, l.carried().get(0), b.load(x, List.of(l.index())));
    List<Integer> out = b.endLoop(List.of(sum));
    b.result("r", out.get(0), List.of());
    WriteOnceCheck.Violation v = WriteOnceCheck.check(b.build()).violation().orElseThrow();
    assertEquals(Problem.OUT_OF_BOUNDS, v.problem());
    assertEquals(x, v.array());
    assertEquals(List.of(4), v.index());
  }

  @Test
  void carriedIntegersAreFollowed() {
    // k = 0; for 3 times { a[k] = 1; k = k + 1 }: three distinct elements.
    Builder b = new Builder("f");
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(3, false, List.of(b.intConstant(0)));
    int k = l.carried().get(0);
    b.store(a, List.of(k), b.constant(1.0));
    b.endLoop(List.of(b.apply(Op.IADD, k, b.intConstant(1))));
    WriteOnceCheck.Report r = WriteOnceCheck.check(b.build());
    assertTrue(r.ok());
    assertTrue(r.fullyWritten().contains(a));

    // Without the increment every iteration writes a[0].
    Builder bad = new Builder("f");
    int a2 = bad.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l2 = bad.beginLoop(3, false, List.of(bad.intConstant(0)));
    bad.store(a2, List.of(l2.carried().get(0)), bad.constant(1.0));
    bad.endLoop(List.of(l2.carried().get(0)));
    assertEquals(
        Problem.WRITTEN_TWICE,
        WriteOnceCheck.check(bad.build()).violation().orElseThrow().problem());
  }

  @Test
  void descendingLoopsAndPrivatizedRows() {
    // for i descending: for j: m[i][j] = 1, then every row is read in the same iteration.
    Builder b = new Builder("f");
    int m = b.declare("m", ScalarType.F64, List.of(3, 2), ArrayDecl.Role.LOCAL);
    Builder.LoopScope outer = b.beginLoop(3, true, List.of());
    Builder.LoopScope inner = b.beginLoop(2, false, List.of());
    b.store(m, List.of(outer.index(), inner.index()), b.constant(1.0));
    b.endLoop(List.of());
    b.load(m, List.of(outer.index(), b.intConstant(1)));
    b.endLoop(List.of());
    WriteOnceCheck.Report r = WriteOnceCheck.check(b.build());
    assertTrue(r.ok(), r.toString());
    assertTrue(r.fullyWritten().contains(m));
  }

  @Test
  void partlyWrittenArraysAreNotFullyWritten() {
    Builder b = new Builder("f");
    int a = b.declare("a", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    b.store(a, List.of(b.intConstant(1)), b.constant(1.0));
    WriteOnceCheck.Report r = WriteOnceCheck.check(b.build());
    assertTrue(r.ok());
    assertFalse(r.fullyWritten().contains(a));
  }

  @Test
  void selectsOnKnownConditionsAreFollowed() {
    // a[i < 1 ? 0 : i] would write a[0] twice only if the select were ignored.
    Builder b = new Builder("f");
    int a = b.declare("a", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    Builder.LoopScope l = b.beginLoop(2, false, List.of());
    int cond = b.apply(Op.LT, l.index(), b.intConstant(1));
    int idx = b.select(cond, b.intConstant(0), l.index());
    b.store(a, List.of(idx), b.constant(1.0));
    b.endLoop(List.of());
    assertTrue(WriteOnceCheck.check(b.build()).ok());
  }

  @Test
  void loopsWithoutMemoryAccessAreSkippedQuickly() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(Integer.MAX_VALUE, false, List.of(x));
    List<Integer> out = b.endLoop(List.of(b.apply(Op.EXP, l.carried().get(0))));
    b.result("r", out.get(0), List.of());
    assertTrue(WriteOnceCheck.check(b.build()).ok());
  }
}
