package dev.adjoint.processor.trace;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JDK's array utilities whose meaning is plain: {@code Arrays.copyOf}, {@code copyOfRange},
 * {@code fill}, {@code System.arraycopy}, {@code clone()} and {@code List.toArray}, as loops over
 * the elements. They throw where the JDK throws (a negative length, a range outside the array); an
 * element the JDK leaves {@code null} is simply not written.
 */
final class ArrayLibrary {
  private final Tracer t;
  private final TraceState st;

  ArrayLibrary(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** {@code Arrays.name(args)}. */
  AVal arrays(String name, List<AVal> a, MethodInvocationTree call) {
    switch (name) {
      case "copyOf":
        if (a.size() == 2 && a.get(0) instanceof AVal.Arr src && a.get(1) instanceof AVal.Int n) {
          return copyOfRange(src, AVal.Int.of(0), n, call);
        }
        break;
      case "copyOfRange":
        if (a.size() == 3
            && a.get(0) instanceof AVal.Arr src
            && a.get(1) instanceof AVal.Int from
            && a.get(2) instanceof AVal.Int to) {
          return copyOfRange(src, from, to, call);
        }
        break;
      case "fill":
        if (a.size() == 2 && a.get(0) instanceof AVal.Arr dst && dst.rank() == 1) {
          fill(dst, AVal.Int.of(0), dst.length(), a.get(1), call);
          return null;
        }
        if (a.size() == 4
            && a.get(0) instanceof AVal.Arr dst
            && dst.rank() == 1
            && a.get(1) instanceof AVal.Int from
            && a.get(2) instanceof AVal.Int to) {
          fill(dst, from, to, a.get(3), call);
          return null;
        }
        break;
      default:
        break;
    }
    throw st.error(Code.OPAQUE_CALL, "Arrays." + name + CallTracer.signature(a), call);
  }

  /** A new array of {@code to - from} elements, {@code src[from..]} (those {@code src} has). */
  private AVal.Arr copyOfRange(AVal.Arr src, AVal.Int from, AVal.Int to, Tree at) {
    if (src.rank() != 1) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "copying part of a "
              + src.type()
              + " (its rows would be shared); copy the rows one by one",
          at);
    }
    AVal.Int len = src.length();
    // The JDK: from must lie in [0, length] (ArrayIndexOutOfBoundsException), to >= from.
    if (!(Bounds.nonNegative(from.sym()) && Bounds.le(from.sym(), len.sym()))) {
      from =
          st.syms.intNode(
              st.apply(Op.CHECK_INDEX, st.intId(from), st.intId(st.syms.plus(len, 1))), from.sym());
    }
    AVal.Int n = st.syms.ints(Op.ISUB, to, from);
    AVal.Arr out = st.memory.allocate(st.uniqueName("copy"), src.elem(), List.of(n), at);
    boolean inside = Bounds.le(to.sym(), len.sym());
    if (src.elem() == JType.Base.VALUE) {
      if (inside) {
        st.init.derived(out.array(), at);
      } else {
        // Elements past the source's end stay null in Java.
        st.init.created(out, at);
      }
    }
    AVal.Int count =
        inside
            ? out.length()
            : st.syms.ints(Op.IMIN, out.length(), st.syms.ints(Op.ISUB, len, from));
    AVal.Int start = from;
    st.loop(
        count,
        List.of(),
        (k, c) -> {
          AVal.Int kk = st.syms.indexOf(k);
          copy(src, st.syms.ints(Op.IADD, start, kk), out, kk, at);
          return List.of();
        });
    return out;
  }

  private void fill(AVal.Arr dst, AVal.Int from, AVal.Int to, AVal v, Tree at) {
    AVal.Int n = st.syms.ints(Op.ISUB, to, from);
    if (!Bounds.nonNegative(n.sym())) {
      // The JDK throws when from > to.
      n =
          st.syms.intNode(
              st.apply(Op.CHECK_INDEX, st.intId(n), st.intConstant(Integer.MAX_VALUE)), n.sym());
    }
    // The JDK checks the range also when it is empty.
    inRange("Arrays.fill", from, n, dst.length(), at);
    JType elem = JType.array(dst.elem(), 0);
    int value = id(t.assign.convert(v, elem, at));
    st.loop(
        n,
        List.of(),
        (k, c) -> {
          st.store(dst, List.of(st.syms.ints(Op.IADD, from, st.syms.indexOf(k))), value, at);
          return List.of();
        });
  }

  /** {@code System.arraycopy(src, srcPos, dst, dstPos, length)}. */
  AVal arraycopy(List<AVal> a, MethodInvocationTree call) {
    if (a.size() != 5
        || !(a.get(0) instanceof AVal.Arr src)
        || !(a.get(1) instanceof AVal.Int sp)
        || !(a.get(2) instanceof AVal.Arr dst)
        || !(a.get(3) instanceof AVal.Int dp)
        || !(a.get(4) instanceof AVal.Int len)
        || src.rank() != 1
        || dst.rank() != 1
        || src.elem() != dst.elem()) {
      throw st.error(Code.OPAQUE_CALL, "System.arraycopy" + CallTracer.signature(a), call);
    }
    AVal.Int n = len;
    if (!Bounds.nonNegative(n.sym())) {
      n =
          st.syms.intNode(
              st.apply(Op.CHECK_INDEX, st.intId(n), st.intConstant(Integer.MAX_VALUE)), n.sym());
    }
    AVal.Int count = n;
    // Java checks both ranges before copying anything, also when nothing is copied.
    inRange("System.arraycopy", sp, count, src.length(), call);
    inRange("System.arraycopy", dp, count, dst.length(), call);
    if (src.array() != dst.array()) {
      copyRange(src, sp, dst, dp, count, false, call);
      return null;
    }
    // The same array: the JDK copies as if through a temporary, so copy backwards when the
    // destination lies after the source.
    AVal.Bool backwards = AVal.Bool.node(st.apply(Op.LT, st.intId(sp), st.intId(dp)));
    t.regions.branch(
        backwards,
        () -> {
          copyRange(src, sp, dst, dp, count, true, call);
          return true;
        },
        () -> {
          copyRange(src, sp, dst, dp, count, false, call);
          return true;
        },
        List.of(),
        Set.of(),
        call);
    return null;
  }

  /** Checks {@code 0 <= from && from + count <= length} ({@code count} is not negative). */
  private void inRange(String what, AVal.Int from, AVal.Int count, AVal.Int length, Tree at) {
    Sym end = Bounds.simplify(Sym.add(from.sym(), count.sym()));
    if (Bounds.nonNegative(from.sym()) && Bounds.le(end, length.sym())) {
      return;
    }
    if (from.isConstant() && count.isConstant() && length.isConstant()) {
      throw st.error(
          Code.INDEX_OUT_OF_BOUNDS,
          what
              + " of "
              + count.constant()
              + " elements from index "
              + from.constant()
              + " of an array of length "
              + length.constant(),
          at);
    }
    st.checks.require(
        new Sym.K(0), from.sym(), what + " at index %d (below %d)", Code.INDEX_OUT_OF_BOUNDS, at);
    st.checks.require(
        end,
        length.sym(),
        what + " past the end of an array of length %d (to %d)",
        Code.INDEX_OUT_OF_BOUNDS,
        at);
  }

  private void copyRange(
      AVal.Arr src, AVal.Int sp, AVal.Arr dst, AVal.Int dp, AVal.Int n, boolean down, Tree at) {
    if (n.isConstant() && n.constant() <= 0) {
      return;
    }
    TraceState.Open o =
        st.beginLoop(
            n.isConstant()
                ? dev.adjoint.processor.ir.Extent.of(n.constant())
                : new dev.adjoint.processor.ir.Extent.Dynamic(n.id()),
            n.sym(),
            n.sym(),
            down,
            false,
            List.of());
    AVal.Int k = st.syms.indexOf(o.frame().index);
    AVal.Int to = st.syms.ints(Op.IADD, dp, k);
    if (src.elem() == JType.Base.VALUE) {
      st.aliasing.written(dst.array(), at);
    }
    copy(src, st.syms.ints(Op.IADD, sp, k), dst, to, at);
    st.endLoop(List.of());
  }

  /** {@code to[j] = from[i]}, as Java copies a reference (or a number). */
  private void copy(AVal.Arr from, AVal.Int i, AVal.Arr to, AVal.Int j, Tree at) {
    if (from.elem() == JType.Base.VALUE) {
      st.memory.copyElement(from, List.of(i), to, List.of(j), at);
    } else {
      AVal v = st.load(from, List.of(i), at);
      st.memory.store(to, List.of(j), id(v), at, false);
    }
  }

  /** {@code a.clone()}: a new array with the same elements. */
  AVal.Arr copy(AVal.Arr a, Tree at) {
    AVal.Arr out = st.memory.allocate(st.uniqueName("clone"), a.elem(), a.dims(), at);
    if (a.elem() == JType.Base.VALUE) {
      st.init.derived(out.array(), at);
    }
    if (a.rank() > 1) {
      // Java shares the rows between the two; the copy is exact while neither is written.
      st.aliasing.copied(a.array(), "cloned", at);
      st.aliasing.copied(out.array(), "cloned", at);
    }
    st.merges.copy(a, out, at);
    return out;
  }

  /** {@code list.toArray(new T[0])} (or with an array of exactly the list's size). */
  AVal toArray(AVal.ListRef l, MethodInvocationTree call) {
    AVal.Int n = t.lists.size(l, call);
    if (call.getArguments().size() == 1) {
      Tree arg = call.getArguments().get(0);
      boolean empty =
          arg instanceof NewArrayTree na
              && na.getInitializers() == null
              && na.getDimensions().size() == 1
              && t.expr.evalInt(na.getDimensions().get(0)).equals(AVal.Int.of(0));
      if (!empty) {
        throw st.error(
            Code.UNSUPPORTED_SYNTAX,
            "toArray with an array argument other than new T[0]; write list.toArray(new"
                + " Value[0])",
            arg);
      }
    } else {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "toArray() returns an Object[]; write toArray(new Value[0])",
          call);
    }
    ListState s = l.state();
    if (s.inner != null) {
      throw st.error(Code.UNSUPPORTED_SYNTAX, "toArray of a list of lists", call);
    }
    if (ListStorage.ragged(s)) {
      throw st.error(
          Code.TABLE_ROWS,
          "toArray of a list of arrays of different lengths (a Value[][] here must be"
              + " rectangular); read the arrays with get or a for-each",
          call);
    }
    List<AVal.Int> dims = new ArrayList<>();
    dims.add(n);
    if (s.rowDims != null) {
      dims.addAll(s.rowDims);
    }
    AVal.Arr out = st.memory.allocate(st.uniqueName(s.name), JType.Base.VALUE, dims, call);
    st.init.derived(out.array(), call);
    st.loop(
        n,
        List.of(),
        (k, c) -> {
          AVal.Int kk = st.syms.indexOf(k);
          AVal e = t.lists.get(l, kk, call);
          if (e instanceof AVal.Arr row) {
            st.merges.share(row, st.row(out, kk, call), null, "copied by toArray", call);
          } else {
            st.memory.store(out, List.of(kk), id(e), call, false);
          }
          return List.of();
        });
    return out;
  }

  private int id(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    } else if (v instanceof AVal.Int i) {
      return st.intId(i);
    }
    return st.boolId((AVal.Bool) v);
  }
}
