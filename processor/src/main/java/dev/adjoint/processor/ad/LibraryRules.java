package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Reverse-mode rules for library calls ({@link LibraryCall}): which calls of a program can take
 * their own rule instead of the chain rule through the template's operations, and the rule's code.
 *
 * <p>Softmax's vector-Jacobian product is {@code gx = p * (g - sum(g * p))} (what JAX writes for
 * its {@code softmax}): one multiplication and one subtraction per element where the chain rule
 * through {@code exp(x - max) / sum} costs four operations and a pass over the exponentials. It
 * equals the chain rule's result up to rounding on the scale of {@code |g| * p}.
 *
 * <p>A call is applied only where the rule's adjoint can be placed in the backward sweep between
 * every use of the output and every definition of the input: at the top level, the output is stored
 * by nodes that come after every node storing the input and before every node loading the output,
 * and none of those nodes holds a branch or a loop that may stop early (the template runs in full).
 * Both arrays must be write-once ({@link WriteOnce}): that makes the output's contents exactly the
 * function of the input's there. Otherwise the chain rule applies, which is never wrong, only
 * slower. The length may be known only at run time.
 */
final class LibraryRules {
  private LibraryRules() {}

  /**
   * A call whose rule reverse mode takes.
   *
   * @param n the length of the input and output (the primal's extent)
   * @param at the position in the top-level block of the first node storing the output; the rule
   *     runs in the backward sweep right after that node's reverse
   * @param last the position of the last node storing the output; forward mode's rule runs right
   *     after it
   * @param fusable the top-level loop that holds the output's only store, at the loop's index, or
   *     null: when the output's adjoint is the seed, its dot product with the output is taken there
   *     in the forward sweep, in the pass that computes the output
   */
  record Applied(LibraryCall call, Extent n, int at, int last, Node.Loop fusable) {}

  /** The calls of {@code f} whose rule applies, by output array, in call order. */
  static Map<Integer, Applied> of(Function f) {
    return f.calls().isEmpty() ? new LinkedHashMap<>() : of(f, WriteOnce.of(f));
  }

  /**
   * The calls of {@code f} whose rule applies, by output array, in call order, given the arrays
   * proven write-once.
   */
  static Map<Integer, Applied> of(Function f, Set<Integer> writeOnce) {
    Map<Integer, Applied> out = new LinkedHashMap<>();
    if (f.calls().isEmpty()) {
      return out;
    }
    List<Set<Integer>> stores = new ArrayList<>();
    List<Set<Integer>> loads = new ArrayList<>();
    List<Boolean> partial = new ArrayList<>();
    for (Node n : f.body()) {
      Set<Integer> s = new HashSet<>();
      Set<Integer> l = new HashSet<>();
      accesses(List.of(n), s, l);
      stores.add(s);
      loads.add(l);
      partial.add(mayRunPartly(List.of(n)));
    }
    for (LibraryCall c : f.calls()) {
      ArrayDecl in = f.array(c.input());
      ArrayDecl o = f.array(c.output());
      if (c.function() != LibraryCall.Library.SOFTMAX
          || in.rank() != 1
          || !in.extents().equals(o.extents())
          || in.role() != ArrayDecl.Role.INPUT && !writeOnce.contains(in.id())
          || !writeOnce.contains(o.id())
          || in.elem() != ScalarType.F64
          || o.elem() != ScalarType.F64
          || o.role() == ArrayDecl.Role.INPUT
          || in.role() == ArrayDecl.Role.OUTPUT
          || out.containsKey(o.id())) {
        continue;
      }
      int first = -1;
      int last = -1;
      int lastInputStore = -1;
      int firstLoad = Integer.MAX_VALUE;
      for (int k = 0; k < stores.size(); k++) {
        if (stores.get(k).contains(o.id())) {
          first = first < 0 ? k : first;
          last = k;
        }
        if (stores.get(k).contains(in.id())) {
          lastInputStore = k;
        }
        if (partial.get(k) && (stores.get(k).contains(o.id()) || stores.get(k).contains(in.id()))) {
          first = Integer.MIN_VALUE; // declined: the template may not run in full
          break;
        }
        if (loads.get(k).contains(o.id())) {
          firstLoad = Math.min(firstLoad, k);
        }
      }
      if (first < 0 || lastInputStore >= first || firstLoad <= last) {
        continue;
      }
      Node.Loop fusable =
          first == last && f.body().get(first) instanceof Node.Loop loop && storesOnce(loop, o)
              ? loop
              : null;
      out.put(o.id(), new Applied(c, o.extents().get(0), first, last, fusable));
    }
    return out;
  }

