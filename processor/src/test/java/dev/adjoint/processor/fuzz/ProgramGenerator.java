package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates a random valid {@code @Differentiable} method from a seed: its parameters (Values,
 * arrays, matrices, lists, ints, doubles, booleans; sometimes a vector of up to 300 elements, or
 * shapes made for attention), a body from {@link Stmts} and a scalar, array, matrix or list result.
 * The same seed always gives the same program.
 */
final class ProgramGenerator {

  /** Parameter domains: all declared, so that edge-case points are clamped into them. */
  private static final double[][] DOMAINS = {
    {-2, 2}, {-2, 2}, {-1, 1}, {0.5, 2}, {-2.5, 2.5}, {0.2, 1.5}, {-1.5, 0.5}
  };

  /** Lengths for the large vector: edges around loop-unrolling and element-wise-check limits. */
  private static final int[] BIG = {1, 2, 3, 7, 16, 63, 64, 65, 100, 128, 255, 256, 257, 300};

  private ProgramGenerator() {}

  static Program generate(long seed) {
    Ctx ctx = new Ctx(seed);
    Stmts st = new Stmts(ctx, ctx.nextInt(6, 22));
    Env env = new Env(ctx);
    List<String> params = parameters(ctx, env);
    Lines body = new Lines(2);
    st.block(env, body, ctx.nextInt(2, 6));
    String type = result(ctx, st, env, body);
    List<String> lines = new ArrayList<>();
    for (var c : ctx.constants.entrySet()) {
      lines.add("");
      lines.add("  static final int " + c.getValue() + " = " + c.getKey() + ";");
    }
    lines.add("");
    lines.add("  @Differentiable");
    lines.add(
        "  public static " + type + " " + ctx.prefix + "(" + String.join(", ", params) + ") {");
    lines.addAll(body.lines());
    lines.add("  }");
    for (List<String> helper : ctx.helpers) {
      lines.addAll(helper);
    }
    return new Program(seed, lines, ctx.features);
  }

  private static List<String> parameters(Ctx ctx, Env env) {
    List<String> out = new ArrayList<>();
    int d = ctx.nextInt(1, 6);
    if (ctx.chance(0.2)) {
      // A class constant for the common size, used in @Shape and (by Ctx.count) in the body.
      ctx.constants.put(d, ctx.prefix + "N");
    }
    if (ctx.chance(0.5)) {
      out.add(value(ctx, env, "Value", "x", 0, 0));
    }
    if (ctx.chance(0.65)) {
      out.add(value(ctx, env, "Value[]", "a", d, 0));
    }
    if (ctx.chance(0.25)) {
      out.add(value(ctx, env, "Value[]", "a", ctx.chance(0.5) ? d : ctx.nextInt(1, 6), 0));
    }
    if (ctx.chance(0.3)) {
      out.add(value(ctx, env, "Value[][]", "w", ctx.nextInt(1, 5), d));
    }
    if (ctx.chance(0.2)) {
      out.add(value(ctx, env, "List<Value>", "l", ctx.nextInt(1, 6), 0));
    }
    if (ctx.chance(0.15)) {
      out.add(value(ctx, env, "Value[]", "z", BIG[ctx.nextInt(0, BIG.length - 1)], 0));
      ctx.use("param.big");
    }
    if (ctx.chance(0.1)) {
      // Attention shapes; sometimes wide enough that no loop is unrolled.
      boolean wide = ctx.chance(0.3);
      int dim = wide ? ctx.nextInt(7, 40) : d;
      int positions = wide ? ctx.nextInt(5, 12) : ctx.nextInt(1, 4);
      out.add(value(ctx, env, "Value[]", "q", dim, 0));
      out.add(value(ctx, env, "Value[][]", "keys", positions, dim));
      out.add(value(ctx, env, "Value[][]", "vals", positions, ctx.nextInt(1, wide ? 9 : 4)));
      ctx.use("param.attentionShapes");
    }
    if (ctx.chance(0.05)) {
      // A wide linear layer: rows of up to 300 elements.
      int cols = BIG[ctx.nextInt(0, BIG.length - 1)];
      out.add(value(ctx, env, "Value[]", "x", cols, 0));
      out.add(value(ctx, env, "Value[][]", "w", ctx.nextInt(1, 3), cols));
      ctx.use("param.wideLinear");
    }
    if (env.all(v -> true).isEmpty()) {
      out.add(value(ctx, env, "Value", "x", 0, 0));
    }
    if (ctx.chance(0.25)) {
      String name = ctx.fresh("u");
      boolean domain = ctx.chance(0.7);
      out.add((domain ? "@Domain(min = -2, max = 2) " : "") + "double " + name);
      env.declareFinal(Var.number(name, domain ? new Range(-2, 2) : new Range(-3, 3)));
      ctx.use("param.double");
    }
    List<Var> vectors = env.vectors();
    if (ctx.chance(0.3) && !vectors.isEmpty()) {
      int len = ctx.pick(vectors).length();
      String name = ctx.fresh("k");
      if (ctx.chance(0.3)) {
        // No @Domain: the processor infers [0, len - 1] from the use as an index.
        out.add("int " + name);
        env.declareFinal(new Var(name, Kind.INT, Range.of(0, len - 1), 0, len - 1, 0, 1));
        ctx.use("param.intInferred");
      } else {
        out.add("@Domain(min = 0, max = " + (len - 1) + ") int " + name);
        env.declareFinal(Var.integer(name, 0, len - 1));
        ctx.use("param.int");
      }
    }
    if (ctx.chance(0.1)) {
      String name = ctx.fresh("c");
      int n = ctx.nextInt(1, 6);
      out.add("@Shape(" + n + ") @Domain(min = -2, max = 2) double[] " + name);
      env.declareFinal(Var.doubles(name, n, new Range(-2, 2)));
      ctx.use("param.double[]");
    }
    if (ctx.chance(0.1) && !vectors.isEmpty()) {
      int len = ctx.pick(vectors).length();
      String name = ctx.fresh("ix");
      int n = ctx.nextInt(1, 4);
      out.add("@Shape(" + n + ") @Domain(min = 0, max = " + (len - 1) + ") int[] " + name);
      env.declareFinal(Var.ints(name, n, 0, len - 1));
      ctx.use("param.int[]");
    }
    if (ctx.chance(0.15)) {
      String name = ctx.fresh("flag");
      out.add("boolean " + name);
      env.declareFinal(Var.bool(name));
      ctx.use("param.boolean");
    }
    Collections.shuffle(out, new Random(ctx.rng.nextLong()));
    return out;
  }

