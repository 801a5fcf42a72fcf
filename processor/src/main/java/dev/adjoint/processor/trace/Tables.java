package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code new Value[n][]} tables of row references. A row is assigned with a compile-time index at
 * the table's own loop depth, or by the loop over all rows ({@code out[i] = f(...)}), whose
 * per-iteration arrays then form the table directly. Uses of the whole table (return, calls,
 * for-each, a runtime row index) see it as one 2-D array, a copy of the rows when they are separate
 * arrays; {@link dev.adjoint.processor.ir.WriteOnceCheck} then proves the rows were complete, so
 * later writes cannot make the copy stale.
 */
final class Tables {
  private final Tracer t;
  private final TraceState st;

  Tables(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  AVal.Table create(String name, int rows, JType.Base elem) {
    return create(name, AVal.Int.of(rows), elem);
  }

  /** A table of {@code rows} rows (a runtime count: the rows must come from a loop over all). */
  AVal.Table create(String name, AVal.Int rows, JType.Base elem) {
    List<Integer> prefix = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      prefix.add(f.index);
    }
    TableState tab = new TableState(name, rows, elem, st.loops.size(), prefix);
    tab.branchDepth = st.pure;
    tab.regionDepth = st.regionDepth;
    return new AVal.Table(tab);
  }

