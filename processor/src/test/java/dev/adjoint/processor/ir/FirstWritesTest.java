package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirstWritesTest {

  /** {@code a[0] = x; for i < 3: a[i + 1] = a[i + 1] + x}: a peeled first element, then a loop. */
  @Test
  void peeledElementThenShiftedLoopCoverTheArray() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.declare("a", ScalarType.F64, List.of(4), ArrayDecl.Role.OUTPUT);
    b.store(a, List.of(b.intConstant(0)), x);
    Builder.LoopScope s = b.beginLoop(3, true, List.of());
    int j = b.apply(Op.IADD, s.index(), b.intConstant(1));
    int load = b.load(a, List.of(j));
    b.store(a, List.of(j), b.apply(Op.ADD, load, x));
    b.endLoop(List.of());
    b.result("a", a, List.of(4));
    Function f = b.build();
    FirstWrites w = FirstWrites.of(f, f.nodesById(), a);
    assertEquals(Set.of(load), w.freshLoads());
    assertTrue(w.coversAll());
    assertFalse(w.readsOnlyWritten());
  }

  @Test
  void loadsAfterAFullFillReadWrittenElements() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.declare("a", ScalarType.F64, List.of(2, 3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope r = b.beginLoop(2, false, List.of());
    Builder.LoopScope c = b.beginLoop(3, false, List.of());
    b.store(a, List.of(r.index(), c.index()), x);
    b.endLoop(List.of());
    b.endLoop(List.of());
    Builder.LoopScope s = b.beginLoop(3, false, List.of(x));
    int load = b.load(a, List.of(b.intConstant(1), s.index()));
    int sum = b.endLoop(List.of(b.apply(Op.ADD, s.carried().get(0), load))).get(0);
    b.result("y", sum, List.of());
    Function f = b.build();
    FirstWrites w = FirstWrites.of(f, f.nodesById(), a);
    assertTrue(w.freshLoads().isEmpty());
    assertTrue(w.readsOnlyWritten());
    assertTrue(w.coversAll());
  }

  @Test
  void aLoopRevisitingElementsOrAnUnknownIndexProvesNothing() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int k = b.input("k", ScalarType.I32, false);
    int a = b.declare("a", ScalarType.F64, List.of(4), ArrayDecl.Role.LOCAL);
    b.store(a, List.of(k), x); // unknown element
    Builder.LoopScope s = b.beginLoop(4, false, List.of());
    int load = b.load(a, List.of(s.index()));
    b.store(a, List.of(s.index()), b.apply(Op.ADD, load, x));
    b.endLoop(List.of());
    int back = b.load(a, List.of(b.intConstant(2)));
    b.result("y", back, List.of());
    Function f = b.build();
    FirstWrites w = FirstWrites.of(f, f.nodesById(), a);
    assertTrue(w.freshLoads().isEmpty());
    assertFalse(w.readsOnlyWritten());

    Builder c = new Builder("g");
    int y = c.input("y", ScalarType.F64, true);
    int arr = c.declare("a", ScalarType.F64, List.of(4), ArrayDecl.Role.LOCAL);
    Builder.LoopScope outer = c.beginLoop(2, false, List.of());
    Builder.LoopScope inner = c.beginLoop(4, false, List.of());
    int l = c.load(arr, List.of(inner.index())); // the outer loop revisits every element
    c.store(arr, List.of(inner.index()), c.apply(Op.ADD, l, y));
    c.endLoop(List.of());
    c.endLoop(List.of());
    c.result("y", y, List.of());
    Function g = c.build();
    assertTrue(FirstWrites.of(g, g.nodesById(), arr).freshLoads().isEmpty());
  }

  /** Rows 0 and 1 accumulated in one loop: two indices, disjoint elements, each fresh. */
  @Test
  void disjointIndicesInOneBlockAreEachFresh() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.declare("a", ScalarType.F64, List.of(2, 4), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope s = b.beginLoop(4, true, List.of());
    List<Integer> row0 = List.of(b.intConstant(0), s.index());
    List<Integer> row1 = List.of(b.intConstant(1), s.index());
    int l1 = b.load(a, row1);
    b.store(a, row1, b.apply(Op.ADD, l1, x));
    int l0 = b.load(a, row0);
    b.store(a, row0, b.apply(Op.ADD, l0, x));
    int again = b.load(a, row0);
    b.store(a, row0, b.apply(Op.ADD, again, x));
    b.endLoop(List.of());
    b.result("a", a, List.of(2, 4));
    Function f = b.build();
    FirstWrites w = FirstWrites.of(f, f.nodesById(), a);
    assertEquals(Set.of(l0, l1), w.freshLoads());
    assertTrue(w.coversAll());

    Builder c = new Builder("g");
    int y = c.input("y", ScalarType.F64, true);
    int arr = c.declare("a", ScalarType.F64, List.of(5), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope t = c.beginLoop(4, false, List.of());
    List<Integer> here = List.of(t.index());
    List<Integer> next = List.of(c.apply(Op.IADD, t.index(), c.intConstant(1)));
    int ln = c.load(arr, next); // overlaps the elements of "here" from the next iteration on
    c.store(arr, next, c.apply(Op.ADD, ln, y));
    int lh = c.load(arr, here);
    c.store(arr, here, c.apply(Op.ADD, lh, y));
    c.endLoop(List.of());
    c.result("a", arr, List.of(5));
    Function g = c.build();
    assertTrue(FirstWrites.of(g, g.nodesById(), arr).freshLoads().isEmpty());
  }

  /**
   * Per head h: {@code g[h][0..2] += x} at the loop's top level, then a nested loop reading {@code
   * g[h][j]}; and {@code out[4 * h + j]} filled by a nested loop: slices and affine indices.
   */
  @Test
  void slicesOwnedByAnOuterLoopAndAffineIndices() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int g = b.declare("g", ScalarType.F64, List.of(4, 3), ArrayDecl.Role.LOCAL);
    int out = b.declare("out", ScalarType.F64, List.of(16), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope h = b.beginLoop(4, true, List.of());
    List<Integer> fresh = new java.util.ArrayList<>();
    for (int c = 0; c < 3; c++) {
      List<Integer> at = List.of(h.index(), b.intConstant(c));
      int l = b.load(g, at);
      fresh.add(l);
      b.store(g, at, b.apply(Op.ADD, l, x));
    }
    Builder.LoopScope j = b.beginLoop(3, false, List.of(x));
    int read = b.load(g, List.of(h.index(), j.index()));
    b.endLoop(List.of(b.apply(Op.ADD, j.carried().get(0), read)));
    Builder.LoopScope k = b.beginLoop(4, false, List.of());
    int flat = b.apply(Op.IADD, b.apply(Op.IMUL, h.index(), b.intConstant(4)), k.index());
    b.store(out, List.of(flat), x);
    b.endLoop(List.of());
    b.endLoop(List.of());
    b.result("out", out, List.of(16));
    Function f = b.build();
    FirstWrites w = FirstWrites.of(f, f.nodesById(), g);
    assertEquals(Set.copyOf(fresh), w.freshLoads());
    assertTrue(w.coversAll());
    FirstWrites o = FirstWrites.of(f, f.nodesById(), out);
    assertTrue(o.coversAll());
    assertTrue(o.readsOnlyWritten());
  }
}
