package dev.adjoint.processor.ir;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which arrays are provably write-once: every element stored at most once over the whole run and
 * never loaded before it is stored. Reverse mode re-reads such an array in the backward sweep and
 * needs no saved history for it; every other LOCAL or OUTPUT array is mutable, and passes and
 * reverse mode treat it conservatively. Never claims an array that is not write-once.
 */
public final class WriteOnce {
  private WriteOnce() {}

  /** The LOCAL and OUTPUT arrays of {@code f} that are provably write-once. */
  public static Set<Integer> of(Function f) {
    // A first, conservative version: exact for static programs (WriteOnceCheck runs them), and
    // nothing for the others.
    Set<Integer> out = new LinkedHashSet<>();
    if (!f.isStatic() || !WriteOnceCheck.check(f).ok()) {
      return out;
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        out.add(a.id());
      }
    }
    return out;
  }
}
