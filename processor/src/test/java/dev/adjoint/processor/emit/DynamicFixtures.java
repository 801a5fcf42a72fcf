package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.ScalarType.F64;

import dev.adjoint.processor.ir.ArrayDecl.Role;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.ir.SourceMethod.Kind;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built compiled methods of runtime size (forward, reverse and tangent programs written
 * directly as IR, as reverse and forward mode would write them) and the user class they come from,
 * whose methods perform the forward programs' operations in the same order.
 */
final class DynamicFixtures {
  private DynamicFixtures() {}

  static final String SOURCE =
      """
      package demo;

      import dev.adjoint.Value;

      public final class Dyn {
        private Dyn() {}

        public static Value sumSquares(Value[] x) {
          Value s = Value.of(0.0);
          for (int i = 0; i < x.length; i++) {
            s = s.add(x[i].mul(x[i]));
          }
          return s;
        }

        public static Value[] softmax(Value[] logits) {
          return dev.adjoint.nn.Nn.softmax(logits);
        }

        public static Value mixed(Value[][][] t, java.util.List<Value[]> rows) {
          Value s = Value.of(0.0);
          for (int a = 0; a < t.length; a++) {
            for (int b = 0; b < t[a].length; b++) {
              for (int c = 0; c < t[a][b].length; c++) {
                s = s.add(t[a][b][c].mul(t[a][b][c]));
              }
            }
          }
          for (Value[] row : rows) {
            for (int j = 0; j < row.length; j++) {
              s = s.add(row[j]);
            }
          }
          return s;
        }

        public static Value[] linear(Value[] x, Value[][] w) {
          Value[] y = new Value[w.length];
          for (int j = 0; j < w.length; j++) {
            if (w[j].length != x.length) {
              throw new IllegalArgumentException("rows of w must be as long as x");
            }
            Value acc = Value.of(0.0);
            for (int i = 0; i < x.length; i++) {
              acc = acc.add(w[j][i].mul(x[i]));
            }
            y[j] = acc;
          }
          return y;
        }
      }
      """;

  private static SourceMethod source(
      String name, List<SourceMethod.Param> params, Kind kind, List<Integer> shape) {
    return new SourceMethod("demo", "demo.Dyn", name, params, kind, shape, "Dyn.java", 8);
  }

  private static SourceMethod.Param param(String name, Kind kind, Integer... shape) {
    return new SourceMethod.Param(name, kind, List.of(shape), -2.0, 2.0);
  }

  private static int vector(Builder b, String name, boolean active) {
    return b.inputArrayWithLengths(name, F64, Arrays.asList((Integer) null), active);
  }

  private static int matrix(Builder b, String name, boolean active) {
    return b.inputArrayWithLengths(name, F64, Arrays.asList(null, null), active);
  }

  private static Extent.Dynamic extent(Builder b, int array, int axis) {
    return DynamicPrograms.extent(b, array, axis);
  }

