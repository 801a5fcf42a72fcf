package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage of dynamic lists ({@link ListState.Mode#DYNAMIC}): one growable array laid out from
 * the first element added (Values, rows of one length, or instance numbers of inner lists), indexed
 * by element and, when the creation site runs more than once, by instance. Rows read before any is
 * added get the lengths an earlier attempt learned, or a placeholder that makes the tracer start
 * again.
 */
final class ListStorage {
  private final TraceState st;

  ListStorage(Tracer t) {
    this.st = t.st;
  }

  /** The size an instance can reach, as the previous attempt found it (null: none known). */
  Sym knownBound(ListState l) {
    return l.creation == null ? null : st.facts.listBounds.get(l.creation);
  }

  /** Stores {@code v} as element {@code s} of a dynamic list. */
  void store(AVal.ListRef ref, int s, AVal v, Tree at) {
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
      List<Integer> idx = index(l, s, ref);
      List<AVal.Int> dims = new ArrayList<>(l.rowDims);
      for (int k = 0; k < dims.size() && k < row.rank(); k++) {
        if (l.rowLengths.get(k) < 0) {
          continue;
        }
        // A ragged dimension: any length up to the bound the storage was laid out with.
        AVal.Int d = row.dims().get(k);
        Sym most = l.rowDims.get(k).sym();
        Sym dBound = raggedBound(d.sym());
        if (!Bounds.le(d.sym(), most)
            && !(dBound != null && (dBound.equals(most) || Bounds.le(dBound, most)))) {
          throw st.error(
              Code.LIST_GROWTH,
              "this list holds arrays of at most "
                  + Sym.text(l.rowDims.get(k).sym())
                  + " elements (the largest length of its first array); an array of length "
                  + Sym.text(d.sym())
                  + " cannot be added",
              at);
        }
        dims.set(k, d);
        rawStore(l.rowLengths.get(k), idx, st.intId(d));
      }
      AVal.Arr slot = new AVal.Arr(l.storage, idx, dims, JType.Base.VALUE, null);
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
  void layout(ListState l, AVal v, Tree at) {
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
      if (inner.state().mode != ListState.Mode.DYNAMIC) {
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
      List<Extent> leading = List.copyOf(extents);
      List<AVal.Int> dims = new ArrayList<>();
      List<Integer> lengths = new ArrayList<>();
      for (AVal.Int d : row.dims()) {
        Sym bound = d.isConstant() || Sym.hoistable(d.sym()) ? null : raggedBound(d.sym());
        if (d.isConstant()) {
          extents.add(Extent.of(d.constant()));
          dims.add(d);
          lengths.add(-1);
        } else if (Sym.hoistable(d.sym())) {
          int id = st.syms.topLevel(d.sym());
          extents.add(new Extent.Dynamic(id));
          dims.add(AVal.Int.node(id, d.sym()));
          lengths.add(-1);
        } else if (bound != null && !l.placeholder) {
          // Arrays of lengths that vary (a triangle): laid out at the largest length, each
          // element's own length kept beside it.
          AVal.Int top = topLevelInt(bound);
          extents.add(top.isConstant() ? Extent.of(top.constant()) : new Extent.Dynamic(top.id()));
          dims.add(top);
          int lens =
              st.b.declare(
                  st.uniqueName(l.name + "Length"),
                  ScalarType.I32,
                  leading,
                  ArrayDecl.Role.LOCAL,
                  true);
          st.created(lens);
          lengths.add(lens);
        } else {
          throw st.error(
              Code.LIST_GROWTH,
              "the arrays added to this list have a length known only inside a loop or branch,"
                  + " with no bound known before the loop",
              at);
        }
      }
      l.rowDims = dims;
      l.rowLengths = lengths;
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

  /** The largest value of length {@code d} before every loop, never negative; null if unknown. */
  private static Sym raggedBound(Sym d) {
    Sym bound = Bounds.upper(d);
    if (bound == null || !Sym.hoistable(bound)) {
      return null;
    }
    return Bounds.simplify(Bounds.nonNegative(bound) ? bound : Sym.max0(bound));
  }

  AVal.Int topLevelInt(Sym s) {
    return s instanceof Sym.K k ? AVal.Int.of(k.value()) : AVal.Int.node(st.syms.topLevel(s), s);
  }

  static boolean isSingle(ListState l) {
    return l.instances instanceof Extent.Fixed f && f.size() == 1;
  }

  List<Integer> index(ListState l, int element, AVal.ListRef ref) {
    List<Integer> idx = new ArrayList<>();
    idx.add(element);
    if (!isSingle(l)) {
      idx.add(st.intId(ref.inst()));
    }
    return idx;
  }

  /** Element {@code s} (in range) of a dynamic list of arrays, as an array. */
  AVal.Arr rowAt(AVal.ListRef ref, int s) {
    ListState l = ref.state();
    List<Integer> idx = index(l, s, ref);
    List<AVal.Int> dims = new ArrayList<>(l.rowDims);
    for (int k = 0; k < dims.size(); k++) {
      if (l.rowLengths != null && l.rowLengths.get(k) >= 0) {
        int n = st.rec(st.b.load(l.rowLengths.get(k), idx));
        dims.set(
            k, st.syms.intNode(n, new Sym.Capped(n, st.b.depth() == 0, l.rowDims.get(k).sym())));
      }
    }
    return new AVal.Arr(l.storage, idx, dims, JType.Base.VALUE, null);
  }

  /** Whether the arrays of {@code l} may differ in length. */
  static boolean ragged(ListState l) {
    return l.rowLengths != null && l.rowLengths.stream().anyMatch(k -> k >= 0);
  }

  void rawStore(int array, List<Integer> index, int value) {
    st.rec(st.b.add(new Node.Store(st.b.freshId(), array, index, value)));
  }

  /** Element {@code s} (known to be in range) of a dynamic list. */
  AVal at(AVal.ListRef ref, int s, Tree at) {
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
      return new AVal.ListRef(l.inner, st.syms.intNode(inst, null));
    }
    if (l.rowDims != null) {
      return rowAt(ref, s);
    }
    return new AVal.Num(st.rec(st.b.load(l.storage, index(l, s, ref))), true, null);
  }
}
