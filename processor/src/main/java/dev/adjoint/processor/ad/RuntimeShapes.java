package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Shapes of a derivative program that name the primal's runtime sizes. A derivative parameter
 * shaped like a primal value (the seed, a tangent) has lengths of its own, checked equal to the
 * primal's once the copy defines those; arrays declared with the primal's extents have them renamed
 * into the copy's values. A program of fixed sizes gets no checks and keeps its declarations.
 */
final class RuntimeShapes {

  /**
   * A check still to emit: parameter length {@code mine} against primal size {@code primal}, unless
   * one of the parameter's {@code outer} lengths is 0 (a value of no rows has no row length).
   */
  private record Pending(int mine, int primal, List<Integer> outer, String message) {}

  private final Builder b;
  private final List<Pending> pending = new ArrayList<>();
  private final List<Integer> renamed = new ArrayList<>();

  RuntimeShapes(Builder b) {
    this.b = b;
  }

  /**
   * Declares an inactive {@code double} array parameter of {@code extents} (the primal's); {@code
   * what} and {@code whose} name it and the value it is shaped like in the checks' messages.
   */
  int input(String name, List<Extent> extents, String what, String whose) {
    if (Extent.allFixed(extents)) {
      return b.inputArray(name, ScalarType.F64, Extent.sizes(extents), false);
    }
    List<Integer> sizes = new ArrayList<>();
    extents.forEach(e -> sizes.add(e instanceof Extent.Fixed fx ? fx.size() : null));
    int array = b.inputArrayWithLengths(name, ScalarType.F64, sizes, false);
    List<Integer> outer = new ArrayList<>();
    for (int axis = 0; axis < extents.size(); axis++) {
      Extent own = b.array(array).extents().get(axis);
      if (extents.get(axis) instanceof Extent.Dynamic d) {
        int mine = own.node();
        String message =
            what + " has %d elements in dimension " + axis + " where " + whose + " has %d";
        pending.add(new Pending(mine, d.id(), List.copyOf(outer), message));
      }
      if (own instanceof Extent.Dynamic) {
        outer.add(own.node());
      }
    }
    return array;
  }

  /** Emits the checks whose primal sizes the copy now defines ({@code copy} maps primal ids). */
  void check(Map<Integer, Integer> copy) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      Integer expected = copy.get(p.primal());
      if (expected != null) {
        int ok = b.apply(Op.EQ, p.mine(), expected);
        for (int o : p.outer()) {
          ok = b.apply(Op.OR, ok, b.apply(Op.EQ, o, b.intConstant(0)));
        }
        b.check(ok, p.message(), List.of(p.mine(), expected));
        it.remove();
      }
    }
  }

  /** Marks an array whose extents are the primal's, to be renamed by {@link #rename}. */
  void named(int array) {
    renamed.add(array);
  }

  /** Renames the runtime extents of the marked arrays into the copy's values. */
  void rename(Map<Integer, Integer> copy) {
    for (int id : renamed) {
      ArrayDecl a = b.array(id);
      if (!Extent.allFixed(a.extents())) {
        List<Extent> extents = Extent.rename(a.extents(), x -> defined(copy, x));
        b.redeclare(new ArrayDecl(id, a.name(), a.elem(), extents, a.role(), a.growable()));
      }
    }
  }

  /** The copy's value of a primal value. */
  static int defined(Map<Integer, Integer> copy, int primal) {
    Integer id = copy.get(primal);
    if (id == null) {
      throw new IllegalStateException("no copy of " + primal);
    }
    return id;
  }
}
