package dev.adjoint.processor.ir;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which arrays are provably write-once: every element stored at most once over the whole run and
 * never loaded before it is stored. Reverse mode re-reads such an array in the backward sweep and
 * needs no saved history for it; every other LOCAL or OUTPUT array is mutable, and passes and
 * reverse mode treat it conservatively. Never claims an array that is not write-once.
 *
 * <p>A static program ({@link Function#isStatic}) is decided array by array by running its integer
 * part over every iteration ({@link WriteOnceCheck#mutable}): exact, and an array mutated does not
 * keep another from being proven. Any other program is decided symbolically ({@link
 * SymbolicWrites}), in time linear in its size whatever its runtime sizes: stores whose indices own
 * the loops around them (fills, nests, privatized arrays), distinct constant indices, lists
 * appended at an increasing end, and loads that follow a store of their element or a fill of the
 * whole dimension.
 */
public final class WriteOnce {
  private WriteOnce() {}

  /**
   * The LOCAL and OUTPUT arrays of {@code f} that are provably write-once, in declaration order.
   */
  public static Set<Integer> of(Function f) {
    Set<Integer> symbolic = SymbolicWrites.of(f, f.nodesById()).writeOnce();
    if (!f.isStatic()) {
      return symbolic;
    }
    Set<Integer> mutable = WriteOnceCheck.mutable(f);
    Set<Integer> out = new LinkedHashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT
          && (!mutable.contains(a.id()) || symbolic.contains(a.id()))) {
        out.add(a.id());
      }
    }
    return out;
  }
}
