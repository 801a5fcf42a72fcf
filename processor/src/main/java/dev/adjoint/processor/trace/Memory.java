package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * Java arrays as IR arrays: where a {@code new T[..]} lives, and the loads, stores and row
 * selections on it, each index checked against its length.
 *
 * <p>An array created inside loops is a new array in every iteration, as in Java. It gets one copy
 * per iteration of each open loop (their trip counts prepended to its extents, their indices as its
 * prefix) when every trip count and its own lengths can be computed at the top level; a length that
 * varies with the iterations is then bounded by its largest value over them. Otherwise the arrays
 * of every iteration are laid out one after the other in a growable pool, each at an offset taken
 * from a running counter.
 */
final class Memory {
  private final TraceState st;

  Memory(TraceState st) {
    this.st = st;
  }

  // ---- allocation ----

  /**
   * A new local array of {@code dims} (each at least 0, checked by the caller when constant), named
   * after {@code name} (unique); {@code at} is the allocation, null for the tracer's own arrays.
   */
  AVal.Arr allocate(String name, JType.Base elem, List<AVal.Int> dims, Tree at) {
    List<LoopFrame> open = st.openLoops();
    boolean rectangular = true;
    boolean fixedLoops = true;
    for (LoopFrame f : open) {
      rectangular &= f.rectangular();
      fixedLoops &= f.trips.isFixed() && f.tripsSym instanceof Sym.K;
    }
    boolean fixedDims = true;
    for (AVal.Int d : dims) {
      fixedDims &= d.isConstant();
    }
    ScalarType type = JType.storageType(elem);
    if (rectangular && fixedLoops && fixedDims) {
      // The static layout: exactly what static programs always got.
      List<Integer> full = new ArrayList<>();
      List<Integer> prefix = new ArrayList<>();
      for (LoopFrame f : open) {
        full.add(f.count());
        prefix.add(f.index);
      }
      List<Integer> shape = new ArrayList<>();
      for (AVal.Int d : dims) {
        shape.add(d.constant());
      }
      full.addAll(shape);
      if (!ShapeLimit.fits(full)) {
        // Every array counts, the tracer's own and those of Nn functions as well as new T[...].
        String what =
            "the array "
                + name
                + (open.isEmpty() ? "" : ", with one copy per iteration of the enclosing loops,");
        throw st.error(Code.BAD_SHAPE, ShapeLimit.describe(what, full), at);
      }
      int id = st.b.declare(name, type, full, ArrayDecl.Role.LOCAL);
      st.created(id);
      st.aliasing.created(id);
      return AVal.Arr.fixed(id, prefix, shape, elem);
    }
    List<AVal.Int> logical = new ArrayList<>();
    for (AVal.Int d : dims) {
      logical.add(nonNegative(d, at));
    }
    List<Extent> extents = rectangular ? rowExtents(logical) : null;
    if (extents == null) {
      return pooled(name, elem, logical);
    }
    List<Extent> full = new ArrayList<>();
    List<Integer> prefix = new ArrayList<>();
    for (LoopFrame f : open) {
      full.add(f.trips.isFixed() ? f.trips : extent(f.extentSym()));
      prefix.add(f.index);
    }
    full.addAll(extents);
    int id = st.b.declare(name, type, full, ArrayDecl.Role.LOCAL, false);
    st.created(id);
    st.aliasing.created(id);
    return new AVal.Arr(id, prefix, logical, elem, null);
  }

  /**
   * The extents of one copy: each length itself when the top level can compute it, else its largest
   * value over the open loops; null if some length has no such bound.
   */
  private List<Extent> rowExtents(List<AVal.Int> dims) {
    List<Extent> out = new ArrayList<>();
    for (AVal.Int d : dims) {
      if (d.isConstant()) {
        out.add(Extent.of(d.constant()));
        continue;
      }
      Sym s = d.sym();
      Sym bound = Sym.hoistable(s) ? s : Bounds.upper(s);
      if (bound == null) {
        return null;
      }
      if (bound instanceof Sym.K k) {
        out.add(Extent.of(Math.max(0, k.value())));
      } else {
        out.add(
            new Extent.Dynamic(
                st.syms.topLevel(Bounds.nonNegative(bound) ? bound : Sym.max0(bound))));
      }
    }
    return out;
  }

