package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies of whole arrays: where one array variable takes arrays made in different places (after a
 * branch, around a loop), the IR gives it storage of its own and copies each array into it. The
 * copies are exact because {@link Aliasing} rejects writes that would make the copy and the
 * original differ while both are in use.
 */
final class Merges {
  private final TraceState st;

  Merges(TraceState st) {
    this.st = st;
  }

  /**
   * Copies every element of {@code from} into {@code to} (the same lengths), in loops, as Java
   * copies references: an element never written stays so.
   */
  void copy(AVal.Arr from, AVal.Arr to, Tree at) {
    copy(from, to, new ArrayList<>(), at, true);
  }

  /** Copies the values of {@code from} into {@code to}: each element must have been written. */
  void copyValues(AVal.Arr from, AVal.Arr to, Tree at) {
    copy(from, to, new ArrayList<>(), at, false);
  }

  private void copy(AVal.Arr from, AVal.Arr to, List<AVal.Int> idx, Tree at, boolean refs) {
    int dim = idx.size();
    st.loop(
        from.dims().get(dim),
        List.of(),
        (i, c) -> {
          List<AVal.Int> next = new ArrayList<>(idx);
          next.add(st.syms.indexOf(i));
          if (dim + 1 < from.rank()) {
            copy(from, to, next, at, refs);
          } else if (refs && from.elem() == JType.Base.VALUE) {
            st.memory.copyElement(from, next, to, next, at);
          } else {
            AVal v = st.load(from, next, at);
            int id =
                v instanceof AVal.Num n
                    ? n.id()
                    : v instanceof AVal.Int k ? st.intId(k) : st.boolId((AVal.Bool) v);
            st.memory.store(to, next, id, at, false);
          }
          return List.of();
        });
  }

  /**
   * Copies {@code from} into {@code to} for {@code what} ("merged after the branch", ...): the
   * original is now shared, and so is the copy if anything but {@code holder} still refers to the
   * original.
   */
  void share(AVal.Arr from, AVal.Arr to, Scope.Var holder, String what, Tree at) {
    st.aliasing.copied(from.array(), what, at);
    if (referencedElsewhere(from.array(), holder)) {
      st.aliasing.copied(to.array(), what, at);
    }
    copy(from, to, at);
  }

  /**
   * Whether a variable other than {@code holder} (in any method being traced), or a table row,
   * refers to IR array {@code array}.
   */
  boolean referencedElsewhere(int array, Scope.Var holder) {
    for (Frame f : st.frames) {
      for (Map.Entry<Scope.Var, AVal> e : f.scope.snapshot().entrySet()) {
        if (e.getKey() != holder && refers(e.getValue(), array)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean refers(AVal v, int array) {
    if (v instanceof AVal.Arr a) {
      return a.array() == array;
    }
    if (v instanceof AVal.Table t) {
      if (t.state().dense != null && t.state().dense.array() == array) {
        return true;
      }
      for (AVal.Arr r : t.state().assigned) {
        if (r != null && r.array() == array) {
          return true;
        }
      }
    }
    return false;
  }
}
