package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * An array variable that a loop reassigns (or a {@code return} inside it sets). Each iteration
 * starts from the array the variable held at the end of the previous one, copied into storage of
 * the variable's own:
 *
 * <ul>
 *   <li>one row per iteration start when the loop's trip count and the array's lengths are known
 *       before it starts (an SSA array: no row is written twice). When the lengths at the end of
 *       the body differ from those at entry (known from an earlier attempt), each row is as long as
 *       the longer of the two and the loop carries the actual lengths;
 *   <li>else a growable pool whose offset and lengths the loop carries (then an iteration that does
 *       not reassign the variable copies nothing).
 * </ul>
 */
final class Carried {
  private final TraceState st;
  final Scope.Var v;
  private final Tree loop;
  private final AVal.Arr init;
  private final Memory.Carrier carrier;
  private final Memory.Pool pool;

  /** Whether the rows carry their lengths (which may differ between iterations). */
  private final boolean varying;

  /** Per dimension, the length of the carrier's rows (varying rows only). */
  private final List<Sym> rowLengths;

  private int firstSlot = -1;
  private AVal.Arr current;
  private int iteration;

  private Carried(
      TraceState st,
      Scope.Var v,
      Tree loop,
      AVal.Arr init,
      Memory.Carrier carrier,
      Memory.Pool pool,
      List<Sym> rowLengths) {
    this.st = st;
    this.v = v;
    this.loop = loop;
    this.init = init;
    this.carrier = carrier;
    this.pool = pool;
    this.rowLengths = rowLengths;
    this.varying = rowLengths != null;
  }

  private Facts.Key key() {
    return new Facts.Key(loop, v.name);
  }

  /**
   * Prepares {@code v} for a loop (of {@code trips} iterations when known before it, else null)
   * about to open, copying its array in; adds the loop's initial carried values to {@code inits}.
   */
  static Carried enter(TraceState st, Scope.Var v, Tree loop, Sym trips, List<Integer> inits) {
    AVal.Arr init = v.value instanceof AVal.Arr a ? a : null;
    Facts.Key key = new Facts.Key(loop, v.name);
    Memory.Carrier c = null;
    List<Sym> rows = null;
    if (init != null && trips != null && !st.facts.pooledMerges.contains(key)) {
      List<Sym> end = st.facts.carrierLengths.get(key);
      List<AVal.Int> dims = hoisted(st, init.dims(), end);
      if (dims != null) {
        c = st.memory.carrier(st.uniqueName(v.name), init.elem(), dims, trips, key);
        if (end != null) {
          rows = new ArrayList<>();
          for (AVal.Int d : dims) {
            rows.add(d.sym());
          }
        }
      }
    }
    Memory.Pool p = c == null ? st.memory.newPool(st.uniqueName(v.name), v.type.base(), key) : null;
    if (p != null) {
      // Each iteration that reassigns the variable gets a new instance in the pool.
      st.aliasing.instances(p.storage(), st.loops.size() + 1);
    }
    Carried out = new Carried(st, v, loop, init, c, p, c == null ? null : rows);
    if (c != null) {
      AVal.Arr first = c.at(st.intConstant(0));
      if (out.varying) {
        first = new AVal.Arr(first.array(), first.prefix(), init.dims(), first.elem(), null);
        out.firstSlot = inits.size();
        for (AVal.Int d : init.dims()) {
          inits.add(st.intId(d));
        }
      }
      st.merges.share(init, first, v, "carried by the loop", loop);
    } else {
      out.firstSlot = inits.size();
      if (init != null) {
        AVal.Arr into = st.memory.allocateIn(p, init.dims());
        st.merges.share(init, into, v, "carried by the loop", loop);
        inits.add(st.intId(into.base()));
        for (AVal.Int d : init.dims()) {
          inits.add(st.intId(d));
        }
      } else {
        for (int k = 0; k <= v.type.rank(); k++) {
          int placeholder = st.intConstant(0);
          st.unassignedPlaceholders.add(placeholder);
          inits.add(placeholder);
        }
      }
    }
    return out;
  }

  /**
   * The lengths of the carrier's rows, as top-level values: the array's own, or (with {@code end},
   * the lengths at the end of the body) the larger of the two. Null if some is not top-level.
   */
  private static List<AVal.Int> hoisted(TraceState st, List<AVal.Int> dims, List<Sym> end) {
    List<AVal.Int> out = new ArrayList<>();
    for (int k = 0; k < dims.size(); k++) {
      AVal.Int d = dims.get(k);
      if (!d.isConstant() && !Sym.hoistable(d.sym())) {
        return null;
      }
      Sym s = d.sym();
      if (end != null) {
        s = Sym.of(Op.IMAX, s, end.get(k));
      }
      out.add(
          s instanceof Sym.K kk
              ? AVal.Int.of(kk.value())
              : st.syms.intNode(st.syms.topLevel(s), s));
    }
    return out;
  }