  /** {@code table[i] = row}. */
  void assign(TableState tab, AVal.Int i, AVal value, Tree at) {
    if (!(value instanceof AVal.Arr row) || row.rank() != 1 || row.elem() != tab.elem) {
      throw st.error(
          Code.UNSUPPORTED_TYPE,
          "a row of a "
              + JType.array(tab.elem, 2)
              + " must be a "
              + JType.array(tab.elem, 1)
              + ", not "
              + ExpressionTracer.describe(value),
          at);
    }
    if (tab.branchDepth != st.pure) {
      st.effect();
    }
    if (st.regionDepth > tab.regionDepth) {
      throw st.error(
          Code.MERGED_REFERENCES,
          "the rows of " + tab.name + " are assigned under a runtime condition",
          at);
    }
    if (tab.collapsed) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX, "the rows of " + tab.name + " were already set by a loop", at);
    }
    int depth = st.loops.size();
    if (depth == tab.depth && i.isConstant() && tab.rows >= 0) {
      if (i.constant() < 0 || i.constant() >= tab.rows) {
        throw st.error(
            Code.INDEX_OUT_OF_BOUNDS,
            "row " + i.constant() + " of " + tab.name + " (" + tab.rows + " rows)",
            at);
      }
      tab.assigned[i.constant()] = row;
      tab.dense = null;
      return;
    }
    LoopFrame loop = st.loops.peek();
    List<Integer> expected = new ArrayList<>(tab.prefix);
    if (loop != null) {
      expected.add(loop.index());
    }
    boolean wholeLoop =
        depth == tab.depth + 1
            && !i.isConstant()
            && i.id() == loop.index()
            && !loop.descending()
            && (tab.rows >= 0
                ? loop.trips.isFixed() && loop.tripsSym instanceof Sym.K k && k.value() == tab.rows
                : !loop.stopsEarly && sameCount(loop.tripsSym, rowCountSym(tab)))
            && row.prefix().equals(expected)
            && emptyRows(tab);
    if (!wholeLoop && row.flat() && depth > tab.depth) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "the rows of "
              + tab.name
              + " are made inside a loop whose trip count is known only inside it (a while or"
              + " do loop, or one that may stop early), where they cannot form a table; keep"
              + " them in a List<Value[]> instead",
          at);
    }
    if (!wholeLoop && tab.rows < 0) {
      throw st.error(
          Code.TABLE_ROWS,
          "the rows of "
              + tab.name
              + " (a row count known only at run time) must be set as "
              + tab.name
              + "[i] = <an array made in that iteration> in one loop over all of them",
          at);
    }
    if (!wholeLoop) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "rows of "
              + tab.name
              + " can be assigned with constant indices, or as "
              + tab.name
              + "[i] = <an array made in that iteration> in the loop over all its"
              + " rows",
          at);
    }
    List<AVal.Int> dims = new ArrayList<>();
    dims.add(tab.rowCount);
    dims.addAll(row.dims());
    if (row.flat() || !row.suffix().isEmpty()) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "rows of " + tab.name + " made in a loop whose trip count is only known inside it",
          at);
    }
    boolean ragged = false;
    for (AVal.Int d : row.dims()) {
      ragged |= !d.isConstant() && !Sym.hoistable(d.sym());
    }
    if (ragged) {
      raggedRows(tab, row, i, dims, at);
    }
    tab.dense = new AVal.Arr(row.array(), tab.prefix, dims, tab.elem, null);
    tab.collapsed = true;
  }

  /**
   * Rows whose lengths vary with the iteration (a triangle): the table views the rows' storage at
   * its bounding lengths ({@code dims}, updated), and keeps each row's own length in an int array
   * beside it, read by {@link #row}.
   */
  private void raggedRows(TableState tab, AVal.Arr row, AVal.Int i, List<AVal.Int> dims, Tree at) {
    List<Extent> extents = st.decl(row.array()).extents();
    int first = extents.size() - row.rank();
    List<Extent> lengthExtents = new ArrayList<>();
    List<LoopFrame> outer = st.openLoops().subList(0, tab.depth);
    for (LoopFrame f : outer) {
      Sym e = f.trips.isFixed() ? new Sym.K(f.trips.fixed()) : f.extentSym();
      if (e == null || !f.rectangular()) {
        throw st.error(
            Code.TABLE_ROWS,
            "the rows of "
                + tab.name
                + " have lengths that vary, and the table is made in a loop whose trip count"
                + " is known only inside it",
            at);
      }
      lengthExtents.add(st.memory.extent(e));
    }
    // The row count, or its largest value over the loops the table is made in.
    Sym count = rowCountSym(tab);
    if (!tab.rowCount.isConstant() && !Sym.hoistable(count)) {
      count = Bounds.upper(count);
    }
    if (!tab.rowCount.isConstant() && (count == null || !Sym.hoistable(count))) {
      throw st.error(
          Code.TABLE_ROWS,
          "the rows of "
              + tab.name
              + " have lengths that vary, and its row count has no bound known"
              + " before the loops",
          at);
    }
    lengthExtents.add(
        tab.rowCount.isConstant()
            ? Extent.of(tab.rowCount.constant())
            : st.memory.extent(Bounds.simplify(count)));
    tab.lengths = new ArrayList<>();
    for (int k = 0; k < row.rank(); k++) {
      AVal.Int d = row.dims().get(k);
      if (d.isConstant() || Sym.hoistable(d.sym())) {
        tab.lengths.add(null);
        continue;
      }
      Extent e = extents.get(first + k);
      dims.set(
          k + 1,
          e instanceof Extent.Dynamic dyn
              ? AVal.Int.node(dyn.id(), new Sym.Val(dyn.id(), true))
              : AVal.Int.of(e.fixed()));
      int id =
          st.b.declare(
              st.uniqueName(tab.name + "Length"),
              ScalarType.I32,
              lengthExtents,
              ArrayDecl.Role.LOCAL,
              false);
      st.created(id);
      AVal.Arr lengths = new AVal.Arr(id, tab.prefix, List.of(tab.rowCount), JType.Base.INT, null);
      st.store(lengths, List.of(i), st.intId(d), at);
      tab.lengths.add(lengths);
    }
  }

  /** The row count, known not to be negative (the creation checked it). */
  private static Sym rowCountSym(TableState tab) {
    Sym n = tab.rowCount.sym();
    return Bounds.nonNegative(n) ? n : Sym.max0(n);
  }

  private static boolean sameCount(Sym a, Sym b) {
    a = withoutMax0(a);
    b = withoutMax0(b);
    return a != null && b != null && (a.equals(b) || Bounds.le(a, b) && Bounds.le(b, a));
  }

  /** {@code s} without the outer {@code max(0, ..)}s whose argument is never negative. */
  private static Sym withoutMax0(Sym s) {
    while (s instanceof Sym.Bin b
        && b.op() == Op.IMAX
        && b.a() instanceof Sym.K k
        && k.value() == 0
        && Bounds.nonNegative(b.b())) {
      s = b.b();
    }
    return s;
  }

  private static boolean emptyRows(TableState tab) {
    for (AVal.Arr r : tab.assigned) {
      if (r != null) {
        return false;
      }
    }
    return true;
  }

  /** {@code table[i]}. */
  AVal.Arr row(TableState tab, AVal.Int i, Tree at) {
    if (tab.dense == null && i.isConstant() && tab.rows >= 0) {
      if (i.constant() < 0 || i.constant() >= tab.rows) {
        throw st.error(
            Code.INDEX_OUT_OF_BOUNDS,
            "row " + i.constant() + " of " + tab.name + " (" + tab.rows + " rows)",
            at);
      }
      AVal.Arr r = tab.assigned[i.constant()];
      if (r == null) {
        throw st.error(
            Code.READ_UNWRITTEN,
            "row " + i.constant() + " of " + tab.name + " is not assigned",
            at);
      }
      return r;
    }
    if (tab.lengths != null) {
      AVal.Arr r = st.row(tab.dense, i, at);
      List<AVal.Int> dims = new ArrayList<>(r.dims());
      for (int k = 0; k < dims.size(); k++) {
        AVal.Arr lengths = tab.lengths.get(k);
        if (lengths != null) {
          AVal.Int n = (AVal.Int) st.load(lengths, List.of(i), at);
          dims.set(
              k,
              st.syms.intNode(
                  n.id(), new Sym.Capped(n.id(), st.b.depth() == 0, dims.get(k).sym())));
        }
      }
      return new AVal.Arr(r.array(), r.prefix(), dims, r.elem(), r.base(), r.suffix());
    }
    return st.row(dense(tab, at), i, at);
  }

  /** The whole table as one 2-D array (copying separate rows into a new one). */
  AVal.Arr dense(TableState tab, Tree at) {
    if (tab.lengths != null) {
      throw st.error(
          Code.TABLE_ROWS,
          tab.name
              + " has rows of different lengths; only rectangular tables can be used whole"
              + " (index its rows, or iterate over them with a for-each)",
          at);
    }
    if (tab.dense != null) {
      return tab.dense;
    }
    if (tab.rows < 0) {
      throw st.error(
          Code.TABLE_ROWS,
          tab.name
              + " has "
              + Sym.text(tab.rowCount.sym())
              + " rows, known only at run time,"
              + " and they were not all set by one loop over them",
          at);
    }
    AVal.Arr first = null;
    for (int k = 0; k < tab.rows; k++) {
      AVal.Arr r = tab.assigned[k];
      if (r == null) {
        throw st.error(
            Code.READ_UNWRITTEN, "row " + k + " of " + tab.name + " is not assigned", at);
      }
      if (first != null && !Regions.sameDims(first, r)) {
        throw st.error(
            Code.SHAPE_MISMATCH,
            tab.name
                + " has rows of lengths "
                + Sym.text(first.length().sym())
                + " and "
                + Sym.text(r.length().sym())
                + "; only rectangular tables can be used whole",
            at);
      }
      if (first == null) {
        first = r;
      }
    }
    AVal.Int cols = first == null ? AVal.Int.of(0) : first.length();
    AVal.Arr copy;
    if (cols.isConstant()) {
      copy =
          st.newLocal(t.alloc.uniqueName(tab.name), tab.elem, List.of(tab.rows, cols.constant()));
    } else {
      copy =
          st.memory.allocate(
              t.alloc.uniqueName(tab.name), tab.elem, List.of(AVal.Int.of(tab.rows), cols), at);
    }
    if (tab.elem == JType.Base.VALUE) {
      st.init.derived(copy.array(), at);
    }
    for (int k = 0; k < tab.rows; k++) {
      AVal.Arr from = tab.assigned[k];
      AVal.Int row = AVal.Int.of(k);
      st.loop(
          cols,
          List.of(),
          (j, c) -> {
            AVal.Int jj = st.syms.indexOf(j);
            if (st.facts.dynamic && tab.elem == JType.Base.VALUE) {
              st.memory.copyElement(from, List.of(jj), copy, List.of(row, jj), at);
              return List.of();
            }
            AVal v = st.load(from, List.of(jj), at);
            int id = st.elementId(tab.elem, v);
            st.memory.store(copy, List.of(row, jj), id, at, false);
            return List.of();
          });
    }
    if (st.loops.size() == tab.depth) {
      // Outside the table's loop depth the copy is per iteration, so it is not kept.
      tab.dense = copy;
    }
    return copy;
  }

  /** An array or a table as a 2-D (or 1-D) array; anything else unchanged. */
  AVal asArray(AVal v, Tree at) {
    return v instanceof AVal.Table tab ? dense(tab.state(), at) : v;
  }
}
