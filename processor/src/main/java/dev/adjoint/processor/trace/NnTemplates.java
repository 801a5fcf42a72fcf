package dev.adjoint.processor.trace;

import com.sun.source.tree.MethodInvocationTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Op;
import java.util.List;

/**
 * The IR templates of {@link NnLibrary}, each with exactly the operation order of {@code Nn} (every
 * sum a left fold from its first term, the stabilizing max a stop-gradient fold), at compile-time
 * or runtime lengths; shape relations known only at run time become checks of the program.
 */
final class NnTemplates {
  private final Tracer t;
  private final TraceState st;
  private MethodInvocationTree call;

  NnTemplates(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** Makes {@code call} the site of the nodes and errors of the next templates. */
  NnTemplates at(MethodInvocationTree call) {
    this.call = call;
    return this;
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

  private AVal.Int idx(int id) {
    return st.syms.indexOf(id);
  }

  private AVal.Int next(int id) {
    return st.syms.plus(st.syms.indexOf(id), 1);
  }

  private AVal.Arr local(String name, AVal.Int n) {
    return st.memory.allocate(t.alloc.uniqueName(name), JType.Base.VALUE, List.of(n), call);
  }

  private void put(AVal.Arr a, AVal.Int i, int value) {
    st.store(a, List.of(i), value, call);
  }

  /** {@code n - 1}, the trip count of a fold. */
  private AVal.Int fewer(AVal.Int n) {
    return st.syms.plus(n, -1);
  }

  /** {@code (double) n}. */
  private int asDouble(AVal.Int n) {
    return n.isConstant() ? st.constant((double) n.constant()) : st.apply(Op.I2D, n.id());
  }

  private static String text(AVal.Int n) {
    return Checks.esc(Sym.text(n.sym()));
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

  private int fold(AVal.Int n, int first, Term term) {
    return st.loop(
            fewer(n),
            List.of(first),
            (i, c) -> List.of(st.apply(Op.ADD, c.get(0), term.at(next(i)))))
        .get(0);
  }

  AVal.Arr softmax(AVal.Arr x) {
    AVal.Int n = x.length();
    int max = max(x);
    AVal.Arr exps = local("exps", n);
    // The sum is taken in the loop that computes the exponentials (exps[0] peeled off as the
    // fold's first term): the same operations as exps-then-sum, in one pass whose chain of
    // additions hides behind the exponentials.
    int first = st.apply(Op.EXP, st.apply(Op.SUB, at(x, 0), max));
    put(exps, AVal.Int.of(0), first);
    int total =
        st.loop(
                fewer(n),
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
    if (x.prefix().isEmpty()
        && out.prefix().isEmpty()
        && x.rank() == 1
        && !x.flat()
        && !out.flat()
        && x.suffix().isEmpty()) {
      st.b.libraryCall(new LibraryCall(LibraryCall.Library.SOFTMAX, x.array(), out.array()));
    }
    return out;
  }

  AVal.Arr softmax(AVal.Arr x, int temperature) {
    AVal.Int n = x.length();
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
    AVal.Int n = x.length();
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

  AVal.Arr logSoftmax(AVal.Arr x) {
    AVal.Int n = x.length();
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

  AVal crossEntropy(AVal.Arr x, AVal.Int target) {
    AVal.Int n = x.length();
    if (target.isConstant()
        && n.isConstant()
        && (target.constant() < 0 || target.constant() >= n.constant())) {
      throw st.error(
          Code.INDEX_OUT_OF_BOUNDS,
          "target " + target.constant() + " is outside logits (length " + n.constant() + ")",
          call.getArguments().get(1));
    }
    AVal.Arr shifted = shift(x);
    // Read before the sum (the same value): reverse mode then visits the sum's loop first, whose
    // contributions fill the gradient, and adds the target's -1 after, with no clearing pass.
    int picked = at(shifted, target);
    int logSum = logSumExp(shifted);
    return new AVal.Num(st.apply(Op.NEG, st.apply(Op.SUB, picked, logSum)), true, null);
  }

  AVal.Arr linear(AVal.Arr x, AVal.Arr w) {
    AVal.Int n = x.length();
    AVal.Int rows = w.dims().get(0);
    AVal.Int cols = w.dims().get(1);
    if (cols.isConstant() && n.isConstant() && cols.constant().intValue() != n.constant()) {
      throw st.error(
          Code.SHAPE_MISMATCH,
          "w has rows of length " + cols.constant() + " but x has length " + n.constant(),
          call);
    }
    AVal.Arr out = local("linear", rows);
    st.loop(
        rows,
        List.of(),
        (j, c) -> {
          if (!cols.isConstant() || !n.isConstant()) {
            st.checks.requireEqual(
                n.sym(),
                cols.sym(),
                "the rows of w have length "
                    + text(cols)
                    + " = %d but x has length "
                    + text(n)
                    + " = %d",
                Code.SHAPE_MISMATCH,
                call);
          }
          int first = st.apply(Op.MUL, at(w, idx(j), AVal.Int.of(0)), at(x, 0));
          int acc = fold(n, first, i -> st.apply(Op.MUL, at(w, idx(j), i), at(x, i)));
          put(out, idx(j), acc);
          return List.of();
        });
    return out;
  }

  AVal.Arr rmsnorm(AVal.Arr x) {
    AVal.Int n = x.length();
    int x0 = at(x, 0);
    int ss =
        fold(
            n,
            st.apply(Op.MUL, x0, x0),
            i -> {
              int xi = at(x, i);
              return st.apply(Op.MUL, xi, xi);
            });
    int ms = st.apply(Op.DIV, ss, asDouble(n));
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

  AVal.Arr attention(AVal.Arr q, AVal.Arr keys, AVal.Arr values) {
    AVal.Int d = q.length();
    AVal.Int positions = keys.dims().get(0);
    AVal.Int keyLength = keys.dims().get(1);
    AVal.Int valueRows = values.dims().get(0);
    if (keyLength.isConstant() && d.isConstant()) {
      if (keyLength.constant().intValue() != d.constant()) {
        throw st.error(
            Code.SHAPE_MISMATCH,
            "keys have length " + keyLength.constant() + " but q has " + d.constant(),
            call);
      }
    } else {
      st.checks.requireEqual(
          d.sym(),
          keyLength.sym(),
          "keys have length " + text(keyLength) + " = %d but q has length " + text(d) + " = %d",
          Code.SHAPE_MISMATCH,
          call);
    }
    if (positions.isConstant()) {
      if (positions.constant() == 0) {
        throw st.error(Code.SHAPE_MISMATCH, "keys must not be empty", call);
      }
    } else {
      st.checks.require(
          new Sym.K(1),
          positions.sym(),
          "keys must not be empty (it has %d rows)",
          Code.SHAPE_MISMATCH,
          call);
    }
    if (valueRows.isConstant() && positions.isConstant()) {
      if (valueRows.constant().intValue() != positions.constant()) {
        throw st.error(
            Code.SHAPE_MISMATCH,
            "values has " + valueRows.constant() + " rows but keys has " + positions.constant(),
            call);
      }
    } else {
      st.checks.requireEqual(
          positions.sym(),
          valueRows.sym(),
          "values has " + text(valueRows) + " = %d rows but keys has " + text(positions) + " = %d",
          Code.SHAPE_MISMATCH,
          call);
    }
    AVal.Int dv = values.dims().get(1);
    int sqrtD =
        d.isConstant() ? st.constant(Math.sqrt(d.constant())) : st.apply(Op.SQRT, asDouble(d));
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
