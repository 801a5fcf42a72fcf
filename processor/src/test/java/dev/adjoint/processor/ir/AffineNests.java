package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random programs of loop nests over small arrays whose indices are mostly affine in the
 * loop indices: strides 1, 2 and -1, offsets, several loops in one index, constants, known and
 * unknown integers from outside, and now and then a non-affine index, an index off by one (out of
 * bounds, overlapping stores, reads before writes), a select or a carried integer. Most stores fill
 * elements once, so that programs pass or fail at varied points.
 */
final class AffineNests {
  private static final int[] COUNTS = {0, 1, 2, 2, 3, 3, 4, 5, 6, 8};

  private final Random r;
  private final Builder b = new Builder("nests");
  private final List<Integer> arrays = new ArrayList<>();
  private final List<Integer> writable = new ArrayList<>();

  /** Inputs, and arrays a fill nest has written: loads mostly read these. */
  private final List<Integer> readable = new ArrayList<>();

  private final List<Integer> doubles = new ArrayList<>();

  /** Loops open now, outermost first: index id and count. */
  private final List<int[]> loops = new ArrayList<>();

  private final double noise;
  private int unknown = -1;
  private int knownInt;

  private AffineNests(long seed) {
    this.r = new Random(seed);
    this.noise = r.nextInt(3) == 0 ? 0 : 0.02 + 0.2 * r.nextDouble();
  }

  /** The program for {@code seed}. */
  static Function generate(long seed) {
    return new AffineNests(seed).program();
  }

