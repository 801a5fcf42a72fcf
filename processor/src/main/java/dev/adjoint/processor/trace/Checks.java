package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The size relations a traced body relies on. A relation that {@link Bounds} proves costs nothing.
 * One that holds on every run if it holds for the largest index (an access sure to run whenever its
 * loops run, at an index bounded by top-level values) becomes a {@link Node.Check} at entry, before
 * anything is written, whose message names both sizes. Anything else is checked where it runs: an
 * index with {@code CHECK_INDEX}, a relation with a {@code Check} in place.
 */
final class Checks {
  private final TraceState st;

  /** The entry checks already made (condition text), so that each is made once. */
  private final Set<String> made = new HashSet<>();

  /** Id ranges [from, to) of the top-level nodes computing entry checks, moved to the entry. */
  private final List<int[]> ranges = new ArrayList<>();

  Checks(TraceState st) {
    this.st = st;
  }

  /**
   * The node for index {@code i} into dimension {@code dim} (of length {@code n}) of {@code a}: i
   * itself when it is proven or checked at entry to be in range, else i checked where it runs.
   */
  int index(AVal.Arr a, int dim, AVal.Int i, AVal.Int n, Tree at) {
    Sym si = i.sym();
    Sym sn = n.sym();
    if (si != null && sn != null && Bounds.nonNegative(si) && Bounds.lt(si, sn)) {
      return st.intId(i);
    }
    if (si != null && sn != null && Bounds.nonNegative(si)) {
      Sym ub = Bounds.upper(si);
      if (ub != null && Sym.rooted(ub) && Sym.rooted(sn) && st.certain() && Bounds.attained(si)) {
        ub = Bounds.simplify(ub);
        Sym need = Bounds.simplify(Sym.plus(ub, 1));
        String array = st.sourceName(a.array());
        String message =
            esc(Sym.text(sn))
                + " (%d) must be at least "
                + esc(Sym.text(need))
                + " (%d): "
                + esc(array)
                + " is indexed up to "
                + esc(Sym.text(ub))
                + (dim > 0 ? " in dimension " + (dim + 1) : "")
                + " at line "
                + st.lineOf(at);
        if (atEntry(need, sn, message, at)) {
          return st.intId(i);
        }
      }
    }
    return st.apply(Op.CHECK_INDEX, st.intId(i), st.intId(n));
  }

  /**
   * Requires {@code small <= large}, with {@code message} formatting both values ({@code %d} twice,
   * large first). A compile-time violation is an error at {@code at}.
   */
  void require(Sym small, Sym large, String message, Code code, Tree at) {
    if (Bounds.le(small, large)) {
      return;
    }
    if (small instanceof Sym.K x && large instanceof Sym.K y) {
      throw st.error(code, String.format(message, y.value(), x.value()), at);
    }
    if (Sym.rooted(small) && Sym.rooted(large) && st.certain()) {
      if (atEntry(small, large, message, at)) {
        return;
      }
    }
    st.effect();
    int l = st.syms.materialize(large, false);
    int s = st.syms.materialize(small, false);
    st.rec(st.b.add(check(st.apply(Op.LE, s, l), message, List.of(l, s))));
  }

  /** Requires {@code a == b}: both ways. */
  void requireEqual(Sym a, Sym b, String message, Code code, Tree at) {
    require(a, b, message, code, at);
    require(b, a, message, code, at);
  }

  /**
   * Adds the entry check {@code need <= have} (unless the open loops run no iteration); false if it
   * cannot be one. Both must be top-level expressions.
   */
  private boolean atEntry(Sym need, Sym have, String message, Tree at) {
    if (need instanceof Sym.K x && have instanceof Sym.K y) {
      if (x.value() <= y.value()) {
        return true;
      }
      throw st.error(Code.INDEX_OUT_OF_BOUNDS, String.format(message, y.value(), x.value()), at);
    }
    List<Sym> guards = new ArrayList<>();
    for (LoopFrame f : st.openLoops()) {
      if (!Bounds.le(new Sym.K(1), f.tripsSym)) {
        if (!Sym.rooted(f.tripsSym)) {
          return false;
        }
        guards.add(f.tripsSym);
      }
    }
    String key = guards + "|" + need + "<=" + have;
    if (!made.add(key)) {
      return true;
    }
    int from = st.b.freshId();
    st.b.atDepth(
        0,
        () -> {
          int h = st.syms.materialize(have, true);
          int n = st.syms.materialize(need, true);
          int cond = st.apply(Op.LE, n, h);
          int zero = -1;
          for (Sym g : guards) {
            if (zero < 0) {
              zero = st.intConstant(0);
            }
            int none = st.apply(Op.LE, st.syms.materialize(g, true), zero);
            cond = st.apply(Op.OR, none, cond);
          }
          st.rec(st.b.add(check(cond, message, List.of(h, n))));
          return 0;
        });
    ranges.add(new int[] {from, st.b.freshId()});
    return true;
  }

  private Node.Check check(int cond, String message, List<Integer> args) {
    return new Node.Check(st.b.freshId(), cond, message, args);
  }

  /** {@code text} for a message pattern: its {@code %} doubled. */
  static String esc(String text) {
    return text.replace("%", "%%");
  }

  /**
   * {@code f} with the entry checks moved to the entry: after the parameters' inputs and lengths,
   * before anything else.
   */
  Function moveToEntry(Function f) {
    if (ranges.isEmpty()) {
      return f;
    }
    List<Node> prologue = new ArrayList<>();
    List<Node> moved = new ArrayList<>();
    List<Node> rest = new ArrayList<>();
    boolean inPrologue = true;
    for (Node n : f.body()) {
      if (inPrologue && (n instanceof Node.Input || n instanceof Node.Length)) {
        prologue.add(n);
        continue;
      }
      inPrologue = false;
      if (isMoved(n.id())) {
        moved.add(n);
      } else {
        rest.add(n);
      }
    }
    List<Node> body = new ArrayList<>(prologue);
    body.addAll(moved);
    body.addAll(rest);
    return new Function(
        f.name(), f.params(), f.arrays(), body, f.results(), f.calls(), f.origins(), f.nextId());
  }

  private boolean isMoved(int id) {
    for (int[] r : ranges) {
      if (id >= r[0] && id < r[1]) {
        return true;
      }
    }
    return false;
  }
}
