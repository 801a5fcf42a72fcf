package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;

/**
 * Java's operators on abstract values with Java's promotion rules: int arithmetic folds on
 * constants (wrapping like Java), double {@code + - * /} fold when both operands are literals (IEEE
 * arithmetic is exact and deterministic, so the folded constant is the number the program
 * computes), everything else becomes IR nodes. {@code Value} objects have no operators.
 */
final class Arith {
  private final TraceState st;

  Arith(TraceState st) {
    this.st = st;
  }

  /** Whether {@code v} is a number or a boolean (what a select can merge). */
  static boolean scalar(AVal v) {
    return v instanceof AVal.Num || v instanceof AVal.Int || v instanceof AVal.Bool;
  }

  AVal binary(Tree.Kind k, AVal l, AVal r, Tree at) {
    if (l instanceof AVal.Str
        || r instanceof AVal.Str
        || l instanceof AVal.EnumConst
        || r instanceof AVal.EnumConst) {
      return constants(k, l, r, at);
    }
    if (isValue(l) || isValue(r)) {
      throw st.error(
          Code.ARITHMETIC,
          "operator " + symbol(k) + " on a Value; use add, sub, mul, div or data()",
          at);
    }
    if (l instanceof AVal.Int a && r instanceof AVal.Int b) {
      return ints(k, a, b, at);
    }
    if (isNumber(l) && isNumber(r)) {
      return doubles(k, l, r, at);
    }
    if (l instanceof AVal.Bool a && r instanceof AVal.Bool b) {
      return bools(k, a, b, at);
    }
    throw st.error(
        Code.ARITHMETIC,
        "operator "
            + symbol(k)
            + " on "
            + ExpressionTracer.describe(l)
            + " and "
            + ExpressionTracer.describe(r),
        at);
  }

  /** {@code ==} and {@code !=} on compile-time strings and enum constants. */
  private AVal constants(Tree.Kind k, AVal l, AVal r, Tree at) {
    if (k == Tree.Kind.EQUAL_TO || k == Tree.Kind.NOT_EQUAL_TO) {
      boolean same = l.equals(r);
      return AVal.Bool.of(k == Tree.Kind.EQUAL_TO == same);
    }
    if (l instanceof AVal.Str || r instanceof AVal.Str) {
      throw st.error(
          Code.STRINGS,
          k == Tree.Kind.PLUS ? "string concatenation" : "operator " + symbol(k) + " on a String",
          at);
    }
    throw st.error(Code.ARITHMETIC, "operator " + symbol(k) + " on an enum constant", at);
  }

  private static boolean isValue(AVal v) {
    return v instanceof AVal.Num n && n.isValue();
  }

  private static boolean isNumber(AVal v) {
    return v instanceof AVal.Num || v instanceof AVal.Int;
  }

  static String symbol(Tree.Kind k) {
    return switch (k) {
      case PLUS, UNARY_PLUS -> "+";
      case MINUS, UNARY_MINUS -> "-";
      case MULTIPLY -> "*";
      case DIVIDE -> "/";
      case REMAINDER -> "%";
      case LESS_THAN -> "<";
      case LESS_THAN_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_EQUAL -> ">=";
      case EQUAL_TO -> "==";
      case NOT_EQUAL_TO -> "!=";
      case AND -> "&";
      case OR -> "|";
      case XOR -> "^";
      case LEFT_SHIFT -> "<<";
      case RIGHT_SHIFT -> ">>";
      case UNSIGNED_RIGHT_SHIFT -> ">>>";
      case LOGICAL_COMPLEMENT -> "!";
      case BITWISE_COMPLEMENT -> "~";
      default -> k.toString();
    };
  }

  private static Op comparison(Tree.Kind k) {
    return switch (k) {
      case LESS_THAN -> Op.LT;
      case LESS_THAN_EQUAL -> Op.LE;
      case GREATER_THAN -> Op.GT;
      case GREATER_THAN_EQUAL -> Op.GE;
      case EQUAL_TO -> Op.EQ;
      case NOT_EQUAL_TO -> Op.NE;
      default -> null;
    };
  }

