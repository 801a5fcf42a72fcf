package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.BOOL;
import static dev.adjoint.processor.ir.ScalarType.F64;
import static dev.adjoint.processor.ir.ScalarType.I32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation, precedence corner, literal and statement form, compiled and run against the
 * interpreter bit for bit.
 */
class ExpressionTest {

  /** Collects values into one output array, each converted to double. */
  private static final class Sink {
    final Builder b;
    final List<Integer> values = new ArrayList<>();

    Sink(Builder b) {
      this.b = b;
    }

    void add(int id) {
      values.add(
          switch (b.typeOf(id)) {
            case F64 -> id;
            case I32 -> b.apply(Op.I2D, id);
            case BOOL -> b.select(id, b.constant(1.0), b.constant(0.0));
            case VOID -> throw new IllegalArgumentException();
          });
    }

    Function build() {
      int out = b.declare("out", F64, List.of(values.size()), Role.OUTPUT);
      for (int k = 0; k < values.size(); k++) {
        b.store(out, List.of(b.intConstant(k)), values.get(k));
      }
      b.result("out", out, List.of(values.size()));
      return b.build();
    }
  }

  private static Function operations() {
    Builder b = new Builder("operations");
    int x = b.input("x", F64, false);
    int y = b.input("y", F64, false);
    int n = b.input("n", I32, false);
    int m = b.input("m", I32, false);
    int p = b.input("p", BOOL, false);
    Sink s = new Sink(b);
    for (Op op : Op.values()) {
      if (op == Op.CALL || op == Op.LINK) {
        // A call needs a user's function (CustomGradientTest compiles and runs one); a link is
        // replaced by its value before emission.
        continue;
      }
      if (op.arity() == 1) {
        int a = op.operandType() == I32 ? n : op.operandType() == BOOL ? p : x;
        s.add(b.apply(op, a));
      } else if (op == Op.CHECK_INDEX) {
        // An index clamped into range: the check passes and returns it.
        int clamped = b.apply(Op.IMAX, b.intConstant(0), b.apply(Op.IMIN, n, b.intConstant(4)));
        s.add(b.apply(op, clamped, b.intConstant(5)));
      } else if (op.isComparison()) {
        s.add(b.apply(op, x, y));
        s.add(b.apply(op, n, m));
      } else {
        ScalarType t = op.operandType();
        s.add(
            t == I32
                ? b.apply(op, n, m)
                : t == BOOL ? b.apply(op, p, b.apply(Op.NOT, p)) : b.apply(op, x, y));
      }
    }
    // Precedence and associativity: the IR's grouping must survive printing.
    s.add(b.apply(Op.SUB, x, b.apply(Op.SUB, y, x)));
    s.add(b.apply(Op.SUB, b.apply(Op.SUB, x, y), x));
    s.add(b.apply(Op.ADD, x, b.apply(Op.ADD, y, b.constant(1e16))));
    s.add(b.apply(Op.DIV, x, b.apply(Op.MUL, y, x)));
    s.add(b.apply(Op.MUL, b.apply(Op.ADD, x, y), b.apply(Op.SUB, x, y)));
    s.add(b.apply(Op.NEG, b.apply(Op.ADD, x, y)));
    s.add(b.apply(Op.SUB, x, b.apply(Op.NEG, y)));
    s.add(b.apply(Op.NEG, b.apply(Op.NEG, x)));
    s.add(b.apply(Op.NEG, b.constant(-1.0)));
    s.add(b.apply(Op.MUL, x, b.constant(-0.0)));
    s.add(b.apply(Op.RELU, b.apply(Op.ADD, x, y))); // relu must not repeat x + y
    s.add(b.apply(Op.I2D, b.apply(Op.IADD, n, m)));
    s.add(b.apply(Op.ISUB, n, b.apply(Op.INEG, m)));
    s.add(
        b.apply(Op.IMUL, b.apply(Op.IADD, n, b.intConstant(-3)), b.intConstant(Integer.MIN_VALUE)));
    s.add(b.apply(Op.NOT, b.apply(Op.AND, p, b.apply(Op.LT, x, y))));
    s.add(b.apply(Op.OR, b.apply(Op.AND, p, b.apply(Op.GT, x, y)), b.apply(Op.EQ, n, m)));
    s.add(b.apply(Op.AND, b.apply(Op.OR, p, b.apply(Op.GT, x, y)), b.apply(Op.NE, n, m)));
    s.add(b.select(p, b.select(b.apply(Op.LT, x, y), x, y), b.apply(Op.ADD, x, y)));
    s.add(b.apply(Op.ADD, b.select(p, x, y), b.constant(1.0)));
    s.add(b.select(b.apply(Op.LT, n, m), b.apply(Op.IADD, n, m), b.apply(Op.ISUB, n, m)));
    // Literals of every kind.
    for (double c :
        new double[] {
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          -0.0,
          0.0,
          0.1,
          1e-300,
          Double.MIN_VALUE,
          -Double.MAX_VALUE,
          1e21,
          123456789.0
        }) {
      s.add(b.apply(Op.ADD, b.apply(Op.MUL, x, b.constant(c)), b.constant(c)));
    }
    // A value used twice is computed once, as a declaration.
    int twice = b.apply(Op.EXP, x);
    s.add(b.apply(Op.MUL, twice, twice));
    return s.build();
  }