  /** True if {@code loop} runs over {@code o} and its body stores {@code o[index]}, once. */
  private static boolean storesOnce(Node.Loop loop, ArrayDecl o) {
    if (!loop.trips().equals(o.extents().get(0)) || loop.stopsEarly()) {
      return false;
    }
    int count = 0;
    for (Node n : loop.body().nodes()) {
      if (n instanceof Node.Store s && s.array() == o.id()) {
        if (!s.index().equals(List.of(loop.body().index().id()))) {
          return false;
        }
        count++;
      } else if (n instanceof Node.Loop inner) {
        Set<Integer> s = new HashSet<>();
        accesses(List.of(inner), s, new HashSet<>());
        if (s.contains(o.id())) {
          return false;
        }
      }
    }
    return count == 1;
  }

  /**
   * The fused dot product's term for one iteration of {@code a}'s {@linkplain Applied#fusable
   * fusable} loop: {@code v[i] * out[i]}, the output's element as the loop's copy computes it
   * ({@code copy} maps the primal's ids to the copy's).
   */
  static int dotTerm(Builder b, Applied a, IntUnaryOperator copy, int v) {
    for (Node n : a.fusable().body().nodes()) {
      if (n instanceof Node.Store s && s.array() == a.call().output()) {
        List<Integer> index = s.index().stream().map(copy::applyAsInt).toList();
        return b.apply(Op.MUL, b.load(v, index), copy.applyAsInt(s.value()));
      }
    }
    throw new IllegalStateException("no store into " + a.call().output());
  }

  private static void accesses(List<Node> block, Set<Integer> stores, Set<Integer> loads) {
    for (Node n : block) {
      if (n instanceof Node.Store s) {
        stores.add(s.array());
      } else if (n instanceof Node.Load l) {
        loads.add(l.array());
      }
      for (List<Node> inner : n.blocks()) {
        accesses(inner, stores, loads);
      }
    }
  }

  /** True if a block holds a branch or a loop that may stop early. */
  private static boolean mayRunPartly(List<Node> block) {
    for (Node n : block) {
      if (n instanceof Node.If || n instanceof Node.Loop l && l.stopsEarly()) {
        return true;
      }
      for (List<Node> inner : n.blocks()) {
        if (mayRunPartly(inner)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Emits softmax's rule {@code gIn[i] += out[i] * (gOut[i] - dot)} as a loop, where {@code dot} is
   * {@code sum(gOut * out)}: {@code fusedDot} if the forward sweep took it, else a loop here.
   */
  static void emit(Builder b, Applied a, Extent n, int gOut, int gIn, Integer fusedDot) {
    int out = a.call().output();
    int dot = dot(b, a, n, gOut, fusedDot);
    Builder.LoopScope s = loop(b, n, List.of());
    List<Integer> i = List.of(s.index());
    int term = b.apply(Op.MUL, b.load(out, i), b.apply(Op.SUB, b.load(gOut, i), dot));
    b.store(gIn, i, b.apply(Op.ADD, b.load(gIn, i), term));
    b.endLoop(List.of());
  }

  /**
   * Emits softmax's forward-mode rule {@code dOut[i] = out[i] * (dIn[i] - dot)}, where {@code dot}
   * is {@code sum(out * dIn)}: {@code fusedDot} if the loop computing the output took it.
   */
  static void emitTangent(Builder b, Applied a, Extent n, int dIn, int dOut, Integer fusedDot) {
    int out = a.call().output();
    int dot = dot(b, a, n, dIn, fusedDot);
    Builder.LoopScope s = loop(b, n, List.of());
    List<Integer> i = List.of(s.index());
    b.store(dOut, i, b.apply(Op.MUL, b.load(out, i), b.apply(Op.SUB, b.load(dIn, i), dot)));
    b.endLoop(List.of());
  }

  /** {@code sum(v * out)}: {@code fusedDot}, or a loop computing it. */
  private static int dot(Builder b, Applied a, Extent n, int v, Integer fusedDot) {
    int out = a.call().output();
    int dot;
    if (fusedDot != null) {
      dot = fusedDot;
    } else {
      Builder.LoopScope s = loop(b, n, List.of(b.constant(0.0)));
      List<Integer> i = List.of(s.index());
      int term = b.apply(Op.MUL, b.load(v, i), b.load(out, i));
      dot = b.endLoop(List.of(b.apply(Op.ADD, s.carried().get(0), term))).get(0);
    }
    b.name(dot, Names.prefixed("dot", b.array(out).name()));
    return dot;
  }

  /** An ascending loop over {@code n} elements ({@code n} an extent of the program being built). */
  private static Builder.LoopScope loop(Builder b, Extent n, List<Integer> inits) {
    return n instanceof Extent.Fixed fx
        ? b.beginLoop(fx.size(), false, inits)
        : b.beginLoop(n, false, inits);
  }
}
