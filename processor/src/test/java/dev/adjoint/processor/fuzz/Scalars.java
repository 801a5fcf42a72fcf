package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the passive parts of programs: {@code int} index expressions that provably stay in
 * bounds, {@code double} expressions (constants, parameters, {@code Math} functions, {@code data()}
 * reads) and {@code boolean} conditions on data, indices and flags.
 */
final class Scalars {
  private final Ctx ctx;

  Scalars(Ctx ctx) {
    this.ctx = ctx;
  }

  /** An int expression whose every value is a valid index into a vector of {@code len}. */
  String index(Env env, int len) {
    return index(env, len, true, true);
  }

  /**
   * An int expression in {@code [0, len)} for an int parameter of a helper, which may compute with
   * it: never a parameter whose range is only inferred from direct index uses.
   */
  String argument(Env env, int len) {
    return index(env, len, true, false);
  }

  private String index(Env env, int len, boolean viaIntArrays, boolean inferred) {
    List<String> options = new ArrayList<>();
    options.add(Integer.toString(ctx.nextInt(0, len - 1)));
    for (Var v : env.all(Kind.INT)) {
      if (directOnly(v)) {
        if (inferred && v.hi() == len - 1 && v.lo() == 0) {
          options.add(v.name());
          options.add(v.name());
        }
        continue;
      }
      if (v.lo() < 0) {
        continue;
      }
      if (v.hi() <= len - 1) {
        options.add(v.name());
        options.add(v.name());
        options.add((len - 1) + " - " + v.name());
        if (v.hi() / 2 <= len - 1 && v.hi() > 1) {
          options.add(v.name() + " / 2");
        }
      } else {
        options.add("Math.min(" + v.name() + ", " + (len - 1) + ")");
      }
      options.add("(" + v.name() + " + " + ctx.nextInt(0, 3) + ") % " + len);
    }
    for (Var a : env.all(Kind.INTS)) {
      if (viaIntArrays && a.lo() >= 0 && a.hi() <= len - 1) {
        options.add(a.name() + "[" + index(env, a.length(), false, inferred) + "]");
        ctx.use("index.intArray");
      }
    }
    String s = ctx.pick(options);
    if (!s.matches("\\d+")) {
      ctx.use("index.dynamic");
    }
    return s;
  }

  /**
   * Ints without {@code @Domain} get their range from their use as an index; the generator uses
   * them only as a direct index into vectors of exactly that length.
   */
  static boolean directOnly(Var v) {
    return v.kind() == Kind.INT && v.cols() == 1;
  }

  /** A double expression. Reads of {@code data()} mark the program as stop-gradient. */
  Expr number(Env env, Exprs values, int depth) {
    List<Var> doubles = env.all(Kind.DOUBLE);
    List<Var> ints = env.all(v -> v.kind() == Kind.INT && v.lo() >= 0 && !directOnly(v));
    int choice = ctx.nextInt(0, depth > 0 ? 9 : 3);
    switch (choice) {
      case 0:
      case 1:
        if (!doubles.isEmpty()) {
          Var d = ctx.pick(doubles);
          return new Expr(d.name(), d.range());
        }
        break;
      case 3:
        {
          List<Var> arrays = env.all(Kind.DOUBLES);
          if (!arrays.isEmpty()) {
            Var a = ctx.pick(arrays);
            ctx.use("double.array");
            return new Expr(a.name() + "[" + index(env, a.length()) + "]", a.range());
          }
          break;
        }
      case 2:
        if (!ints.isEmpty()) {
          Var i = ctx.pick(ints);
          double k = ctx.constant(0.1, 0.5);
          ctx.use("double.fromInt");
          return new Expr(i.name() + " * " + k, Range.of(i.lo() * k, i.hi() * k));
        }
        break;
      case 4:
        {
          Expr v = values.value(env, 1);
          ctx.use("stopgrad");
          return new Expr(v.operand() + ".data()", v.range());
        }
      case 5:
        {
          Expr a = number(env, values, depth - 1);
          if (a.range().hi() <= 3) {
            ctx.use("math");
            return new Expr("Math.exp(" + a.code() + ")", a.range().exp());
          }
          return new Expr("Math.tanh(" + a.code() + ")", a.range().tanh());
        }
      case 6:
        {
          Expr a = number(env, values, depth - 1);
          Expr b = number(env, values, depth - 1);
          boolean max = ctx.chance(0.5);
          ctx.use("math");
          Range r =
              max
                  ? Range.of(
                      Math.max(a.range().lo(), b.range().lo()), a.range().hull(b.range()).hi())
                  : Range.of(
                      a.range().hull(b.range()).lo(), Math.min(a.range().hi(), b.range().hi()));
          return new Expr(
              "Math." + (max ? "max" : "min") + "(" + a.code() + ", " + b.code() + ")", r);
        }
      case 7:
        {
          Expr a = number(env, values, depth - 1);
          ctx.use("math");
          Range abs = Range.of(0, a.range().mag());
          return ctx.chance(0.5)
              ? new Expr("Math.sqrt(Math.abs(" + a.code() + "))", Range.of(0, Math.sqrt(abs.hi())))
              : new Expr("Math.abs(" + a.code() + ")", abs);
        }
      case 8:
      case 9:
        {
          Expr a = number(env, values, depth - 1);
          Expr b = number(env, values, depth - 1);
          int op = ctx.nextInt(0, 2);
          String sym = op == 0 ? " + " : op == 1 ? " - " : " * ";
          Range r =
              op == 0
                  ? a.range().add(b.range())
                  : op == 1 ? a.range().sub(b.range()) : a.range().mul(b.range());
          if (r.mag() > 20) {
            break;
          }
          return new Expr("(" + a.code() + sym + b.code() + ")", r);
        }
      default:
        break;
    }
    double c = ctx.constant(-2, 2);
    return new Expr(Ctx.lit(c), Range.point(c));
  }

