package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@code Value} expressions that are safe on their whole range: {@code log}, fractional
 * {@code pow} and {@code div} only see operands bounded away from zero, {@code exp} only moderate
 * arguments, and every result is squashed back when its magnitude exceeds {@link #LIMIT}, so that
 * nothing overflows and finite differences stay meaningful.
 */
final class Exprs {

  /** Largest magnitude an expression may reach before it is squashed. */
  static final double LIMIT = 8;

  /**
   * Whether to generate operations that are unsafe outside their {@code ?:} guard (system property
   * {@code adjoint.fuzz.guarded}, default true).
   */
  static final boolean GUARDED =
      Boolean.parseBoolean(System.getProperty("adjoint.fuzz.guarded", "true"));

  private final Ctx ctx;
  final Scalars scalars;
  private final SafeOps safe;

  /** Set while composing around a call that must stay out of conditional arms. */
  private boolean branchFree;

  Exprs(Ctx ctx) {
    this.ctx = ctx;
    this.scalars = new Scalars(ctx);
    this.safe = new SafeOps(ctx, this);
  }

  /** An expression of up to {@code depth} nested operations. */
  Expr value(Env env, int depth) {
    if (depth <= 0 || ctx.chance(0.25)) {
      return leaf(env);
    }
    return squash(compose(env, value(env, depth - 1), depth));
  }

  /**
   * An expression built around {@code base} (which it always uses) with up to {@code depth} ops.
   */
  Expr around(Expr base, Env env, int depth) {
    Expr e = base;
    for (int i = 0; i < depth; i++) {
      e = squash(compose(env, e, depth - i));
    }
    return squash(e);
  }

  /**
   * Like {@link #around} but never puts {@code base} in an arm of {@code ?:}: a call that builds
   * arrays (Nn, helpers) must not sit under a runtime condition (ADJ018, a documented limit).
   */
  Expr aroundCall(Expr base, Env env, int depth) {
    branchFree = true;
    try {
      return around(base, env, depth);
    } finally {
      branchFree = false;
    }
  }

  /** A variable, an element read or a constant. */
  Expr leaf(Env env) {
    List<Var> scalars = env.all(Kind.VALUE);
    List<Var> vectors = env.vectors();
    List<Var> matrices = env.all(Kind.MATRIX);
    int roll = ctx.nextInt(0, 19);
    if (roll < 8 && !scalars.isEmpty()) {
      Var v = ctx.pick(scalars);
      return new Expr(v.name(), v.range());
    }
    if (roll < 15 && !vectors.isEmpty()) {
      Var a = ctx.pick(vectors);
      return new Expr(a.element(this.scalars.index(env, a.length())), a.range());
    }
    if (roll < 17 && !matrices.isEmpty()) {
      Var m = ctx.pick(matrices);
      String r = this.scalars.index(env, m.length());
      String c = this.scalars.index(env, m.cols());
      return new Expr(m.name() + "[" + r + "][" + c + "]", m.range());
    }
    if (roll == 17) {
      Expr d = this.scalars.number(env, this, 0);
      ctx.use("value.of");
      return new Expr("Value.of(" + d.code() + ")", d.range());
    }
    if (!scalars.isEmpty()) {
      Var v = ctx.pick(scalars);
      return new Expr(v.name(), v.range());
    }
    if (!vectors.isEmpty()) {
      Var a = ctx.pick(vectors);
      return new Expr(a.element(this.scalars.index(env, a.length())), a.range());
    }
    double c = ctx.constant(-2, 2);
    return new Expr("Value.of(" + Ctx.lit(c) + ")", Range.point(c));
  }

  private Expr compose(Env env, Expr a, int depth) {
    String x = a.operand();
    Range r = a.range();
    int op = ctx.nextInt(0, 25);
    if (branchFree && op >= 21 && op <= 23) {
      op = 11;
    }
    switch (op) {
      case 0:
        return new Expr(x + ".neg()", r.neg());
      case 1:
      case 2:
        return new Expr(x + ".tanh()", r.tanh());
      case 3:
        ctx.use("relu");
        return new Expr(x + ".relu()", r.relu());
      case 4:
        if (r.hi() <= 3) {
          return new Expr(x + ".exp()", r.exp());
        }
        return new Expr(x + ".tanh().exp()", r.tanh().exp());
      case 5:
        {
          Expr p = safe.positive(a);
          ctx.use("log");
          return new Expr(p.operand() + ".log()", p.range().log());
        }
      case 6:
        return safe.pow(a);
      case 7:
        {
          double c = ctx.nonZero(0.1, 3);
          return new Expr(x + ".mul(" + lit(c) + ")", r.scale(c));
        }
      case 8:
        {
          double c = ctx.constant(-2, 2);
          boolean add = ctx.chance(0.5);
          return new Expr(x + (add ? ".add(" : ".sub(") + lit(c) + ")", r.shift(add ? c : -c));
        }
      case 9:
        {
          double c = ctx.nonZero(0.5, 4);
          return new Expr(x + ".div(" + lit(c) + ")", r.scale(1 / c));
        }
      case 10:
        {
          Expr d = scalars.number(env, this, 1);
          if (ctx.chance(0.5)) {
            return new Expr(x + ".mul(" + d.code() + ")", r.mul(d.range()));
          }
          return new Expr(x + ".add(" + d.code() + ")", r.add(d.range()));
        }
      case 11:
      case 12:
      case 13:
        {
          Expr b = value(env, depth - 1);
          return new Expr(x + ".add(" + b.code() + ")", r.add(b.range()));
        }
      case 14:
      case 15:
        {
          Expr b = value(env, depth - 1);
          return new Expr(x + ".sub(" + b.code() + ")", r.sub(b.range()));
        }
      case 16:
      case 17:
      case 18:
        {
          Expr b = value(env, depth - 1);
          return new Expr(x + ".mul(" + b.code() + ")", r.mul(b.range()));
        }
      case 19:
        {
          Expr b = safe.positive(value(env, depth - 1));
          ctx.use("div");
          return new Expr(x + ".div(" + b.code() + ")", r.div(b.range()));
        }
      case 20:
        {
          Expr b = value(env, depth - 1);
          List<Expr> terms = new ArrayList<>(List.of(a, b));
          if (ctx.chance(0.5)) {
            terms.add(value(env, depth - 1));
          }
          Range sum = terms.get(0).range();
          StringBuilder sb = new StringBuilder("Value.sum(");
          for (int i = 0; i < terms.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(terms.get(i).code());
            sum = i == 0 ? sum : sum.add(terms.get(i).range());
          }
          ctx.use("sum.varargs");
          return new Expr(sb.append(")").toString(), sum);
        }
      case 21:
      case 22:
        {
          Scalars.Refinement ref = ctx.chance(0.4) ? scalars.refinement(env) : null;
          if (ref != null) {
            // The taken arm may rely on the condition; the other arm is evaluated anyway.
            Expr t = value(Stmts.refined(env, ref, true), depth - 1);
            return new Expr(ref.code() + " ? " + t.code() + " : " + a.code(), t.range().hull(r));
          }
          String cond = scalars.condition(env, this, 1);
          Expr b = value(env, depth - 1);
          return new Expr(cond + " ? " + a.code() + " : " + b.code(), r.hull(b.range()));
        }
      case 23:
        if (GUARDED) {
          return safe.guarded(env, a, depth);
        }
        return new Expr(x + ".neg()", r.neg());
      default:
        {
          Expr b = value(env, depth - 1);
          return new Expr(x + ".add(" + b.code() + ")", r.add(b.range()));
        }
    }
  }

  /** Brings a large expression back into [-LIMIT, LIMIT]. */
  Expr squash(Expr e) {
    double mag = e.range().mag();
    if (mag <= LIMIT) {
      return e;
    }
    if (ctx.chance(0.5)) {
      return new Expr(e.operand() + ".tanh()", e.range().tanh());
    }
    // A short constant no larger than LIMIT / mag.
    double k = Math.floor(LIMIT / mag * 1000) / 1000;
    if (k <= 0) {
      return new Expr(e.operand() + ".tanh()", e.range().tanh());
    }
    return new Expr(e.operand() + ".mul(" + lit(k) + ")", e.range().scale(k));
  }

  /** A double literal, sometimes written as an int (the engine's overloads take doubles). */
  String lit(double c) {
    if (c == Math.rint(c) && Math.abs(c) < 100 && ctx.chance(0.5)) {
      return Integer.toString((int) c);
    }
    return Ctx.lit(c);
  }
}
