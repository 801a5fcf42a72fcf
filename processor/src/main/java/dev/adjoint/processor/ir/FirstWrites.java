package dev.adjoint.processor.ir;

import dev.adjoint.processor.ir.NestAccesses.Access;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which loads of an output or local array read an element no store of the same run has written yet
 * (so they read the array's initial zero), which read an element stored earlier, and whether the
 * whole array has been written by the end. Conservative: a load it cannot place is neither.
 *
 * <p>It follows the top level in order, with the elements written so far. A top-level access with
 * constant indices is exact. A top-level loop nest is understood when every access to the array in
 * it sits in one block, each index component is an affine function of the nest's loop indices
 * ({@code 4 * head + j}), each store index visits distinct elements on every iteration of the nest
 * and different store indices disjoint ones, and every load has the index of one of the stores; a
 * nest without stores is understood load by load. A loop whose index is the first component of
 * every access (a head's slice {@code g[head][..]}) is analyzed once for the slice, its body as the
 * top level. Anything else makes the written set unknown from there on.
 */
public final class FirstWrites {

  /** Arrays with more elements are not analyzed: the proof keeps a set of the elements visited. */
  public static final int MAX_ELEMENTS = 1 << 22;

  private final Map<Integer, Node> byId;
  private final int array;
  private final List<Integer> shape;
  private final int size;
  private final int drop;
  private final BitSet written = new BitSet();
  private boolean unknown;

  /** Whether {@link SymbolicWrites} proves every element written by the end. */
  private boolean provenFull;

  /** What refines these facts in a program that is not static, until {@link #refine} took it. */
  private Supplier<SymbolicWrites> symbolic;

  /** Stands in the unplaced loads of an array of runtime size until {@link #refine}. */
  private static final int UNPROVEN = Integer.MIN_VALUE;

  private final Set<Integer> fresh;
  private final Set<Integer> unplaced;

  /** Whether to enumerate every iteration as the original analysis did (for tests to compare). */
  private final boolean exhaustive;

  /** Finds the accesses to the array in nested blocks. */
  private final NestAccesses nests;

  private FirstWrites(
      Map<Integer, Node> byId,
      int array,
      List<Integer> shape,
      int drop,
      FirstWrites parent,
      boolean exhaustive) {
    this.byId = byId;
    this.array = array;
    this.shape = shape;
    this.drop = drop;
    this.exhaustive = exhaustive;
    this.nests = new NestAccesses(array, drop);
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    this.size = (int) Math.min(n, Integer.MAX_VALUE);
    this.unknown = n > MAX_ELEMENTS;
    this.fresh = parent == null ? new HashSet<>() : parent.fresh;
    this.unplaced = parent == null ? new HashSet<>() : parent.unplaced;
  }

  /** The analysis of array {@code array} of {@code f}; {@code byId} is {@code f.nodesById()}. */
  public static FirstWrites of(Function f, Map<Integer, Node> byId, int array) {
    return of(f, byId, array, false);
  }

  /** {@link #of}, or with {@code exhaustive} by enumerating every iteration: the same result. */
  static FirstWrites of(Function f, Map<Integer, Node> byId, int array, boolean exhaustive) {
    return analyze(f, byId, array, exhaustive, symbolic(f, byId));
  }

  /** Per non-input array of {@code f}, in declaration order. */
  public static Map<Integer, FirstWrites> ofAll(Function f) {
    Map<Integer, Node> byId = f.nodesById();
    Supplier<SymbolicWrites> symbolic = symbolic(f, byId);
    Map<Integer, FirstWrites> out = new LinkedHashMap<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        out.put(a.id(), analyze(f, byId, a.id(), false, symbolic));
      }
    }
    return out;
  }

  /**
   * What is proven without sizes, for programs that are not static (null for static ones): made
   * once, on first need (fresh loads never need it), for all the arrays of one call.
   */
  private static Supplier<SymbolicWrites> symbolic(Function f, Map<Integer, Node> byId) {
    if (f.isStatic()) {
      return null;
    }
    SymbolicWrites[] made = new SymbolicWrites[1];
    return () -> {
      if (made[0] == null) {
        made[0] = SymbolicWrites.of(f, byId);
      }
      return made[0];
    };
  }

  /**
   * The analysis of one array. An array of runtime size gets only what {@code symbolic} proves: the
   * fresh loads of {@link FreshLoads}, and the loads it cannot prove read stored elements unplaced.
   * A fixed-size array of a program that is not static gets this analysis, with what {@code
   * symbolic} proves on top.
   */
  private static FirstWrites analyze(
      Function f,
      Map<Integer, Node> byId,
      int array,
      boolean exhaustive,
      Supplier<SymbolicWrites> symbolic) {
    ArrayDecl a = f.array(array);
    FirstWrites w;
    if (!a.isStatic()) {
      w = new FirstWrites(byId, array, List.of(), 0, null, exhaustive);
      w.unknown = true;
      w.unplaced.add(UNPROVEN);
      w.fresh.addAll(symbolic.get().freshLoads(array));
    } else {
      w = new FirstWrites(byId, array, a.shape(), 0, null, exhaustive);
      w.run(f.body());
    }
    w.symbolic = symbolic;
    return w;
  }

  /** Takes what {@link SymbolicWrites} proves into account, once, when first asked. */
  private void refine() {
    if (symbolic != null) {
      SymbolicWrites s = symbolic.get();
      symbolic = null;
      if (unplaced.remove(UNPROVEN)) {
        // An array of runtime size: only the symbolic proof places its loads.
        unplaced.addAll(s.unprovenLoads(array));
      } else {
        unplaced.retainAll(s.unprovenLoads(array));
      }
      provenFull = s.full(array);
    }
  }

  /** Loads proved to read an element nothing has written yet: they read 0.0. */
  public Set<Integer> freshLoads() {
    return fresh;
  }

  /** True if every load of the array provably reads an element written earlier in the run. */
  public boolean readsOnlyWritten() {
    refine();
    return fresh.isEmpty() && unplaced.isEmpty();
  }

  /** True if every element is provably written by the end of the run. */
  public boolean coversAll() {
    refine();
    return provenFull || !unknown && allWritten();
  }

  private boolean allWritten() {
    return written.cardinality() == size;
  }

  /** Stores to elements it cannot place: unknown from now on, unless all are written already. */
  private void markUnknown() {
    if (!allWritten()) {
      unknown = true;
    }
  }

  private void run(List<Node> block) {
    for (Node n : block) {
      visit(n);
    }
  }

  private List<Integer> indexOf(Node n) {
    return nests.indexOf(n);
  }

  private void visit(Node n) {
    if (n instanceof Node.Load l && l.array() == array) {
      int off = constantOffset(indexOf(l));
      if (off < 0 && !unknown && written.isEmpty()) {
        // Nothing is written yet, so whichever element an unknown index picks is fresh.
        fresh.add(l.id());
      } else {
        classify(l.id(), off < 0 ? null : single(off));
      }
    } else if (n instanceof Node.Store s && s.array() == array) {
      int off = constantOffset(indexOf(s));
      if (off < 0) {
        markUnknown();
      } else {
        written.set(off);
      }
    } else if (n instanceof Node.Loop loop) {
      List<Access> inLoop = nests.inLoop(loop);
      if (!inLoop.isEmpty() && !visitSlices(loop, inLoop)) {
        visitNest(inLoop);
      }
    } else if (n instanceof Node.If b) {
      // Either arm may run: nothing in them is placed.
      opaque(nests.inBranch(b));
    }
  }

  /**
   * Accesses whose elements, or whether they run at all, are not known: every load is unplaced, and
   * after a store the written set is unknown.
   */
  private void opaque(List<Access> accesses) {
    for (Access a : accesses) {
      if (a.node() instanceof Node.Load) {
        classify(a.node().id(), null);
      }
    }
    if (accesses.stream().anyMatch(a -> a.node() instanceof Node.Store)) {
      markUnknown();
    }
  }

  /**
   * Files load {@code id} reading {@code elements} (null: unknown) under the current state: fresh
   * if none is written yet, unplaced if it cannot tell; a load of written elements needs nothing.
   */
  private static BitSet single(int offset) {
    BitSet b = new BitSet(offset + 1);
    b.set(offset);
    return b;
  }

  private void classify(int id, BitSet elements) {
    if (allWritten()) {
      return;
    }
    if (unknown || elements == null) {
      unplaced.add(id);
    } else if (!elements.intersects(written)) {
      fresh.add(id);
    } else {
      BitSet unwritten = (BitSet) elements.clone();
      unwritten.andNot(written);
      if (!unwritten.isEmpty()) {
        unplaced.add(id);
      }
    }
  }

  /**
   * If every access indexes its first dimension with {@code loop}'s index, each iteration owns one
   * slice: analyzes the body once for a slice that is wholly unwritten or wholly written, and
   * returns true.
   */
  private boolean visitSlices(Node.Loop loop, List<Access> accesses) {
    int lead = loop.body().index().id();
    if (shape.isEmpty()
        || !loop.isCounted()
        || loop.count() > shape.get(0)
        || !accesses.stream().allMatch(a -> a.index().get(0) == lead)) {
      return false;
    }
    int slice = size / shape.get(0);
    int touched = loop.count() * slice;
    int firstSet = written.nextSetBit(0);
    boolean none = !unknown && (firstSet < 0 || firstSet >= touched);
    boolean all = written.nextClearBit(0) >= touched;
    if (exhaustive) {
      none = !unknown && written.get(0, touched).isEmpty();
      all = written.get(0, touched).cardinality() == touched;
    }
    if (unknown && !all || !none && !all) {
      return false;
    }
    FirstWrites inner =
        new FirstWrites(byId, array, shape.subList(1, shape.size()), drop + 1, this, exhaustive);
    if (all) {
      inner.written.set(0, slice);
    }
    inner.run(loop.body().nodes());
    if (inner.unknown) {
      markUnknown();
    }
    BitSet w = inner.written;
    if (exhaustive) {
      for (int s = 0; s < loop.count(); s++) {
        for (int o = w.nextSetBit(0); o >= 0; o = w.nextSetBit(o + 1)) {
          written.set(s * slice + o);
        }
      }
      return true;
    }
    // Every slice gets the inner set: all slices at once when it is the whole slice (as for a
    // one-dimensional array, whose slices are elements), else run by run, not bit by bit.
    if (w.nextClearBit(0) >= slice) {
      written.set(0, touched);
      return true;
    }
    int from = w.nextSetBit(0);
    while (from >= 0) {
      int to = w.nextClearBit(from);
      for (int s = 0; s < loop.count(); s++) {
        written.set(s * slice + from, s * slice + to);
      }
      from = w.nextSetBit(to);
    }
    return true;
  }

  private void visitNest(List<Access> accesses) {
    if (accesses.stream().anyMatch(Access::opaque)) {
      opaque(accesses);
      return;
    }
    List<Access> stores = accesses.stream().filter(a -> a.node() instanceof Node.Store).toList();
    if (stores.isEmpty()) {
      for (Access a : accesses) {
        classify(a.node().id(), nests.elements(a, byId, shape, false, exhaustive));
      }
      return;
    }
    List<Node> block = stores.get(0).block();
    Map<List<Integer>, BitSet> visited = new LinkedHashMap<>();
    BitSet union = new BitSet();
    boolean understood = accesses.stream().allMatch(a -> a.block() == block);
    for (Access st : stores) {
      if (!understood || visited.containsKey(st.index())) {
        continue;
      }
      BitSet e = nests.elements(st, byId, shape, true, exhaustive);
      understood = e != null && !e.intersects(union);
      if (understood) {
        visited.put(st.index(), e);
        union.or(e);
      }
    }
    for (Access a : accesses) {
      understood &= visited.containsKey(a.index());
    }
    if (!understood) {
      for (Access a : accesses) {
        if (a.node() instanceof Node.Load) {
          classify(a.node().id(), null);
        }
      }
      markUnknown();
      return;
    }
    // Distinct indices visit disjoint elements, each once: a load reads what a store of its own
    // index put there earlier in the iteration, or else what was there before the loop.
    Set<List<Integer>> storedSoFar = new HashSet<>();
    for (Node n : block) {
      if (n instanceof Node.Store s && s.array() == array) {
        storedSoFar.add(indexOf(s));
      } else if (n instanceof Node.Load l && l.array() == array) {
        // A load after a store of its own index reads that store: nothing to file.
        if (!storedSoFar.contains(indexOf(l))) {
          classify(l.id(), visited.get(indexOf(l)));
        }
      }
    }
    written.or(union);
  }

  private int constantOffset(List<Integer> index) {
    int off = 0;
    for (int d = 0; d < index.size(); d++) {
      if (!(byId.get(index.get(d)) instanceof Node.Const c)) {
        return -1;
      }
      int i = (int) c.value();
      if (i < 0 || i >= shape.get(d)) {
        return -1;
      }
      off = off * shape.get(d) + i;
    }
    return off;
  }
}
