package dev.adjoint.processor.trace;

import com.sun.source.tree.MethodInvocationTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Op;
import java.util.List;

/**
 * IR templates for {@code dev.adjoint.nn.Nn}, built with exactly the operation order that {@code
 * Nn}'s Javadoc specifies and its code performs (every sum a left fold from its first term, the
 * stabilizing max a stop-gradient {@code Math.max} fold from element 0), so that the compiled
 * forward pass equals the engine's bit for bit.
 */
final class NnLibrary {
  private final Tracer t;
  private final TraceState st;
  private MethodInvocationTree call;

  NnLibrary(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  AVal call(String name, List<AVal> a, MethodInvocationTree call) {
    this.call = call;
    switch (name) {
      case "softmax":
        if (a.size() == 1) {
          return softmax(vector(a, 0, "logits"));
        }
        if (a.size() == 2 && CallTracer.isNumber(a.get(1)) && !CallTracer.isValue(a.get(1))) {
          return softmax(vector(a, 0, "logits"), st.f64Id(a.get(1)));
        }
        break;
      case "logSoftmax":
        if (a.size() == 1) {
          return logSoftmax(vector(a, 0, "logits"));
        }
        break;
      case "crossEntropy":
        if (a.size() == 2 && a.get(1) instanceof AVal.Int target) {
          return crossEntropy(vector(a, 0, "logits"), target);
        }
        break;
      case "linear":
        if (a.size() == 2) {
          return linear(vector(a, 0, "x"), matrix(a, 1, "w"));
        }
        break;
      case "rmsnorm":
        if (a.size() == 1) {
          return rmsnorm(vector(a, 0, "x"));
        }
        break;
      case "attention":
        if (a.size() == 3) {
          return attention(vector(a, 0, "q"), matrix(a, 1, "keys"), matrix(a, 2, "values"));
        }
        break;
      default:
        break;
    }
    throw st.error(Code.OPAQUE_CALL, "Nn." + name + CallTracer.signature(a), call);
  }

  private AVal.Arr vector(List<AVal> a, int i, String name) {
    if (!(a.get(i) instanceof AVal.Arr arr)
        || arr.shape().size() != 1
        || arr.elem() != JType.Base.VALUE) {
      throw st.error(
          Code.OPAQUE_CALL,
          "Nn argument " + name + " must be a Value[]",
          call.getArguments().get(i));
    }
    if (arr.length() == 0) {
      throw st.error(Code.SHAPE_MISMATCH, name + " must not be empty", call.getArguments().get(i));
    }
    return arr;
  }

  private AVal.Arr matrix(List<AVal> a, int i, String name) {
    if (!(t.tables.asArray(a.get(i), call) instanceof AVal.Arr arr)
        || arr.shape().size() != 2
        || arr.elem() != JType.Base.VALUE) {
      throw st.error(
          Code.OPAQUE_CALL,
          "Nn argument " + name + " must be a Value[][]",
          call.getArguments().get(i));
    }
    return arr;
  }

  // ---- element helpers ----

  private int at(AVal.Arr a, int i) {
    return ((AVal.Num) st.load(a, List.of(AVal.Int.of(i)), call)).id();
  }

  private int at(AVal.Arr a, AVal.Int i) {
    return ((AVal.Num) st.load(a, List.of(i), call)).id();
  }

  private int at(AVal.Arr a, AVal.Int i, AVal.Int j) {
    return ((AVal.Num) st.load(a, List.of(i, j), call)).id();
  }

  private static AVal.Int idx(int id) {
    return AVal.Int.node(id);
  }

  private AVal.Int next(int id) {
    return st.plus(AVal.Int.node(id), 1);
  }

  private AVal.Arr local(String name, int n) {
    return st.newLocal(t.alloc.uniqueName(name), JType.Base.VALUE, List.of(n));
  }

  private void put(AVal.Arr a, AVal.Int i, int value) {
    st.store(a, List.of(i), value, call);
  }

  // ---- templates ----

  /**
   * {@code max = x[0].data()}, then {@code Math.max(max, x[i].data())} for i = 1 .. n-1, computed
   * as a loop over every i from {@code -Infinity}: {@code Math.max(-Infinity, v)} is {@code v} bit
   * for bit (NaN and -0.0 included), and x[0] is then not read at the top before the loop, which
   * would make reverse mode add into its gradient last (after the target's -1 of cross-entropy).
   */
  private int max(AVal.Arr x) {
    int start = st.constant(Double.NEGATIVE_INFINITY);
    return st.loop(
            x.length(),
            List.of(start),
            (i, c) -> List.of(st.apply(Op.MAX, c.get(0), st.apply(Op.STOP, at(x, idx(i))))))
        .get(0);
  }

  /** A left fold {@code acc = acc + term(i)} for i = 1 .. n-1, from {@code first}. */
  private interface Term {
    int at(AVal.Int i);
  }

  private int fold(int n, int first, Term term) {
    return st.loop(
            n - 1, List.of(first), (i, c) -> List.of(st.apply(Op.ADD, c.get(0), term.at(next(i)))))
        .get(0);
  }

  private AVal.Arr softmax(AVal.Arr x) {
    int n = x.length();
    int max = max(x);
    AVal.Arr exps = local("exps", n);
    // The sum is taken in the loop that computes the exponentials (exps[0] peeled off as the
    // fold's first term): the same operations as exps-then-sum, in one pass whose chain of
    // additions hides behind the exponentials.
    int first = st.apply(Op.EXP, st.apply(Op.SUB, at(x, 0), max));
    put(exps, AVal.Int.of(0), first);
    int total =
        st.loop(
                n - 1,
                List.of(first),
                (i, c) -> {
                  AVal.Int j = next(i);
                  int e = st.apply(Op.EXP, st.apply(Op.SUB, at(x, j), max));
                  put(exps, j, e);
                  return List.of(st.apply(Op.ADD, c.get(0), e));
                })
            .get(0);
    AVal.Arr out = local("probs", n);
    st.loop(
        n,
        List.of(),
        (i, c) -> {
          put(out, idx(i), st.apply(Op.DIV, at(exps, idx(i)), total));
          return List.of();
        });
    // Outside loops, where both are whole arrays, reverse mode may take softmax's own rule.
    if (x.prefix().isEmpty() && out.prefix().isEmpty() && x.shape().size() == 1) {
      st.b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x.array(), out.array()));
    }
    return out;
  }

  private AVal.Arr softmax(AVal.Arr x, int temperature) {
    int n = x.length();
    AVal.Arr scaled = local("scaled", n);
    st.loop(
        n,
        List.of(),
        (i, c) -> {
          put(scaled, idx(i), st.apply(Op.DIV, at(x, idx(i)), temperature));
          return List.of();
        });
    return softmax(scaled);
  }

  /** {@code shifted[i] = x[i] - max}. */
  private AVal.Arr shift(AVal.Arr x) {
    int n = x.length();
    int max = max(x);
    AVal.Arr shifted = local("shifted", n);
    st.loop(
        n,
        List.of(),
        (i, c) -> {
          put(shifted, idx(i), st.apply(Op.SUB, at(x, idx(i)), max));
          return List.of();
        });
    return shifted;
  }

  /** {@code log(exp(s0) + exp(s1) + ...)}, a left fold from the first term. */
  private int logSumExp(AVal.Arr shifted) {
    int first = st.apply(Op.EXP, at(shifted, 0));
    int sum = fold(shifted.length(), first, i -> st.apply(Op.EXP, at(shifted, i)));
    return st.apply(Op.LOG, sum);
  }

  private AVal.Arr logSoftmax(AVal.Arr x) {
    int n = x.length();
    AVal.Arr shifted = shift(x);
    int logSum = logSumExp(shifted);
    AVal.Arr out = local("logProbs", n);
    st.loop(
        n,
        List.of(),
        (i, c) -> {
          put(out, idx(i), st.apply(Op.SUB, at(shifted, idx(i)), logSum));
          return List.of();
        });
    return out;
  }

  private AVal crossEntropy(AVal.Arr x, AVal.Int target) {
    if (target.isConstant() && (target.constant() < 0 || target.constant() >= x.length())) {
      throw st.error(
          Code.INDEX_OUT_OF_BOUNDS,
          "target " + target.constant() + " is outside logits (length " + x.length() + ")",
          call.getArguments().get(1));
    }
    AVal.Arr shifted = shift(x);
    // Read before the sum (the same value): reverse mode then visits the sum's loop first, whose
    // contributions fill the gradient, and adds the target's -1 after, with no clearing pass.
    int picked = at(shifted, target);
    int logSum = logSumExp(shifted);
    return new AVal.Num(st.apply(Op.NEG, st.apply(Op.SUB, picked, logSum)), true, null);
  }

  private AVal.Arr linear(AVal.Arr x, AVal.Arr w) {
    int n = x.length();
    int rows = w.shape().get(0);
    if (w.shape().get(1) != n) {
      throw st.error(
          Code.SHAPE_MISMATCH,
          "w has rows of length " + w.shape().get(1) + " but x has length " + n,
          call);
    }
    AVal.Arr out = local("linear", rows);
    st.loop(
        rows,
        List.of(),
        (j, c) -> {
          int first = st.apply(Op.MUL, at(w, idx(j), AVal.Int.of(0)), at(x, 0));
          int acc = fold(n, first, i -> st.apply(Op.MUL, at(w, idx(j), i), at(x, i)));
          put(out, idx(j), acc);
          return List.of();
        });
    return out;
  }

  private AVal.Arr rmsnorm(AVal.Arr x) {
    int n = x.length();
    int x0 = at(x, 0);
    int ss =
        fold(
            n,
            st.apply(Op.MUL, x0, x0),
            i -> {
              int xi = at(x, i);
              return st.apply(Op.MUL, xi, xi);
            });
    int ms = st.apply(Op.DIV, ss, st.constant((double) n));
    int scale = st.apply(Op.POW, st.apply(Op.ADD, ms, st.constant(1e-5)), st.constant(-0.5));
    AVal.Arr out = local("normed", n);
    st.loop(
        n,
        List.of(),
        (i, c) -> {
          put(out, idx(i), st.apply(Op.MUL, at(x, idx(i)), scale));
          return List.of();
        });
    return out;
  }

  private AVal.Arr attention(AVal.Arr q, AVal.Arr keys, AVal.Arr values) {
    int d = q.length();
    int positions = keys.shape().get(0);
    if (keys.shape().get(1) != d) {
      throw st.error(
          Code.SHAPE_MISMATCH, "keys have length " + keys.shape().get(1) + " but q has " + d, call);
    }
    if (positions == 0) {
      throw st.error(Code.SHAPE_MISMATCH, "keys must not be empty", call);
    }
    if (values.shape().get(0) != positions) {
      throw st.error(
          Code.SHAPE_MISMATCH,
          "values has " + values.shape().get(0) + " rows but keys has " + positions,
          call);
    }
    int dv = values.shape().get(1);
    int sqrtD = st.constant(Math.sqrt(d));
    AVal.Arr logits = local("scores", positions);
    st.loop(
        positions,
        List.of(),
        (tt, c) -> {
          int first = st.apply(Op.MUL, at(q, 0), at(keys, idx(tt), AVal.Int.of(0)));
          int dot = fold(d, first, j -> st.apply(Op.MUL, at(q, j), at(keys, idx(tt), j)));
          put(logits, idx(tt), st.apply(Op.DIV, dot, sqrtD));
          return List.of();
        });
    AVal.Arr weights = softmax(logits);
    AVal.Arr out = local("attended", dv);
    st.loop(
        dv,
        List.of(),
        (j, c) -> {
          int first = st.apply(Op.MUL, at(weights, 0), at(values, AVal.Int.of(0), idx(j)));
          int acc =
              fold(
                  positions,
                  first,
                  tt -> st.apply(Op.MUL, at(weights, tt), at(values, tt, idx(j))));
          put(out, idx(j), acc);
          return List.of();
        });
    return out;
  }
}
