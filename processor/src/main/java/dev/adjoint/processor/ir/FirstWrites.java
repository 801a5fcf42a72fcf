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
 * it sits in one block, each store index has components that are constants or {@code index + c} of
 * distinct loops of the nest, all of them used (each element is then visited once), different store
 * indices visit disjoint elements, and every load has the index of one of the stores; a nest
 * without stores is understood load by load. Anything else makes the written set unknown from there
 * on.
 */
public final class FirstWrites {

  /** Arrays with more elements are not analyzed: the proof enumerates the elements visited. */
  public static final int MAX_ELEMENTS = 1 << 22;

  private final Function f;
  private final Map<Integer, Node> byId;
  private final int array;
  private final ArrayDecl decl;
  private final BitSet written = new BitSet();
  private boolean unknown;
  private final Set<Integer> fresh = new HashSet<>();
  private final Set<Integer> stale = new HashSet<>();
  private final Set<Integer> unplaced = new HashSet<>();

  private FirstWrites(Function f, Map<Integer, Node> byId, int array) {
    this.f = f;
    this.byId = byId;
    this.array = array;
    this.decl = f.array(array);
    this.unknown = decl.size() > MAX_ELEMENTS;
  }

  /** The analysis of array {@code array} of {@code f}; {@code byId} is {@code f.nodesById()}. */
  public static FirstWrites of(Function f, Map<Integer, Node> byId, int array) {
    FirstWrites w = new FirstWrites(f, byId, array);
    for (Node n : f.body()) {
      w.visit(n);
    }
    return w;
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
    return !unknown && written.cardinality() == decl.size();
  }

  private boolean allWritten() {
    return written.cardinality() == decl.size();
  }

  private void visit(Node n) {
    if (n instanceof Node.Load l && l.array() == array) {
      int off = constantOffset(l.index());
      classify(l.id(), off < 0 ? null : List.of(off));
    } else if (n instanceof Node.Store s && s.array() == array) {
      int off = constantOffset(s.index());
      if (off < 0) {
        unknown = true;
      } else {
        written.set(off);
      }
    } else if (n instanceof Node.Loop loop) {
      List<Access> accesses = new ArrayList<>();
      collect(loop, new ArrayList<>(), accesses);
      if (!accesses.isEmpty()) {
        visitNest(accesses);
      }
    }
  }

  /** Files load {@code id} reading {@code elements} (null: unknown) under the current state. */
  private void classify(int id, List<Integer> elements) {
    if (allWritten()) {
      stale.add(id);
    } else if (unknown || elements == null) {
      unplaced.add(id);
    } else if (elements.stream().allMatch(written::get)) {
      stale.add(id);
    } else if (elements.stream().noneMatch(written::get)) {
      fresh.add(id);
    } else {
      unplaced.add(id);
    }
  }

  /** An access inside a loop nest, with the loops enclosing it (outermost first). */
  private record Access(Node node, List<Node.Loop> loops, List<Node> block) {
    List<Integer> index() {
      return node instanceof Node.Load l ? l.index() : ((Node.Store) node).index();
    }
  }

