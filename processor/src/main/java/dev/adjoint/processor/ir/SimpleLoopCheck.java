package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a simple loop for {@link WriteOnceCheck} over all its iterations at once, leaving the
 * state exactly as running every iteration would, or declines without touching the state (when
 * unsure, or when some iteration would violate the rules: running the loop then reports the first
 * violation).
 *
 * <p>Simple means: at least two iterations, no nested loop, no carried integer or boolean, and each
 * integer of the body either unknown on every iteration or an affine function {@code a * i + b} of
 * the loop index, whose values all fit an int (so that int arithmetic computes them exactly). Every
 * index component that places an element must be affine. Then bounds come from each component's
 * values at the ends of the index range, a store must visit distinct elements disjoint from those
 * written before and from the other stores of the loop, and a load must read either elements
 * written before the loop or, on the same iteration, the element an earlier store of the same index
 * wrote. Anything else declines.
 */
final class SimpleLoopCheck {

  private final int[] val;
  private final boolean[] known;
  private final int[][] dims;
  private final BitSet[] written;
  private final int[] writtenCount;

  /** The body's integers as affine functions of the index. */
  private final AffineValues values;

  private int count;

  /** An access that places its element: its flat offset as {@code flat[0] * i + flat[1]}. */
  private record Access(boolean store, int array, long[] flat) {}

  SimpleLoopCheck(
      int nextId, int[] val, boolean[] known, int[][] dims, BitSet[] written, int[] writtenCount) {
    this.val = val;
    this.known = known;
    this.dims = dims;
    this.written = written;
    this.writtenCount = writtenCount;
    this.values = new AffineValues(nextId, val, known);
  }

  /**
   * Decides {@code loop}: if no iteration violates the rules, applies its stores and leaves its
   * index and body values as the last iteration does, and returns the loop's results as {@link
   * WriteOnceCheck} records them (known flag and value per slot); else returns null, changing
   * nothing.
   */
  int[] decide(Node.Loop loop) {
    Node.LoopBody body = loop.body();
    count = loop.count();
    if (count < 2) {
      return null;
    }
    for (Node.Carried c : body.carried()) {
      if (WriteOnceCheck.integral(c.type())) {
        return null;
      }
    }
    values.begin(body, count);
    List<Access> accesses = new ArrayList<>();
    for (Node n : body.nodes()) {
      if (!interpret(n, accesses)) {
        return null;
      }
    }
    Map<Integer, List<int[]>> stored = elements(accesses);
    if (stored == null) {
      return null;
    }
    // Run by run: or-ing a set of the loop's own elements would cost the whole array's prefix up
    // to them, once per run of the loop (quadratic in a loop nest over a privatized array).
    for (Map.Entry<Integer, List<int[]>> e : stored.entrySet()) {
      for (int[] run : e.getValue()) {
        written[e.getKey()].set(run[0], run[1]);
      }
    }
    for (Access a : accesses) {
      if (a.store()) {
        writtenCount[a.array()] += count;
      }
    }
    return finish(loop);
  }

  /** Records what {@code n} is on every iteration; false if that is not simple. */
  private boolean interpret(Node n, List<Access> accesses) {
    int id = n.id();
    if (n instanceof Node.Const c) {
      values.define(id, WriteOnceCheck.integral(c.type()), 0, (int) c.value());
    } else if (n instanceof Node.Input) {
      values.define(id, false, 0, 0);
    } else if (n instanceof Node.Apply a) {
      return values.apply(a);
    } else if (n instanceof Node.Select s) {
      return values.select(s);
    } else if (n instanceof Node.Load l) {
      values.define(id, false, 0, 0);
      return access(false, l.array(), l.index(), accesses);
    } else if (n instanceof Node.Store s) {
      return access(true, s.array(), s.index(), accesses);
    } else {
      return false; // a nested loop, or its results
    }
    return true;
  }

