package dev.adjoint.processor.trace;

import dev.adjoint.processor.ir.Op;

/**
 * What the tracer knows symbolically about an {@code int}: an expression over constants, root
 * values (int parameters and parameter lengths, defined at entry), the variables of open counted
 * loops and integer operations. It lets the tracer recompute a size at the top level (an array's
 * extent), prove an index in range ({@link Bounds}) and write entry checks that name what they
 * compare. An int with no symbolic form (a load, a loop-carried value) is opaque.
 */
sealed interface Sym {

  /** A constant. */
  record K(int value) implements Sym {}

  /**
   * A root value: an int parameter or a parameter's length, defined before anything else runs.
   *
   * @param text how messages name it ({@code n}, {@code x.length}, {@code w[0].length})
   * @param nonNegative whether it is known to be at least 0 (lengths are)
   */
  record Atom(int id, String text, boolean nonNegative) implements Sym {}

  /**
   * An int node the tracer knows nothing more about (a load, a loop-carried value); {@code top}
   * when it is defined at the top level, so that an extent may name it.
   */
  record Val(int id, boolean top) implements Sym {}

  /**
   * An int node known to lie in {@code [0, upper]}, {@code upper} computable at the top level (the
   * size of a list, bounded by the adds that can reach it); {@code top} when the node itself is
   * defined at the top level.
   */
  record Capped(int id, boolean top, Sym upper) implements Sym {}

  /** The raw IR index of an open loop: 0 to trips - 1 inside its body. */
  record Idx(LoopFrame loop) implements Sym {}

  /** The variable of an open counted loop, between {@code lo} and {@code hi} inside its body. */
  record Var(LoopFrame loop, String name, Sym lo, Sym hi) implements Sym {}

  /** An integer operation ({@code IADD ISUB IMUL IDIV IREM IMIN IMAX}). */
  record Bin(Op op, Sym a, Sym b) implements Sym {}

  /**
   * Whether the expression can be computed at the top level: it names no loop and no value of a
   * loop body or branch.
   */
  static boolean hoistable(Sym s) {
    if (s == null) {
      return false;
    }
    if (s instanceof Bin b) {
      return hoistable(b.a()) && hoistable(b.b());
    }
    return s instanceof K
        || s instanceof Atom
        || s instanceof Val v && v.top()
        || s instanceof Capped c && c.top();
  }

  /** Whether the expression can be computed at entry: only constants and roots. */
  static boolean rooted(Sym s) {
    if (s instanceof Bin b) {
      return rooted(b.a()) && rooted(b.b());
    }
    return s instanceof K || s instanceof Atom;
  }

  /** {@code op(a, b)}, folded when both are constants and simplified for 0 and 1. */
  static Sym of(Op op, Sym a, Sym b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof K x && b instanceof K y) {
      Integer v = fold(op, x.value(), y.value());
      if (v != null) {
        return new K(v);
      }
    }
    if (op == Op.IADD && isK(a, 0)) {
      return b;
    }
    if ((op == Op.IADD || op == Op.ISUB) && isK(b, 0)) {
      return a;
    }
    if (op == Op.IMUL && (isK(a, 1) || isK(b, 1))) {
      return isK(a, 1) ? b : a;
    }
    if (op == Op.IDIV && isK(b, 1)) {
      return a;
    }
    if ((op == Op.IMAX || op == Op.IMIN) && a.equals(b)) {
      return a;
    }
    return new Bin(op, a, b);
  }

  static Sym add(Sym a, Sym b) {
    return of(Op.IADD, a, b);
  }

  static Sym sub(Sym a, Sym b) {
    return of(Op.ISUB, a, b);
  }

  static Sym plus(Sym a, int k) {
    return k >= 0 ? of(Op.IADD, a, new K(k)) : of(Op.ISUB, a, new K(-k));
  }

  static Sym mul(Sym a, Sym b) {
    return of(Op.IMUL, a, b);
  }

  static Sym max0(Sym a) {
    return a instanceof K k ? new K(Math.max(0, k.value())) : of(Op.IMAX, new K(0), a);
  }

  private static boolean isK(Sym s, int v) {
    return s instanceof K k && k.value() == v;
  }

  /** Java's int arithmetic on constants; null where it would throw. */
  static Integer fold(Op op, int x, int y) {
    return switch (op) {
      case IADD -> x + y;
      case ISUB -> x - y;
      case IMUL -> x * y;
      case IDIV -> y == 0 ? null : x / y;
      case IREM -> y == 0 ? null : x % y;
      case IMIN -> Math.min(x, y);
      case IMAX -> Math.max(x, y);
      default -> null;
    };
  }

  /** The expression as a message shows it: {@code x.length}, {@code pos + 1}. */
  static String text(Sym s) {
    if (s instanceof K k) {
      return Integer.toString(k.value());
    } else if (s instanceof Atom a) {
      return a.text();
    } else if (s instanceof Var v) {
      return v.name();
    } else if (s instanceof Idx) {
      return "the iteration";
    } else if (s instanceof Val || s instanceof Capped) {
      return "a value known at run time";
    }
    Bin b = (Bin) s;
    return switch (b.op()) {
      case IMIN -> "Math.min(" + text(b.a()) + ", " + text(b.b()) + ")";
      case IMAX -> "Math.max(" + text(b.a()) + ", " + text(b.b()) + ")";
      default ->
          operand(b.a(), b.op(), false) + " " + symbol(b.op()) + " " + operand(b.b(), b.op(), true);
    };
  }

  private static String operand(Sym s, Op parent, boolean right) {
    String t = text(s);
    if (s instanceof Bin b && b.op() != Op.IMIN && b.op() != Op.IMAX) {
      boolean additive = b.op() == Op.IADD || b.op() == Op.ISUB;
      boolean parentMultiplicative = parent != Op.IADD && parent != Op.ISUB;
      if (additive && parentMultiplicative
          || right && (parent == Op.ISUB || parentMultiplicative)) {
        return "(" + t + ")";
      }
    }
    return t;
  }

  private static String symbol(Op op) {
    return switch (op) {
      case IADD -> "+";
      case ISUB -> "-";
      case IMUL -> "*";
      case IDIV -> "/";
      case IREM -> "%";
      default -> op.toString();
    };
  }
}
