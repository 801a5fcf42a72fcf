package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import java.util.ArrayList;
import java.util.List;

/** A loop nest that copies one array into another (the seed into an output's adjoint array). */
final class ArrayCopy {
  private ArrayCopy() {}

  /** Copies every element of {@code from} into {@code to} (same shape). */
  static void copy(Builder b, ArrayDecl from, ArrayDecl to) {
    copy(b, from, to, to.extents());
  }

  /**
   * Copies every element of {@code from} into {@code to} over {@code extents}, extents of the
   * program being built that both arrays have.
   */
  static void copy(Builder b, ArrayDecl from, ArrayDecl to, List<Extent> extents) {
    List<Integer> index = new ArrayList<>();
    for (Extent e : extents) {
      Builder.LoopScope s =
          e instanceof Extent.Fixed fx
              ? b.beginLoop(fx.size(), false, List.of())
              : b.beginLoop(e, false, List.of());
      index.add(s.index());
    }
    b.store(to.id(), index, b.load(from.id(), index));
    for (int d = 0; d < extents.size(); d++) {
      b.endLoop(List.of());
    }
  }
}
