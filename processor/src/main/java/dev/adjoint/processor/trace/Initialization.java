package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of {@code Value} elements never written, in programs with runtime sizes (a static program
 * is checked exactly by {@code WriteOnceCheck}). In Java such an element is {@code null}; in the IR
 * it would read 0. An array created by the method is <em>full</em> once a loop nest has written
 * every element (each index a loop variable running over the whole length, unconditionally); a read
 * of an array not known to be full checks a shadow array of written flags, kept in step with every
 * store, and throws where the element was never written.
 */
final class Initialization {
  private final TraceState st;

  /** The method's own Value arrays, by IR array. */
  private final Map<Integer, Info> arrays = new HashMap<>();

  /** Stores that may complete a fill, waiting for the loops around them to end. */
  private final Map<LoopFrame, List<Fill>> pending = new IdentityHashMap<>();

  private static final class Info {
    /** What facts name the array by: its allocation, or the construct that made it. */
    final Object creation;

    /** Leading indices of the IR array that select the instance (one per privatizing loop). */
    final int instanceRank;

    /** The lengths of one instance. */
    final List<Sym> dims;

    final int shadow;
    boolean full;

    Info(Object creation, int instanceRank, List<Sym> dims, int shadow) {
      this.creation = creation;
      this.instanceRank = instanceRank;
      this.dims = dims;
      this.shadow = shadow;
    }
  }

  /** A store into an array, with the dimensions the loops around it have covered so far. */
  private record Fill(Info info, List<Sym> index, boolean[] covered) {}

  Initialization(TraceState st) {
    this.st = st;
  }

  /**
   * Records an array of Values the method creates ({@code view}: the instance just made), in
   * programs with runtime sizes.
   */
  void created(AVal.Arr view, Tree creation) {
    if (st.facts.dynamic) {
      register(view, creation);
    }
  }

  private void register(AVal.Arr view, Tree creation) {
    List<Sym> dims = new ArrayList<>();
    for (AVal.Int d : view.dims()) {
      dims.add(d.sym());
    }
    arrays.put(
        view.array(),
        new Info(creation, view.prefix().size(), dims, shadow(view.array(), creation)));
  }

  /**
   * Records storage the tracer made and fills by copying whole arrays (a loop's rows, a merge's
   * buffer, a list's elements): full, unless an earlier attempt saw it receive elements never
   * written.
   */
  void derived(int storage, Object key) {
    if (!st.facts.dynamic) {
      return;
    }
    Info info = new Info(key, 0, null, shadow(storage, key));
    info.full = !st.facts.partial.contains(key);
    arrays.put(storage, info);
  }

  private int shadow(int array, Object key) {
    if (!st.facts.shadowed.contains(key)) {
      return -1;
    }
    ArrayDecl d = st.decl(array);
    int shadow =
        st.b.declare(
            st.uniqueName(d.name() + "Written"),
            ScalarType.I32,
            d.extents(),
            ArrayDecl.Role.LOCAL,
            d.growable());
    st.created(shadow);
    return shadow;
  }

  /**
   * An element copied from {@code from} (at {@code fromIndex}) to {@code to} (just stored at {@code
   * toIndex}): if the source may hold elements never written, the target takes the source's written
   * flag (Java copies the {@code null} along).
   */
  void copied(AVal.Arr from, List<Integer> fromIndex, AVal.Arr to, List<Integer> toIndex) {
    Info src = arrays.get(from.array());
    if (src == null || src.full) {
      return;
    }
    if (src.shadow < 0) {
      throw st.facts.shadowed(src.creation);
    }
    Info dst = arrays.get(to.array());
    if (dst == null) {
      throw new IllegalStateException("a copy into an array without written flags");
    }
    if (dst.shadow < 0 || !st.facts.partial.contains(dst.creation)) {
      throw st.facts.partial(dst.creation);
    }
    dst.full = false;
    int flag = st.rec(st.b.load(src.shadow, fromIndex));
    st.rec(st.b.add(new Node.Store(st.b.freshId(), dst.shadow, toIndex, flag)));
  }

