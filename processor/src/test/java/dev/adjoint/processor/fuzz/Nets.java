package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates calls of {@code dev.adjoint.nn.Nn} on whatever arrays and matrices of compatible shapes
 * are in scope: softmax (with and without temperature), logSoftmax, crossEntropy, linear, rmsnorm
 * and attention.
 */
final class Nets {
  private final Stmts st;
  private final Ctx ctx;

  Nets(Stmts st) {
    this.st = st;
    this.ctx = st.ctx;
  }

  /** An array argument: a variable, a matrix row or a nested call. */
  private record Source(String name, int length, Range range) {}

  private Source source(Env env) {
    List<Source> sources = new ArrayList<>();
    for (Var a : env.all(Kind.ARRAY)) {
      sources.add(new Source(a.name(), a.length(), a.range()));
    }
    if (ctx.chance(0.3)) {
      for (Var m : env.all(Kind.MATRIX)) {
        String row = m.name() + "[" + st.sc.index(env, m.length()) + "]";
        sources.add(new Source(row, m.cols(), m.range()));
        ctx.use("nn.rowArgument");
      }
    }
    if (sources.isEmpty()) {
      return null;
    }
    Source s = ctx.pick(sources);
    if (ctx.chance(0.15)) {
      double m = Math.min(Math.sqrt(s.length()), s.range().mag() / Math.sqrt(1e-5));
      ctx.use("nn.nestedCall");
      return new Source("Nn.rmsnorm(" + s.name() + ")", s.length(), Range.of(-m, m));
    }
    return s;
  }

  void call(Env env, Lines out) {
    Source x = source(env);
    if (x == null) {
      st.scalar(env, out);
      return;
    }
    int n = x.length();
    Range r = x.range();
    int roll = ctx.nextInt(0, 9);
    if (roll < 2) {
      if (ctx.chance(0.3)) {
        double temp = ctx.constant(0.5, 2);
        declareArray(env, out, "Nn.softmax(" + x.name() + ", " + temp + ")", n, Range.of(0, 1));
        ctx.use("nn.softmaxTemperature");
      } else {
        declareArray(env, out, "Nn.softmax(" + x.name() + ")", n, Range.of(0, 1));
        ctx.use("nn.softmax");
      }
    } else if (roll < 4) {
      Range lsm = Range.of(r.lo() - r.hi() - Math.log(n), 0);
      declareArray(env, out, "Nn.logSoftmax(" + x.name() + ")", n, lsm);
      ctx.use("nn.logSoftmax");
    } else if (roll < 6) {
      String target = st.sc.index(env, n);
      Expr e =
          new Expr(
              "Nn.crossEntropy(" + x.name() + ", " + target + ")",
              Range.of(0, r.hi() - r.lo() + Math.log(n)));
      declareValue(env, out, st.ex.squash(e));
      ctx.use("nn.crossEntropy");
    } else if (roll < 7) {
      double m = Math.min(Math.sqrt(n), r.mag() / Math.sqrt(1e-5));
      declareArray(env, out, "Nn.rmsnorm(" + x.name() + ")", n, Range.of(-m, m));
      ctx.use("nn.rmsnorm");
    } else if (roll < 8) {
      Expr e =
          new Expr("Nn.softmax(" + x.name() + ")[" + st.sc.index(env, n) + "]", Range.of(0, 1));
      declareValue(env, out, st.ex.aroundCall(e, env, 1));
      ctx.use("nn.elementOfCall");
    } else if (!linear(env, out) && !attention(env, out)) {
      declareArray(env, out, "Nn.softmax(" + x.name() + ")", n, Range.of(0, 1));
      ctx.use("nn.softmax");
    }
  }

  /** {@code Nn.linear(x, w)} for some x and w with w's rows as long as x. */
  private boolean linear(Env env, Lines out) {
    for (Var w : env.all(Kind.MATRIX)) {
      List<Var> xs = env.all(v -> v.kind() == Kind.ARRAY && v.length() == w.cols());
      if (!xs.isEmpty()) {
        Var x = ctx.pick(xs);
        Range term = x.range().mul(w.range());
        Range acc = term;
        for (int i = 1; i < x.length(); i++) {
          acc = acc.add(term);
        }
        declareArray(env, out, "Nn.linear(" + x.name() + ", " + w.name() + ")", w.length(), acc);
        ctx.use("nn.linear");
        return true;
      }
    }
    return false;
  }

  /** {@code Nn.attention(q, keys, values)} for compatible shapes. */
  private boolean attention(Env env, Lines out) {
    for (Var keys : env.all(Kind.MATRIX)) {
      List<Var> qs = env.all(v -> v.kind() == Kind.ARRAY && v.length() == keys.cols());
      List<Var> vals = env.all(v -> v.kind() == Kind.MATRIX && v.length() == keys.length());
      if (!qs.isEmpty() && !vals.isEmpty()) {
        Var q = ctx.pick(qs);
        Var v = ctx.pick(vals);
        String call = "Nn.attention(" + q.name() + ", " + keys.name() + ", " + v.name() + ")";
        // A convex combination of value rows, up to rounding (Range.of adds slack).
        declareArray(env, out, call, v.cols(), Range.of(v.range().lo(), v.range().hi()));
        ctx.use("nn.attention");
        return true;
      }
    }
    return false;
  }

  private void declareArray(Env env, Lines out, String call, int n, Range r) {
    String name = ctx.fresh("y");
    out.add("Value[] " + name + " = " + call + ";");
    env.declare(Var.array(name, n, r));
  }

  private void declareValue(Env env, Lines out, Expr e) {
    String name = ctx.fresh("v");
    out.add("Value " + name + " = " + e.code() + ";");
    env.declare(Var.value(name, e.range()));
  }
}
