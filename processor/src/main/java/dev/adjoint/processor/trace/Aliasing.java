package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps copies honest. Where Java shares one array between two places (a variable merged after a
 * branch or carried around a loop, an array added to a list), the trace may hold two copies. That
 * is exact as long as neither copy is written after the copy was made while the other is still in
 * use; this class records the copies and the writes, and reports a write that would make them
 * differ. A write after the copy is one traced later in the same instance of the array, or one
 * traced earlier in a loop that also contains the copy but is inside the array's creation (the
 * loop's next iteration writes after this one's copy).
 */
final class Aliasing {
  private final TraceState st;
  private int seq;

  /** Loops open when each array (by IR id) was created. */
  private final Map<Integer, Integer> creationDepth = new HashMap<>();

  private final Map<Integer, List<Event>> copies = new HashMap<>();
  private final Map<Integer, List<Event>> writes = new HashMap<>();

  private record Event(int seq, List<LoopFrame> loops, Site site, String what) {}

  Aliasing(TraceState st) {
    this.st = st;
  }

  /** Records that IR array {@code array} was created with the loops now open. */
  void created(int array) {
    creationDepth.put(array, st.loops.size());
  }

  /**
   * Records that a new instance of {@code array} is made inside {@code depth} loops (a pool's
   * allocation, a loop's row per iteration): writes there and copies made in earlier iterations
   * touch different instances.
   */
  void instances(int array, int depth) {
    creationDepth.merge(array, depth, Math::max);
  }

  /**
   * Records that {@code array} holds one instance per iteration start of the loop opening at {@code
   * depth} (a loop's carrier rows): code after the loop touches its last row, which no iteration
   * copied.
   */
  void rows(int array, int depth) {
    instances(array, depth);
    rowsPerIteration.add(array);
  }

  private final java.util.Set<Integer> rowsPerIteration = new java.util.HashSet<>();

  /** Records that {@code array} was copied (for {@code what}), or that a copy aliases it. */
  void copied(int array, String what, Tree at) {
    Event e = event(what, at);
    for (Event w : writes.getOrDefault(array, List.of())) {
      if (conflict(array, e, w)) {
        throw report(array, w, e);
      }
    }
    copies.computeIfAbsent(array, k -> new ArrayList<>()).add(e);
  }

  /** Records a write (by the method, not by a copy) into {@code array}. */
  void written(int array, Tree at) {
    Event w = event("written", at);
    for (Event c : copies.getOrDefault(array, List.of())) {
      if (conflict(array, c, w)) {
        throw report(array, w, c);
      }
    }
    writes.computeIfAbsent(array, k -> new ArrayList<>()).add(w);
  }

  private Event event(String what, Tree at) {
    return new Event(++seq, st.openLoops(), new Site(at, st.unit()), what);
  }

  private boolean conflict(int array, Event copy, Event write) {
    int depth = creationDepth.getOrDefault(array, 0);
    int common = 0;
    while (common < copy.loops.size()
        && common < write.loops.size()
        && copy.loops.get(common) == write.loops.get(common)) {
      common++;
    }
    if (write.seq > copy.seq) {
      if (rowsPerIteration.contains(array)) {
        boolean copyInside = copy.loops.size() >= depth;
        boolean writeInside = write.loops.size() >= depth;
        // One inside the loop and one outside, or in different loops: different rows.
        return copyInside == writeInside && (!copyInside || common >= depth);
      }
      return true;
    }
    return common > depth;
  }

  private TraceException report(int array, Event write, Event copy) {
    String name = st.sourceName(array);
    long line = st.lineOf(copy.site.tree(), copy.site.unit());
    return new TraceException(
        Code.ALIASED_WRITE,
        (name.startsWith("the ") ? "" : "array ")
            + name
            + " is written after it was "
            + copy.what
            + " at line "
            + line
            + ", while another reference to it is still in use",
        write.site.tree(),
        write.site.unit());
  }
}
