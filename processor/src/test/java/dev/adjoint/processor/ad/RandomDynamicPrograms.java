package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates random well-formed dynamic programs from a seed, for derivative checks: vectors of one
 * runtime length {@code n} (checked equal at entry), an optional matrix of runtime rows, counted
 * loops over {@code n}, triangular loops, loops that stop early on data or on a counter, branches
 * with loops and stores in their arms, local arrays that are filled once or updated in place, a
 * growable list filled at a running counter, and sometimes an output array that is read back and
 * overwritten. Values stay smooth and bounded ({@code tanh}, {@code log(x^2 + 1)}, ...) so finite
 * differences are meaningful; every index is provably in range and every loop ends.
 */
final class RandomDynamicPrograms {

  /** A generated program and the arrays it fills exactly once (a sound write-once set). */
  record Generated(Function function, Set<Integer> writeOnce, boolean matrix) {}

  /** Values visible in one block: doubles, and ints known to lie in [0, n). */
  private static final class Scope {
    final List<Integer> doubles = new ArrayList<>();
    final List<Integer> indices = new ArrayList<>();
  }

  private final Random r;
  private final Builder b;
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private final List<Integer> readable = new ArrayList<>();
  private final List<Integer> mutable = new ArrayList<>();
  private final Set<Integer> writeOnce = new LinkedHashSet<>();
  private int n;
  private Extent extent;
  private int matrix = -1;
  private int depth;

  private RandomDynamicPrograms(long seed) {
    this.r = new Random(seed);
    this.b = new Builder("dynamic" + seed);
  }

  static Generated generate(long seed) {
    RandomDynamicPrograms g = new RandomDynamicPrograms(seed);
    Function f = g.program();
    return new Generated(f, g.writeOnce, g.matrix >= 0);
  }

  private Scope scope() {
    return scopes.peek();
  }