  private void collect(Node.Loop loop, List<Node.Loop> outer, List<Access> out) {
    List<Node.Loop> loops = new ArrayList<>(outer);
    loops.add(loop);
    for (Node n : loop.body().nodes()) {
      if (n instanceof Node.Load l && l.array() == array
          || n instanceof Node.Store s && s.array() == array) {
        out.add(new Access(n, loops, loop.body().nodes()));
      } else if (n instanceof Node.Loop inner) {
        collect(inner, loops, out);
      }
    }
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
    Map<List<Integer>, List<Integer>> visited = new LinkedHashMap<>();
    BitSet union = new BitSet();
    boolean understood = accesses.stream().allMatch(a -> a.block() == block);
    for (Access st : stores) {
      if (!understood || visited.containsKey(st.index())) {
        continue;
      }
      List<Integer> e = elements(st, true);
      understood = e != null && e.stream().noneMatch(union::get);
      if (understood) {
        visited.put(st.index(), e);
        e.forEach(union::set);
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
      unknown = true;
      return;
    }
    // Distinct indices visit disjoint elements, each once: a load reads what a store of its own
    // index put there earlier in the iteration, or else what was there before the loop.
    Set<List<Integer>> storedSoFar = new HashSet<>();
    for (Node n : block) {
      if (n instanceof Node.Store s && s.array() == array) {
        storedSoFar.add(s.index());
      } else if (n instanceof Node.Load l && l.array() == array) {
        if (storedSoFar.contains(l.index())) {
          stale.add(l.id());
        } else {
          classify(l.id(), visited.get(l.index()));
        }
      }
    }
    written.or(union);
  }

  /**
   * The flat offsets access {@code a} visits if its index is understood (in the class comment's
   * sense); with {@code once}, only if every loop of its nest is used, so each is visited once.
   */
  private List<Integer> elements(Access a, boolean once) {
    List<Integer> index = a.index();
    List<Node.Loop> loops = a.loops();
    int[] loopOf = new int[index.size()];
    int[] shift = new int[index.size()];
    boolean[] used = new boolean[loops.size()];
    long visits = 1;
    for (int d = 0; d < index.size(); d++) {
      Node c = byId.get(index.get(d));
      loopOf[d] = -1;
      if (c instanceof Node.Const k) {
        shift[d] = (int) k.value();
      } else {
        int[] term = indexTerm(c, loops);
        if (term == null || used[term[0]]) {
          return null;
        }
        used[term[0]] = true;
        loopOf[d] = term[0];
        shift[d] = term[1];
        visits *= loops.get(term[0]).count();
      }
    }
    for (boolean u : used) {
      if (!u && once) {
        return null;
      }
    }
    if (visits > MAX_ELEMENTS) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    if (!enumerate(loops, loopOf, shift, 0, new int[index.size()], out)) {
      return null;
    }
    return out;
  }

  /** Appends every flat offset; false at the first element out of bounds. */
  private boolean enumerate(
      List<Node.Loop> loops, int[] loopOf, int[] shift, int d, int[] at, List<Integer> out) {
    if (d == at.length) {
      int off = 0;
      for (int k = 0; k < at.length; k++) {
        if (at[k] < 0 || at[k] >= decl.shape().get(k)) {
          return false;
        }
        off = off * decl.shape().get(k) + at[k];
      }
      out.add(off);
      return true;
    }
    int count = loopOf[d] < 0 ? 1 : loops.get(loopOf[d]).count();
    for (int i = 0; i < count; i++) {
      at[d] = (loopOf[d] < 0 ? 0 : i) + shift[d];
      if (!enumerate(loops, loopOf, shift, d + 1, at, out)) {
        return false;
      }
    }
    return true;
  }

  /** {@code {loop position, c}} if {@code n} is {@code index + c} of one of {@code loops}. */
  private int[] indexTerm(Node n, List<Node.Loop> loops) {
    if (n instanceof Node.Index i) {
      for (int p = 0; p < loops.size(); p++) {
        if (loops.get(p).body().index().id() == i.id()) {
          return new int[] {p, 0};
        }
      }
      return null;
    }
    if (n instanceof Node.Apply a && (a.op() == Op.IADD || a.op() == Op.ISUB)) {
      Node x = byId.get(a.operands().get(0));
      Node y = byId.get(a.operands().get(1));
      if (x instanceof Node.Index && y instanceof Node.Const c) {
        int[] t = indexTerm(x, loops);
        int k = (int) c.value();
        return t == null ? null : new int[] {t[0], a.op() == Op.IADD ? k : -k};
      }
      if (a.op() == Op.IADD && y instanceof Node.Index && x instanceof Node.Const c) {
        int[] t = indexTerm(y, loops);
        return t == null ? null : new int[] {t[0], (int) c.value()};
      }
    }
    return null;
  }

  private int constantOffset(List<Integer> index) {
    int off = 0;
    for (int d = 0; d < index.size(); d++) {
      if (!(byId.get(index.get(d)) instanceof Node.Const c)) {
        return -1;
      }
      int i = (int) c.value();
      if (i < 0 || i >= decl.shape().get(d)) {
        return -1;
      }
      off = off * decl.shape().get(d) + i;
    }
    return off;
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
}