  /** The lengths carried in slots, each known to be at most its row's length. */
  private List<AVal.Int> carriedLengths(List<Integer> slots, int first) {
    List<AVal.Int> dims = new ArrayList<>();
    for (int k = 0; k < v.type.rank(); k++) {
      int id = slots.get(first + k);
      dims.add(
          AVal.Int.node(
              id, varying ? new Sym.Capped(id, st.b.depth() == 0, rowLengths.get(k)) : null));
    }
    return dims;
  }

  /** Binds the variable to the iteration's array (inside the body, {@code carried} its values). */
  void bind(List<Integer> carried, LoopFrame f) {
    if (carrier != null) {
      iteration = f.index;
      if (f.descending) {
        iteration = st.apply(Op.ISUB, st.intConstant(f.count() - 1), f.index);
      }
      current = carrier.at(iteration);
      if (varying) {
        current =
            new AVal.Arr(
                current.array(),
                current.prefix(),
                carriedLengths(carried, firstSlot),
                current.elem(),
                null);
      }
    } else {
      List<AVal.Int> dims = new ArrayList<>();
      for (int k = 0; k < v.type.rank(); k++) {
        dims.add(st.syms.intNode(carried.get(firstSlot + 1 + k), null));
      }
      current =
          new AVal.Arr(
              pool.storage(),
              List.of(),
              dims,
              v.type.base(),
              st.syms.intNode(carried.get(firstSlot), null));
    }
    v.value = current;
  }

  /** At the end of the body: the array for the next iteration, and its carried values. */
  void yields(Integer[] yields, List<Integer> carried) {
    AVal end = v.value;
    if (carrier != null) {
      AVal.Arr next = carrier.at(st.apply(Op.IADD, iteration, st.intConstant(1)));
      AVal.Arr b = (AVal.Arr) end;
      if (varying) {
        for (int k = 0; k < b.rank(); k++) {
          if (!Bounds.le(b.dims().get(k).sym(), rowLengths.get(k))) {
            throw st.facts.pooled(loop, v.name);
          }
          yields[firstSlot + k] = st.intId(b.dims().get(k));
        }
        next = new AVal.Arr(next.array(), next.prefix(), b.dims(), next.elem(), null);
      } else if (!Regions.sameDims(b, next)) {
        List<Sym> lengths = new ArrayList<>();
        for (AVal.Int d : b.dims()) {
          if (!Sym.rooted(d.sym())) {
            throw st.facts.pooled(loop, v.name);
          }
          lengths.add(d.sym());
        }
        // Another length at the end of the body: rows as long as the longer of the two.
        throw st.facts.carrierLengths(key(), lengths);
      }
      if (b.array() == carrier.storage()) {
        // Not reassigned on this path: the row moves on; shared only if something else holds it.
        if (st.merges.referencedElsewhere(b.array(), v)) {
          st.aliasing.copied(b.array(), "carried by the loop", loop);
        }
        st.merges.copy(b, next, loop);
      } else {
        st.merges.share(b, next, v, "carried by the loop", loop);
      }
      return;
    }
    if (end.equals(current) || !(end instanceof AVal.Arr b)) {
      for (int k = 0; k <= v.type.rank(); k++) {
        yields[firstSlot + k] = carried.get(firstSlot + k);
      }
      return;
    }
    AVal.Arr into = st.memory.allocateIn(pool, b.dims());
    st.merges.share(b, into, v, "carried by the loop", loop);
    yields[firstSlot] = st.intId(into.base());
    for (int k = 0; k < b.rank(); k++) {
      yields[firstSlot + 1 + k] = st.intId(b.dims().get(k));
    }
  }

  /** After the loop: the array of the last iteration ({@code end}: the iterations run). */
  void after(List<Integer> results, java.util.function.IntSupplier end) {
    if (carrier != null) {
      AVal.Arr last = carrier.at(end.getAsInt());
      if (varying) {
        last =
            new AVal.Arr(
                last.array(), last.prefix(), carriedLengths(results, firstSlot), last.elem(), null);
      }
      v.value = last;
      return;
    }
    List<AVal.Int> dims = new ArrayList<>();
    for (int k = 0; k < v.type.rank(); k++) {
      dims.add(st.syms.intNode(results.get(firstSlot + 1 + k), null));
    }
    v.value =
        new AVal.Arr(
            pool.storage(),
            List.of(),
            dims,
            v.type.base(),
            st.syms.intNode(results.get(firstSlot), null));
  }
}
