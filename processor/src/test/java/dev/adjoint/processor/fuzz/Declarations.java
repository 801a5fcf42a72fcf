package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the smaller declarations: sums, {@code int} and {@code boolean} locals, rows of
 * matrices, local {@code double[]}, and loops that run zero times.
 */
final class Declarations {
  private final Stmts st;
  private final Ctx ctx;

  Declarations(Stmts st) {
    this.st = st;
    this.ctx = st.ctx;
  }

  /** {@code boolean b = <condition>;} */
  void bool(Env env, Lines out) {
    String name = ctx.fresh("b");
    out.add("boolean " + name + " = " + st.sc.condition(env, st.ex, 1) + ";");
    env.declareFinal(Var.bool(name));
    ctx.use("boolean.local");
  }

  /** {@code Value[] row = m[i];}: a row of a matrix as an array. */
  void row(Env env, Lines out) {
    List<Var> matrices = env.all(Kind.MATRIX);
    if (matrices.isEmpty()) {
      st.scalar(env, out);
      return;
    }
    Var m = ctx.pick(matrices);
    String name = ctx.fresh("row");
    out.add("Value[] " + name + " = " + m.name() + "[" + st.sc.index(env, m.length()) + "];");
    env.declare(Var.array(name, m.cols(), m.range()));
    ctx.use("matrix.rowAlias");
  }

  /**
   * A loop that runs zero times: Java compiles its body, the tracer must not trace it (here it
   * would divide by zero).
   */
  void emptyLoop(Env env, Lines out) {
    String i = ctx.fresh("i");
    int n = ctx.nextInt(0, 3);
    out.open("for (int " + i + " = " + n + "; " + i + " < " + n + "; " + i + "++)");
    Env body = env.loop();
    st.block(body, out, ctx.nextInt(0, 1));
    out.add(
        "Value " + ctx.fresh("v") + " = " + st.ex.leaf(body).operand() + ".div(Value.of(0.0));");
    out.close();
    ctx.use("loop.zeroTrips");
  }

  /** A local {@code double[]}: an initializer, or a loop over its indices. */
  void doubles(Env env, Lines out) {
    String name = ctx.fresh("ds");
    int n = ctx.nextInt(1, 4);
    Range r = null;
    if (ctx.chance(0.5)) {
      List<String> elems = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        Expr e = st.sc.number(env, st.ex, 1);
        elems.add(e.code());
        r = r == null ? e.range() : r.hull(e.range());
      }
      out.add("double[] " + name + " = {" + String.join(", ", elems) + "};");
    } else {
      out.add("double[] " + name + " = new double[" + ctx.count(n) + "];");
      String i = ctx.fresh("i");
      out.open("for (int " + i + " = 0; " + i + " < " + name + ".length; " + i + "++)");
      Env body = env.loop();
      body.declareFinal(Var.integer(i, 0, n - 1));
      Expr e = st.sc.number(body, st.ex, 1);
      out.add(name + "[" + i + "] = " + e.code() + ";");
      out.close();
      r = e.range();
    }
    env.declareFinal(Var.doubles(name, n, r));
    ctx.use("double.localArray");
  }

  /** {@code Value s = Value.sum(vector);} */
  void sum(Env env, Lines out) {
    List<Var> vectors = env.vectors();
    if (vectors.isEmpty()) {
      st.scalar(env, out);
      return;
    }
    Var v = ctx.pick(vectors);
    Range r = v.range();
    for (int i = 1; i < v.length(); i++) {
      r = r.add(v.range());
    }
    Expr e =
        st.ex.squash(new Expr("Value.sum(" + v.name() + ")", v.length() == 0 ? Range.point(0) : r));
    String name = ctx.fresh("s");
    out.add("Value " + name + " = " + e.code() + ";");
    env.declare(Var.value(name, e.range()));
    ctx.use(v.kind() == Kind.LIST ? "sum.list" : "sum.array");
  }

  /** {@code int j = <index>;} usable as an index into vectors of its bound. */
  void intLocal(Env env, Lines out) {
    List<Var> vectors = env.vectors();
    int len = vectors.isEmpty() ? ctx.nextInt(1, 5) : ctx.pick(vectors).length();
    String name = ctx.fresh("j");
    String init = st.sc.index(env, len);
    out.add("int " + name + " = " + init + ";");
    Var alias = env.get(init);
    // A copy of an int whose range is only inferred from its index uses stays as restricted.
    env.declareFinal(
        alias != null && Scalars.directOnly(alias)
            ? new Var(name, Kind.INT, alias.range(), alias.lo(), alias.hi(), 0, 1)
            : Var.integer(name, 0, len - 1));
    ctx.use("int.local");
  }
}
