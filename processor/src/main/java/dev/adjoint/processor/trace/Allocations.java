package dev.adjoint.processor.trace;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates arrays and lists: {@code new Value[n]}, {@code new double[n][m]}, initializers {@code {a,
 * b}}, {@code new ArrayList<>()}, {@code List.of(...)}, {@code Arrays.asList(...)}. Each gets its
 * own IR array, privatized per iteration of the loops open at its creation.
 */
final class Allocations {
  private final Tracer t;
  private final TraceState st;

  Allocations(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** A name for a new IR array, unique within the function (inlined helpers reuse names). */
  String uniqueName(String hint) {
    return st.uniqueName(hint);
  }

  /**
   * {@code new T[n]...} or an initializer; {@code declared} is the variable's type (needed by a
   * bare {@code {a, b}}), {@code name} the variable it initializes.
   */
  AVal newArray(NewArrayTree na, JType declared, String name) {
    JType type;
    if (na.getType() == null) {
      if (declared == null || declared.rank() == 0) {
        throw st.error(Code.UNSUPPORTED_SYNTAX, "an array initializer without a type", na);
      }
      type = declared;
    } else {
      JType elem = t.types.parse(na.getType());
      if (elem == null || elem.list() || !Signatures.arrayElement(elem.base())) {
        throw st.error(Code.UNSUPPORTED_TYPE, "arrays of " + na.getType(), na);
      }
      int dims = na.getDimensions().isEmpty() ? 1 : na.getDimensions().size();
      type = JType.array(elem.base(), elem.rank() + dims);
    }
    if (na.getInitializers() != null) {
      return initialized(na, type, name);
    }
    if (type.rank() == 2 && na.getDimensions().size() == 1) {
      AVal.Int n = t.expr.evalInt(na.getDimensions().get(0));
      if (n.isConstant() && n.constant() < 0) {
        throw st.error(Code.INDEX_OUT_OF_BOUNDS, "negative array length " + n.constant(), na);
      }
      // A negative row count throws here, as in Java.
      return t.tables.create(uniqueName(name), st.memory.nonNegative(n, na), type.base());
    }
    if (na.getDimensions().size() != type.rank()) {
      throw st.error(Code.UNSUPPORTED_SYNTAX, "give the size of every dimension of a " + type, na);
    }
    List<AVal.Int> dims = new ArrayList<>();
    boolean fixed = true;
    for (ExpressionTree d : na.getDimensions()) {
      AVal.Int n = t.expr.evalInt(d);
      if (n.isConstant() && n.constant() < 0) {
        throw st.error(Code.INDEX_OUT_OF_BOUNDS, "negative array length " + n.constant(), d);
      }
      fixed &= n.isConstant();
      dims.add(n);
    }
    // Inside loops the array gets one copy per iteration: the limit applies to all of them.
    List<Integer> full = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      if (f.tripsSym instanceof Sym.K k && f.trips.isFixed()) {
        full.add(k.value());
      }
    }
    int outer = full.size();
    for (AVal.Int d : dims) {
      if (d.isConstant()) {
        full.add(d.constant());
      }
    }
    if (!ShapeLimit.fits(full)) {
      String what =
          outer == 0
              ? "this " + type
              : "this " + type + ", with one copy per iteration of the enclosing loops,";
      throw st.error(Code.BAD_SHAPE, ShapeLimit.describe(what, full), na);
    }
    if (fixed) {
      List<Integer> shape = new ArrayList<>();
      for (AVal.Int d : dims) {
        shape.add(d.constant());
      }
      AVal.Arr fixedArr = st.newLocal(uniqueName(name), type.base(), shape);
      if (type.base() == JType.Base.VALUE) {
        st.init.created(fixedArr, na);
      }
      return fixedArr;
    }
    AVal.Arr arr = st.memory.allocate(uniqueName(name), type.base(), dims, na);
    if (type.base() == JType.Base.VALUE) {
      st.init.created(arr, na);
    }
    return arr;
  }

