package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A size the generated code can compute from a program's arguments alone, before running it: pure
 * integer arithmetic ({@code +}, {@code -}, {@code *}, {@code /}, {@code %}, min, max, comparisons
 * and choices) over the lengths of array parameters, scalar {@code int} and {@code boolean}
 * parameters and constants. Entry checks compare the caller's buffers with such sizes, and
 * convenience methods and adapters allocate outputs of them.
 */
sealed interface SizeExpr {

  /** A constant. */
  record Literal(int value) implements SizeExpr {}

  /** The extent of dimension {@code axis} of parameter {@code param} (an index into params). */
  record Length(int param, int axis) implements SizeExpr {}

  /** The scalar parameter {@code param} (an index into params). */
  record Scalar(int param) implements SizeExpr {}

  /** {@code op} applied to {@code operands}. */
  record Apply(Op op, List<SizeExpr> operands) implements SizeExpr {
    public Apply {
      operands = List.copyOf(operands);
    }
  }

  /** {@code cond ? ifTrue : ifFalse}. */
  record Choice(SizeExpr cond, SizeExpr ifTrue, SizeExpr ifFalse) implements SizeExpr {}

  /** How to read the program's arguments where the expression is printed. */
  interface Env {
    /** The extent of dimension {@code axis} of parameter {@code param}. */
    Expr length(int param, int axis);

    /** The scalar parameter {@code param}. */
    Expr scalar(int param);
  }

  /**
   * The size {@code e} as an expression of the arguments of {@code f}, or null if it is not one.
   */
  static SizeExpr of(Function f, Extent e) {
    if (e instanceof Extent.Fixed fx) {
      return new Literal(fx.size());
    }
    return of(f, f.nodesById(), e.node());
  }

  /** Every extent of {@code extents}, or null if one is not an expression of the arguments. */
  static List<SizeExpr> of(Function f, List<Extent> extents) {
    List<SizeExpr> out = new ArrayList<>();
    for (Extent e : extents) {
      SizeExpr s = of(f, e);
      if (s == null) {
        return null;
      }
      out.add(s);
    }
    return out;
  }

  /** Value {@code id} of {@code f} as an expression of the arguments, or null. */
  static SizeExpr of(Function f, Map<Integer, Node> nodes, int id) {
    Node n = nodes.get(id);
    if (n instanceof Node.Const c && c.type() != ScalarType.F64) {
      return new Literal((int) c.value());
    }
    if (n instanceof Node.Length len) {
      return new Length(paramIndex(f, len.array()), len.axis());
    }
    if (n instanceof Node.Input in && in.type() != ScalarType.F64) {
      return new Scalar(in.param());
    }
    if (n instanceof Node.Apply a && integral(a.op())) {
      List<SizeExpr> operands = new ArrayList<>();
      for (int o : a.operands()) {
        SizeExpr s = of(f, nodes, o);
        if (s == null) {
          return null;
        }
        operands.add(s);
      }
      return new Apply(a.op(), operands);
    }
    if (n instanceof Node.Select s && s.type() != ScalarType.F64) {
      SizeExpr c = of(f, nodes, s.cond());
      SizeExpr t = of(f, nodes, s.ifTrue());
      SizeExpr e = of(f, nodes, s.ifFalse());
      return c == null || t == null || e == null ? null : new Choice(c, t, e);
    }
    return null;
  }

  private static boolean integral(Op op) {
    return switch (op) {
      case INEG, IADD, ISUB, IMUL, IDIV, IREM, IMAX, IMIN, NOT, AND, OR -> true;
      case LT, LE, GT, GE, EQ, NE -> true; // on ints: a double operand is no size and fails above
      default -> false;
    };
  }

  private static int paramIndex(Function f, int array) {
    for (int i = 0; i < f.params().size(); i++) {
      if (f.params().get(i).id() == array) {
        return i;
      }
    }
    throw new IllegalArgumentException("array " + array + " is not a parameter of " + f.name());
  }

  /** The expression in Java. */
  default Expr print(Env env) {
    if (this instanceof Literal l) {
      return Expr.literal(Integer.toString(l.value()));
    }
    if (this instanceof Length len) {
      return env.length(len.param(), len.axis());
    }
    if (this instanceof Scalar s) {
      return env.scalar(s.param());
    }
    if (this instanceof Apply a) {
      List<Expr> args = new ArrayList<>();
      for (SizeExpr o : a.operands()) {
        args.add(o.print(env));
      }
      return OpPrinter.apply(a.op(), args);
    }
    Choice c = (Choice) this;
    return Expr.ternary(c.cond().print(env), c.ifTrue().print(env), c.ifFalse().print(env));
  }

  /** True for a constant. */
  default boolean isLiteral() {
    return this instanceof Literal;
  }

  /** Reads lengths and scalars of the program's parameters by their Java names. */
  static Env byName(List<String> names) {
    return new Env() {
      @Override
      public Expr length(int param, int axis) {
        return BlockWriter.length(names.get(param), axis);
      }

      @Override
      public Expr scalar(int param) {
        return Expr.atom(names.get(param));
      }
    };
  }

  /** As {@link #byName}, the inner lengths read as {@code w[0].length}: for messages. */
  static Env text(List<String> names) {
    return new Env() {
      @Override
      public Expr length(int param, int axis) {
        return Expr.atom(names.get(param) + "[0]".repeat(axis) + ".length");
      }

      @Override
      public Expr scalar(int param) {
        return Expr.atom(names.get(param));
      }
    };
  }
}