  private AVal ints(Tree.Kind k, AVal.Int a, AVal.Int b, Tree at) {
    Op cmp = comparison(k);
    if (a.isConstant() && b.isConstant()) {
      int x = a.constant();
      int y = b.constant();
      if (cmp != null) {
        return AVal.Bool.of(Semantics.compare(cmp, x, y));
      }
      if ((k == Tree.Kind.DIVIDE || k == Tree.Kind.REMAINDER) && y == 0) {
        throw st.error(Code.ARITHMETIC, "integer division by zero", at);
      }
      return switch (k) {
        case PLUS -> AVal.Int.of(x + y);
        case MINUS -> AVal.Int.of(x - y);
        case MULTIPLY -> AVal.Int.of(x * y);
        case DIVIDE -> AVal.Int.of(x / y);
        case REMAINDER -> AVal.Int.of(x % y);
        default -> throw unsupported(k, "ints", at);
      };
    }
    if (cmp != null) {
      return AVal.Bool.node(st.apply(cmp, st.intId(a), st.intId(b)));
    }
    Op op =
        switch (k) {
          case PLUS -> Op.IADD;
          case MINUS -> Op.ISUB;
          case MULTIPLY -> Op.IMUL;
          case DIVIDE -> Op.IDIV;
          case REMAINDER -> Op.IREM;
          default -> throw unsupported(k, "ints", at);
        };
    if ((op == Op.IDIV || op == Op.IREM) && !(b.isConstant() && b.constant() != 0)) {
      // May throw: never evaluated where Java would not (both arms of a select run).
      st.effect();
    }
    return st.syms.intNode(
        st.apply(op, st.intId(a), st.intId(b)), Bounds.simplify(Sym.of(op, a.sym(), b.sym())));
  }