  private AVal initialized(NewArrayTree na, JType type, String name) {
    if (type.rank() > 2) {
      throw st.error(Code.UNSUPPORTED_SYNTAX, "initializers of arrays of rank above 2", na);
    }
    List<List<ExpressionTree>> rows = new ArrayList<>();
    if (type.rank() == 1) {
      rows.add(new ArrayList<>(na.getInitializers()));
    } else {
      for (ExpressionTree row : na.getInitializers()) {
        if (!(row instanceof NewArrayTree r) || r.getInitializers() == null) {
          return tableOf(na, type, name);
        }
        rows.add(new ArrayList<>(r.getInitializers()));
      }
      for (List<ExpressionTree> r : rows) {
        if (r.size() != rows.get(0).size()) {
          throw st.error(Code.SHAPE_MISMATCH, "rows of different lengths", na);
        }
      }
    }
    // Values first, then the array: an element expression may itself allocate.
    List<List<AVal>> values = new ArrayList<>();
    JType elem = JType.array(type.base(), 0);
    for (List<ExpressionTree> r : rows) {
      List<AVal> vs = new ArrayList<>();
      for (ExpressionTree e : r) {
        vs.add(t.assign.convert(t.expr.value(e), elem, e));
      }
      values.add(vs);
    }
    int cols = rows.isEmpty() ? 0 : rows.get(0).size();
    List<Integer> shape = type.rank() == 1 ? List.of(cols) : List.of(rows.size(), cols);
    AVal.Arr arr = st.newLocal(uniqueName(name), type.base(), shape);
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.get(i).size(); j++) {
        List<AVal.Int> idx =
            type.rank() == 1 ? List.of(AVal.Int.of(j)) : List.of(AVal.Int.of(i), AVal.Int.of(j));
        AVal v = values.get(i).get(j);
        int id = st.elementId(type.base(), v);
        st.store(arr, idx, id, type.rank() == 1 ? rows.get(i).get(j) : na);
      }
    }
    return arr;
  }

  /** {@code {row0, row1}} with arrays as rows: a table of row references. */
  private AVal tableOf(NewArrayTree na, JType type, String name) {
    List<AVal> rows = new ArrayList<>();
    for (ExpressionTree row : na.getInitializers()) {
      rows.add(
          row instanceof NewArrayTree r
              ? newArray(r, JType.array(type.base(), 1), name)
              : t.expr.value(row));
    }
    AVal.Table tab = t.tables.create(uniqueName(name), rows.size(), type.base());
    for (int k = 0; k < rows.size(); k++) {
      t.tables.assign(tab.state(), AVal.Int.of(k), rows.get(k), na.getInitializers().get(k));
    }
    return tab;
  }

  /**
   * {@code new ArrayList<>()}, of elements of {@code type} when the context tells (a declared
   * variable); anything else is not supported.
   */
  AVal newObject(NewClassTree nc, String name, JType type) {
    if (nc.getClassBody() != null) {
      throw st.error(Code.NEW_OBJECT, "an anonymous class", nc);
    }
    Tree id = nc.getIdentifier();
    if (id instanceof ParameterizedTypeTree p) {
      id = p.getType();
    }
    String cls = Resolver.dotted((ExpressionTree) id);
    if (("ArrayList".equals(cls) || "java.util.ArrayList".equals(cls))
        && nc.getArguments().size() <= 1) {
      JType elem = type != null && type.list() ? type.listOf() : null;
      for (ExpressionTree a : nc.getArguments()) {
        AVal arg = t.tables.asArray(t.expr.value(a), a);
        if (arg instanceof AVal.ListRef || arg instanceof AVal.Arr) {
          return copyOf(nc, name == null ? "list" : name, elem, arg);
        }
        if (!(arg instanceof AVal.Int)) {
          throw st.error(
              Code.NEW_OBJECT, "new ArrayList<>(" + ExpressionTracer.describe(arg) + ")", nc);
        }
      }
      return t.lists.create(nc, name == null ? "list" : name, elem, true);
    }
    throw st.error(Code.NEW_OBJECT, "new " + nc.getIdentifier(), nc);
  }

  /** {@code new ArrayList<>(collection)}: a new list, holding the collection's elements. */
  private AVal.ListRef copyOf(NewClassTree nc, String name, JType elem, AVal from) {
    AVal.ListRef out = t.lists.createDynamic(nc, name, elem);
    AVal.Int n = from instanceof AVal.ListRef l ? t.lists.size(l, nc) : ((AVal.Arr) from).length();
    st.loop(
        n,
        List.of(),
        (k, c) -> {
          AVal.Int i = st.syms.indexOf(k);
          AVal e;
          if (from instanceof AVal.ListRef l) {
            e = t.lists.get(l, i, nc);
          } else {
            AVal.Arr a = (AVal.Arr) from;
            e = a.rank() > 1 ? st.row(a, i, nc) : st.load(a, List.of(i), nc);
          }
          t.lists.addUnchecked(out, e, nc);
          return List.of();
        });
    return out;
  }

  /** {@code List.of(a, b, ...)} or {@code Arrays.asList(a, b, ...)}: a fixed-size list. */
  AVal listOf(List<AVal> elements, Tree at) {
    boolean values = true;
    for (AVal e : elements) {
      values &= e instanceof AVal.Num n && n.isValue();
    }
    AVal.ListRef l = t.lists.create(at, "list", values ? JType.VALUE : null, false);
    for (AVal e : elements) {
      if (t.lists.dynamic(l.state())) {
        t.lists.addUnchecked(l, e, at);
      } else {
        t.lists.append(l.state(), t.assign.convert(e, JType.VALUE, at), at);
      }
    }
    return l;
  }
}