  /** An extent for a top-level expression. */
  Extent extent(Sym s) {
    return s instanceof Sym.K k
        ? Extent.of(Math.max(0, k.value()))
        : new Extent.Dynamic(st.syms.topLevel(s));
  }

  /** {@code d}, checked at run time not to be negative (Java's NegativeArraySizeException). */
  AVal.Int nonNegative(AVal.Int d, Tree at) {
    if (d.isConstant() || Bounds.nonNegative(d.sym())) {
      return d;
    }
    int max = st.intConstant(Integer.MAX_VALUE);
    return st.syms.intNode(st.apply(Op.CHECK_INDEX, d.id(), max), d.sym());
  }

  /** A growable one-dimensional pool and the counter of its next free offset. */
  record Pool(int storage, int counter, JType.Base elem) {}

  /** A new pool (empty: its counter starts at 0 at the top level). */
  Pool newPool(String name, JType.Base elem) {
    return newPool(name, elem, null);
  }

  /** A new pool filled by copies for {@code key} (see {@link Initialization#derived}). */
  Pool newPool(String name, JType.Base elem, Object key) {
    int counter =
        st.b.declare(st.uniqueName(name + "Top"), ScalarType.I32, List.of(1), ArrayDecl.Role.LOCAL);
    int pool =
        st.b.declare(
            name, JType.storageType(elem), List.of(Extent.of(0)), ArrayDecl.Role.LOCAL, true);
    st.aliasing.created(pool);
    if (key != null && elem == JType.Base.VALUE) {
      st.init.derived(pool, key);
    }
    st.b.atDepth(
        0,
        () -> {
          int zero = st.intConstant(0);
          st.rec(st.b.add(storeNode(counter, zero, st.intConstant(0))));
          return 0;
        });
    return new Pool(pool, counter, elem);
  }

  /** A new array of {@code dims} (each at least 0) in {@code pool}, after those before it. */
  AVal.Arr allocateIn(Pool pool, List<AVal.Int> dims) {
    st.effect();
    st.aliasing.instances(pool.storage(), st.loops.size());
    int base = st.rec(st.b.load(pool.counter(), List.of(st.intConstant(0))));
    AVal.Int size = AVal.Int.of(1);
    for (AVal.Int d : dims) {
      size = st.syms.ints(Op.IMUL, size, d);
    }
    int top = st.apply(Op.IADD, base, st.intId(size));
    st.rec(st.b.add(storeNode(pool.counter(), st.intConstant(0), top)));
    return new AVal.Arr(pool.storage(), List.of(), dims, pool.elem(), st.syms.intNode(base, null));
  }

  private AVal.Arr pooled(String name, JType.Base elem, List<AVal.Int> dims) {
    st.effect();
    return allocateIn(newPool(name, elem), dims);
  }

  private Node.Store storeNode(int array, int index, int value) {
    return new Node.Store(st.b.freshId(), array, List.of(index), value);
  }

  /**
   * Whether an array of {@code dims} created here gets a copy per iteration of the open loops (not
   * a place in a pool).
   */
  boolean privatizable(List<AVal.Int> dims) {
    for (LoopFrame f : st.loops) {
      if (!f.rectangular()) {
        return false;
      }
    }
    return rowExtents(dims) != null;
  }