  private Function program() {
    doubles.add(b.input("x", ScalarType.F64, true));
    if (r.nextBoolean()) {
      unknown = b.input("k", ScalarType.I32, false);
    }
    knownInt = b.apply(Op.IADD, b.intConstant(r.nextInt(3)), b.intConstant(r.nextInt(2)));
    for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
      int a = b.inputArray("in" + i, ScalarType.F64, shape(), false);
      arrays.add(a);
      readable.add(a);
    }
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      ArrayDecl.Role role = r.nextBoolean() ? ArrayDecl.Role.LOCAL : ArrayDecl.Role.OUTPUT;
      int a = b.declare("w" + i, ScalarType.F64, shape(), role);
      arrays.add(a);
      writable.add(a);
    }
    for (int s = 0, n = 2 + r.nextInt(6); s < n; s++) {
      int kind = r.nextInt(8);
      if (kind < 3) {
        fill(writable.get(r.nextInt(writable.size())));
      } else if (kind == 3) {
        accesses(1);
      } else {
        nest(1 + r.nextInt(3));
      }
    }
    int sum = doubles.get(0);
    for (int i = 1; i < doubles.size() && i < 6; i++) {
      sum = b.apply(Op.ADD, sum, doubles.get(doubles.size() - i));
    }
    b.result("r", sum, List.of());
    return b.build();
  }

  private List<Integer> shape() {
    return switch (r.nextInt(6)) {
      case 0, 1, 2 -> List.of(1 + r.nextInt(12));
      case 3, 4 -> List.of(1 + r.nextInt(4), 1 + r.nextInt(6));
      default -> List.of(2, 1 + r.nextInt(3), 1 + r.nextInt(4));
    };
  }

  private void nest(int depth) {
    int count = COUNTS[r.nextInt(COUNTS.length)];
    boolean carriesInt = r.nextInt(12) == 0;
    List<Integer> inits = new ArrayList<>();
    inits.add(doubles.get(0));
    if (carriesInt) {
      inits.add(b.intConstant(0));
    }
    int visible = doubles.size();
    Builder.LoopScope l = b.beginLoop(count, r.nextBoolean(), inits);
    loops.add(new int[] {l.index(), count});
    int carried = l.carried().get(0);
    doubles.add(carried);
    if (depth > 1 && r.nextInt(3) == 0) {
      accesses(1 + r.nextInt(2));
    }
    if (depth > 1) {
      nest(depth - 1);
    }
    if (depth == 1 || r.nextInt(3) == 0) {
      accesses(1 + r.nextInt(4));
    }
    List<Integer> yields = new ArrayList<>();
    yields.add(b.apply(Op.ADD, carried, doubles.get(doubles.size() - 1)));
    if (carriesInt) {
      yields.add(b.apply(Op.IADD, l.carried().get(1), b.intConstant(1)));
    }
    doubles.subList(visible, doubles.size()).clear(); // the body's values are not visible after it
    loops.remove(loops.size() - 1);
    doubles.add(b.endLoop(yields).get(0));
  }

  /** A nest with one loop per dimension storing every element of {@code array} once. */
  private void fill(int array) {
    List<Integer> shape = b.array(array).shape();
    List<Integer> index = new ArrayList<>();
    int visible = doubles.size();
    for (int extent : shape) {
      int count = r.nextDouble() < noise ? extent + 1 : extent;
      boolean descending = r.nextBoolean();
      Builder.LoopScope l = b.beginLoop(count, descending, List.of());
      loops.add(new int[] {l.index(), count});
      // Reversed (extent - 1 - i) as often as not, and as descending loops write it.
      index.add(
          r.nextBoolean() ? l.index() : b.apply(Op.ISUB, b.intConstant(count - 1), l.index()));
    }
    b.store(array, index, doubles.get(0));
    if (r.nextBoolean()) {
      accesses(1);
    }
    for (int d = 0; d < shape.size(); d++) {
      b.endLoop(List.of());
      loops.remove(loops.size() - 1);
    }
    doubles.subList(visible, doubles.size()).clear();
    if (!readable.contains(array)) {
      readable.add(array);
    }
  }

  private void accesses(int n) {
    for (int i = 0; i < n; i++) {
      List<Integer> from = r.nextInt(4) == 0 ? arrays : readable;
      int array = from.get(r.nextInt(from.size()));
      boolean canStore = writable.contains(array);
      List<Integer> index = index(array);
      int choice = r.nextInt(4);
      if (canStore && choice == 0) {
        int old = b.load(array, index); // read-modify-write, as gradients accumulate
        b.store(array, index, b.apply(Op.ADD, old, doubles.get(0)));
      } else if (canStore && choice == 1) {
        b.store(array, index, doubles.get(doubles.size() - 1));
        if (r.nextBoolean()) {
          doubles.add(b.load(array, index)); // reads back the stored element
        }
      } else {
        doubles.add(b.load(array, index));
      }
    }
  }

  private List<Integer> index(int array) {
    List<Integer> shape = b.array(array).shape();
    List<Integer> index = new ArrayList<>();
    for (int d = 0; d < shape.size(); d++) {
      index.add(component(shape.get(d)));
    }
    return index;
  }

  /** An index into a dimension of {@code extent}, mostly fitted to it. */
  private int component(int extent) {
    int off = r.nextDouble() < noise ? (r.nextBoolean() ? 1 : -1) : 0;
    int kind = r.nextInt(13);
    if (kind < 6 && !loops.isEmpty()) {
      int[] l = loops.get(r.nextInt(loops.size()));
      int i = l[0];
      int c = Math.max(l[1], 1);
      if (c <= extent) {
        int stride = 2 * (c - 1) < extent && r.nextInt(3) == 0 ? 2 : r.nextInt(4) == 0 ? -1 : 1;
        int span = Math.abs(stride) * (c - 1);
        int from = r.nextInt(extent - span) + (stride < 0 ? span : 0) + off;
        if (stride == 1 && from == 0) {
          return i;
        }
        if (stride == -1) {
          return b.apply(Op.ISUB, b.intConstant(from), i);
        }
        int scaled = stride == 1 ? i : b.apply(Op.IMUL, b.intConstant(stride), i);
        return b.apply(Op.IADD, scaled, b.intConstant(from));
      }
    }
    if (kind == 6 && loops.size() >= 2) {
      int[] outer = loops.get(r.nextInt(loops.size()));
      int[] inner = loops.get(r.nextInt(loops.size()));
      int co = Math.max(outer[1], 1);
      int ci = Math.max(inner[1], 1);
      if (outer != inner && co * ci <= extent) {
        int row = b.apply(Op.IMUL, outer[0], b.intConstant(ci));
        int flat = b.apply(Op.IADD, row, inner[0]);
        return off == 0 ? flat : b.apply(Op.IADD, flat, b.intConstant(off));
      }
    }
    if (kind == 7) {
      return knownInt;
    }
    if (kind == 8 && unknown >= 0) {
      if (r.nextBoolean()) {
        return unknown;
      }
      int low = b.apply(Op.IMAX, unknown, b.intConstant(0));
      return b.apply(Op.IMIN, low, b.intConstant(extent - 1));
    }
    if (kind == 10) {
      // Both arms fitted; the condition is known (constants) or not (the input k).
      int cond =
          unknown >= 0 && r.nextBoolean()
              ? b.apply(Op.LT, unknown, b.intConstant(1))
              : b.apply(Op.GE, b.intConstant(r.nextInt(2)), b.intConstant(1));
      return b.select(cond, component(extent), component(extent));
    }
    if (kind == 9 && !loops.isEmpty()) {
      int i = loops.get(loops.size() - 1)[0];
      return b.apply(Op.IMIN, i, b.intConstant(extent - 1 + off)); // not affine
    }
    return b.intConstant(r.nextInt(extent) + off);
  }
}