  private <T> T pick(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  /** A visible double, from any open block (the innermost more often). */
  private int anyDouble() {
    if (!scope().doubles.isEmpty() && r.nextBoolean()) {
      return pick(scope().doubles);
    }
    List<Integer> all = new ArrayList<>();
    scopes.forEach(s -> all.addAll(s.doubles));
    return pick(all);
  }

  private List<Integer> visibleIndices() {
    List<Integer> all = new ArrayList<>();
    scopes.forEach(s -> all.addAll(s.indices));
    return all;
  }

  private Function program() {
    scopes.push(new Scope());
    int x = DynamicPrograms.vector(b, "x", true);
    readable.add(x);
    extent = b.array(x).extents().get(0);
    n = extent.node();
    if (r.nextBoolean()) {
      int y = DynamicPrograms.vector(b, "y", r.nextBoolean());
      readable.add(y);
      int len = DynamicPrograms.length(b, y, 0);
      b.check(b.apply(Op.EQ, len, n), "y has %d elements, x %d", List.of(len, n));
    }
    if (r.nextInt(3) == 0) {
      matrix = b.inputArrayWithLengths("w", ScalarType.F64, Arrays.asList(null, null), true);
      int cols = DynamicPrograms.length(b, matrix, 1);
      b.check(b.apply(Op.EQ, cols, n), "w has %d columns, x %d", List.of(cols, n));
    }
    for (int i = 0; i < 1 + r.nextInt(2); i++) {
      scope().doubles.add(b.input("s" + i, ScalarType.F64, r.nextBoolean()));
    }
    scope().doubles.add(b.constant(0.5));
    boolean output = r.nextInt(4) == 0;
    int statements = 2 + r.nextInt(4);
    for (int i = 0; i < statements; i++) {
      topStatement();
    }
    if (output) {
      int out = b.declare("out", ScalarType.F64, List.of(extent), ArrayDecl.Role.OUTPUT, false);
      fill(out, true);
      if (r.nextBoolean()) {
        update(out);
      }
      b.resultOf("out", out, List.of(extent));
    } else {
      // Every value of the top level reaches the result, bounded.
      int total = anyDouble();
      for (int v : scope().doubles) {
        total = b.apply(Op.ADD, total, b.apply(Op.TANH, v));
      }
      for (int a : readable) {
        total = b.apply(Op.ADD, total, sum(a));
      }
      b.result("y", total, List.of());
    }
    return b.build();
  }

  private void topStatement() {
    switch (r.nextInt(6)) {
      case 0 -> {
        int a = b.declare("a", ScalarType.F64, List.of(extent), ArrayDecl.Role.LOCAL, false);
        fill(a, false);
        writeOnce.add(a);
        readable.add(a);
      }
      case 1 -> {
        int h = b.declare("h", ScalarType.F64, List.of(extent), ArrayDecl.Role.LOCAL, false);
        fill(h, false);
        mutable.add(h);
        readable.add(h);
        update(h);
      }
      case 2 -> list();
      default -> statement();
    }
  }

  /** {@code a[i] = expr} for every {@code i < n}. */
  private void fill(int a, boolean anyValue) {
    Builder.LoopScope l = b.beginLoop(extent, r.nextBoolean(), List.of());
    Scope s = new Scope();
    s.indices.add(l.index());
    scopes.push(s);
    s.doubles.add(b.load(pick(readable), List.of(l.index())));
    int v = expression();
    if (anyValue && r.nextBoolean()) {
      v = expression();
    }
    b.store(a, List.of(l.index()), v);
    scopes.pop();
    b.endLoop(List.of());
  }

  /** An in-place update {@code a[i] = g(a[i], ...)}, over all or over a triangle. */
  private void update(int a) {
    Builder.LoopScope l = b.beginLoop(extent, r.nextBoolean(), List.of());
    Scope s = new Scope();
    s.indices.add(l.index());
    scopes.push(s);
    int at = l.index();
    if (r.nextBoolean()) {
      // A read-modify-write of every element up to i: a[j] += f(a[j], x[i]).
      int upTo = b.apply(Op.IADD, l.index(), b.intConstant(1));
      Builder.LoopScope in = b.beginLoop(new Extent.Dynamic(upTo), false, List.of());
      at = in.index();
      s.indices.add(at);
    }
    int old = b.load(a, List.of(at));
    s.doubles.add(old);
    s.doubles.add(b.load(pick(readable), List.of(l.index())));
    int v = smooth(old, expression());
    b.store(a, List.of(at), v);
    if (at != l.index()) {
      b.endLoop(List.of());
    }
    scopes.pop();
    b.endLoop(List.of());
  }

  /** A growable list filled at a running counter under a branch, then summed to its length. */
  private void list() {
    int list = b.declare("list", ScalarType.F64, List.of(Extent.of(2)), ArrayDecl.Role.LOCAL, true);
    Builder.LoopScope l = b.beginLoop(extent, false, List.of(b.intConstant(0)));
    Scope s = new Scope();
    s.indices.add(l.index());
    scopes.push(s);
    int v = b.load(pick(readable), List.of(l.index()));
    s.doubles.add(v);
    int k = l.carried().get(0);
    b.beginIf(b.apply(Op.GT, b.apply(Op.STOP, v), b.constant(0.0)));
    b.store(list, List.of(k), expression());
    b.orElse(List.of(b.apply(Op.IADD, k, b.intConstant(1))));
    int next = b.endIf(List.of(k)).get(0);
    scopes.pop();
    int count = b.endLoop(List.of(next)).get(0);
    Builder.LoopScope sum =
        b.beginLoop(new Extent.Dynamic(count), r.nextBoolean(), List.of(b.constant(0.0)));
    int e = b.apply(Op.TANH, b.load(list, List.of(sum.index())));
    scope().doubles.add(b.endLoop(List.of(b.apply(Op.ADD, sum.carried().get(0), e))).get(0));
  }

  private void block() {
    int statements = 1 + r.nextInt(3);
    for (int i = 0; i < statements; i++) {
      statement();
    }
  }

  private void statement() {
    int choice = r.nextInt(depth >= 3 ? 3 : 8);
    switch (choice) {
      case 0, 1 -> scope().doubles.add(expression());
      case 2 -> store();
      case 3, 4 -> loop();
      case 5 -> whileLoop();
      default -> branch();
    }
  }

  private void store() {
    List<Integer> indices = visibleIndices();
    if (mutable.isEmpty() || indices.isEmpty()) {
      scope().doubles.add(expression());
      return;
    }
    int a = pick(mutable);
    int i = pick(indices);
    int v = r.nextBoolean() ? smooth(b.load(a, List.of(i)), anyDouble()) : expression();
    b.store(a, List.of(i), v);
  }

  /** A counted loop over {@code n} (or a triangle inside one), perhaps stopping early on data. */
  private void loop() {
    List<Integer> indices = visibleIndices();
    Extent trips = extent;
    if (!indices.isEmpty() && r.nextBoolean()) {
      int i = pick(indices);
      trips = new Extent.Dynamic(r.nextBoolean() ? b.apply(Op.IADD, i, b.intConstant(1)) : i);
    } else if (matrix >= 0 && r.nextInt(3) == 0) {
      trips = b.array(matrix).extents().get(0);
    }
    boolean rows = matrix >= 0 && trips.equals(b.array(matrix).extents().get(0));
    boolean early = r.nextInt(3) == 0;
    int carried = 1 + r.nextInt(2);
    List<Integer> inits = new ArrayList<>();
    for (int c = 0; c < carried; c++) {
      inits.add(anyDouble());
    }
    Builder.LoopScope l = b.beginLoop(trips, !early && r.nextBoolean(), inits);
    Scope s = new Scope();
    s.doubles.addAll(l.carried());
    if (rows) {
      // Row i of w at a column index in scope (columns run over n, like vectors).
      List<Integer> columns = visibleIndices();
      if (!columns.isEmpty()) {
        s.doubles.add(b.load(matrix, List.of(l.index(), pick(columns))));
      }
    } else {
      s.indices.add(l.index());
      s.doubles.add(b.load(pick(readable), List.of(l.index())));
    }
    scopes.push(s);
    depth++;
    block();
    depth--;
    List<Integer> yields = new ArrayList<>();
    for (int c = 0; c < carried; c++) {
      int decay = b.apply(Op.MUL, l.carried().get(c), b.constant(0.5));
      yields.add(b.apply(Op.ADD, decay, b.apply(Op.TANH, anyDouble())));
    }
    Integer again = early ? b.apply(Op.LT, b.apply(Op.STOP, yields.get(0)), b.constant(1.5)) : null;
    scopes.pop();
    scope().doubles.addAll(b.endLoop(yields, again));
  }

  /** {@code do { ... } while (++count < limit && value < 4)}: no trip bound at all. */
  private void whileLoop() {
    List<Integer> inits = List.of(b.intConstant(0), anyDouble());
    Builder.LoopScope l = b.beginLoop(Extent.of(Integer.MAX_VALUE), false, inits);
    Scope s = new Scope();
    s.doubles.add(l.carried().get(1));
    scopes.push(s);
    depth++;
    block();
    depth--;
    int count = b.apply(Op.IADD, l.carried().get(0), b.intConstant(1));
    int v = smooth(l.carried().get(1), anyDouble());
    int again =
        b.apply(
            Op.AND,
            b.apply(Op.LT, count, b.intConstant(1 + r.nextInt(4))),
            b.apply(Op.LT, b.apply(Op.STOP, v), b.constant(4.0)));
    scopes.pop();
    scope().doubles.add(b.endLoop(List.of(count, v), again).get(1));
  }

  /** A branch on data or on indices, with statements in both arms. */
  private void branch() {
    List<Integer> indices = visibleIndices();
    int cond =
        indices.size() >= 2 && r.nextBoolean()
            ? b.apply(Op.LT, pick(indices), pick(indices))
            : b.apply(Op.GT, b.apply(Op.STOP, anyDouble()), b.constant(0.0));
    int slots = r.nextInt(3);
    b.beginIf(cond);
    List<Integer> thenYields = arm(slots);
    b.orElse(thenYields);
    List<Integer> elseYields = arm(slots);
    scope().doubles.addAll(b.endIf(elseYields));
  }

  private List<Integer> arm(int slots) {
    scopes.push(new Scope());
    depth++;
    block();
    depth--;
    List<Integer> yields = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      yields.add(anyDouble());
    }
    scopes.pop();
    return yields;
  }

