package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The integers of one loop body as {@link WriteOnceCheck} would find them on every iteration: each
 * either unknown on all iterations or {@code coef * i + konst} in the loop index {@code i}, with
 * all its values inside the int range so that the check's int arithmetic computes exactly that.
 * Values from outside the body are read from the check's state. Operations it cannot describe so (a
 * comparison of the index, a select whose arm changes with the iteration, ...) are refused.
 */
final class AffineValues {
  private final int[] val;
  private final boolean[] known;

  /** {@code stamp[id] == epoch} marks an id the current body defines. */
  private final int[] stamp;

  /** Whether a body value is {@code coef * i + konst} on every iteration (else never known). */
  private final boolean[] affine;

  private final long[] coef;
  private final long[] konst;
  private int epoch;
  private int count;

  AffineValues(int nextId, int[] val, boolean[] known) {
    this.val = val;
    this.known = known;
    this.stamp = new int[nextId];
    this.affine = new boolean[nextId];
    this.coef = new long[nextId];
    this.konst = new long[nextId];
  }

  /**
   * Starts a body of {@code count} iterations: its index is {@code i}, its carried values doubles.
   */
  void begin(Node.LoopBody body, int count) {
    this.count = count;
    epoch++;
    define(body.index().id(), true, 1, 0);
    for (Node.Carried c : body.carried()) {
      define(c.id(), false, 0, 0);
    }
  }

  /** Records body value {@code id}: {@code a * i + b} if {@code isAffine}, else never known. */
  void define(int id, boolean isAffine, long a, long b) {
    stamp[id] = epoch;
    affine[id] = isAffine;
    coef[id] = a;
    konst[id] = b;
  }

  // A value from outside the body is the same on every iteration: known there, or never.

  boolean isAffine(int id) {
    return stamp[id] == epoch ? affine[id] : known[id];
  }

  long coefOf(int id) {
    return stamp[id] == epoch ? coef[id] : 0;
  }

  long konstOf(int id) {
    return stamp[id] == epoch ? konst[id] : val[id];
  }

  /** Records an operation's value; false if it is neither affine nor always unknown. */
  boolean apply(Node.Apply n) {
    List<Integer> ops = n.operands();
    boolean constant = true;
    boolean unknown = !WriteOnceCheck.integral(n.type());
    for (int o : ops) {
      unknown |= !isAffine(o);
      constant &= coefOf(o) == 0;
    }
    if (unknown) {
      // Doubles are never known, and the check makes an op of an unknown operand unknown.
      define(n.id(), false, 0, 0);
      return true;
    }
    if (constant) {
      // The same number each iteration, computed exactly as the check computes it.
      double x = konstOf(ops.get(0));
      double y = ops.size() > 1 ? konstOf(ops.get(1)) : 0;
      try {
        define(n.id(), true, 0, (int) Semantics.apply(n.op(), x, y));
      } catch (ArithmeticException e) {
        define(n.id(), false, 0, 0);
      }
      return true;
    }
    int x = ops.get(0);
    int y = ops.size() > 1 ? ops.get(1) : x;
    long a;
    long b;
    try {
      if (n.op() == Op.IADD || n.op() == Op.ISUB) {
        long sign = n.op() == Op.IADD ? 1 : -1;
        a = Math.addExact(coefOf(x), Math.multiplyExact(sign, coefOf(y)));
        b = Math.addExact(konstOf(x), Math.multiplyExact(sign, konstOf(y)));
      } else if (n.op() == Op.INEG) {
        a = Math.negateExact(coefOf(x));
        b = Math.negateExact(konstOf(x));
      } else if (n.op() == Op.IMUL && (coefOf(x) == 0 || coefOf(y) == 0)) {
        long k = coefOf(x) == 0 ? konstOf(x) : konstOf(y);
        int v = coefOf(x) == 0 ? y : x;
        a = Math.multiplyExact(k, coefOf(v));
        b = Math.multiplyExact(k, konstOf(v));
      } else {
        return false;
      }
      // Its values lie between those at the ends; if they fit an int, int arithmetic is exact.
      long last = Math.addExact(Math.multiplyExact(a, count - 1L), b);
      if (b != (int) b || last != (int) last) {
        return false;
      }
    } catch (ArithmeticException e) {
      return false;
    }
    define(n.id(), true, a, b);
    return true;
  }

  /** Records a select's value; false if it is neither affine nor always unknown. */
  boolean select(Node.Select s) {
    int c = s.cond();
    int t = s.ifTrue();
    int e = s.ifFalse();
    if (!WriteOnceCheck.integral(s.type())) {
      define(s.id(), false, 0, 0);
    } else if (isAffine(c) && coefOf(c) == 0) {
      int arm = konstOf(c) != 0 ? t : e;
      define(s.id(), isAffine(arm), coefOf(arm), konstOf(arm));
    } else if (isAffine(c)) {
      return false; // the arm taken changes with the iteration
    } else if (!isAffine(t) || !isAffine(e)) {
      define(s.id(), false, 0, 0);
    } else if (coefOf(t) == coefOf(e) && konstOf(t) == konstOf(e)) {
      define(s.id(), true, coefOf(t), konstOf(t)); // both arms agree on every iteration
    } else if (coefOf(t) == 0 && coefOf(e) == 0) {
      define(s.id(), false, 0, 0); // they never agree
    } else {
      return false; // they agree on some iterations only
    }
    return true;
  }
}
