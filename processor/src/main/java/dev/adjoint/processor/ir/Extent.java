package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A size: the trip count of a loop or one dimension of an array. Either a compile-time constant or
 * an {@code I32} value of the program, so that a function can take arrays of any length and loop to
 * bounds it computes. Static programs are the case where every extent is {@link Fixed}.
 */
public sealed interface Extent {

  /** A size known at compile time. */
  record Fixed(int size) implements Extent {
    @Override
    public String toString() {
      return Integer.toString(size);
    }
  }

  /** A size the program computes: the {@code I32} node {@code id}. */
  record Dynamic(int id) implements Extent {
    @Override
    public String toString() {
      return "%" + id;
    }
  }

  /** A fixed extent. */
  static Extent of(int size) {
    return new Fixed(size);
  }

  /** Fixed extents, one per size. */
  static List<Extent> of(List<Integer> sizes) {
    List<Extent> out = new ArrayList<>(sizes.size());
    for (int s : sizes) {
      out.add(new Fixed(s));
    }
    return List.copyOf(out);
  }

  /** True if the size is known at compile time. */
  default boolean isFixed() {
    return this instanceof Fixed;
  }

  /**
   * The compile-time size. Code that only handles static programs calls this: on a dynamic extent
   * it fails loudly rather than computing something wrong.
   */
  default int fixed() {
    if (this instanceof Fixed f) {
      return f.size();
    }
    throw new IllegalStateException("the size " + this + " is only known at run time");
  }

  /** The node holding a dynamic size, or -1 for a fixed one. */
  default int node() {
    return this instanceof Dynamic d ? d.id() : -1;
  }

  /** True if every extent is fixed. */
  static boolean allFixed(List<Extent> extents) {
    for (Extent e : extents) {
      if (!e.isFixed()) {
        return false;
      }
    }
    return true;
  }

  /** The compile-time sizes of fixed extents; throws on a dynamic one. */
  static List<Integer> sizes(List<Extent> extents) {
    List<Integer> out = new ArrayList<>(extents.size());
    for (Extent e : extents) {
      out.add(e.fixed());
    }
    return List.copyOf(out);
  }

  /** The nodes of the dynamic extents, in order. */
  static List<Integer> nodes(List<Extent> extents) {
    List<Integer> out = new ArrayList<>();
    for (Extent e : extents) {
      if (e instanceof Dynamic d) {
        out.add(d.id());
      }
    }
    return out;
  }

  /** {@code e} with a dynamic node renamed through {@code m}; {@code e} itself if unchanged. */
  static Extent rename(Extent e, java.util.function.IntUnaryOperator m) {
    if (e instanceof Dynamic d) {
      int to = m.applyAsInt(d.id());
      return to == d.id() ? e : new Dynamic(to);
    }
    return e;
  }

  /** {@code extents} renamed through {@code m}; the same list if nothing changes. */
  static List<Extent> rename(List<Extent> extents, java.util.function.IntUnaryOperator m) {
    List<Extent> out = null;
    for (int i = 0; i < extents.size(); i++) {
      Extent e = extents.get(i);
      Extent r = rename(e, m);
      if (r != e && out == null) {
        out = new ArrayList<>(extents.subList(0, i));
      }
      if (out != null) {
        out.add(r);
      }
    }
    return out == null ? extents : List.copyOf(out);
  }
}