  /** {@code sum x[i]^2} from 0.0, in order. */
  private static int sumSquares(Builder b, int x, Extent n) {
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int v = b.load(x, List.of(l.index()));
    return b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, v, v)))).get(0);
  }

  static CompiledMethod sumSquares() {
    Builder f = new Builder("sumSquares");
    int x = vector(f, "x", true);
    f.result("s", sumSquares(f, x, extent(f, x, 0)), List.of());

    Builder r = new Builder("sumSquaresReverse");
    x = vector(r, "x", true);
    Extent.Dynamic n = extent(r, x, 0);
    int s = sumSquares(r, x, n);
    int g = r.declare("gradX", F64, List.of(n), Role.OUTPUT, false);
    Builder.LoopScope l = r.beginLoop(n, false, List.of());
    r.store(g, List.of(l.index()), r.apply(Op.MUL, r.load(x, List.of(l.index())), r.constant(2.0)));
    r.endLoop(List.of());
    r.result("s", s, List.of());
    r.resultOf("gradX", g, List.of(n));

    Builder t = new Builder("sumSquaresTangent");
    x = vector(t, "x", true);
    int dx = vector(t, "dX", false);
    n = extent(t, x, 0);
    l = t.beginLoop(n, false, List.of(t.constant(0.0)));
    int v = t.load(x, List.of(l.index()));
    int term = t.apply(Op.MUL, t.apply(Op.MUL, v, t.constant(2.0)), t.load(dx, List.of(l.index())));
    int ds = t.endLoop(List.of(t.apply(Op.ADD, l.carried().get(0), term))).get(0);
    t.result("dS", ds, List.of());
    SourceMethod src =
        source("sumSquares", List.of(param("x", Kind.VALUE_ARRAY, -1)), Kind.VALUE, List.of());
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 8);
  }

  private static int param(Builder b, String name, int rank, boolean active) {
    return b.inputArrayWithLengths(name, F64, Arrays.asList(new Integer[rank]), active);
  }

  /**
   * {@code s} plus the squares of {@code t}'s elements (or their tangent terms {@code 2 t dt}) and
   * the elements of {@code rows} (or of {@code dRows}), in order.
   */
  private static int mixed(Builder b, int t, int rows, int dt, int dRows) {
    int s = b.constant(0.0);
    Builder.LoopScope a = b.beginLoop(extent(b, t, 0), false, List.of(s));
    Builder.LoopScope c = b.beginLoop(extent(b, t, 1), false, List.of(a.carried().get(0)));
    Builder.LoopScope e = b.beginLoop(extent(b, t, 2), false, List.of(c.carried().get(0)));
    List<Integer> at = List.of(a.index(), c.index(), e.index());
    int v = b.load(t, at);
    int term =
        dt < 0
            ? b.apply(Op.MUL, v, v)
            : b.apply(Op.MUL, b.apply(Op.MUL, v, b.constant(2.0)), b.load(dt, at));
    int inner = b.endLoop(List.of(b.apply(Op.ADD, e.carried().get(0), term))).get(0);
    int middle = b.endLoop(List.of(inner)).get(0);
    s = b.endLoop(List.of(middle)).get(0);
    int source = dRows < 0 ? rows : dRows;
    Builder.LoopScope i = b.beginLoop(extent(b, rows, 0), false, List.of(s));
    Builder.LoopScope j = b.beginLoop(extent(b, rows, 1), false, List.of(i.carried().get(0)));
    int r = b.load(source, List.of(i.index(), j.index()));
    int row = b.endLoop(List.of(b.apply(Op.ADD, j.carried().get(0), r))).get(0);
    return b.endLoop(List.of(row)).get(0);
  }

  /** A rank-3 array and a list of rows, both of any shape: a scalar of both. */
  static CompiledMethod mixed() {
    Builder f = new Builder("mixed");
    int t = param(f, "t", 3, true);
    int rows = param(f, "rows", 2, true);
    f.result("s", mixed(f, t, rows, -1, -1), List.of());

    Builder r = new Builder("mixedReverse");
    t = param(r, "t", 3, true);
    rows = param(r, "rows", 2, true);
    int s = mixed(r, t, rows, -1, -1);
    List<Extent> tShape = r.array(t).extents();
    List<Extent> rowsShape = r.array(rows).extents();
    int gt = r.declare("gradT", F64, tShape, Role.OUTPUT, false);
    int gr = r.declare("gradRows", F64, rowsShape, Role.OUTPUT, false);
    Builder.LoopScope a = r.beginLoop(tShape.get(0), false, List.of());
    Builder.LoopScope c = r.beginLoop(tShape.get(1), false, List.of());
    Builder.LoopScope e = r.beginLoop(tShape.get(2), false, List.of());
    List<Integer> at = List.of(a.index(), c.index(), e.index());
    r.store(gt, at, r.apply(Op.MUL, r.load(t, at), r.constant(2.0)));
    r.endLoop(List.of());
    r.endLoop(List.of());
    r.endLoop(List.of());
    Builder.LoopScope i = r.beginLoop(rowsShape.get(0), false, List.of());
    Builder.LoopScope j = r.beginLoop(rowsShape.get(1), false, List.of());
    r.store(gr, List.of(i.index(), j.index()), r.constant(1.0));
    r.endLoop(List.of());
    r.endLoop(List.of());
    r.result("s", s, List.of());
    r.resultOf("gradT", gt, tShape);
    r.resultOf("gradRows", gr, rowsShape);

    Builder g = new Builder("mixedTangent");
    t = param(g, "t", 3, true);
    rows = param(g, "rows", 2, true);
    int dt = param(g, "dT", 3, false);
    int dRows = param(g, "dRows", 2, false);
    g.result("dS", mixed(g, t, rows, dt, dRows), List.of());
    SourceMethod src =
        source(
            "mixed",
            List.of(
                param("t", Kind.VALUE_TENSOR, -1, -1, -1),
                param("rows", Kind.VALUE_ARRAY_LIST, -1, -1)),
            Kind.VALUE,
            List.of());
    return new CompiledMethod(src, f.build(), r.build(), g.build(), 30);
  }

  /** Softmax into {@code probs}: max, exponentials summed, division; returns the array's id. */
  private static int softmax(Builder b, int x, Extent n, Role role) {
    int out = b.declare("probs", F64, List.of(n), role, false);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(Double.NEGATIVE_INFINITY)));
    int max =
        b.endLoop(List.of(b.apply(Op.MAX, l.carried().get(0), b.load(x, List.of(l.index())))))
            .get(0);
    l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.SUB, b.load(x, List.of(l.index())), max));
    b.store(out, List.of(l.index()), e);
    int sum = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), e))).get(0);
    l = b.beginLoop(n, false, List.of());
    b.store(out, List.of(l.index()), b.apply(Op.DIV, b.load(out, List.of(l.index())), sum));
    b.endLoop(List.of());
    return out;
  }

  /** {@code out[i] = p[i] * (v[i] - sum_j p[j] v[j])}: softmax's own rule. */
  private static void rule(Builder b, int p, int v, int out, Extent n) {
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int pv = b.apply(Op.MUL, b.load(p, List.of(l.index())), b.load(v, List.of(l.index())));
    int dot = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), pv))).get(0);
    l = b.beginLoop(n, false, List.of());
    int diff = b.apply(Op.SUB, b.load(v, List.of(l.index())), dot);
    b.store(out, List.of(l.index()), b.apply(Op.MUL, b.load(p, List.of(l.index())), diff));
    b.endLoop(List.of());
  }

  static CompiledMethod softmax() {
    Builder f = new Builder("softmax");
    int x = vector(f, "logits", true);
    Extent.Dynamic n = extent(f, x, 0);
    // Nn.softmax rejects an empty vector; so does the compiled method.
    f.check(f.apply(Op.GT, n.id(), f.intConstant(0)), "logits must not be empty", List.of());
    f.resultOf("probs", softmax(f, x, n, Role.OUTPUT), List.of(n));

    Builder r = new Builder("softmaxReverse");
    x = vector(r, "logits", true);
    int seed = vector(r, "seed", false);
    n = extent(r, x, 0);
    int p = softmax(r, x, n, Role.OUTPUT);
    int g = r.declare("gradLogits", F64, List.of(n), Role.OUTPUT, false);
    rule(r, p, seed, g, n);
    r.resultOf("probs", p, List.of(n));
    r.resultOf("gradLogits", g, List.of(n));

    Builder t = new Builder("softmaxTangent");
    x = vector(t, "logits", true);
    int dx = vector(t, "dLogits", false);
    n = extent(t, x, 0);
    int tp = softmax(t, x, n, Role.LOCAL);
    int dp = t.declare("dProbs", F64, List.of(n), Role.OUTPUT, false);
    rule(t, tp, dx, dp, n);
    t.resultOf("dProbs", dp, List.of(n));
    SourceMethod src =
        source(
            "softmax",
            List.of(param("logits", Kind.VALUE_ARRAY, -1)),
            Kind.VALUE_ARRAY,
            List.of(-1));
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 20);
  }

  /** {@code y[j] = sum_i w[j][i] * x[i]} from 0.0, after checking the rows' length. */
  private static int linear(Builder b, int x, int w, Extent.Dynamic n, Extent.Dynamic m) {
    Extent.Dynamic cols = extent(b, w, 1);
    b.check(
        b.apply(Op.OR, b.apply(Op.EQ, m.id(), b.intConstant(0)), b.apply(Op.EQ, cols.id(), n.id())),
        "rows of w must be as long as x",
        List.of());
    int y = b.declare("y", F64, List.of(m), Role.OUTPUT, false);
    Builder.LoopScope j = b.beginLoop(m, false, List.of());
    Builder.LoopScope i = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int term =
        b.apply(Op.MUL, b.load(w, List.of(j.index(), i.index())), b.load(x, List.of(i.index())));
    int acc = b.endLoop(List.of(b.apply(Op.ADD, i.carried().get(0), term))).get(0);
    b.store(y, List.of(j.index()), acc);
    b.endLoop(List.of());
    return y;
  }

  static CompiledMethod linear() {
    Builder f = new Builder("linear");
    int x = vector(f, "x", true);
    int w = matrix(f, "w", true);
    Extent.Dynamic n = extent(f, x, 0);
    Extent.Dynamic m = extent(f, w, 0);
    f.resultOf("y", linear(f, x, w, n, m), List.of(m));

    Builder r = new Builder("linearReverse");
    x = vector(r, "x", true);
    w = matrix(r, "w", true);
    int seed = vector(r, "seed", false);
    n = extent(r, x, 0);
    m = extent(r, w, 0);
    int y = linear(r, x, w, n, m);
    int gx = r.declare("gradX", F64, List.of(n), Role.OUTPUT, false);
    int gw = r.declare("gradW", F64, List.of(m, n), Role.OUTPUT, false);
    Builder.LoopScope j = r.beginLoop(m, false, List.of());
    int s = r.load(seed, List.of(j.index()));
    Builder.LoopScope i = r.beginLoop(n, false, List.of());
    r.store(gw, List.of(j.index(), i.index()), r.apply(Op.MUL, r.load(x, List.of(i.index())), s));
    int old = r.load(gx, List.of(i.index()));
    int add = r.apply(Op.MUL, r.load(w, List.of(j.index(), i.index())), s);
    r.store(gx, List.of(i.index()), r.apply(Op.ADD, old, add));
    r.endLoop(List.of());
    r.endLoop(List.of());
    r.resultOf("y", y, List.of(m));
    r.resultOf("gradX", gx, List.of(n));
    r.resultOf("gradW", gw, List.of(m, n));

    Builder t = new Builder("linearTangent");
    x = vector(t, "x", true);
    w = matrix(t, "w", true);
    int dx = vector(t, "dX", false);
    int dw = matrix(t, "dW", false);
    n = extent(t, x, 0);
    m = extent(t, w, 0);
    int dy = t.declare("dY", F64, List.of(m), Role.OUTPUT, false);
    j = t.beginLoop(m, false, List.of());
    i = t.beginLoop(n, false, List.of(t.constant(0.0)));
    int a =
        t.apply(Op.MUL, t.load(dw, List.of(j.index(), i.index())), t.load(x, List.of(i.index())));
    int c =
        t.apply(Op.MUL, t.load(w, List.of(j.index(), i.index())), t.load(dx, List.of(i.index())));
    int d = t.endLoop(List.of(t.apply(Op.ADD, i.carried().get(0), t.apply(Op.ADD, a, c)))).get(0);
    t.store(dy, List.of(j.index()), d);
    t.endLoop(List.of());
    t.resultOf("dY", dy, List.of(m));
    SourceMethod src =
        source(
            "linear",
            List.of(param("x", Kind.VALUE_ARRAY, -1), param("w", Kind.VALUE_MATRIX, -1, -1)),
            Kind.VALUE_ARRAY,
            List.of(-1));
    return new CompiledMethod(src, f.build(), r.build(), t.build(), 30);
  }
}