  /** A differentiable parameter with a declared domain; shape {@code n} or {@code {n, m}}. */
  private static String value(Ctx ctx, Env env, String type, String base, int n, int m) {
    double[] dom = DOMAINS[ctx.nextInt(0, DOMAINS.length - 1)];
    Range r = new Range(dom[0], dom[1]);
    String name = ctx.fresh(base);
    String domain = "@Domain(min = " + num(dom[0]) + ", max = " + num(dom[1]) + ") ";
    String shape =
        switch (type) {
          case "Value" -> "";
          case "Value[][]" -> "@Shape({" + ctx.count(n) + ", " + ctx.count(m) + "}) ";
          default -> "@Shape(" + ctx.count(n) + ") ";
        };
    switch (type) {
      case "Value" -> env.declare(Var.value(name, r));
      case "Value[]" -> env.declareFinal(Var.array(name, n, r));
      case "Value[][]" -> env.declareFinal(Var.matrix(name, n, m, r));
      default -> env.declareFinal(Var.list(name, n, r));
    }
    ctx.use("param." + type);
    return shape + domain + type + " " + name;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Integer.toString((int) v) : Double.toString(v);
  }

  /** Ends the body with a return; returns the method's result type. */
  private static String result(Ctx ctx, Stmts st, Env env, Lines body) {
    int roll = ctx.nextInt(0, 99);
    if (roll < 25) {
      List<Var> locals = locals(env, Kind.ARRAY);
      if (locals.isEmpty() || ctx.chance(0.3)) {
        st.fills.array(env, body);
        locals = locals(env, Kind.ARRAY);
      }
      Var r = ctx.chance(0.05) ? ctx.pick(env.all(Kind.ARRAY)) : locals.get(locals.size() - 1);
      body.add("return " + r.name() + ";");
      ctx.use("result.array");
      return "Value[]";
    }
    if (roll < 35) {
      List<Var> locals = locals(env, Kind.MATRIX);
      if (locals.isEmpty() || ctx.chance(0.3)) {
        st.fills.matrix(env, body);
        locals = locals(env, Kind.MATRIX);
      }
      body.add("return " + locals.get(locals.size() - 1).name() + ";");
      ctx.use("result.matrix");
      return "Value[][]";
    }
    if (roll < 50) {
      List<Var> locals = locals(env, Kind.LIST);
      if (locals.isEmpty() || ctx.chance(0.3)) {
        st.fills.list(env, body);
        locals = locals(env, Kind.LIST);
      }
      body.add("return " + locals.get(locals.size() - 1).name() + ";");
      ctx.use("result.list");
      return "List<Value>";
    }
    ctx.use("result.scalar");
    if (ctx.chance(0.2)) {
      // An early return on a runtime condition: the method returns a select of both paths.
      Scalars.Refinement ref = st.sc.refinement(env);
      String cond = ref != null ? ref.code() : st.sc.condition(env, st.ex, 1);
      Expr early = st.ex.value(Stmts.refined(env, ref, true), 2);
      body.open("if (" + cond + ")");
      body.add("return " + early.code() + ";");
      body.close();
      ctx.use("result.earlyReturn");
    }
    List<Var> values = env.all(Kind.VALUE);
    List<Expr> terms = new ArrayList<>();
    for (int i = Math.max(0, values.size() - 3); i < values.size(); i++) {
      terms.add(new Expr(values.get(i).name(), values.get(i).range()));
    }
    if (terms.isEmpty() || ctx.chance(0.3)) {
      terms.add(st.ex.value(env, 2));
    }
    if (terms.size() > 1 && ctx.chance(0.4)) {
      List<String> codes = new ArrayList<>();
      for (Expr t : terms) {
        codes.add(t.code());
      }
      body.add("return Value.sum(" + String.join(", ", codes) + ");");
      return "Value";
    }
    Expr acc = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      Expr t = terms.get(i);
      acc =
          ctx.chance(0.5)
              ? new Expr(acc.operand() + ".add(" + t.code() + ")", acc.range().add(t.range()))
              : new Expr(acc.operand() + ".mul(" + t.code() + ")", acc.range().mul(t.range()));
    }
    body.add("return " + st.ex.squash(acc).code() + ";");
    return "Value";
  }

  /** Variables of {@code kind} declared in the body (parameters are declared final). */
  private static List<Var> locals(Env env, Kind kind) {
    return env.assignable(kind);
  }
}
