package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates loops with carried values: counted loops (ascending, descending, strided, all header
 * forms) and for-each loops over arrays, lists and matrix rows, carrying Value accumulators, a
 * double and an int counter.
 *
 * <p>Ranges of carried values come from an invariant: a visible accumulator is assumed to stay in
 * {@code A = hull(init, [-B, B])}; its update is checked against A after the body and squashed into
 * it if needed, so A holds at every iteration by induction. A hidden accumulator ({@code s =
 * s.add(T)} where T does not read s) gets the exact bound {@code init + trips * T}.
 */
final class Loops {
  private final Stmts st;
  private final Ctx ctx;

  Loops(Stmts st) {
    this.st = st;
    this.ctx = st.ctx;
  }

  /** A loop header and what its body may read. */
  record Header(String code, int trips, Var index, Var element) {}

  void accumulate(Env env, Lines out) {
    Header h = header(env);
    ctx.use("loop");
    if (env.loopDepth > 0) {
      ctx.use("loop.nested");
    }
    // Carried Values: existing ones this scope owns, or new ones.
    List<Var> general = new ArrayList<>();
    List<Var> owned = env.assignable(Kind.VALUE);
    int count = ctx.nextInt(1, 2);
    for (int i = 0; i < count; i++) {
      if (!owned.isEmpty() && ctx.chance(0.3)) {
        Var v = ctx.pick(owned);
        if (!general.contains(v)) {
          general.add(v);
        }
      } else {
        general.add(newAccumulator(env, out));
      }
    }
    Var hidden = ctx.chance(0.4) ? newAccumulator(env, out) : null;
    Var scale = null;
    double step = ctx.constant(0.1, 1);
    if (ctx.chance(0.3)) {
      double c0 = ctx.constant(-1, 1);
      scale = Var.number(ctx.fresh("w"), Range.point(c0));
      out.add("double " + scale.name() + " = " + Ctx.lit(c0) + ";");
      env.declare(scale);
    }
    Var counter = null;
    if (ctx.chance(0.25)) {
      counter = Var.integer(ctx.fresh("c"), 0, 0);
      out.add("int " + counter.name() + " = 0;");
      env.declareFinal(counter);
    }

    out.open(h.code());
    Env body = env.loop();
    if (h.index() != null) {
      body.declareFinal(h.index());
    }
    if (h.element() != null) {
      body.declareFinal(h.element());
    }
    if (hidden != null) {
      body.hide(hidden.name());
    }
    List<Range> invariants = new ArrayList<>();
    for (Var v : general) {
      double b = Math.max(2, Math.ceil(v.range().mag()));
      Range a = v.range().hull(new Range(-b, b));
      invariants.add(a);
      body.update(v.withRange(a));
      body.carry(v.name());
    }
    int steps = Math.max(h.trips() - 1, 0);
    if (scale != null) {
      double c0 = scale.range().lo();
      body.update(scale.withRange(Range.of(c0, c0 + step * steps)));
    }
    if (counter != null) {
      body.update(Var.integer(counter.name(), 0, steps));
      ctx.use("loop.intCounter");
    }
    // The hidden accumulator is out of the body's sight, so its term cannot depend on it.
    Expr term = null;
    if (hidden != null) {
      term = st.ex.value(body, ctx.nextInt(1, 2));
      double limit = 40.0 / Math.max(1, h.trips());
      if (term.range().mag() > limit) {
        double k = Math.floor(limit / term.range().mag() * 1000) / 1000;
        term = k > 0 ? new Expr(term.operand() + ".mul(" + k + ")", term.range().scale(k)) : null;
      }
    }
    st.block(body, out, ctx.nextInt(0, env.loopDepth == 0 ? 3 : 1));
    for (int i = 0; i < general.size(); i++) {
      update(body, out, general.get(i), invariants.get(i));
    }
    if (term != null) {
      out.add(hidden.name() + " = " + hidden.name() + ".add(" + term.code() + ");");
      Range r = hidden.range();
      for (int i = 0; i < h.trips(); i++) {
        r = r.add(term.range());
      }
      env.update(hidden.withRange(r));
      ctx.use("loop.sum");
    }
    if (scale != null) {
      out.add(scale.name() + " += " + step + ";");
      double c0 = scale.range().lo();
      env.update(scale.withRange(Range.of(c0, c0 + step * h.trips())));
      ctx.use("loop.doubleCarried");
    }
    if (counter != null) {
      out.add(counter.name() + "++;");
      env.update(Var.integer(counter.name(), h.trips(), h.trips()));
    }
    out.close();
    for (int i = 0; i < general.size(); i++) {
      env.update(general.get(i).withRange(invariants.get(i)));
    }
  }

  private Var newAccumulator(Env env, Lines out) {
    Expr init =
        switch (ctx.nextInt(0, 3)) {
          case 0 -> new Expr("Value.of(0)", Range.point(0));
          case 1 -> new Expr("Value.of(1.0)", Range.point(1));
          default -> st.ex.value(env, 1);
        };
    String name = ctx.fresh("acc");
    out.add("Value " + name + " = " + init.code() + ";");
    return env.declare(Var.value(name, init.range()));
  }

