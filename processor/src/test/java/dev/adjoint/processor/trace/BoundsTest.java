package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import org.junit.jupiter.api.Test;

/** The prover of size relations: sound (never proves a false relation) and good enough. */
class BoundsTest {
  private static final Sym N = new Sym.Atom(1, "x.length", true);
  private static final Sym M = new Sym.Atom(2, "w.length", true);
  private static final Sym K = new Sym.Atom(3, "k", false);

  private static Sym k(int v) {
    return new Sym.K(v);
  }

  /** The variable of a loop {@code for (i = lo; i <= hi; i++)}. */
  private static Sym var(int index, Sym lo, Sym hi) {
    LoopFrame f = new LoopFrame(index, Extent.of(1), null, null, false, false);
    return new Sym.Var(f, "i" + index, lo, hi);
  }

  @Test
  void aLoopVariableBelowItsBound() {
    Sym i = var(10, k(0), Sym.plus(N, -1));
    assertTrue(Bounds.lt(i, N));
    assertTrue(Bounds.nonNegative(i));
    assertFalse(Bounds.lt(i, M));
    assertFalse(Bounds.lt(Sym.plus(i, 1), N));
    assertTrue(Bounds.le(Sym.plus(i, 1), N));
  }

  @Test
  void triangularLoops() {
    Sym pos = var(10, k(0), Sym.plus(N, -1));
    Sym t = var(12, k(0), pos);
    assertTrue(Bounds.lt(t, N));
    assertTrue(Bounds.le(t, pos));
    assertFalse(Bounds.lt(t, pos));
    assertEquals(N, Bounds.simplify(Bounds.upper(Sym.plus(t, 1))));
  }

  @Test
  void minAndMaxSplitIntoTheirOperands() {
    Sym n = Sym.of(Op.IMIN, k(16), Sym.plus(N, -1));
    Sym pos = var(10, k(0), Sym.plus(n, -1));
    assertTrue(Bounds.lt(pos, N));
    assertTrue(Bounds.lt(Sym.plus(pos, 1), N));
    assertTrue(Bounds.lt(pos, k(16)));
    assertFalse(Bounds.lt(pos, k(15)));
    Sym wide = Sym.of(Op.IMAX, N, M);
    assertTrue(Bounds.le(N, wide) && Bounds.le(M, wide));
    assertFalse(Bounds.le(wide, N));
  }

  @Test
  void unknownSignsProveNothing() {
    assertFalse(Bounds.nonNegative(K));
    assertFalse(Bounds.le(k(0), Sym.sub(N, M)));
    assertTrue(Bounds.le(K, K));
    assertFalse(Bounds.lt(K, Sym.plus(K, 0)));
  }

  @Test
  void boundedValuesLieBetweenZeroAndTheirBound() {
    Sym size = new Sym.Capped(40, false, Sym.mul(N, M));
    Sym t = var(50, k(0), Sym.plus(size, -1));
    assertTrue(Bounds.nonNegative(size));
    assertEquals(Sym.mul(N, M), Bounds.upper(size));
    assertTrue(Bounds.lt(t, size));
    assertFalse(Bounds.lt(t, N));
  }

  @Test
  void simplifyCollectsLinearTerms() {
    Sym h = var(10, k(0), k(3));
    assertEquals(N, Bounds.simplify(Sym.sub(Sym.add(h, N), h)));
    assertEquals(k(2), Bounds.simplify(Sym.sub(Sym.plus(N, 2), N)));
  }
}
