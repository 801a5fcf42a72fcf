package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Semantics;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The local derivatives of the elementary functions ({@code sin} to {@code gelu}), each written as
 * the IR form of the expression the {@code Value} engine evaluates for its local gradient, so that
 * reverse and tangent mode multiply the engine's factors. Built as IR, they can be differentiated
 * again (Hessian-vector products differentiate the reverse program).
 */
final class Elementary {
  private Elementary() {}

  /** Appends the partials of {@code a} (one per operand) to {@code out}. */
  static void partials(
      Node.Apply a, IntUnaryOperator value, Builder b, Constants k, List<Integer> out) {
    int x = value.applyAsInt(a.operands().get(0));
    switch (a.op()) {
      case SIN -> out.add(b.apply(Op.COS, x));
      case COS -> out.add(b.apply(Op.NEG, b.apply(Op.SIN, x)));
      case TAN -> {
        // Engine: 1 + t * t from the result t.
        int t = value.applyAsInt(a.id());
        out.add(b.apply(Op.ADD, k.of(1.0), b.apply(Op.MUL, t, t)));
      }
      case ASIN -> out.add(inverseRoot(x, b, k));
      case ACOS -> out.add(b.apply(Op.NEG, inverseRoot(x, b, k)));
      case ATAN ->
          out.add(b.apply(Op.DIV, k.of(1.0), b.apply(Op.ADD, k.of(1.0), b.apply(Op.MUL, x, x))));
      case ATAN2 -> {
        // atan2(y, x): (x / r, -y / r) with r = x * x + y * y.
        int y = x;
        int xx = value.applyAsInt(a.operands().get(1));
        int r = b.apply(Op.ADD, b.apply(Op.MUL, xx, xx), b.apply(Op.MUL, y, y));
        out.add(b.apply(Op.DIV, xx, r));
        out.add(b.apply(Op.DIV, b.apply(Op.NEG, y), r));
      }
      case SINH -> out.add(b.apply(Op.COSH, x));
      case COSH -> out.add(b.apply(Op.SINH, x));
      case SIGMOID -> {
        // Engine: s * (1 - s) from the result s.
        int s = value.applyAsInt(a.id());
        out.add(b.apply(Op.MUL, s, b.apply(Op.SUB, k.of(1.0), s)));
      }
      case LOG1P -> out.add(b.apply(Op.DIV, k.of(1.0), b.apply(Op.ADD, k.of(1.0), x)));
      case EXPM1 -> out.add(b.apply(Op.ADD, value.applyAsInt(a.id()), k.of(1.0)));
      case SOFTPLUS -> out.add(b.apply(Op.SIGMOID, x));
      case GELU -> out.add(gelu(x, b, k));
      default -> throw new IllegalArgumentException(a.op() + " has no derivative");
    }
  }

  /** {@code 1 / sqrt(1 - x * x)}, the derivative of asin (and, negated, of acos). */
  private static int inverseRoot(int x, Builder b, Constants k) {
    int root = b.apply(Op.SQRT, b.apply(Op.SUB, k.of(1.0), b.apply(Op.MUL, x, x)));
    return b.apply(Op.DIV, k.of(1.0), root);
  }

  /**
   * GELU's derivative as the engine writes it: {@code 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c *
   * (1 + 0.134145 * x * x)}, with {@code t = tanh(c * (x + 0.044715 * x * x * x))} recomputed.
   */
  private static int gelu(int x, Builder b, Constants k) {
    int cube = b.apply(Op.MUL, b.apply(Op.MUL, b.apply(Op.MUL, k.of(0.044715), x), x), x);
    int t = b.apply(Op.TANH, b.apply(Op.MUL, k.of(Semantics.GELU_C), b.apply(Op.ADD, x, cube)));
    int first = b.apply(Op.MUL, k.of(0.5), b.apply(Op.ADD, k.of(1.0), t));
    int slope = b.apply(Op.SUB, k.of(1.0), b.apply(Op.MUL, t, t));
    int scaled =
        b.apply(
            Op.MUL, b.apply(Op.MUL, b.apply(Op.MUL, k.of(0.5), x), slope), k.of(Semantics.GELU_C));
    int poly =
        b.apply(Op.ADD, k.of(1.0), b.apply(Op.MUL, b.apply(Op.MUL, k.of(Semantics.GELU_C3), x), x));
    return b.apply(Op.ADD, first, b.apply(Op.MUL, scaled, poly));
  }
}
