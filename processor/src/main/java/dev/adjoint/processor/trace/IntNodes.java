package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Op;
import java.util.HashMap;
import java.util.Map;

/**
 * Int nodes with what is known about them ({@link Sym}): loop indices with their ranges, top-level
 * values reused as extents, and folding of int arithmetic on constants. Every int the tracer
 * reasons about symbolically (sizes, bounds, indices) is made here.
 */
final class IntNodes {
  private final TraceState st;

  IntNodes(TraceState st) {
    this.st = st;
  }

  /** What is known about each int node, by id (for indices kept as plain ids). */
  private final Map<Integer, Sym> symbols = new HashMap<>();

  /** Top-level nodes computing a symbolic int, so that an extent reuses them. */
  private final Map<Sym, Integer> topLevel = new HashMap<>();

  /**
   * An int node with what is known about it ({@code expr}, null if nothing); a top-level one is
   * remembered for extents, and may itself be one.
   */
  AVal.Int intNode(int id, Sym expr) {
    if (st.b.depth() == 0) {
      if (expr == null) {
        expr = new Sym.Val(id, true);
      } else if (Sym.hoistable(expr)) {
        topLevel.putIfAbsent(expr, id);
      }
    }
    if (expr != null) {
      symbols.putIfAbsent(id, expr);
    }
    return AVal.Int.node(id, expr);
  }

  /** What is known about int node {@code id}, or null. */
  Sym symOf(int id) {
    return symbols.get(id);
  }

  /** Records what is known about int node {@code id} (a loop variable's range, say). */
  void knowSym(int id, Sym sym) {
    symbols.put(id, sym);
  }

  /**
   * The node of a symbolic int at the top level (before every open loop and branch), reusing one
   * the program computed there; divisors are guarded so that the value can be computed where Java
   * would not have computed it.
   */
  int topLevel(Sym s) {
    Integer known = topLevel.get(s);
    if (known != null) {
      return known;
    }
    int id = st.b.atDepth(0, () -> materialize(s, true));
    topLevel.put(s, id);
    return id;
  }

  /** Builds {@code s} in the current block; with {@code guard}, a zero divisor divides by 1. */
  int materialize(Sym s, boolean guard) {
    if (s instanceof Sym.K k) {
      return st.intConstant(k.value());
    }
    if (s instanceof Sym.Atom a) {
      return a.id();
    }
    if (s instanceof Sym.Val v) {
      return v.id();
    }
    if (s instanceof Sym.Capped c) {
      return c.id();
    }
    if (!(s instanceof Sym.Bin bin)) {
      throw new IllegalStateException("not computable here: " + s);
    }
    int x = materialize(bin.a(), guard);
    int y = materialize(bin.b(), guard);
    if (guard && (bin.op() == Op.IDIV || bin.op() == Op.IREM) && !(bin.b() instanceof Sym.K)) {
      int zero = st.intConstant(0);
      y = st.select(st.apply(Op.EQ, y, zero), st.intConstant(1), y);
    }
    return st.apply(bin.op(), x, y);
  }

  /** The raw index of an open loop as an int (inside its body). */
  AVal.Int indexOf(int index) {
    for (LoopFrame f : st.loops) {
      if (f.index == index) {
        Sym s = new Sym.Idx(f);
        symbols.putIfAbsent(index, s);
        return AVal.Int.node(index, s);
      }
    }
    return AVal.Int.node(index);
  }

  /** {@code a + k} for a compile-time {@code k}, folded when {@code a} is constant. */
  AVal.Int plus(AVal.Int a, int k) {
    if (a.isConstant()) {
      return AVal.Int.of(a.constant() + k);
    }
    return k == 0
        ? a
        : intNode(
            st.apply(Op.IADD, a.id(), st.intConstant(k)), Bounds.simplify(Sym.plus(a.sym(), k)));
  }

  /** {@code a op b} on ints, folded on constants. */
  AVal.Int ints(Op op, AVal.Int a, AVal.Int c) {
    if (a.isConstant() && c.isConstant()) {
      Integer v = Sym.fold(op, a.constant(), c.constant());
      if (v != null) {
        return AVal.Int.of(v);
      }
    }
    return intNode(
        st.apply(op, st.intId(a), st.intId(c)), Bounds.simplify(Sym.of(op, a.sym(), c.sym())));
  }
}