  private static Double constantOf(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.constant();
    }
    AVal.Int i = (AVal.Int) v;
    return i.isConstant() ? (double) i.constant() : null;
  }

  private AVal doubles(Tree.Kind k, AVal l, AVal r, Tree at) {
    Op cmp = comparison(k);
    Double x = constantOf(l);
    Double y = constantOf(r);
    if (x != null && y != null) {
      if (cmp != null) {
        return AVal.Bool.of(Semantics.compare(cmp, x, y));
      }
      double v =
          switch (k) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            case REMAINDER -> x % y;
            default -> throw unsupported(k, "doubles", at);
          };
      return new AVal.Num(st.constant(v), false, v);
    }
    if (cmp != null) {
      return AVal.Bool.node(st.apply(cmp, st.f64Id(l), st.f64Id(r)));
    }
    Op op =
        switch (k) {
          case PLUS -> Op.ADD;
          case MINUS -> Op.SUB;
          case MULTIPLY -> Op.MUL;
          case DIVIDE -> Op.DIV;
          case REMAINDER ->
              throw st.error(Code.ARITHMETIC, "% on doubles known only at run time", at);
          default -> throw unsupported(k, "doubles", at);
        };
    return new AVal.Num(st.apply(op, st.f64Id(l), st.f64Id(r)), false, null);
  }

  private AVal bools(Tree.Kind k, AVal.Bool a, AVal.Bool b, Tree at) {
    if (a.isConstant() && b.isConstant()) {
      boolean x = a.constant();
      boolean y = b.constant();
      return switch (k) {
        case AND -> AVal.Bool.of(x & y);
        case OR -> AVal.Bool.of(x | y);
        case XOR, NOT_EQUAL_TO -> AVal.Bool.of(x ^ y);
        case EQUAL_TO -> AVal.Bool.of(x == y);
        default -> throw unsupported(k, "booleans", at);
      };
    }
    int x = st.boolId(a);
    int y = st.boolId(b);
    return switch (k) {
      case AND -> AVal.Bool.node(st.apply(Op.AND, x, y));
      case OR -> AVal.Bool.node(st.apply(Op.OR, x, y));
      case XOR, NOT_EQUAL_TO -> AVal.Bool.node(xor(x, y));
      case EQUAL_TO -> AVal.Bool.node(st.apply(Op.NOT, xor(x, y)));
      default -> throw unsupported(k, "booleans", at);
    };
  }

  /** {@code x ^ y} as {@code (x || y) && !(x && y)}: the IR compares only numbers. */
  private int xor(int x, int y) {
    return st.apply(Op.AND, st.apply(Op.OR, x, y), st.apply(Op.NOT, st.apply(Op.AND, x, y)));
  }

  private TraceException unsupported(Tree.Kind k, String on, Tree at) {
    return st.error(Code.ARITHMETIC, "operator " + symbol(k) + " on " + on, at);
  }

  AVal unary(Tree.Kind k, AVal v, Tree at) {
    if (isValue(v)) {
      throw st.error(Code.ARITHMETIC, "operator " + symbol(k) + " on a Value; use neg()", at);
    }
    switch (k) {
      case UNARY_PLUS:
        if (isNumber(v)) {
          return v;
        }
        break;
      case UNARY_MINUS:
        if (v instanceof AVal.Int i) {
          return i.isConstant()
              ? AVal.Int.of(-i.constant())
              : st.syms.intNode(
                  st.apply(Op.INEG, i.id()), Bounds.simplify(Sym.sub(new Sym.K(0), i.sym())));
        }
        if (v instanceof AVal.Num n) {
          if (n.constant() != null) {
            double c = -n.constant();
            return new AVal.Num(st.constant(c), false, c);
          }
          return new AVal.Num(st.apply(Op.NEG, n.id()), false, null);
        }
        break;
      case LOGICAL_COMPLEMENT:
        if (v instanceof AVal.Bool b) {
          return b.isConstant()
              ? AVal.Bool.of(!b.constant())
              : AVal.Bool.node(st.apply(Op.NOT, b.id()));
        }
        break;
      default:
        break;
    }
    throw st.error(
        Code.ARITHMETIC, "operator " + symbol(k) + " on " + ExpressionTracer.describe(v), at);
  }

  /**
   * {@code cond ? yes : no} for a runtime condition: a select (both arms were traced, and are side
   * effect free); ints widen to double when the arms differ as Java's {@code ?:} does.
   */
  AVal merge(int cond, AVal yes, AVal no, Tree at) {
    if (yes.equals(no)) {
      return yes;
    }
    if (yes instanceof AVal.Int a && no instanceof AVal.Int b) {
      return st.syms.intNode(st.select(cond, st.intId(a), st.intId(b)), null);
    }
    if (isNumber(yes) && isNumber(no)) {
      boolean value = isValue(yes) && isValue(no);
      return new AVal.Num(st.select(cond, st.f64Id(yes), st.f64Id(no)), value, null);
    }
    if (yes instanceof AVal.Bool a && no instanceof AVal.Bool b) {
      return AVal.Bool.node(st.select(cond, st.boolId(a), st.boolId(b)));
    }
    throw st.error(
        Code.UNSUPPORTED_SYNTAX,
        "choosing between "
            + ExpressionTracer.describe(yes)
            + " and "
            + ExpressionTracer.describe(no)
            + " on a runtime condition",
        at);
  }

  /** Comparison semantics of Java on numbers, shared with nothing else. */
  static final class Semantics {
    private Semantics() {}

    static boolean compare(Op op, double x, double y) {
      return switch (op) {
        case LT -> x < y;
        case LE -> x <= y;
        case GT -> x > y;
        case GE -> x >= y;
        case EQ -> x == y;
        case NE -> x != y;
        default -> throw new IllegalArgumentException(op.toString());
      };
    }
  }
}