  /** The last assignment of a carried Value in the body, kept inside its invariant. */
  private void update(Env body, Lines out, Var acc, Range invariant) {
    Var now = body.get(acc.name());
    Expr a = new Expr(acc.name(), now.range());
    Expr t = st.ex.value(body, ctx.nextInt(1, 2));
    Expr f =
        switch (ctx.nextInt(0, 6)) {
          case 0 -> new Expr(a.code() + ".add(" + t.code() + ")", a.range().add(t.range()));
          case 1 -> {
            double c = ctx.constant(-0.9, 0.9);
            yield new Expr(
                a.code() + ".mul(" + c + ").add(" + t.code() + ")",
                a.range().scale(c).add(t.range()));
          }
          case 2 -> new Expr(a.code() + ".mul(" + t.code() + ")", a.range().mul(t.range()));
          case 3 ->
              new Expr("Value.sum(" + a.code() + ", " + t.code() + ")", a.range().add(t.range()));
          case 4 ->
              new Expr(
                  t.operand() + ".mul(" + a.code() + ".tanh())", t.range().mul(a.range().tanh()));
          default -> st.ex.around(a, body, ctx.nextInt(1, 2));
        };
    if (!f.range().within(invariant)) {
      double b = Math.min(-invariant.lo(), invariant.hi());
      double k = Math.floor(b / f.range().mag() * 1000) / 1000;
      f =
          ctx.chance(0.5) || k <= 0
              ? new Expr(f.operand() + ".tanh()", f.range().tanh())
              : new Expr(f.operand() + ".mul(" + k + ")", f.range().scale(k));
    }
    if (ctx.chance(0.15)) {
      // A conditional update: the carried value is a select of old and new.
      out.open("if (" + st.sc.condition(body, st.ex, 1) + ")");
      out.add(acc.name() + " = " + f.code() + ";");
      out.close();
      ctx.use("loop.conditionalUpdate");
      body.update(acc.withRange(f.range().hull(now.range())));
    } else {
      out.add(acc.name() + " = " + f.code() + ";");
      body.update(acc.withRange(f.range()));
    }
  }

  /** Chooses what to iterate over and how to write the header. */
  private Header header(Env env) {
    List<Var> vectors = env.vectors();
    List<Var> matrices = env.all(Kind.MATRIX);
    int roll = ctx.nextInt(0, 9);
    if (roll < 2 && !vectors.isEmpty()) {
      Var v = ctx.pick(vectors);
      String e = ctx.fresh("e");
      ctx.use(v.kind() == Kind.LIST ? "forEach.list" : "forEach.array");
      String type = ctx.chance(0.2) ? "var" : "Value";
      return new Header(
          "for (" + type + " " + e + " : " + v.name() + ")",
          v.length(),
          null,
          Var.value(e, v.range()));
    }
    if (roll < 3 && !matrices.isEmpty()) {
      Var m = ctx.pick(matrices);
      String row = ctx.fresh("row");
      ctx.use("forEach.rows");
      return new Header(
          "for (Value[] " + row + " : " + m.name() + ")",
          m.length(),
          null,
          Var.array(row, m.cols(), m.range()));
    }
    int n;
    String bound;
    if (!vectors.isEmpty() && roll < 8) {
      Var v = ctx.pick(vectors);
      n = v.length();
      bound = ctx.chance(0.6) ? v.lengthCode() : ctx.count(n);
    } else if (!matrices.isEmpty() && roll < 9) {
      Var m = ctx.pick(matrices);
      n = m.length();
      bound = m.name() + ".length";
    } else {
      n = ctx.nextInt(1, 5);
      bound = ctx.count(n);
    }
    return counted(n, bound);
  }

  /** A counted loop over (part of) {@code [0, n)}, in one of the header forms the tracer takes. */
  Header counted(int n, String bound) {
    String i = ctx.fresh("i");
    int form = ctx.nextInt(0, 9);
    if (form < 5) {
      int start = n > 1 && ctx.chance(0.2) ? 1 : 0;
      String update = ctx.pick(List.of(i + "++", "++" + i, i + " += 1", i + " = " + i + " + 1"));
      String cond = ctx.chance(0.8) ? i + " < " + bound : i + " <= " + bound + " - 1";
      return new Header(
          "for (int " + i + " = " + start + "; " + cond + "; " + update + ")",
          n - start,
          Var.integer(i, start, n - 1),
          null);
    }
    if (form < 8) {
      ctx.use("loop.descending");
      String update = ctx.pick(List.of(i + "--", "--" + i, i + " -= 1"));
      String cond = ctx.chance(0.7) ? i + " >= 0" : "0 <= " + i;
      return new Header(
          "for (int " + i + " = " + bound + " - 1; " + cond + "; " + update + ")",
          n,
          Var.integer(i, 0, n - 1),
          null);
    }
    ctx.use("loop.strided");
    int stride = ctx.nextInt(2, 3);
    int start = ctx.nextInt(0, Math.min(stride - 1, n - 1));
    int trips = (n - start + stride - 1) / stride;
    return new Header(
        "for (int "
            + i
            + " = "
            + start
            + "; "
            + i
            + " < "
            + bound
            + "; "
            + i
            + " += "
            + stride
            + ")",
        trips,
        Var.integer(i, start, start + stride * (trips - 1)),
        null);
  }
}