  /** Checks an access's bounds, and records it if it places an element of a written array. */
  private boolean access(boolean store, int array, List<Integer> index, List<Access> accesses) {
    int[] shape = dims[array];
    int[] counts = {count};
    long[][] terms = new long[index.size()][];
    boolean placed = true;
    for (int d = 0; d < terms.length; d++) {
      int id = index.get(d);
      if (!values.isAffine(id)) {
        placed = false;
        continue;
      }
      terms[d] = new long[] {values.coefOf(id), values.konstOf(id)};
      if (!AffineIndex.inBounds(terms[d], shape[d], counts)) {
        return false;
      }
    }
    if (written[array] == null) {
      return true; // an input: only bounds are checked
    }
    if (!placed) {
      // A load at an unknown index needs every candidate written: here, the whole array.
      return !store && writtenCount[array] == size(shape);
    }
    long[] flat = AffineIndex.flatten(terms, shape, counts);
    if (flat == null || flat == AffineIndex.OUT_OF_BOUNDS) {
      return false;
    }
    accesses.add(new Access(store, array, flat));
    return true;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * The elements the loop's stores write, per array, if they write each element at most once, none
   * written before, and every load reads an element written before the loop or by an earlier store
   * of its own index on the same iteration; else null.
   */
  private Map<Integer, List<int[]>> elements(List<Access> accesses) {
    int[] counts = {count};
    Map<Integer, List<int[]>> stored = new LinkedHashMap<>();
    // The loop's own elements, relative to the lowest one it may store, per array.
    Map<Integer, BitSet> mine = new LinkedHashMap<>();
    Map<Integer, Long> base = new LinkedHashMap<>();
    for (Access a : accesses) {
      if (a.store()) {
        long low = a.flat()[1] + Math.min(0, a.flat()[0] * (count - 1));
        base.merge(a.array(), low, Math::min);
      }
    }
    for (Access a : accesses) {
      if (a.store()) {
        BitSet before = written[a.array()];
        BitSet own = mine.computeIfAbsent(a.array(), k -> new BitSet());
        List<int[]> runs = stored.computeIfAbsent(a.array(), k -> new ArrayList<>());
        int shift = (int) (long) base.get(a.array());
        AffineIndex.Runs fresh =
            (from, to) -> {
              if (anySet(before, from, to) || anySet(own, from - shift, to - shift)) {
                return false;
              }
              own.set(from - shift, to - shift);
              runs.add(new int[] {from, to});
              return true;
            };
        if (AffineIndex.visit(a.flat(), counts, true, fresh) != AffineIndex.Outcome.DONE) {
          return null;
        }
      }
    }
    for (int j = 0; j < accesses.size(); j++) {
      Access a = accesses.get(j);
      if (!a.store() && !storedEarlier(accesses, j)) {
        BitSet before = written[a.array()];
        AffineIndex.Runs readable = (from, to) -> allSet(before, from, to);
        if (AffineIndex.visit(a.flat(), counts, false, readable) != AffineIndex.Outcome.DONE) {
          return null;
        }
      }
    }
    return stored;
  }

  /** Whether a store before access {@code j} in the body writes the element it reads. */
  private static boolean storedEarlier(List<Access> accesses, int j) {
    Access load = accesses.get(j);
    for (int k = 0; k < j; k++) {
      Access s = accesses.get(k);
      if (s.store()
          && s.array() == load.array()
          && s.flat()[0] == load.flat()[0]
          && s.flat()[1] == load.flat()[1]) {
        return true;
      }
    }
    return false;
  }

  // Bit by bit for short runs: BitSet's nextSetBit and nextClearBit may scan far past the run.

  private static boolean anySet(BitSet bits, int from, int to) {
    if (to - from <= 64) {
      for (int i = from; i < to; i++) {
        if (bits.get(i)) {
          return true;
        }
      }
      return false;
    }
    return !bits.get(from, to).isEmpty();
  }

  private static boolean allSet(BitSet bits, int from, int to) {
    if (to - from <= 64) {
      for (int i = from; i < to; i++) {
        if (!bits.get(i)) {
          return false;
        }
      }
      return true;
    }
    return bits.get(from, to).cardinality() == to - from;
  }

  /**
   * Leaves the index and the body's integers with their last iteration's values, and returns the
   * loop's results. Nothing after the loop reads them (a body's ids are visible only inside it, as
   * {@link Verifier} checks; its values leave only as yields, through the results returned here),
   * but the state is then the one running the loop leaves, with no need for that argument. Values
   * matter only where known: the check reads no other.
   */
  private int[] finish(Node.Loop loop) {
    Node.LoopBody body = loop.body();
    long last = loop.descending() ? 0 : count - 1;
    set(body.index().id(), true, (int) last);
    for (Node.Carried c : body.carried()) {
      set(c.id(), false, 0); // doubles are never known
    }
    for (Node n : body.nodes()) {
      int id = n.id();
      boolean tracked =
          n instanceof Node.Load
              || n instanceof Node.Input
              || WriteOnceCheck.integral(n.type())
                  && (n instanceof Node.Const
                      || n instanceof Node.Apply
                      || n instanceof Node.Select);
      if (tracked) {
        boolean isKnown = values.isAffine(id);
        set(id, isKnown, isKnown ? (int) (values.coefOf(id) * last + values.konstOf(id)) : 0);
      }
    }
    int[] res = new int[2 * body.yields().size()];
    WriteOnceCheck.record(body.yields(), known, val, res);
    return res;
  }

  private void set(int id, boolean isKnown, int value) {
    known[id] = isKnown;
    val[id] = value;
  }
}
