package dev.adjoint.processor.ir;

import java.util.List;

/**
 * An array the function reads or writes: a parameter ({@link Role#INPUT}), a caller-supplied result
 * buffer ({@link Role#OUTPUT}) or a workspace the function owns ({@link Role#LOCAL}). Array ids
 * share the id space of nodes.
 *
 * @param extents the size of each dimension: compile-time constants, or {@code I32} values of the
 *     program (for a parameter its {@link Node.Length} nodes; for other arrays values defined at
 *     the top level before the array's first access)
 * @param growable whether the first dimension is a capacity rather than a size: a store beyond it
 *     grows the storage (keeping the contents, new elements zero). Lists, and tapes and arrays of
 *     loops whose trip count is not known before they start, are growable.
 */
public record ArrayDecl(
    int id, String name, ScalarType elem, List<Extent> extents, Role role, boolean growable) {

  /** Who owns an array's storage and who may write it. */
  public enum Role {
    /** A parameter; read only. */
    INPUT,
    /** Supplied by the caller, written by the function. */
    OUTPUT,
    /** Owned by the function (a preallocated workspace); its contents do not survive a call. */
    LOCAL
  }

  public ArrayDecl {
    extents = List.copyOf(extents);
    if (growable && (role != Role.LOCAL || extents.isEmpty())) {
      throw new IllegalArgumentException("only local arrays grow");
    }
  }

  /** A fixed-size array. */
  public ArrayDecl(int id, String name, ScalarType elem, List<Integer> shape, Role role) {
    this(id, name, elem, Extent.of(shape), role, false);
  }

  /** True if every extent is a compile-time constant and the array does not grow. */
  public boolean isStatic() {
    return !growable && Extent.allFixed(extents);
  }

  /**
   * The compile-time shape, for code that handles only static arrays: it throws when an extent is
   * known only at run time.
   */
  public List<Integer> shape() {
    return Extent.sizes(extents);
  }

  /** Number of elements of a static array (throws for a runtime-sized one). */
  public int size() {
    int n = 1;
    for (int d : shape()) {
      n *= d;
    }
    return n;
  }

  /** Number of dimensions. */
  public int rank() {
    return extents.size();
  }

  /** This declaration with another role (and the same extents). */
  public ArrayDecl withRole(Role r) {
    return new ArrayDecl(id, name, elem, extents, r, growable);
  }
}
