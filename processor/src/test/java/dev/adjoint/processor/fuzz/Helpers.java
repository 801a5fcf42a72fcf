package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates static helper methods, which the processor inlines, and their calls: scalar helpers
 * (with early returns on runtime conditions), array-returning helpers, and void helpers that fill
 * an array the caller passes. A helper is reused at later call sites whose arguments fit the ranges
 * its body was generated for.
 */
final class Helpers {
  private final Stmts st;
  private final Ctx ctx;
  private final List<Helper> made = new ArrayList<>();

  /** Helpers being generated: nesting is bounded, and recursion impossible by construction. */
  private int depth;

  Helpers(Stmts st) {
    this.st = st;
    this.ctx = st.ctx;
  }

  /**
   * A helper. {@code params} hold the ranges (and array lengths) every call's arguments must fit;
   * {@code result} is a VALUE or ARRAY variable template for the call's value.
   */
  private record Helper(String name, List<Var> params, Var result, boolean pure) {}

  /**
   * A call in a statement. In an arm of a runtime if ({@code env.pure}) only helpers that compute
   * scalars without arrays may be called.
   */
  void call(Env env, Lines out) {
    Helper h = null;
    List<Helper> fitting = new ArrayList<>();
    for (Helper c : made) {
      if (fits(env, c) && (c.pure() || !env.pure)) {
        fitting.add(c);
      }
    }
    if (!fitting.isEmpty() && (depth >= 2 || ctx.chance(0.4))) {
      h = ctx.pick(fitting);
      ctx.use("helper.reused");
    } else if (depth < 2) {
      h = make(env, env.pure || ctx.chance(0.2));
    }
    if (env.pure) {
      ctx.use("helper.inArm");
    }
    if (h == null) {
      st.scalar(env, out);
      return;
    }
    String call = h.name() + "(" + String.join(", ", arguments(env, h)) + ")";
    String name = ctx.fresh(h.result().kind() == Kind.VALUE ? "v" : "y");
    if (h.result().kind() == Kind.VALUE) {
      Expr base = new Expr(call, h.result().range());
      // A pure helper may sit in an arm of ?: (regress/HelperInBranchTest).
      Expr e =
          h.pure()
              ? st.ex.around(base, env, ctx.nextInt(0, 1))
              : st.ex.aroundCall(base, env, ctx.nextInt(0, 1));
      out.add("Value " + name + " = " + e.code() + ";");
      env.declare(Var.value(name, e.range()));
    } else {
      out.add("Value[] " + name + " = " + call + ";");
      env.declare(Var.array(name, h.result().length(), h.result().range()));
    }
  }

