package dev.adjoint.processor.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage and compile-time size of one {@code List<Value>}. Elements live in an IR array
 * (selected by {@link #prefix} when the list was created inside loops); the array of a list the
 * method creates gets its final length when tracing ends.
 */
final class ListState {
  final int array;
  final List<Integer> prefix;

  /** Whether {@code add} is allowed (an {@code ArrayList} the method created). */
  final boolean growable;

  /** Whether the list is a parameter (read-only: the caller owns it). */
  final boolean parameter;

  /** Trip counts of the loops open at creation, for lists the method owns; null for views. */
  final List<Integer> outerCounts;

  /** The number of loops open when the list was created. */
  final int depth;

  /** Elements added so far, not counting those of a loop still being traced. */
  int size;

  /**
   * While a loop that adds to this list is being traced: the loops between the list's depth and the
   * add, outermost first; each of their iterations adds exactly one element (or block).
   */
  List<TraceState.LoopFrame> pendingLoops;

  /** Adds seen in the current iteration of the innermost pending loop. */
  int addsInInnermost;

  /** Elements one iteration of the innermost pending loop adds (the product of inner counts). */
  int pendingBlock;

  /**
   * Loops (deeper than the list) in which the size or the elements were read as constants, with the
   * first such read: adding to the list later in the same loop would change them per iteration,
   * which a trace of one iteration cannot represent.
   */
  final Map<TraceState.LoopFrame, Site> sizeReads = new HashMap<>();

  ListState(
      int array,
      List<Integer> prefix,
      int size,
      boolean growable,
      boolean parameter,
      List<Integer> outerCounts,
      int depth) {
    this.array = array;
    this.prefix = List.copyOf(prefix);
    this.size = size;
    this.growable = growable;
    this.parameter = parameter;
    this.outerCounts = outerCounts == null ? null : List.copyOf(outerCounts);
    this.depth = depth;
  }

  /** True while elements are being added by an enclosing loop, so the size is not a constant. */
  boolean growing() {
    return pendingLoops != null;
  }
}
