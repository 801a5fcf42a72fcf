package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates statements: scalar declarations and reassignments, ifs on runtime and compile-time
 * conditions, and (through {@link Loops}, {@link Fills}, {@link Nets}, {@link Helpers} and {@link
 * Declarations}) loops, arrays, lists, {@code Nn} calls, helper calls and other locals. Every
 * statement keeps the ranges in the {@link Env} sound.
 */
final class Stmts {
  final Ctx ctx;
  final Exprs ex;
  final Scalars sc;
  final Loops loops;
  final Fills fills;
  final Nets nets;
  final Helpers helpers;
  final Declarations decls;

  /** Statements left for the whole program (helpers included), so that nesting stays bounded. */
  private int budget;

  Stmts(Ctx ctx, int budget) {
    this.ctx = ctx;
    this.ex = new Exprs(ctx);
    this.sc = ex.scalars;
    this.loops = new Loops(this);
    this.fills = new Fills(this);
    this.nets = new Nets(this);
    this.helpers = new Helpers(this);
    this.decls = new Declarations(this);
    this.budget = budget;
  }

  void block(Env env, Lines out, int count) {
    for (int i = 0; i < count; i++) {
      statement(env, out);
    }
  }

  void statement(Env env, Lines out) {
    budget--;
    if (env.pure) {
      int roll = ctx.nextInt(0, 9);
      if (roll < 3) {
        scalar(env, out);
      } else if (roll < 4 && budget > 0) {
        helpers.call(env, out);
      } else if (roll < 8) {
        reassign(env, out);
      } else if (roll < 9 && budget > 0) {
        runtimeIf(env, out);
      } else {
        number(env, out);
      }
      return;
    }
    boolean nest = budget > 0 && env.loopDepth < 2;
    int roll = budget > 0 ? ctx.nextInt(0, 99) : ctx.nextInt(0, 25);
    if (roll < 14) {
      scalar(env, out);
    } else if (roll < 19) {
      number(env, out);
    } else if (roll < 26) {
      reassign(env, out);
    } else if (roll < 41 && nest) {
      loops.accumulate(env, out);
    } else if (roll < 53 && nest) {
      fills.array(env, out);
    } else if (roll < 57 && nest) {
      fills.matrix(env, out);
    } else if (roll < 66) {
      runtimeIf(env, out);
    } else if (roll < 73) {
      helpers.call(env, out);
    } else if (roll < 82) {
      nets.call(env, out);
    } else if (roll < 87 && nest) {
      fills.list(env, out);
    } else if (roll < 92) {
      decls.sum(env, out);
    } else if (roll < 95) {
      decls.intLocal(env, out);
    } else if (roll < 97) {
      compileTimeIf(env, out);
    } else {
      switch (ctx.nextInt(0, 3)) {
        case 0 -> decls.bool(env, out);
        case 1 -> decls.row(env, out);
        case 2 -> decls.emptyLoop(env, out);
        default -> decls.doubles(env, out);
      }
    }
  }

  /** {@code Value v = E;} */
  Var scalar(Env env, Lines out) {
    Expr e = ex.value(env, ctx.nextInt(1, 3));
    String name = ctx.fresh("v");
    String type = ctx.chance(0.1) ? "var" : ctx.chance(0.05) ? "final Value" : "Value";
    out.add(type + " " + name + " = " + e.code() + ";");
    Var v = Var.value(name, e.range());
    return type.startsWith("final") ? env.declareFinal(v) : env.declare(v);
  }

  /** {@code double d = N;} */
  void number(Env env, Lines out) {
    Expr e = sc.number(env, ex, 2);
    String name = ctx.fresh("d");
    out.add("double " + name + " = " + e.code() + ";");
    env.declare(Var.number(name, e.range()));
  }

  /** Reassigns a Value or double this scope owns, e.g. {@code v = v.mul(2);} or {@code d += 1;}. */
  void reassign(Env env, Lines out) {
    List<Var> values = env.assignable(Kind.VALUE);
    List<Var> doubles = env.assignable(Kind.DOUBLE);
    if (!values.isEmpty() && (doubles.isEmpty() || ctx.chance(0.75))) {
      Var v = ctx.pick(values);
      Expr e = ex.around(new Expr(v.name(), v.range()), env, ctx.nextInt(1, 2));
      out.add(v.name() + " = " + e.code() + ";");
      env.update(v.withRange(e.range()));
      ctx.use("reassign");
    } else if (!doubles.isEmpty()) {
      Var d = ctx.pick(doubles);
      double c = ctx.constant(-1, 1);
      int op = ctx.nextInt(0, 2);
      String[] ops = {" += ", " -= ", " *= "};
      Range r = op == 0 ? d.range().shift(c) : op == 1 ? d.range().shift(-c) : d.range().scale(c);
      out.add(d.name() + ops[op] + Ctx.lit(c) + ";");
      env.update(d.withRange(r));
      ctx.use("compoundAssign");
    } else {
      scalar(env, out);
    }
  }