  private boolean fits(Env env, Helper h) {
    for (Var p : h.params()) {
      if ((p.kind() == Kind.ARRAY || p.kind() == Kind.LIST) && vectorsFor(env, p).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private List<Var> vectorsFor(Env env, Var p) {
    return env.all(
        v -> v.kind() == p.kind() && v.length() == p.length() && v.range().within(p.range()));
  }

  private List<String> arguments(Env env, Helper h) {
    List<String> args = new ArrayList<>();
    for (Var p : h.params()) {
      switch (p.kind()) {
        case VALUE -> {
          Expr e = st.ex.value(env, ctx.nextInt(0, 2));
          args.add(e.range().within(p.range()) ? e.code() : e.operand() + ".tanh()");
        }
        case DOUBLE -> {
          Expr d = st.sc.number(env, st.ex, 1);
          args.add(d.range().within(p.range()) ? d.code() : Ctx.lit(ctx.constant(-1, 1)));
        }
        case INT -> args.add(st.sc.argument(env, p.hi() + 1));
        default -> {
          Var a = ctx.pick(vectorsFor(env, p));
          args.add(a.name());
        }
      }
    }
    return args;
  }

  /**
   * Generates a new helper whose parameters fit arguments available in {@code env}. A pure helper
   * only computes scalars (no arrays, lists or loops), so that it may be called in an arm.
   */
  private Helper make(Env env, boolean pure) {
    depth++;
    try {
      String name = ctx.prefix + ctx.fresh("h");
      Env henv = pure ? new Env(ctx).arm() : new Env(ctx);
      List<Var> params = new ArrayList<>();
      List<String> decls = new ArrayList<>();
      List<Var> arrays = env.vectors();
      if (!arrays.isEmpty() && ctx.chance(0.5)) {
        Var a = ctx.pick(arrays);
        boolean list = a.kind() == Kind.LIST;
        Var p =
            list
                ? Var.list(ctx.fresh("ls"), a.length(), a.range())
                : Var.array(ctx.fresh("a"), a.length(), a.range());
        params.add(p);
        decls.add((list ? "List<Value> " : "Value[] ") + p.name());
        henv.declareFinal(p);
        if (list) {
          ctx.use("helper.listParam");
        }
        if (ctx.chance(0.3)) {
          Var k = Var.integer(ctx.fresh("n"), 0, a.length() - 1);
          params.add(k);
          decls.add("int " + k.name());
          henv.declareFinal(k);
        }
      }
      int scalars = ctx.nextInt(params.isEmpty() ? 1 : 0, 2);
      for (int i = 0; i < scalars; i++) {
        Expr e = st.ex.value(env, 1);
        Var p = Var.value(ctx.fresh("b"), e.range().hull(new Range(-1, 1)));
        params.add(p);
        decls.add("Value " + p.name());
        henv.declare(p);
      }
      if (ctx.chance(0.3)) {
        Var p =
            Var.number(ctx.fresh("q"), st.sc.number(env, st.ex, 1).range().hull(new Range(-1, 1)));
        params.add(p);
        decls.add("double " + p.name());
        henv.declare(p);
      }
      Lines body = new Lines(2);
      st.block(henv, body, ctx.nextInt(0, 3));
      boolean array = !pure && !henv.all(Kind.ARRAY).isEmpty() && ctx.chance(0.3);
      Var result;
      if (array) {
        st.fills.array(henv, body);
        List<Var> all = henv.all(Kind.ARRAY);
        Var r = all.get(all.size() - 1);
        body.add("return " + r.name() + ";");
        result = r;
        ctx.use("helper.array");
      } else {
        result = Var.value("result", returns(henv, body));
        ctx.use("helper.scalar");
      }
      List<String> lines = new ArrayList<>();
      lines.add("");
      lines.add(
          "  static "
              + (array ? "Value[]" : "Value")
              + " "
              + name
              + "("
              + String.join(", ", decls)
              + ") {");
      lines.addAll(body.lines());
      lines.add("  }");
      ctx.helpers.add(lines);
      Helper h = new Helper(name, params, result, pure);
      made.add(h);
      return h;
    } finally {
      depth--;
    }
  }

  /** The return statements of a scalar helper; returns the result's range. */
  private Range returns(Env env, Lines body) {
    Expr a = st.ex.value(env, ctx.nextInt(1, 3));
    int form = ctx.nextInt(0, 9);
    if (form < 5) {
      body.add("return " + a.code() + ";");
      return a.range();
    }
    String cond = st.sc.condition(env, st.ex, 1);
    ctx.use("helper.earlyReturn");
    if (form < 7) {
      body.open("if (" + cond + ")");
      body.add("return " + a.code() + ";");
      body.close();
      // What follows an early return must be side-effect free: scalars only.
      Env rest = env.arm();
      st.block(rest, body, ctx.nextInt(0, 2));
      Expr b = st.ex.value(rest, ctx.nextInt(1, 2));
      body.add("return " + b.code() + ";");
      return a.range().hull(b.range());
    }
    Expr b = st.ex.value(env, ctx.nextInt(1, 2));
    if (form < 9) {
      body.open("if (" + cond + ")");
      body.add("return " + a.code() + ";");
      body.reopen("else");
      body.add("return " + b.code() + ";");
      body.close();
    } else {
      body.add("return " + cond + " ? " + a.code() + " : " + b.code() + ";");
    }
    return a.range().hull(b.range());
  }

  /**
   * Fills {@code t} (length {@code len}) by calling a new void helper that writes every element,
   * reading {@code src} if given; returns the element range.
   */
  Range fill(Env env, Lines out, String t, int len, Var src) {
    String name = ctx.prefix + ctx.fresh("f");
    Env henv = new Env(ctx);
    String dst = ctx.fresh("dst");
    henv.declareFinal(Var.array(dst, len, Range.point(0)));
    henv.hide(dst);
    List<String> decls = new ArrayList<>(List.of("Value[] " + dst));
    Var from = null;
    if (src != null && src.kind() == Kind.ARRAY) {
      from = henv.declareFinal(Var.array(ctx.fresh("src"), len, src.range()));
      decls.add("Value[] " + from.name());
    }
    Lines body = new Lines(2);
    String i = ctx.fresh("i");
    body.open("for (int " + i + " = 0; " + i + " < " + dst + ".length; " + i + "++)");
    Env loop = henv.loop();
    loop.declareFinal(Var.integer(i, 0, len - 1));
    Expr e =
        from == null
            ? st.ex.value(loop, ctx.nextInt(1, 2))
            : st.ex.around(new Expr(from.name() + "[" + i + "]", from.range()), loop, 1);
    body.add(dst + "[" + i + "] = " + e.code() + ";");
    body.close();
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("  static void " + name + "(" + String.join(", ", decls) + ") {");
    lines.addAll(body.lines());
    lines.add("  }");
    ctx.helpers.add(lines);
    out.add(name + "(" + t + (from != null ? ", " + src.name() : "") + ");");
    ctx.use("helper.voidFill");
    return e.range();
  }
}
