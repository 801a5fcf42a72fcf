package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The local derivative of every differentiable {@link Op}, built as IR. Written as the {@code
 * Value} engine writes its local gradients ({@code div} by {@code b} is {@code 1 / b}, {@code exp}
 * reuses its result, {@code relu} is 1 or 0), so reverse mode multiplies the same factors the
 * engine does.
 */
final class Rules {
  private Rules() {}

  /**
   * The primal values the local derivative of {@code a} reads: its operands and/or its own result.
   * Reverse mode keeps (or recomputes) exactly these for its backward sweep.
   */
  static List<Integer> needs(Node.Apply a) {
    List<Integer> ops = a.operands();
    return switch (a.op()) {
      case ADD, SUB, NEG -> List.of();
      case MUL, MAX, MIN, ATAN2 -> ops;
      case LINK -> List.of(ops.get(2));
      case DIV -> List.of(ops.get(1), a.id());
      case POW -> List.of(ops.get(0), ops.get(1), a.id());
      case EXP, TANH, SQRT, TAN, SIGMOID, EXPM1 -> List.of(a.id());
      case LOG, RELU, ABS, SIN, COS, ASIN, ACOS, ATAN, SINH, COSH, LOG1P, SOFTPLUS, GELU ->
          List.of(ops.get(0));
      default -> List.of();
    };
  }

  /**
   * The partial derivatives of {@code a} with respect to each operand, as ids built in {@code b}
   * (one per operand, in order). {@code value} maps a primal id to the id holding its value where
   * the derivative is being built. Constant partials are returned as constants so that callers can
   * skip multiplying by one.
   */
  static List<Integer> partials(Node.Apply a, IntUnaryOperator value, Builder b, Constants k) {
    return partials(a, value, b, k, operand -> true);
  }

  /**
   * {@link #partials(Node.Apply, IntUnaryOperator, Builder, Constants)}, where a partial that is
   * costly to build and {@code wanted} says is not used (the exponent's of a power whose exponent
   * is a constant) may be the constant 0 instead.
   */
  static List<Integer> partials(
      Node.Apply a, IntUnaryOperator value, Builder b, Constants k, IntPredicate wanted) {
    List<Integer> ops = a.operands();
    List<Integer> out = new ArrayList<>();
    switch (a.op()) {
      case ADD -> {
        out.add(k.of(1.0));
        out.add(k.of(1.0));
      }
      case SUB -> {
        out.add(k.of(1.0));
        out.add(k.of(-1.0));
      }
      case NEG -> out.add(k.of(-1.0));
      case MUL -> {
        out.add(value.applyAsInt(ops.get(1)));
        out.add(value.applyAsInt(ops.get(0)));
      }
      case DIV -> {
        // The engine's (1 / b, -a / (b * b)), with the second written -(a / b) * (1 / b): the
        // quotient is already computed and the reciprocal is shared, so a division by a loop
        // invariant costs one division per loop instead of one per element. The two forms
        // differ by a few ulps at most.
        int reciprocal = b.apply(Op.DIV, k.of(1.0), value.applyAsInt(ops.get(1)));
        out.add(reciprocal);
        out.add(b.apply(Op.NEG, b.apply(Op.MUL, value.applyAsInt(a.id()), reciprocal)));
      }
      case POW -> {
        int x = value.applyAsInt(ops.get(0));
        int e = value.applyAsInt(ops.get(1));
        // Engine: k * Math.pow(x, k - 1); the exponent's partial is pow(x, k) * log(x), and 0
        // where the power is 0 (x = 0 with k > 0, where it is 0 on both sides, or an underflow).
        out.add(b.apply(Op.MUL, e, b.apply(Op.POW, x, b.apply(Op.SUB, e, k.of(1.0)))));
        if (wanted.test(1)) {
          int y = value.applyAsInt(a.id());
          int scaled = b.apply(Op.MUL, y, b.apply(Op.LOG, x));
          out.add(b.select(b.apply(Op.EQ, y, k.of(0.0)), k.of(0.0), scaled));
        } else {
          out.add(k.of(0.0));
        }
      }
      case LINK -> {
        // A custom rule's partial: the call's value passes through, the argument gets the rule's
        // partial, and nothing flows into the partial itself (Op.differentiates).
        out.add(k.of(1.0));
        out.add(value.applyAsInt(ops.get(2)));
        out.add(k.of(0.0));
      }
      case EXP -> out.add(value.applyAsInt(a.id()));
      case LOG -> out.add(b.apply(Op.DIV, k.of(1.0), value.applyAsInt(ops.get(0))));
      case RELU -> {
        int positive = b.apply(Op.GT, value.applyAsInt(ops.get(0)), k.of(0.0));
        out.add(b.select(positive, k.of(1.0), k.of(0.0)));
      }
      case TANH -> {
        int t = value.applyAsInt(a.id());
        out.add(b.apply(Op.SUB, k.of(1.0), b.apply(Op.MUL, t, t)));
      }
      case SQRT -> out.add(b.apply(Op.DIV, k.of(0.5), value.applyAsInt(a.id())));
      case ABS -> {
        int x = value.applyAsInt(ops.get(0));
        int sign =
            b.select(
                b.apply(Op.GT, x, k.of(0.0)),
                k.of(1.0),
                b.select(b.apply(Op.LT, x, k.of(0.0)), k.of(-1.0), k.of(0.0)));
        out.add(sign);
      }
      case MAX, MIN -> {
        // Math.max(a, b) returns a when a >= b (ties go to the first operand), Math.min when a <=
        // b.
        Op test = a.op() == Op.MAX ? Op.GE : Op.LE;
        int first = b.apply(test, value.applyAsInt(ops.get(0)), value.applyAsInt(ops.get(1)));
        out.add(b.select(first, k.of(1.0), k.of(0.0)));
        out.add(b.select(first, k.of(0.0), k.of(1.0)));
      }
      default -> Elementary.partials(a, value, b, k, out);
    }
    return out;
  }

  /** {@code factor * g}, skipping the multiplication for the constants 1 and -1. */
  static int scale(int g, int factor, Builder b, Constants k) {
    Double c = k.valueOf(factor);
    if (c != null && c == 1.0) {
      return g;
    }
    if (c != null && c == -1.0) {
      return b.apply(Op.NEG, g);
    }
    return b.apply(Op.MUL, g, factor);
  }
}
