package dev.adjoint.processor.trace;

import com.sun.source.tree.EnhancedForLoopTree;
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
 * {@code List} operations. A list starts static ({@link ListState.Mode#STATIC}): its size is a
 * compile-time constant, except while a loop that adds to it is traced, when each iteration adds
 * exactly one element, unconditionally, at index {@code sizeBeforeTheLoop + iteration} (linearized
 * over nested loops). A list that grows in any other way (in a branch, in a loop whose trip count
 * is known only at run time, more than once per iteration, with its size read meanwhile), or that
 * holds arrays or lists, is dynamic: the tracer starts again with it so.
 */
final class Lists {
  private final Tracer t;
  private final TraceState st;

  Lists(Tracer t) {
    this.t = t;
    this.st = t.st;
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
              : AVal.Int.node(st.topLevel(extent), extent);
      inst = st.ints(Op.IADD, st.ints(Op.IMUL, inst, trips), st.indexOf(f.index));
      count = Sym.mul(count, extent);
    }
    l.instances =
        count instanceof Sym.K k ? Extent.of(k.value()) : new Extent.Dynamic(st.topLevel(count));
    l.sizes =
        st.b.declare(
            st.uniqueName(name + "Size"),
            ScalarType.I32,
            List.of(l.instances),
            ArrayDecl.Role.LOCAL,
            false);
    st.created(l.sizes);
    rawStore(l.sizes, List.of(st.intId(inst)), st.intConstant(0));
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
    int inst = st.intId(ref.inst());
    int s = st.rec(st.b.load(l.sizes, List.of(inst)));
    store(ref, s, v, at);
    rawStore(l.sizes, List.of(inst), st.apply(Op.IADD, s, st.intConstant(1)));
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

  /** The size an instance can reach, as the previous attempt found it (null: none known). */
  private Sym knownBound(ListState l) {
    return l.creation == null ? null : st.facts.listBounds.get(l.creation);
  }

  /** Stores {@code v} as element {@code s} of a dynamic list. */
  private void store(AVal.ListRef ref, int s, AVal v, Tree at) {
    ListState l = ref.state();
    layout(l, v, at);
    if (l.inner != null) {
      ListState inner = ((AVal.ListRef) v).state();
      if (inner.reused) {
        throw st.error(
            Code.LIST_GROWTH,
            "a list created inside a loop whose trip count is known only inside it cannot be"
                + " kept in another list",
            at);
      }
      if (inner != l.inner) {
        throw st.error(
            Code.MERGED_REFERENCES, "a list of lists holds lists created in different places", at);
      }
      rawStore(l.storage, index(l, s, ref), st.intId(((AVal.ListRef) v).inst()));
    } else if (l.rowDims != null) {
      AVal.Arr row = (AVal.Arr) v;
      AVal.Arr slot = rowAt(ref, s);
      if (!Regions.sameDims(row, slot)) {
        throw st.error(
            Code.LIST_GROWTH,
            "this list holds arrays of length "
                + Sym.text(slot.length().sym())
                + "; an array of another length cannot be added",
            at);
      }
      st.merges.share(row, slot, null, "added to a list", at);
    } else {
      rawStore(l.storage, index(l, s, ref), st.f64Id(v));
    }
  }

  /** Declares the storage of a dynamic list from its first element. */
  private void layout(ListState l, AVal v, Tree at) {
    if (l.storage >= 0) {
      if (l.placeholder && v instanceof AVal.Arr row) {
        // Rows were read before the first was added: learn their lengths and trace again.
        List<Sym> dims = new ArrayList<>();
        for (AVal.Int d : row.dims()) {
          if (!Sym.rooted(d.sym())) {
            throw st.error(
                Code.LIST_GROWTH,
                "the rows of "
                    + l.name
                    + " are read before any is added, and their length is"
                    + " not known at entry",
                at);
          }
          dims.add(d.sym());
        }
        throw st.facts.listRows(l.creation, dims);
      }
      return;
    }
    List<Extent> extents = new ArrayList<>();
    extents.add(Extent.of(0));
    if (!isSingle(l)) {
      extents.add(l.instances);
    }
    ScalarType type = ScalarType.F64;
    if (v instanceof AVal.ListRef inner) {
      if (!dynamic(inner.state())) {
        throw st.facts.dynamicList(inner.state().creation);
      }
      if (inner.state().reused) {
        throw st.error(
            Code.LIST_GROWTH,
            "a list created inside a loop whose trip count is known only inside it cannot be"
                + " kept in another list",
            at);
      }
      l.inner = inner.state();
      type = ScalarType.I32;
      l.elem = JType.listOf(inner.state().elem == null ? JType.VALUE : inner.state().elem);
    } else if (v instanceof AVal.Arr row) {
      List<AVal.Int> dims = new ArrayList<>();
      for (AVal.Int d : row.dims()) {
        if (d.isConstant()) {
          extents.add(Extent.of(d.constant()));
          dims.add(d);
        } else if (Sym.hoistable(d.sym())) {
          int id = st.topLevel(d.sym());
          extents.add(new Extent.Dynamic(id));
          dims.add(AVal.Int.node(id, d.sym()));
        } else {
          throw st.error(
              Code.LIST_GROWTH,
              "the arrays added to this list have a length known only inside a loop or branch",
              at);
        }
      }
      l.rowDims = dims;
      l.elem = row.type();
    } else if (!(v instanceof AVal.Num)) {
      throw st.error(Code.UNSUPPORTED_TYPE, "a list of " + ExpressionTracer.describe(v), at);
    }
    l.storage = st.b.declare(st.uniqueName(l.name), type, extents, ArrayDecl.Role.LOCAL, true);
    st.created(l.storage);
    st.aliasing.created(l.storage);
    if (type == ScalarType.F64) {
      st.init.derived(l.storage, l.creation == null ? l : l.creation);
    }
  }

  private AVal.Int topLevelInt(Sym s) {
    return s instanceof Sym.K k ? AVal.Int.of(k.value()) : AVal.Int.node(st.topLevel(s), s);
  }

  private static boolean isSingle(ListState l) {
    return l.instances instanceof Extent.Fixed f && f.size() == 1;
  }

  private List<Integer> index(ListState l, int element, AVal.ListRef ref) {
    List<Integer> idx = new ArrayList<>();
    idx.add(element);
    if (!isSingle(l)) {
      idx.add(st.intId(ref.inst()));
    }
    return idx;
  }

  /** Element {@code s} (in range) of a dynamic list of arrays, as an array. */
  private AVal.Arr rowAt(AVal.ListRef ref, int s) {
    ListState l = ref.state();
    return new AVal.Arr(l.storage, index(l, s, ref), l.rowDims, JType.Base.VALUE, null);
  }

  private void rawStore(int array, List<Integer> index, int value) {
    st.rec(st.b.add(new Node.Store(st.b.freshId(), array, index, value)));
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
      index = st.plus(AVal.Int.node(linear(frames)), l.size);
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
      int id = st.rec(st.b.load(l.sizes, List.of(st.intId(ref.inst()))));
      Sym bound = knownBound(l);
      return st.intNode(id, bound == null ? null : new Sym.Capped(id, st.b.depth() == 0, bound));
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
      layout(l, new AVal.Num(-1, true, null), at);
    }
    return new AVal.Arr(
        l.storage,
        List.of(),
        List.of(n),
        JType.Base.VALUE,
        null,
        isSingle(l) ? List.of() : List.of(st.intId(ref.inst())));
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
    int checked = st.apply(Op.CHECK_INDEX, st.intId(i), n.id());
    return at(ref, checked, at);
  }

  private AVal element(AVal.Arr a, AVal.Int i, Tree at) {
    return a.rank() > 1 ? st.row(a, i, at) : st.load(a, List.of(i), at);
  }

  /** Element {@code s} (known to be in range) of a dynamic list. */
  private AVal at(AVal.ListRef ref, int s, Tree at) {
    ListState l = ref.state();
    if (l.storage < 0 && JType.VALUE.equals(l.elem)) {
      // A list of Values has its layout before any element is added.
      layout(l, new AVal.Num(-1, true, null), at);
    }
    if (l.storage < 0
        && l.elem != null
        && !l.elem.list()
        && l.elem.rank() > 0
        && l.creation != null) {
      // Rows read before the first is added (in a loop, from an earlier iteration): their
      // lengths as learned, or none yet (then nothing was added on this path, and the read of
      // an empty list fails at run time as in Java).
      List<Sym> known = st.facts.listRows.get(l.creation);
      List<AVal.Int> dims = new ArrayList<>();
      for (int k = 0; k < l.elem.rank(); k++) {
        if (known != null) {
          dims.add(topLevelInt(known.get(k)));
        } else {
          // Not a constant: a read of such a row is checked where it runs, never at compile time.
          int zero = st.b.atDepth(0, () -> st.intConstant(0));
          dims.add(AVal.Int.node(zero, new Sym.Val(zero, true)));
        }
      }
      layout(l, new AVal.Arr(-1, List.of(), dims, JType.Base.VALUE, null), at);
      l.placeholder = known == null;
    }
    if (l.storage < 0) {
      throw st.error(
          Code.LIST_GROWTH,
          "the elements of "
              + l.name
              + " are read before any is added (Adjoint lays a list out"
              + " from its first element)",
          at);
    }
    if (l.inner != null) {
      int inst = st.rec(st.b.load(l.storage, index(l, s, ref)));
      return new AVal.ListRef(l.inner, st.intNode(inst, null));
    }
    if (l.rowDims != null) {
      return rowAt(ref, s);
    }
    return new AVal.Num(st.rec(st.b.load(l.storage, index(l, s, ref))), true, null);
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
    int checked = st.apply(Op.CHECK_INDEX, st.intId(i), n.id());
    AVal old = at(ref, checked, at);
    if (old instanceof AVal.Arr row) {
      // The old row is handed back and the slot gets a copy of the new one: copy the old first.
      AVal.Arr keep = st.memory.allocate(st.uniqueName(l.name), row.elem(), row.dims(), at);
      st.merges.copy(row, keep, at);
      old = keep;
    }
    store(ref, checked, v, at);
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
        loops.forEachOf(f, n, i -> at(ref, st.intId(i), f.getExpression()), early, labels);
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
