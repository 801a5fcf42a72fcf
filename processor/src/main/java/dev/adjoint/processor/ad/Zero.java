package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import java.util.ArrayList;
import java.util.List;

/** Loops that set every element of an array, used to clear adjoint and tangent buffers. */
final class Zero {
  private Zero() {}

  /** Stores 0.0 into every element of {@code a}, one loop per dimension. */
  static void fill(Builder b, ArrayDecl a) {
    List<Integer> index = new ArrayList<>();
    for (int d = 0; d < a.rank(); d++) {
      index.add(b.beginLoop(a.shape().get(d), false, List.of()).index());
    }
    b.store(a.id(), index, b.constant(0.0));
    for (int d = 0; d < a.rank(); d++) {
      b.endLoop(List.of());
    }
  }

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
