package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Extent;

/**
 * An open loop while its body is traced: its raw IR index, its trip count as the IR has it and as
 * far as the tracer knows it symbolically, and whether it may stop early. Compared by identity.
 */
final class LoopFrame {
  /** The IR loop's id (the builder gives a loop the id just before its index's). */
  final int loopId;

  /** The raw IR index: 0 .. trips-1, or down for a descending loop. */
  final int index;

  final Extent trips;

  /**
   * The trip count as an expression the top level can recompute (then privatized arrays get one
   * copy per iteration), or null when it is only known inside enclosing loops or at run time.
   */
  final Sym tripsSym;

  /** An upper bound on the raw index plus one, valid inside the body (null if unknown). */
  final Sym tripsInBody;

  final boolean descending;

  /** Whether the loop may stop before {@code trips} iterations ({@code again}). */
  final boolean stopsEarly;

  /** Branch arms open when the loop began. */
  int regionDepth;

  /** The step of the source's loop variable (1 for loops whose index is the variable). */
  int stride = 1;

  LoopFrame(
      int index,
      Extent trips,
      Sym tripsSym,
      Sym tripsInBody,
      boolean descending,
      boolean stopsEarly) {
    this.loopId = index - 1;
    this.index = index;
    this.trips = trips;
    this.tripsSym = tripsSym;
    this.tripsInBody = tripsInBody;
    this.descending = descending;
    this.stopsEarly = stopsEarly;
  }

  int index() {
    return index;
  }

  boolean descending() {
    return descending;
  }

  /** The compile-time trip count; only for loops of static programs. */
  int count() {
    return trips.fixed();
  }

  /**
   * The number of copies an array made in the body gets, one per iteration: the trip count when the
   * top level can compute it, else a bound of it that it can; null if there is none.
   */
  Sym extentSym() {
    if (tripsSym == null) {
      return null;
    }
    if (Sym.hoistable(tripsSym)) {
      return tripsSym;
    }
    Sym upper = Bounds.upper(tripsSym);
    return upper != null && Sym.hoistable(upper) ? Bounds.simplify(upper) : null;
  }

  /** Whether each iteration can have its own copy of an array (see {@link #extentSym}). */
  boolean rectangular() {
    return extentSym() != null;
  }

  @Override
  public String toString() {
    return "loop%" + loopId;
  }
}
