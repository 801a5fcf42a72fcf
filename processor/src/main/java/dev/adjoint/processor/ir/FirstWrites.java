package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /** Arrays with more elements are not analyzed: the proof enumerates the elements visited. */
  public static final int MAX_ELEMENTS = 1 << 22;

  private final Map<Integer, Node> byId;
  private final int array;
  private final List<Integer> shape;
  private final int size;
  private final int drop;
  private final BitSet written = new BitSet();
  private boolean unknown;
  private final Set<Integer> fresh;
  private final Set<Integer> unplaced;

  private FirstWrites(
      Map<Integer, Node> byId, int array, List<Integer> shape, int drop, FirstWrites parent) {
    this.byId = byId;
    this.array = array;
    this.shape = shape;
    this.drop = drop;
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
    FirstWrites w = new FirstWrites(byId, array, f.array(array).shape(), 0, null);
    w.run(f.body());
    return w;
  }

  /** Per non-input array of {@code f}, in declaration order. */
  public static Map<Integer, FirstWrites> ofAll(Function f) {
    Map<Integer, Node> byId = f.nodesById();
    Map<Integer, FirstWrites> out = new LinkedHashMap<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        out.put(a.id(), of(f, byId, a.id()));
      }
    }
    return out;
  }

  /** Loads proved to read an element nothing has written yet: they read 0.0. */
  public Set<Integer> freshLoads() {
    return fresh;
  }

  /** True if every load of the array provably reads an element written earlier in the run. */
  public boolean readsOnlyWritten() {
    return fresh.isEmpty() && unplaced.isEmpty();
  }

  /** True if every element is provably written by the end of the run. */
  public boolean coversAll() {
    return !unknown && allWritten();
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
    List<Integer> index = n instanceof Node.Load l ? l.index() : ((Node.Store) n).index();
    return index.subList(drop, index.size());
  }

  private boolean isAccess(Node n) {
    return n instanceof Node.Load l && l.array() == array
        || n instanceof Node.Store s && s.array() == array;
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
      List<Access> accesses = new ArrayList<>();
      collect(loop, new ArrayList<>(), accesses);
      if (!accesses.isEmpty() && !visitSlices(loop, accesses)) {
        visitNest(accesses);
      }
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

  /** An access inside a loop nest, with the loops enclosing it (outermost first). */
  private record Access(Node node, List<Integer> index, List<Node.Loop> loops, List<Node> block) {}

  private void collect(Node.Loop loop, List<Node.Loop> outer, List<Access> out) {
    List<Node.Loop> loops = new ArrayList<>(outer);
    loops.add(loop);
    for (Node n : loop.body().nodes()) {
      if (isAccess(n)) {
        out.add(new Access(n, indexOf(n), loops, loop.body().nodes()));
      } else if (n instanceof Node.Loop inner) {
        collect(inner, loops, out);
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
        || loop.count() > shape.get(0)
        || !accesses.stream().allMatch(a -> a.index().get(0) == lead)) {
      return false;
    }
    int slice = size / shape.get(0);
    int touched = loop.count() * slice;
    boolean none = !unknown && written.get(0, touched).isEmpty();
    boolean all = written.get(0, touched).cardinality() == touched;
    if (unknown && !all || !none && !all) {
      return false;
    }
    FirstWrites inner =
        new FirstWrites(byId, array, shape.subList(1, shape.size()), drop + 1, this);
    if (all) {
      inner.written.set(0, slice);
    }
    inner.run(loop.body().nodes());
    if (inner.unknown) {
      markUnknown();
    }
    for (int s = 0; s < loop.count(); s++) {
      for (int o = inner.written.nextSetBit(0); o >= 0; o = inner.written.nextSetBit(o + 1)) {
        written.set(s * slice + o);
      }
    }
    return true;
  }

  private void visitNest(List<Access> accesses) {
    List<Access> stores = accesses.stream().filter(a -> a.node() instanceof Node.Store).toList();
    if (stores.isEmpty()) {
      for (Access a : accesses) {
        classify(a.node().id(), elements(a, false));
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
      BitSet e = elements(st, true);
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

  /**
   * The flat offsets access {@code a} visits over every iteration of its nest, if each component is
   * affine in the nest's indices and within bounds; with {@code once}, only if no element is
   * visited twice.
   */
  private BitSet elements(Access a, boolean once) {
    List<Node.Loop> loops = a.loops();
    long[][] terms = new long[a.index().size()][];
    for (int d = 0; d < terms.length; d++) {
      terms[d] = affine(a.index().get(d), loops);
      if (terms[d] == null) {
        return null;
      }
    }
    long visits = 1;
    for (Node.Loop l : loops) {
      visits *= l.count();
      if (visits > MAX_ELEMENTS) {
        return null;
      }
    }
    BitSet seen = new BitSet();
    int[] at = new int[loops.size()];
    for (long v = 0; v < visits; v++) {
      long rest = v;
      for (int p = loops.size() - 1; p >= 0; p--) {
        at[p] = (int) (rest % loops.get(p).count());
        rest /= loops.get(p).count();
      }
      long off = 0;
      for (int d = 0; d < terms.length; d++) {
        long x = terms[d][loops.size()];
        for (int p = 0; p < loops.size(); p++) {
          x += terms[d][p] * at[p];
        }
        if (x < 0 || x >= shape.get(d)) {
          return null;
        }
        off = off * shape.get(d) + x;
      }
      if (once && seen.get((int) off)) {
        return null;
      }
      seen.set((int) off);
    }
    return seen;
  }

  /**
   * {@code n} as coefficients of {@code loops}' indices followed by a constant, or null if it is
   * not an affine function of them.
   */
  private long[] affine(int id, List<Node.Loop> loops) {
    Node n = byId.get(id);
    long[] t = new long[loops.size() + 1];
    if (n instanceof Node.Const c) {
      t[loops.size()] = (long) c.value();
      return t;
    }
    if (n instanceof Node.Index) {
      for (int p = 0; p < loops.size(); p++) {
        if (loops.get(p).body().index().id() == id) {
          t[p] = 1;
          return t;
        }
      }
      return null;
    }
    if (!(n instanceof Node.Apply a)
        || a.op() != Op.IADD && a.op() != Op.ISUB && a.op() != Op.IMUL) {
      return null;
    }
    long[] x = affine(a.operands().get(0), loops);
    long[] y = x == null ? null : affine(a.operands().get(1), loops);
    if (y == null) {
      return null;
    }
    if (a.op() == Op.IMUL) {
      boolean xConstant = isConstant(x);
      if (!xConstant && !isConstant(y)) {
        return null;
      }
      long k = xConstant ? x[loops.size()] : y[loops.size()];
      long[] v = xConstant ? y : x;
      for (int p = 0; p <= loops.size(); p++) {
        t[p] = k * v[p];
      }
      return t;
    }
    for (int p = 0; p <= loops.size(); p++) {
      t[p] = a.op() == Op.IADD ? x[p] + y[p] : x[p] - y[p];
    }
    return t;
  }

  private static boolean isConstant(long[] t) {
    for (int p = 0; p < t.length - 1; p++) {
      if (t[p] != 0) {
        return false;
      }
    }
    return true;
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