  /** A smooth expression of one or two visible values. */
  private int expression() {
    return smooth(anyDouble(), anyDouble());
  }

  private int smooth(int x, int y) {
    return switch (r.nextInt(9)) {
      case 0 -> b.apply(Op.ADD, x, y);
      case 1 -> b.apply(Op.SUB, x, y);
      case 2 -> b.apply(Op.MUL, x, b.apply(Op.TANH, y));
      case 3 -> b.apply(Op.TANH, b.apply(Op.MUL, x, y));
      case 4 -> b.apply(Op.EXP, b.apply(Op.TANH, x));
      case 5 -> b.apply(Op.LOG, b.apply(Op.ADD, b.apply(Op.MUL, x, x), b.constant(1.0)));
      case 6 -> b.apply(Op.SQRT, b.apply(Op.ADD, b.apply(Op.MUL, y, y), b.constant(1.0)));
      case 7 -> b.apply(Op.DIV, x, b.apply(Op.ADD, b.apply(Op.MUL, y, y), b.constant(1.0)));
      default -> b.apply(Op.TANH, x);
    };
  }

  /** {@code sum(tanh(a[i]))} over {@code n}. */
  private int sum(int a) {
    Builder.LoopScope l = b.beginLoop(extent, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.TANH, b.load(a, List.of(l.index())));
    return b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), e))).get(0);
  }
}
