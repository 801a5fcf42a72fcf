package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import java.util.ArrayList;
import java.util.List;

/** A loop nest that copies one array into another (the seed into an output's adjoint array). */
final class ArrayCopy {
  private ArrayCopy() {}

  /** Copies every element of {@code from} into {@code to} (same shape). */
  static void copy(Builder b, ArrayDecl from, ArrayDecl to) {
    List<Integer> index = new ArrayList<>();
    for (int d = 0; d < from.rank(); d++) {
      index.add(b.beginLoop(from.shape().get(d), false, List.of()).index());
    }
    b.store(to.id(), index, b.load(from.id(), index));
    for (int d = 0; d < from.rank(); d++) {
      b.endLoop(List.of());
    }
  }
}
