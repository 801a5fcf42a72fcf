package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Extent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code List} object (or, for a list created inside loops, the lists of every iteration).
 *
 * <ul>
 *   <li>{@link Mode#STATIC}: a {@code List<Value>} whose size is a compile-time constant wherever
 *       it is read, as static programs always had it. Elements live in an IR array (selected by
 *       {@link #prefix} when created inside loops) that gets its final length when tracing ends.
 *   <li>{@link Mode#VIEW}: a parameter, or {@code Arrays.asList(array)}: the elements of an array.
 *   <li>{@link Mode#DYNAMIC}: a list whose size is known only at run time: a size per instance in
 *       an int array, the elements in growable storage {@code [element][instance][row...]}.
 * </ul>
 */
final class ListState {
  /** How a list is represented. */
  enum Mode {
    STATIC,
    VIEW,
    DYNAMIC
  }

  final Mode mode;

  /** The tree that created the list (what {@link Facts} names it by); null for parameters. */
  final Tree creation;

  final String name;

  /** Whether {@code add} is allowed (an {@code ArrayList} the method created). */
  final boolean growable;

  /** Whether the list is a parameter (the caller's). */
  final boolean parameter;

  /** The element type; null until the first element tells. */
  JType elem;

  /** Branch arms open at creation: a static list grows only outside branches. */
  final int regionDepth;

  /** Changes so far (adds and sets), so that a loop can tell whether its body changed it. */
  int mutations;

  // ---- STATIC ----

  /** The IR array of the elements (STATIC, VIEW). */
  final int array;

  final List<Integer> prefix;

  /** Trip counts of the loops open at creation, for static lists the method owns. */
  final List<Integer> outerCounts;

  /** The number of loops open when the list was created. */
  final int depth;

  /** Elements added so far, not counting those of a loop still being traced. */
  int size;

  /**
   * While a loop that adds to this list is being traced: the loops between the list's depth and the
   * add, outermost first; each of their iterations adds exactly one element (or block).
   */
  List<LoopFrame> pendingLoops;

  /** Adds seen in the current iteration of the innermost pending loop. */
  int addsInInnermost;

  /** Elements one iteration of the innermost pending loop adds (the product of inner counts). */
  int pendingBlock;

  /** Loops (deeper than the list) in which the size or the elements were read as constants. */
  final Map<LoopFrame, Site> sizeReads = new HashMap<>();

  // ---- VIEW ----

  /** The array a view shows. */
  AVal.Arr view;

  // ---- DYNAMIC ----

  /** The int array of sizes, one per instance. */
  int sizes = -1;

  /** The number of instances (one per iteration of the loops open at creation). */
  Extent instances;

  /** The elements' storage; -1 until the first element fixes its layout. */
  int storage = -1;

  /**
   * The lengths of each element of a list of arrays: the same for every element, or, for a
   * dimension with a {@link #rowLengths} array, the largest length.
   */
  List<AVal.Int> rowDims;

  /** Per row dimension, the int array of each element's own length, or -1 where all agree. */
  List<Integer> rowLengths;

  /** The creation of the lists a list of lists holds (all from one place). */
  ListState inner;

  /**
   * Whether the lists created in successive iterations share one storage (created inside a loop
   * whose trip count is known only inside it): no such list may outlive its iteration.
   */
  boolean reused;

  /** Whether the rows' lengths are a placeholder (rows were read before any was added). */
  boolean placeholder;

  /** The loops open at creation: an add inside them adds once per instance. */
  List<LoopFrame> creationLoops = List.of();

  /**
   * A bound of the size of every instance, from the adds traced so far: the sum over adds of the
   * product of the trip counts (or their bounds) of the loops around the add that are not around
   * the creation; null once some add has no such bound.
   */
  Sym sizeBound = new Sym.K(0);

  /**
   * The size of the instance the current iteration created, as an expression the top level can
   * compute, while every add so far ran exactly once per iteration of the loops between the
   * creation and the add (a loop of {@code T} trips then adds {@code T}); null once some add did
   * not, or could not be counted. Not valid while {@link #exactPending} is set.
   */
  Sym exactSize = new Sym.K(0);

  /** The instance the creation made ({@link AVal.ListRef#inst}): only its adds are counted. */
  AVal.Int creationInst;

  /** While a loop that adds is traced: the loops between the creation and the add. */
  List<LoopFrame> exactPending;

  /** Adds (or blocks of adds) each iteration of the innermost pending loop makes. */
  int exactAdds;

  /** Elements one iteration of the innermost pending loop adds (the product of inner counts). */
  Sym exactBlock;

  private ListState(
      Mode mode,
      Tree creation,
      String name,
      boolean growable,
      boolean parameter,
      JType elem,
      int regionDepth,
      int array,
      List<Integer> prefix,
      List<Integer> outerCounts,
      int depth) {
    this.mode = mode;
    this.creation = creation;
    this.name = name;
    this.growable = growable;
    this.parameter = parameter;
    this.elem = elem;
    this.regionDepth = regionDepth;
    this.array = array;
    this.prefix = List.copyOf(prefix);
    this.outerCounts = outerCounts == null ? null : List.copyOf(outerCounts);
    this.depth = depth;
  }

  /** A static list with storage {@code array} at {@code prefix}. */
  static ListState fixed(
      Tree creation,
      String name,
      boolean growable,
      int array,
      List<Integer> prefix,
      List<Integer> outerCounts,
      int depth,
      int regionDepth) {
    return new ListState(
        Mode.STATIC,
        creation,
        name,
        growable,
        false,
        JType.VALUE,
        regionDepth,
        array,
        prefix,
        outerCounts,
        depth);
  }

  /** A list showing the elements of {@code view} ({@code parameter}: the caller's list). */
  static ListState viewOf(AVal.Arr view, String name, boolean parameter, int depth) {
    ListState l =
        new ListState(
            Mode.VIEW,
            null,
            name,
            false,
            parameter,
            view.rank() == 1 ? JType.VALUE : JType.array(view.elem(), view.rank() - 1),
            0,
            view.array(),
            view.prefix(),
            null,
            depth);
    l.view = view;
    return l;
  }

  /** A list whose size is known at run time. */
  static ListState dynamic(
      Tree creation, String name, boolean growable, JType elem, int regionDepth, int depth) {
    return new ListState(
        Mode.DYNAMIC,
        creation,
        name,
        growable,
        false,
        elem,
        regionDepth,
        -1,
        List.of(),
        null,
        depth);
  }

  /** True while elements are being added by an enclosing loop, so the size is not a constant. */
  boolean growing() {
    return pendingLoops != null;
  }

  /** A loop closed: a static list that grew by one element per iteration grows by its count. */
  void loopEnded(LoopFrame f) {
    if (exactPending != null && exactPending.get(exactPending.size() - 1) == f) {
      exactBlock = Sym.mul(Sym.mul(new Sym.K(exactAdds), exactBlock), f.tripsSym);
      if (exactPending.size() == 1) {
        exactSize = Bounds.simplify(Sym.add(exactSize, exactBlock));
        exactPending = null;
        if (!Sym.hoistable(exactSize)) {
          exactSize = null;
        }
      } else {
        exactPending = exactPending.subList(0, exactPending.size() - 1);
        exactAdds = 1;
      }
    }
    if (pendingLoops != null && pendingLoops.get(pendingLoops.size() - 1) == f) {
      pendingBlock *= f.count();
      if (pendingLoops.size() == 1) {
        size += pendingBlock;
        pendingLoops = null;
      } else {
        // The enclosing iteration as a whole added one block of elements.
        pendingLoops = pendingLoops.subList(0, pendingLoops.size() - 1);
        addsInInnermost = 1;
      }
    }
  }
}