  private static List<Object> args(double x, double y, int n, int m, boolean p) {
    return List.of(x, y, (double) n, (double) m, p ? 1.0 : 0.0);
  }

  @Test
  void everyOperationMatchesTheInterpreter() {
    Function f = operations();
    Harness.Loaded loaded = Scaffold.compile(f);
    Object kernel = loaded.instance("demo.OpsCompiled$Operations");
    double[] xs = {1.5, -0.75, 0.0, -0.0, 3e10, Double.NaN, Double.POSITIVE_INFINITY, 1e-310};
    double[] ys = {0.25, 2.0, -0.0, 7.5, -1e-3, 1.0, Double.NEGATIVE_INFINITY, 4.0};
    int[] ns = {7, -7, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 3, 5, -1};
    int[] ms = {3, 2, -4, 2, -1, 3, 1, 9};
    for (int k = 0; k < xs.length; k++) {
      Runner.check(kernel, "forward", f, args(xs[k], ys[k], ns[k], ms[k], k % 2 == 0));
    }
    assertTrue(loaded.source.contains("x - (y - x)"), "keeps right-nested subtraction");
    assertTrue(loaded.source.contains("-(-1.0)"), "never prints --");
    assertTrue(loaded.source.contains("Double.NEGATIVE_INFINITY"));
  }

  @Test
  void loadsAreNotMovedPastStores() {
    Builder b = new Builder("order");
    int x = b.input("x", F64, false);
    int y = b.input("y", F64, false);
    int w = b.declare("w", F64, List.of(2), Role.LOCAL);
    int out = b.declare("out", F64, List.of(3), Role.OUTPUT);
    int zero = b.intConstant(0);
    b.store(w, List.of(zero), x);
    int before = b.load(w, List.of(zero)); // x, read before w[0] changes
    b.store(w, List.of(zero), y);
    b.store(out, List.of(zero), before);
    int one = b.intConstant(1);
    b.store(out, List.of(one), x);
    int old = b.apply(Op.MUL, b.load(out, List.of(one)), b.constant(2.0));
    Builder.LoopScope s = b.beginLoop(3, false, List.of()); // a loop writing out in between
    b.store(out, List.of(s.index()), y);
    b.endLoop(List.of());
    b.store(out, List.of(b.intConstant(2)), old);
    b.result("out", out, List.of(3));
    Function f = b.build();
    Harness.Loaded loaded = Scaffold.compile(f);
    Object kernel = loaded.instance("demo.OpsCompiled$Order");
    List<double[]> r = Runner.check(kernel, "forward", f, List.of(3.0, 5.0));
    assertEquals(List.of(5.0, 5.0, 6.0), java.util.Arrays.stream(r.get(0)).boxed().toList());
  }