  /** A boolean condition on data, passive numbers, indices or flags. */
  String condition(Env env, Exprs values, int depth) {
    int choice = ctx.nextInt(0, depth > 0 ? 7 : 5);
    switch (choice) {
      case 0:
      case 1:
      case 2:
        {
          Expr v = values.value(env, 1);
          ctx.use("select.data");
          return v.operand() + ".data() " + comparison() + " " + Ctx.lit(inside(v.range()));
        }
      case 3:
        {
          List<Var> flags = env.all(Kind.BOOLEAN);
          if (!flags.isEmpty()) {
            ctx.use("select.flag");
            return (ctx.chance(0.3) ? "!" : "") + ctx.pick(flags).name();
          }
          break;
        }
      case 4:
        {
          List<Var> ints = env.all(Kind.INT);
          if (!ints.isEmpty()) {
            Var i = ctx.pick(ints);
            ctx.use("select.int");
            List<Var> others = env.all(v -> v.kind() == Kind.INT && v != i);
            if (!others.isEmpty() && ctx.chance(0.5)) {
              return i.name() + " " + intComparison() + " " + ctx.pick(others).name();
            }
            if (ctx.chance(0.3)) {
              return i.name() + " % 2 == " + ctx.nextInt(0, 1);
            }
            int bound = ctx.nextInt(i.lo(), Math.max(i.lo(), i.hi()));
            return i.name() + " " + intComparison() + " " + bound;
          }
          break;
        }
      case 5:
        {
          Expr d = number(env, values, 1);
          ctx.use("select.double");
          return d.operand() + " " + comparison() + " " + Ctx.lit(inside(d.range()));
        }
      case 6:
      case 7:
        {
          String a = condition(env, values, depth - 1);
          String b = condition(env, values, depth - 1);
          ctx.use("select.compound");
          String joined = "(" + a + (ctx.chance(0.5) ? " && " : " || ") + b + ")";
          return ctx.chance(0.2) ? "!" + joined : joined;
        }
      default:
        break;
    }
    Expr v = values.value(env, 0);
    ctx.use("select.data");
    return v.operand() + ".data() " + comparison() + " " + Ctx.lit(inside(v.range()));
  }

  /**
   * A condition {@code v.data() > c} (or {@code <}) on a Value variable, with what it proves about
   * {@code v} in each arm: arms built in a refined scope may use {@code v} where only the condition
   * makes that safe ({@code log}, {@code pow(0.5)}, division), as users do.
   */
  record Refinement(String code, Var var, Range then, Range otherwise) {}

  /** A refinement on some Value in scope whose range the threshold splits, or null. */
  Refinement refinement(Env env) {
    List<Var> vars = env.all(v -> v.kind() == Kind.VALUE && v.range().hi() - v.range().lo() > 0.3);
    if (vars.isEmpty()) {
      return null;
    }
    Var v = ctx.pick(vars);
    Range r = v.range();
    double c = inside(r);
    if (!(c > r.lo() && c < r.hi())) {
      return null;
    }
    boolean greater = ctx.chance(0.5);
    Range above = new Range(c, r.hi());
    Range below = new Range(r.lo(), c);
    String code = v.name() + ".data() " + (greater ? ">" : "<") + " " + Ctx.lit(c);
    ctx.use("select.refined");
    return greater ? new Refinement(code, v, above, below) : new Refinement(code, v, below, above);
  }

  private String comparison() {
    return ctx.pick(List.of(">", "<", ">=", "<=", ">", "<"));
  }

  private String intComparison() {
    return ctx.pick(List.of(">", "<", ">=", "<=", "==", "!="));
  }

  /** A threshold inside the range, so that both outcomes happen. */
  private double inside(Range r) {
    double lo = Math.max(r.lo(), -50);
    double hi = Math.min(r.hi(), 50);
    return hi > lo ? ctx.constant(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)) : ctx.constant(-1, 1);
  }
}
