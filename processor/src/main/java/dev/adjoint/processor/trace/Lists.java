package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code List<Value>} operations. A list's size is a compile-time constant, except while a loop
 * that adds to it is traced: then each iteration must add exactly one element, unconditionally, at
 * index {@code sizeBeforeTheLoop + iteration} (linearized over nested loops), and the size grows by
 * the trip count when the loop closes ({@link TraceState#endLoop}).
 */
final class Lists {
  private final TraceState st;

  Lists(TraceState st) {
    this.st = st;
  }

  /** {@code list.add(v)}. */
  void add(ListState l, AVal v, Tree at) {
    if (l.parameter) {
      throw st.error(Code.PARAMETER_WRITE, "adding to a List parameter", at);
    }
    if (!l.growable) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "adding to an immutable list (List.of, Arrays.asList); use new ArrayList<>()",
          at);
    }
    if (st.conditionalWrite(l.array)) {
      throw st.error(Code.IMPURE_BRANCH, "adding to a list under a runtime condition", at);
    }
    append(l, v, at);
  }

  /** Stores {@code v} (a Value) as the next element. */
  void append(ListState l, AVal v, Tree at) {
    int depth = st.loops.size();
    AVal.Int index;
    if (depth == l.depth) {
      index = AVal.Int.of(l.size++);
    } else {
      List<TraceState.LoopFrame> frames = new ArrayList<>();
      var it = st.loops.iterator();
      for (int i = 0; i < depth - l.depth; i++) {
        frames.add(0, it.next());
      }
      for (TraceState.LoopFrame f : frames) {
        Site read = l.sizeReads.get(f);
        if (read != null) {
          throw new TraceException(
              Code.LIST_GROWTH,
              "the list's size is read in a loop that later adds to it",
              read.tree(),
              read.unit());
        }
      }
      if (l.pendingLoops != null && (!l.pendingLoops.equals(frames) || l.addsInInnermost > 0)) {
        throw st.error(Code.LIST_GROWTH, "this loop adds more than one element per iteration", at);
      }
      l.pendingLoops = frames;
      l.addsInInnermost = 1;
      l.pendingBlock = 1;
      index = st.plus(AVal.Int.node(linear(frames)), l.size);
    }
    AVal.Arr storage =
        new AVal.Arr(l.array, l.prefix, List.of(Integer.MAX_VALUE), JType.Base.VALUE);
    st.store(storage, List.of(index), st.f64Id(v), at);
  }

  /** The iteration number of the whole nest, outermost loop slowest. */
  private int linear(List<TraceState.LoopFrame> frames) {
    int acc = -1;
    for (TraceState.LoopFrame f : frames) {
      int it = f.index();
      if (f.descending()) {
        it = st.apply(Op.ISUB, st.intConstant(f.count() - 1), it);
      }
      acc = acc < 0 ? it : st.apply(Op.IADD, st.apply(Op.IMUL, acc, st.intConstant(f.count())), it);
    }
    return acc;
  }

  /** {@code list.size()}. */
  AVal.Int size(ListState l, Tree at) {
    return AVal.Int.of(elements(l, at).length());
  }

  /** The list as an array of its current elements; its size must be known. */
  AVal.Arr elements(ListState l, Tree at) {
    if (l.growing()) {
      throw st.error(
          Code.LIST_GROWTH,
          "the size of a list is not a constant inside a loop that adds to it",
          at);
    }
    var it = st.loops.iterator();
    for (int i = 0; i < st.loops.size() - l.depth; i++) {
      l.sizeReads.putIfAbsent(it.next(), new Site(at, st.unit()));
    }
    return new AVal.Arr(l.array, l.prefix, List.of(l.size), JType.Base.VALUE);
  }

  /** {@code list.get(i)}. */
  AVal get(ListState l, AVal.Int i, Tree at) {
    // While the list grows, elements beyond the size are checked by WriteOnceCheck instead.
    int bound = l.growing() ? Integer.MAX_VALUE : l.size;
    AVal.Arr a = new AVal.Arr(l.array, l.prefix, List.of(bound), JType.Base.VALUE);
    return st.load(a, List.of(i), at);
  }
}