  /** A store at {@code index} (the IR array's full index) of {@code view}. */
  void stored(AVal.Arr view, List<Integer> index) {
    Info info = arrays.get(view.array());
    if (info == null) {
      return;
    }
    if (info.shadow >= 0) {
      st.rec(st.b.add(new Node.Store(st.b.freshId(), info.shadow, index, st.intConstant(1))));
    }
    LoopFrame f = st.loops.peek();
    if (info.full
        || info.dims == null
        || f == null
        || view.flat()
        || st.pure > 0
        || st.regionDepth != f.regionDepth) {
      return;
    }
    List<Sym> syms = new ArrayList<>();
    for (int p = info.instanceRank; p < index.size(); p++) {
      syms.add(st.syms.symOf(index.get(p)));
    }
    pending
        .computeIfAbsent(f, k -> new ArrayList<>())
        .add(new Fill(info, syms, new boolean[syms.size()]));
  }

  /**
   * A loop ended: a store whose index runs over a whole dimension with this loop's variable covers
   * it; one that covers every dimension makes its array full, else it waits for the loop around.
   */
  void loopEnded(LoopFrame f) {
    List<Fill> fills = pending.remove(f);
    if (fills == null || f.stopsEarly || f.tripsSym == null) {
      return;
    }
    LoopFrame parent = st.loops.peek();
    for (Fill fill : fills) {
      boolean progress = false;
      boolean done = true;
      for (int p = 0; p < fill.index.size(); p++) {
        if (!fill.covered[p] && covers(f, fill.index.get(p), fill.info.dims.get(p))) {
          fill.covered[p] = true;
          progress = true;
        }
        done &= fill.covered[p];
      }
      if (done) {
        fill.info.full = !st.facts.partial.contains(fill.info.creation);
      } else if (progress
          && parent != null
          && st.pure == 0
          && st.regionDepth == parent.regionDepth) {
        pending.computeIfAbsent(parent, k -> new ArrayList<>()).add(fill);
      }
    }
  }

  /** Whether {@code index} runs over every value of {@code [0, dim)} as loop {@code f} runs. */
  private static boolean covers(LoopFrame f, Sym index, Sym dim) {
    if (index == null || dim == null || f.stride != 1) {
      return false;
    }
    Sym lo;
    Sym end;
    if (index instanceof Sym.Var v && v.loop() == f) {
      lo = v.lo();
      end = Sym.plus(v.hi(), 1);
    } else if (index instanceof Sym.Idx i && i.loop() == f && !f.descending) {
      lo = new Sym.K(0);
      end = f.tripsInBody;
    } else {
      return false;
    }
    return end != null
        && Bounds.le(lo, new Sym.K(0))
        && Bounds.le(new Sym.K(0), lo)
        && Bounds.le(end, dim)
        && Bounds.le(dim, end);
  }

  /**
   * A read at {@code index} of {@code view}: free when the array is full, else checked against the
   * shadow (the first attempt that meets it asks for one).
   */
  void read(AVal.Arr view, List<Integer> index, Tree at) {
    Info info = arrays.get(view.array());
    if (info == null || info.full) {
      return;
    }
    if (info.shadow < 0) {
      throw st.facts.shadowed(info.creation);
    }
    st.effect();
    int flag = st.rec(st.b.load(info.shadow, index));
    int written = st.apply(Op.NE, flag, st.intConstant(0));
    st.rec(
        st.b.add(
            new Node.Check(
                st.b.freshId(),
                written,
                "a Value element of "
                    + Checks.esc(st.sourceName(view.array()))
                    + " is read before it is written"
                    + (at == null ? "" : " (line " + st.lineOf(at) + ")")
                    + "; in Java it is null",
                List.of())));
  }
}
