package dev.adjoint.processor.ir;

import java.util.List;

/**
 * An array the function reads or writes: a parameter ({@link Role#INPUT}), a caller-supplied result
 * buffer ({@link Role#OUTPUT}) or a workspace the function owns ({@link Role#LOCAL}). Array ids
 * share the id space of nodes.
 */
public record ArrayDecl(int id, String name, ScalarType elem, List<Integer> shape, Role role) {

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
    shape = List.copyOf(shape);
  }

  /** Number of elements. */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.size();
  }
}
