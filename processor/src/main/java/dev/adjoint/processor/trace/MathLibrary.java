package dev.adjoint.processor.trace;

import com.sun.source.tree.MethodInvocationTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Semantics;
import java.util.List;

/**
 * {@code java.lang.Math} on ints (max, min, abs, floorMod, floorDiv, as Java computes them) and
 * doubles (the functions the IR has: exp, log, sqrt, tanh, abs, the trigonometric and hyperbolic
 * functions, log1p, expm1, floor, ceil, pow, atan2, max, min); any other use is an opaque call.
 */
final class MathLibrary {
  private final TraceState st;

  MathLibrary(TraceState st) {
    this.st = st;
  }

  AVal math(String name, List<AVal> a, MethodInvocationTree call) {
    boolean ints = !a.isEmpty() && a.stream().allMatch(v -> v instanceof AVal.Int);
    boolean nums =
        !a.isEmpty() && a.stream().allMatch(v -> CallTracer.isNumber(v) && !CallTracer.isValue(v));
    if (a.size() == 2 && ints && (name.equals("max") || name.equals("min"))) {
      AVal.Int x = (AVal.Int) a.get(0);
      AVal.Int y = (AVal.Int) a.get(1);
      boolean max = name.equals("max");
      if (x.isConstant() && y.isConstant()) {
        return AVal.Int.of(
            max ? Math.max(x.constant(), y.constant()) : Math.min(x.constant(), y.constant()));
      }
      return st.syms.ints(max ? Op.IMAX : Op.IMIN, x, y);
    }
    if (a.size() == 1 && ints && name.equals("abs")) {
      AVal.Int x = (AVal.Int) a.get(0);
      if (x.isConstant()) {
        return AVal.Int.of(Math.abs(x.constant()));
      }
      // Math.abs(int) is max(x, -x), which also keeps Integer.MIN_VALUE as Java does.
      AVal.Int neg = st.syms.intNode(st.apply(Op.INEG, x.id()), Sym.sub(new Sym.K(0), x.sym()));
      return st.syms.ints(Op.IMAX, x, neg);
    }
    if (a.size() == 2 && ints && (name.equals("floorMod") || name.equals("floorDiv"))) {
      return floor(name.equals("floorMod"), (AVal.Int) a.get(0), (AVal.Int) a.get(1), call);
    }
    if (nums && a.size() == 2) {
      Op op =
          switch (name) {
            case "max" -> Op.MAX;
            case "min" -> Op.MIN;
            case "pow" -> Op.POW;
            case "atan2" -> Op.ATAN2;
            default -> null;
          };
      if (op != null) {
        return doubleOp(op, a);
      }
    }
    if (nums && a.size() == 1) {
      Op op =
          switch (name) {
            case "exp" -> Op.EXP;
            case "log" -> Op.LOG;
            case "sqrt" -> Op.SQRT;
            case "tanh" -> Op.TANH;
            case "abs" -> Op.ABS;
            case "sin" -> Op.SIN;
            case "cos" -> Op.COS;
            case "tan" -> Op.TAN;
            case "asin" -> Op.ASIN;
            case "acos" -> Op.ACOS;
            case "atan" -> Op.ATAN;
            case "sinh" -> Op.SINH;
            case "cosh" -> Op.COSH;
            case "log1p" -> Op.LOG1P;
            case "expm1" -> Op.EXPM1;
            case "floor" -> Op.FLOOR;
            case "ceil" -> Op.CEIL;
            default -> null;
          };
      if (op != null) {
        return doubleOp(op, a);
      }
    }
    throw st.error(Code.OPAQUE_CALL, "Math." + name + CallTracer.signature(a), call);
  }

  /**
   * A {@code Math} function on doubles. Only the correctly rounded ones (max, min, abs, sqrt,
   * floor, ceil) fold on constants: exp, log, pow, tanh, sin and the others may differ between
   * JVMs, so they run when the code does.
   */
  private AVal doubleOp(Op op, List<AVal> a) {
    Double x = constantOf(a.get(0));
    Double y = a.size() > 1 ? constantOf(a.get(1)) : Double.valueOf(0);
    boolean exact =
        op == Op.MAX
            || op == Op.MIN
            || op == Op.ABS
            || op == Op.SQRT
            || op == Op.FLOOR
            || op == Op.CEIL;
    if (exact && x != null && y != null) {
      double v = Semantics.apply(op, x, y);
      return new AVal.Num(st.constant(v), false, v);
    }
    int[] ids = new int[a.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = st.f64Id(a.get(i));
    }
    return new AVal.Num(st.apply(op, ids), false, null);
  }

  private static Double constantOf(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.constant();
    }
    AVal.Int i = (AVal.Int) v;
    return i.isConstant() ? (double) i.constant() : null;
  }

  /**
   * {@code Math.floorMod} and {@code Math.floorDiv} on ints, as Java computes them: the truncating
   * quotient and remainder, moved down by one divisor when the remainder is non-zero and its sign
   * differs from the divisor's. A zero divisor throws where Java would.
   */
  private AVal floor(boolean mod, AVal.Int x, AVal.Int y, MethodInvocationTree call) {
    if (x.isConstant() && y.isConstant()) {
      if (y.constant() == 0) {
        throw st.error(Code.ARITHMETIC, "integer division by zero", call);
      }
      return AVal.Int.of(
          mod
              ? Math.floorMod(x.constant(), y.constant())
              : Math.floorDiv(x.constant(), y.constant()));
    }
    if (!(y.isConstant() && y.constant() != 0)) {
      st.effect();
    }
    int a = st.intId(x);
    int b = st.intId(y);
    int zero = st.intConstant(0);
    int r = st.apply(Op.IREM, a, b);
    int negR = st.apply(Op.LT, r, zero);
    int posR = st.apply(Op.GT, r, zero);
    int negB = st.apply(Op.LT, b, zero);
    int posB = st.apply(Op.GT, b, zero);
    int differ = st.apply(Op.OR, st.apply(Op.AND, negR, posB), st.apply(Op.AND, posR, negB));
    int out =
        mod
            ? st.select(differ, st.apply(Op.IADD, r, b), r)
            : st.select(
                differ,
                st.apply(Op.ISUB, st.apply(Op.IDIV, a, b), st.intConstant(1)),
                st.apply(Op.IDIV, a, b));
    return st.syms.intNode(out, null);
  }
}
