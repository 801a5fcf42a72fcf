package dev.adjoint.processor.fuzz;

import java.util.List;

/**
 * The operations that need care: {@code log}, fractional and negative {@code pow} and division get
 * operands bounded away from zero ({@link #positive}), and {@link #guarded} builds the unsafe
 * operation behind a {@code ?:} guard, as users write it.
 */
final class SafeOps {

  /** Longest operand that is duplicated textually (as in {@code a.mul(a)}). */
  private static final int DUPLICATE_LIMIT = 40;

  private final Ctx ctx;
  private final Exprs ex;

  SafeOps(Ctx ctx, Exprs ex) {
    this.ctx = ctx;
    this.ex = ex;
  }

  /** {@code a.pow(k)}: 2 or 3 on any base, other exponents on a positive base. */
  Expr pow(Expr a) {
    ctx.use("pow");
    if (ctx.chance(0.4)) {
      int k = ctx.chance(0.6) ? 2 : 3;
      String lit = ctx.chance(0.5) ? Integer.toString(k) : k + ".0";
      return new Expr(a.operand() + ".pow(" + lit + ")", a.range().pow(k));
    }
    Expr p = positive(a);
    double k = ctx.pick(List.of(0.5, -0.5, 1.5, -1.0, 2.5, 0.25, -2.0, 1.0, 0.0));
    return new Expr(p.operand() + ".pow(" + ex.lit(k) + ")", p.range().pow(k));
  }

  /**
   * An operation that is unsafe outside its guard: the engine evaluates only the taken arm of
   * {@code ?:}, so the untaken one may be NaN or infinite; the compiled code must not let that
   * leak.
   */
  Expr guarded(Env env, Expr a, int depth) {
    Expr b = ex.value(env, depth - 1);
    double g = ctx.pick(List.of(0.1, 0.25, 0.5));
    if (a.range().hi() <= g + 0.1) {
      return new Expr(a.operand() + ".tanh()", a.range().tanh());
    }
    Range safe = Range.of(g, a.range().hi());
    String x = a.operand();
    ctx.use("guarded");
    int kind = ctx.nextInt(0, 2);
    Expr unsafe =
        kind == 0
            ? new Expr(x + ".log()", safe.log())
            : kind == 1
                ? new Expr(x + ".pow(-0.5)", safe.pow(-0.5))
                : new Expr(b.operand() + ".div(" + a.code() + ")", b.range().div(safe));
    return ex.squash(
        new Expr(
            x + ".data() > " + ex.lit(g) + " ? " + unsafe.code() + " : " + b.code(),
            unsafe.range().hull(b.range())));
  }

  /** An expression built from {@code a} whose values are all at least 0.2. */
  Expr positive(Expr a) {
    Range r = a.range();
    String x = a.operand();
    if (r.above(0.2) && ctx.chance(0.5)) {
      return a;
    }
    boolean dup = x.length() <= DUPLICATE_LIMIT;
    double c = ctx.constant(0.2, 2);
    switch (ctx.nextInt(0, dup ? 5 : 3)) {
      case 0:
        if (r.lo() >= -1.5 && r.hi() <= 3) {
          return new Expr(x + ".exp()", r.exp());
        }
        return new Expr(x + ".tanh().exp()", r.tanh().exp());
      case 1:
        {
          double k = Math.max(1.2, Math.round((c + 1) * 100) / 100.0);
          return new Expr(x + ".tanh().add(" + ex.lit(k) + ")", r.tanh().shift(k));
        }
      case 2:
        return new Expr(x + ".relu().add(" + ex.lit(c) + ")", r.relu().shift(c));
      case 3:
        return new Expr(x + ".pow(2).add(" + ex.lit(c) + ")", r.pow(2).shift(c));
      case 4:
        return new Expr(x + ".mul(" + a.code() + ").add(" + ex.lit(c) + ")", r.pow(2).shift(c));
      default:
        return new Expr(
            "Value.sum(" + x + ".mul(" + a.code() + "), Value.of(" + ex.lit(c) + "))",
            r.pow(2).shift(c));
    }
  }
}