  /**
   * An if on a runtime condition: either declares a Value assigned in every arm, or updates scalars
   * the scope owns in some arms. Arms only compute, as the tracer requires.
   */
  void runtimeIf(Env env, Lines out) {
    Scalars.Refinement ref = ctx.chance(0.4) ? sc.refinement(env) : null;
    String cond = ref != null ? ref.code() : sc.condition(env, ex, 1);
    ctx.use("if.runtime");
    boolean declare = ctx.chance(0.5) || env.assignable(Kind.VALUE).isEmpty();
    String name = declare ? ctx.fresh("v") : null;
    if (declare) {
      // Declared in the env only after the if: the arms must not read it before assigning it.
      out.add("Value " + name + ";");
    }
    List<Env> arms = new ArrayList<>();
    out.open("if (" + cond + ")");
    arms.add(arm(refined(env, ref, true), out, name));
    if (ctx.chance(0.25)) {
      Env rest = refined(env, ref, false);
      out.reopen("else if (" + sc.condition(rest, ex, 1) + ")");
      arms.add(arm(rest, out, name));
      ctx.use("if.elseIf");
    }
    if (declare || ctx.chance(0.6)) {
      out.reopen("else");
      arms.add(arm(refined(env, ref, false), out, name));
    } else {
      arms.add(env);
    }
    out.close();
    merge(env, arms, name);
  }

  /** The scope of an arm, where the refinement's variable has the range its condition proves. */
  static Env refined(Env env, Scalars.Refinement ref, boolean then) {
    Env arm = env.arm();
    if (ref != null) {
      arm.update(ref.var().withRange(then ? ref.then() : ref.otherwise()));
    }
    return arm;
  }

  private Env arm(Env env, Lines out, String declared) {
    Env arm = env.arm();
    block(arm, out, ctx.nextInt(0, 2));
    if (declared != null) {
      Expr e = ex.value(arm, ctx.nextInt(0, 2));
      out.add(declared + " = " + e.code() + ";");
      arm.declareFinal(Var.value(declared, e.range()));
    } else if (ctx.chance(0.7)) {
      reassign(arm, out);
    }
    return arm;
  }

  /** After an if, each scalar may hold what any arm left in it. */
  private static void merge(Env env, List<Env> arms, String declared) {
    if (declared != null) {
      Range r = null;
      for (Env arm : arms) {
        Range a = arm.get(declared).range();
        r = r == null ? a : r.hull(a);
      }
      env.declare(Var.value(declared, r));
    }
    for (Var v : env.all(v -> v.kind() == Kind.VALUE || v.kind() == Kind.DOUBLE)) {
      Range r = null;
      for (Env arm : arms) {
        Range a = arm.get(v.name()).range();
        r = r == null ? a : r.hull(a);
      }
      env.update(v.withRange(r));
    }
  }

  /** An if on a compile-time condition: only the taken arm runs, so it may do anything. */
  void compileTimeIf(Env env, Lines out) {
    List<Var> vectors = env.vectors();
    String cond;
    if (!vectors.isEmpty() && ctx.chance(0.7)) {
      Var v = ctx.pick(vectors);
      cond =
          v.lengthCode() + " " + ctx.pick(List.of(">", "<", "==", ">=")) + " " + ctx.nextInt(1, 5);
    } else {
      cond = ctx.nextInt(0, 5) + " " + ctx.pick(List.of(">", "<", "==")) + " " + ctx.nextInt(0, 5);
    }
    ctx.use("if.compileTime");
    List<Env> arms = new ArrayList<>();
    out.open("if (" + cond + ")");
    Env yes = env.block();
    block(yes, out, ctx.nextInt(1, 2));
    arms.add(yes);
    out.reopen("else");
    Env no = env.block();
    block(no, out, ctx.nextInt(0, 2));
    arms.add(no);
    out.close();
    merge(env, arms, null);
  }
}