  /**
   * Storage for the arrays a variable holds at the start of each iteration of a loop about to open
   * (one more than its trip count {@code trips}): one copy per iteration of the open loops and per
   * iteration of the new one, whose views {@link Carrier#at} gives. Null if it cannot be laid out
   * so (then a pool carries the variable).
   */
  Carrier carrier(String name, JType.Base elem, List<AVal.Int> dims, Sym trips, Object key) {
    if (trips != null && !Sym.hoistable(trips)) {
      // A bound of the trip count serves as well: rows beyond the last iteration stay unused.
      Sym upper = Bounds.upper(trips);
      trips = upper != null && Sym.hoistable(upper) ? Bounds.simplify(upper) : null;
    }
    if (trips == null) {
      return null;
    }
    for (LoopFrame f : st.loops) {
      if (!f.rectangular()) {
        return null;
      }
    }
    List<Extent> row = rowExtents(dims);
    if (row == null) {
      return null;
    }
    List<Extent> full = new ArrayList<>();
    List<Integer> prefix = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      full.add(f.trips.isFixed() ? f.trips : extent(f.extentSym()));
      prefix.add(f.index);
    }
    Sym count = Sym.plus(trips, 1);
    full.add(
        count instanceof Sym.K k
            ? Extent.of(k.value())
            : new Extent.Dynamic(st.syms.topLevel(count)));
    full.addAll(row);
    int id = st.b.declare(name, JType.storageType(elem), full, ArrayDecl.Role.LOCAL, false);
    st.created(id);
    // A row per iteration of the loop about to open.
    st.aliasing.rows(id, st.loops.size() + 1);
    if (elem == JType.Base.VALUE) {
      st.init.derived(id, key);
    }
    return new Carrier(id, prefix, dims, elem);
  }

  /** A loop's storage for one array variable, one row per iteration start. */
  record Carrier(int storage, List<Integer> prefix, List<AVal.Int> dims, JType.Base elem) {
    /** The array at the start of iteration {@code k} (after the loop: at its trip count). */
    AVal.Arr at(int k) {
      List<Integer> p = new ArrayList<>(prefix);
      p.add(k);
      return new AVal.Arr(storage, p, dims, elem, null);
    }
  }

  // ---- access ----

  /** Selects a row {@code a[i]} of a multi-dimensional array (no node for a plain array). */
  AVal.Arr row(AVal.Arr a, AVal.Int i, Tree at) {
    int checked = checkedIndex(a, 0, i, at);
    List<AVal.Int> rest = a.dims().subList(1, a.dims().size());
    if (a.flat()) {
      AVal.Int stride = AVal.Int.of(1);
      for (AVal.Int d : rest) {
        stride = st.syms.ints(Op.IMUL, stride, d);
      }
      AVal.Int off = st.syms.ints(Op.IMUL, checkedInt(i, checked), stride);
      return new AVal.Arr(
          a.array(), a.prefix(), rest, a.elem(), st.syms.ints(Op.IADD, a.base(), off));
    }
    List<Integer> prefix = new ArrayList<>(a.prefix());
    prefix.add(checked);
    return new AVal.Arr(a.array(), prefix, rest, a.elem(), null, a.suffix());
  }

  /** Reads the element {@code a[idx...]} (all remaining dimensions indexed). */
  AVal load(AVal.Arr a, List<AVal.Int> idx, Tree at) {
    if (idx.size() != a.rank()) {
      throw new IllegalStateException("partial index");
    }
    List<Integer> index = fullIndex(a, idx, at);
    st.init.read(a, index, at);
    int id = st.rec(st.b.load(a.array(), index));
    return switch (a.elem()) {
      case VALUE -> new AVal.Num(id, true, null);
      case DOUBLE -> new AVal.Num(id, false, null);
      case INT, CHAR -> st.syms.intNode(id, null);
      case BOOLEAN -> AVal.Bool.node(st.apply(Op.NE, id, st.intConstant(0)));
      default -> throw new IllegalStateException("array of " + a.elem());
    };
  }

  /**
   * Copies element {@code from[fromIdx]} to {@code to[toIdx]}, as Java copies a reference: an
   * element never written stays so (its written flag goes along).
   */
  void copyElement(
      AVal.Arr from, List<AVal.Int> fromIdx, AVal.Arr to, List<AVal.Int> toIdx, Tree at) {
    List<Integer> source = fullIndex(from, fromIdx, at);
    int id = st.rec(st.b.load(from.array(), source));
    List<Integer> target = fullIndex(to, toIdx, at);
    st.rec(st.b.add(new Node.Store(st.b.freshId(), to.array(), target, id)));
    st.init.stored(to, target);
    st.init.copied(from, source, to, target);
  }

  /** Writes {@code value} (a node of the element type) to {@code a[idx...]}. */
  void store(AVal.Arr a, List<AVal.Int> idx, int value, Tree at) {
    store(a, idx, value, at, true);
  }

  /**
   * Writes {@code value} to {@code a[idx...]}; {@code byMethod} is false for the copies the tracer
   * makes itself (which {@link Aliasing} does not count as writes).
   */
  void store(AVal.Arr a, List<AVal.Int> idx, int value, Tree at, boolean byMethod) {
    ArrayDecl d = st.decl(a.array());
    if (d.role() == ArrayDecl.Role.INPUT) {
      // The method writes into its parameter: trace again with a local copy of it.
      throw st.facts.written(d.name());
    }
    if (st.conditionalWrite(a.array())) {
      st.effect();
    }
    if (idx.size() != a.rank()) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "assigning a whole row of " + st.sourceName(d.id()) + "; write its elements one by one",
          at);
    }
    List<Integer> index = fullIndex(a, idx, at);
    if (st.b.typeOf(value) == ScalarType.BOOL && d.elem() == ScalarType.I32) {
      // A boolean array element: stored as 1 or 0.
      value = st.select(value, st.intConstant(1), st.intConstant(0));
    }
    if (st.b.typeOf(value) != d.elem()) {
      throw new IllegalStateException("storing " + st.b.typeOf(value) + " into " + d.name());
    }
    st.rec(st.b.add(new Node.Store(st.b.freshId(), a.array(), index, value)));
    st.init.stored(a, index);
    if (byMethod) {
      st.aliasing.written(a.array(), at);
    }
  }

  private List<Integer> fullIndex(AVal.Arr a, List<AVal.Int> idx, Tree at) {
    if (a.flat()) {
      AVal.Int off = null;
      for (int d = 0; d < idx.size(); d++) {
        AVal.Int i = checkedInt(idx.get(d), checkedIndex(a, d, idx.get(d), at));
        off =
            off == null ? i : st.syms.ints(Op.IADD, st.syms.ints(Op.IMUL, off, a.dims().get(d)), i);
      }
      AVal.Int at0 = off == null ? a.base() : st.syms.ints(Op.IADD, a.base(), off);
      return List.of(st.intId(at0));
    }
    List<Integer> out = new ArrayList<>(a.prefix());
    for (int d = 0; d < idx.size(); d++) {
      out.add(checkedIndex(a, d, idx.get(d), at));
    }
    out.addAll(a.suffix());
    return out;
  }

  private static AVal.Int checkedInt(AVal.Int i, int checked) {
    return i.isConstant() ? i : AVal.Int.node(checked, i.sym());
  }

  /**
   * The node indexing dimension {@code dim} of {@code a} with {@code i}: {@code i} itself where it
   * is in range (a compile-time index out of range is an error), else {@code i} checked at run
   * time, at entry if the access is sure to run, else where it runs.
   */
  private int checkedIndex(AVal.Arr a, int dim, AVal.Int i, Tree at) {
    AVal.Int n = a.dims().get(dim);
    if (i.isConstant() && (i.constant() < 0 || n.isConstant() && i.constant() >= n.constant())) {
      throw st.error(
          Code.INDEX_OUT_OF_BOUNDS,
          "index "
              + i.constant()
              + " is outside "
              + st.sourceName(a.array(), at)
              + " (length "
              + (n.isConstant() ? Integer.toString(n.constant()) : Sym.text(n.sym()))
              + ")",
          at);
    }
    if (!i.isConstant()) {
      st.intRanges.index(i.sym(), n.sym());
    }
    if (n.isConstant()) {
      if (!st.facts.dynamic || i.isConstant()) {
        // Static programs keep their accesses as they always were.
        return st.intId(i);
      }
    }
    return st.checks.index(a, dim, i, n, at);
  }
}
