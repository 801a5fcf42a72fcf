package dev.adjoint.processor.trace;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code List} operations. A list starts static ({@link ListState.Mode#STATIC}): its size is a
 * compile-time constant, except while a loop that adds to it is traced, when each iteration adds
 * exactly one element, unconditionally, at index {@code sizeBeforeTheLoop + iteration} (linearized
 * over nested loops). A list that grows in any other way (in a branch, in a loop whose trip count
 * is known only at run time, more than once per iteration, with its size read meanwhile), or that
 * holds arrays or lists, is dynamic: the tracer starts again with it so ({@link ListStorage} lays
 * it out).
 */
final class Lists {
  private final Tracer t;
  private final TraceState st;

  private final ListStorage storage;

  Lists(Tracer t) {
    this.t = t;
    this.st = t.st;
    this.storage = new ListStorage(t);
  }

  boolean dynamic(ListState l) {
    return l.mode == ListState.Mode.DYNAMIC;
  }

  // ---- creation ----

  /** {@code new ArrayList<>()} (growable) or the storage of {@code List.of(...)}. */
  AVal.ListRef create(Tree creation, String name, JType elem, boolean growable) {
    return create(creation, name, elem, growable, false);
  }

  /** A growable list whose size is known only at run time (a copy of a parameter). */
  AVal.ListRef createDynamic(Tree creation, String name, JType elem) {
    return create(creation, name, elem, true, true);
  }

  private AVal.ListRef create(
      Tree creation, String name, JType elem, boolean growable, boolean forceDynamic) {
    boolean dynamic =
        forceDynamic
            || st.facts.dynamicLists.contains(creation)
            || elem != null && !elem.equals(JType.VALUE);
    List<Integer> counts = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      if (!(f.trips.isFixed() && f.tripsSym instanceof Sym.K)) {
        dynamic = true;
      } else {
        counts.add(f.count());
      }
    }
    if (!dynamic) {
      List<Integer> shape = new ArrayList<>(counts);
      shape.add(0);
      int id = st.b.declare(st.uniqueName(name), ScalarType.F64, shape, ArrayDecl.Role.LOCAL);
      st.created(id);
      ListState l =
          ListState.fixed(
              creation, name, growable, id, openIndices(), counts, st.loops.size(), st.regionDepth);
      st.lists.add(l);
      return new AVal.ListRef(l);
    }
    ListState l =
        ListState.dynamic(creation, name, growable, elem, st.regionDepth, st.loops.size());
    l.creationLoops = st.openLoops();
    Sym count = new Sym.K(1);
    AVal.Int inst = AVal.Int.of(0);
    boolean rectangular = true;
    for (LoopFrame f : st.openLoops()) {
      rectangular &= f.rectangular();
    }
    // Inside a loop whose trip count is known only inside it, the lists of the iterations share
    // one storage: each creation empties it, which is exact while no list outlives its
    // iteration (a list of lists may not hold such a list).
    l.reused = !rectangular;
    for (LoopFrame f : rectangular ? st.openLoops() : List.<LoopFrame>of()) {
      Sym extent = f.extentSym();
      AVal.Int trips =
          extent instanceof Sym.K k
              ? AVal.Int.of(k.value())
              : AVal.Int.node(st.syms.topLevel(extent), extent);
      inst = st.syms.ints(Op.IADD, st.syms.ints(Op.IMUL, inst, trips), st.syms.indexOf(f.index));
      count = Sym.mul(count, extent);
    }
    l.instances =
        count instanceof Sym.K k
            ? Extent.of(k.value())
            : new Extent.Dynamic(st.syms.topLevel(count));
    l.sizes =
        st.b.declare(
            st.uniqueName(name + "Size"),
            ScalarType.I32,
            List.of(l.instances),
            ArrayDecl.Role.LOCAL,
            false);
    st.created(l.sizes);
    storage.rawStore(l.sizes, List.of(st.intId(inst)), st.intConstant(0));
    l.creationInst = inst;
    st.lists.add(l);
    return new AVal.ListRef(l, inst);
  }

  private List<Integer> openIndices() {
    List<Integer> out = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      out.add(f.index);
    }
    return out;
  }

  // ---- adding ----

  /** {@code list.add(v)}. */
  void add(AVal.ListRef ref, AVal v, Tree at) {
    ListState l = ref.state();
    if (l.parameter) {
      throw st.facts.written(l.name);
    }
    if (!l.growable) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "adding to an immutable list (List.of, Arrays.asList); use new ArrayList<>()",
          at);
    }
    addUnchecked(ref, v, at);
  }

  /** Adds {@code v} to a list the method owns (also filling an immutable one it creates). */
  void addUnchecked(AVal.ListRef ref, AVal v, Tree at) {
    ListState l = ref.state();
    l.mutations++;
    st.listMutations++;
    if (l.mode == ListState.Mode.STATIC) {
      if (st.conditionalWrite(l.array)) {
        st.effect();
      }
      if (st.regionDepth > l.regionDepth || !(v instanceof AVal.Num)) {
        throw st.facts.dynamicList(l.creation);
      }
      append(l, v, at);
      return;
    }
    if (st.conditionalWrite(l.sizes)) {
      st.effect();
    }
    bound(l);
    countExactly(ref);
    int inst = st.intId(ref.inst());
    int s = st.rec(st.b.load(l.sizes, List.of(inst)));
    storage.store(ref, s, v, at);
    storage.rawStore(l.sizes, List.of(inst), st.apply(Op.IADD, s, st.intConstant(1)));
  }

  /**
   * Counts an add into a dynamic list's exact size: one element here, or, for the adds of the
   * innermost body of the loops between the creation and them, as many per iteration (counted when
   * the loops end, {@link ListState#loopEnded}). An add in a branch, in a loop that may stop early
   * or whose trip count the top level cannot compute, adds at different depths in one iteration, or
   * an add into another instance than the one this iteration created, leaves the size to run time.
   */
  private void countExactly(AVal.ListRef ref) {
    ListState l = ref.state();
    if (l.exactSize == null) {
      return;
    }
    if (st.regionDepth > l.regionDepth || !sameInstance(ref.inst(), l.creationInst)) {
      l.exactSize = null;
      return;
    }
    List<LoopFrame> frames = new ArrayList<>();
    var it = st.loops.iterator();
    for (int i = 0; i < st.loops.size() - l.depth; i++) {
      frames.add(0, it.next());
    }
    if (frames.isEmpty()) {
      if (l.exactPending != null) {
        l.exactSize = null;
      } else {
        l.exactSize = Bounds.simplify(Sym.plus(l.exactSize, 1));
      }
      return;
    }
    for (LoopFrame f : frames) {
      if (f.stopsEarly || f.tripsSym == null || !Sym.hoistable(f.tripsSym)) {
        l.exactSize = null;
        return;
      }
    }
    if (l.exactPending != null) {
      // Another add in the same iteration of the same loops: one more element per iteration.
      if (!l.exactPending.equals(frames) || !(l.exactBlock instanceof Sym.K k && k.value() == 1)) {
        l.exactSize = null;
      } else {
        l.exactAdds++;
      }
      return;
    }
    l.exactPending = frames;
    l.exactAdds = 1;
    l.exactBlock = new Sym.K(1);
  }

  private static boolean sameInstance(AVal.Int a, AVal.Int b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.isConstant() ? b.isConstant() && a.constant() == b.constant() : a.id() == b.id();
  }

  /** Adds an add's share to the bound of a dynamic list's size. */
  private void bound(ListState l) {
    if (l.sizeBound == null) {
      return;
    }
    Sym times = new Sym.K(1);
    for (LoopFrame f : st.openLoops()) {
      if (l.creationLoops.contains(f)) {
        continue;
      }
      Sym trips = f.extentSym();
      if (trips == null || !Sym.rooted(trips)) {
        l.sizeBound = null;
        return;
      }
      times = Sym.mul(times, trips);
    }
    l.sizeBound = Bounds.simplify(Sym.add(l.sizeBound, times));
  }

  /** Stores {@code v} (a Value) as the next element of a static list. */
  void append(ListState l, AVal v, Tree at) {
    int depth = st.loops.size();
    AVal.Int index;
    if (depth == l.depth) {
      index = AVal.Int.of(l.size++);
    } else {
      List<LoopFrame> frames = new ArrayList<>();
      var it = st.loops.iterator();
      for (int i = 0; i < depth - l.depth; i++) {
        frames.add(0, it.next());
      }
      for (LoopFrame f : frames) {
        if (!(f.trips.isFixed() && f.tripsSym instanceof Sym.K) || f.stopsEarly) {
          throw st.facts.dynamicList(l.creation);
        }
        if (l.sizeReads.get(f) != null) {
          // The size is read in a loop that later adds to it.
          throw st.facts.dynamicList(l.creation);
        }
      }
      if (l.pendingLoops != null && (!l.pendingLoops.equals(frames) || l.addsInInnermost > 0)) {
        throw st.facts.dynamicList(l.creation);
      }
      l.pendingLoops = frames;
      l.addsInInnermost = 1;
      l.pendingBlock = 1;
      index = st.syms.plus(AVal.Int.node(linear(frames)), l.size);
    }
    AVal.Arr storage =
        AVal.Arr.fixed(l.array, l.prefix, List.of(Integer.MAX_VALUE), JType.Base.VALUE);
    st.store(storage, List.of(index), st.f64Id(v), at);
  }

  /** The iteration number of the whole nest, outermost loop slowest. */
  private int linear(List<LoopFrame> frames) {
    int acc = -1;
    for (LoopFrame f : frames) {
      int it = f.index();
      if (f.descending()) {
        it = st.apply(Op.ISUB, st.intConstant(f.count() - 1), it);
      }
      acc = acc < 0 ? it : st.apply(Op.IADD, st.apply(Op.IMUL, acc, st.intConstant(f.count())), it);
    }
    return acc;
  }

  // ---- reading ----

  /** {@code list.size()}. */
  AVal.Int size(AVal.ListRef ref, Tree at) {
    ListState l = ref.state();
    if (l.mode == ListState.Mode.DYNAMIC) {
      // Only where the list was created: in a loop below, a later add in the same body would
      // change the size from one iteration to the next.
      if (l.exactSize != null
          && l.exactPending == null
          && st.loops.size() == l.depth
          && sameInstance(ref.inst(), l.creationInst)) {
        return l.exactSize instanceof Sym.K k
            ? AVal.Int.of(k.value())
            : st.syms.intNode(st.syms.topLevel(l.exactSize), l.exactSize);
      }
      int id = st.rec(st.b.load(l.sizes, List.of(st.intId(ref.inst()))));
      Sym bound = storage.knownBound(l);
      return st.syms.intNode(
          id, bound == null ? null : new Sym.Capped(id, st.b.depth() == 0, bound));
    }
    return elements(l, at).length();
  }

  /** The list as an array of its current elements (a static list's size must be known). */
  AVal.Arr elements(ListState l, Tree at) {
    if (l.mode == ListState.Mode.VIEW) {
      return l.view;
    }
    if (l.mode == ListState.Mode.DYNAMIC) {
      throw new IllegalStateException("elements of a dynamic list");
    }
    if (l.growing()) {
      throw st.facts.dynamicList(l.creation);
    }
    var it = st.loops.iterator();
    for (int i = 0; i < st.loops.size() - l.depth; i++) {
      l.sizeReads.putIfAbsent(it.next(), new Site(at, st.unit()));
    }
    return AVal.Arr.fixed(l.array, l.prefix, List.of(l.size), JType.Base.VALUE);
  }

  /** A list of Values as an array of its current elements (any mode). */
  AVal.Arr values(AVal.ListRef ref, Tree at) {
    ListState l = ref.state();
    if (l.mode != ListState.Mode.DYNAMIC) {
      return elements(l, at);
    }
    if (l.rowDims != null || l.inner != null) {
      throw st.error(Code.UNSUPPORTED_TYPE, "a list of " + l.elem + " where Values are needed", at);
    }
    AVal.Int n = size(ref, at);
    if (l.storage < 0) {
      storage.layout(l, new AVal.Num(-1, true, null), at);
    }
    return new AVal.Arr(
        l.storage,
        List.of(),
        List.of(n),
        JType.Base.VALUE,
        null,
        ListStorage.isSingle(l) ? List.of() : List.of(st.intId(ref.inst())));
  }

  /** {@code list.get(i)}. */
  AVal get(AVal.ListRef ref, AVal.Int i, Tree at) {
    ListState l = ref.state();
    if (l.mode == ListState.Mode.VIEW) {
      return element(l.view, i, at);
    }
    if (l.mode == ListState.Mode.STATIC) {
      // While the list grows, elements beyond the size are checked by WriteOnceCheck instead.
      int bound = l.growing() ? Integer.MAX_VALUE : l.size;
      return st.load(
          AVal.Arr.fixed(l.array, l.prefix, List.of(bound), JType.Base.VALUE), List.of(i), at);
    }
    AVal.Int n = size(ref, at);
    int checked = st.apply(Op.CHECK_INDEX, st.intId(i), st.intId(n));
    return storage.at(ref, checked, at);
  }

  private AVal element(AVal.Arr a, AVal.Int i, Tree at) {
    return a.rank() > 1 ? st.row(a, i, at) : st.load(a, List.of(i), at);
  }

  /** {@code list.set(i, v)}; returns the element it replaced. */
  AVal set(AVal.ListRef ref, AVal.Int i, AVal v, Tree at) {
    ListState l = ref.state();
    if (l.parameter) {
      throw st.facts.written(l.name);
    }
    l.mutations++;
    if (l.mode != ListState.Mode.DYNAMIC) {
      AVal.Arr a = l.mode == ListState.Mode.VIEW ? l.view : elements(l, at);
      if (a.rank() > 1) {
        throw st.error(Code.UNSUPPORTED_SYNTAX, "set on a list of arrays", at);
      }
      AVal old = st.load(a, List.of(i), at);
      st.store(a, List.of(i), st.f64Id(v), at);
      return old;
    }
    if (st.conditionalWrite(l.sizes)) {
      st.effect();
    }
    AVal.Int n = size(ref, at);
    int checked = st.apply(Op.CHECK_INDEX, st.intId(i), st.intId(n));
    AVal old = storage.at(ref, checked, at);
    if (old instanceof AVal.Arr row) {
      // The old row is handed back and the slot gets a copy of the new one: copy the old first.
      AVal.Arr keep = st.memory.allocate(st.uniqueName(l.name), row.elem(), row.dims(), at);
      st.merges.copy(row, keep, at);
      old = keep;
    }
    storage.store(ref, checked, v, at);
    return old;
  }

  /** A for-each over a dynamic list: the size at the start, and no change meanwhile. */
  boolean forEach(
      AVal.ListRef ref,
      EnhancedForLoopTree f,
      boolean early,
      List<String> labels,
      LoopTracer loops) {
    ListState l = ref.state();
    AVal.Int n = size(ref, f.getExpression());
    int before = l.mutations;
    boolean completes =
        loops.forEachOf(f, n, i -> storage.at(ref, st.intId(i), f.getExpression()), early, labels);
    if (l.mutations != before) {
      throw st.error(
          Code.LIST_GROWTH,
          "the list is changed inside a for-each over it (Java's iterator fails on a list"
              + " changed while it iterates)",
          f);
    }
    return completes;
  }
}