  @Test
  void loopsWithCarriedValuesUpdateSimultaneously() {
    Builder b = new Builder("loops");
    int x = b.input("x", F64, false);
    int n = b.input("n", I32, false);
    Sink s = new Sink(b);
    // Fibonacci: (a, b) <- (b, a + b), so the second yield reads the first carried value.
    Builder.LoopScope l = b.beginLoop(10, false, List.of(b.constant(0.0), b.constant(1.0)));
    List<Integer> fib =
        b.endLoop(
            List.of(l.carried().get(1), b.apply(Op.ADD, l.carried().get(0), l.carried().get(1))));
    s.add(fib.get(0));
    s.add(fib.get(1));
    // Swap.
    l = b.beginLoop(3, true, List.of(x, b.constant(2.0)));
    List<Integer> swapped = b.endLoop(List.of(l.carried().get(1), l.carried().get(0)));
    s.add(swapped.get(0));
    // Nested loops with a descending inner loop and an int carried value.
    Builder.LoopScope outer = b.beginLoop(4, false, List.of(n));
    Builder.LoopScope inner = b.beginLoop(3, true, List.of(outer.carried().get(0)));
    int step =
        b.apply(Op.IADD, inner.carried().get(0), b.apply(Op.IMUL, outer.index(), inner.index()));
    int innerResult = b.endLoop(List.of(step)).get(0);
    s.add(b.endLoop(List.of(innerResult)).get(0));
    // An empty loop leaves its carried value alone.
    l = b.beginLoop(0, false, List.of(x));
    s.add(b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), b.constant(1.0)))).get(0));
    Function f = s.build();
    Object kernel = Scaffold.compile(f).instance("demo.OpsCompiled$Loops");
    List<double[]> r = Runner.check(kernel, "forward", f, List.of(0.5, 4.0));
    assertEquals(55.0, r.get(0)[0]);
    assertEquals(89.0, r.get(0)[1]);
    assertEquals(2.0, r.get(0)[2]);
  }

  @Test
  void workspaceReadBeforeWrittenStartsAtZeroOnEveryCall() {
    Builder b = new Builder("accumulate");
    int x = b.inputArray("x", F64, List.of(3), false);
    int acc = b.declare("acc", F64, List.of(3, 2), Role.LOCAL);
    int out = b.declare("out", F64, List.of(3), Role.OUTPUT);
    Builder.LoopScope rep = b.beginLoop(2, false, List.of());
    Builder.LoopScope i = b.beginLoop(3, false, List.of());
    List<Integer> at = List.of(i.index(), rep.index());
    b.store(acc, at, b.apply(Op.ADD, b.load(acc, at), b.load(x, List.of(i.index()))));
    b.endLoop(List.of());
    b.endLoop(List.of());
    i = b.beginLoop(3, false, List.of());
    b.store(
        out,
        List.of(i.index()),
        b.apply(
            Op.ADD,
            b.load(acc, List.of(i.index(), b.intConstant(0))),
            b.load(acc, List.of(i.index(), b.intConstant(1)))));
    b.endLoop(List.of());
    b.result("out", out, List.of(3));
    Function f = b.build();
    Harness.Loaded loaded = Scaffold.compile(f);
    Object kernel = loaded.instance("demo.OpsCompiled$Accumulate");
    for (int call = 0; call < 3; call++) {
      Runner.check(kernel, "forward", f, List.of(new double[] {1, 2, 3 + call}));
    }
    assertTrue(loaded.source.contains("this.acc[j * 2 + i]"), "flattened row-major workspace");
  }

  @Test
  void literalsReadBackExactly() {
    for (double d :
        new double[] {
          0.1,
          1.0 / 3,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          -0.0,
          1e-7,
          4.9e-324,
          2.2250738585072014E-308
        }) {
      assertEquals(
          Double.doubleToRawLongBits(d),
          Double.doubleToRawLongBits(Double.parseDouble(Literals.f64(d))));
    }
    assertEquals("Double.NaN", Literals.f64(Double.NaN));
    assertEquals("-2147483648", Literals.of(I32, Integer.MIN_VALUE));
    assertEquals("true", Literals.of(BOOL, 1));
  }
}
