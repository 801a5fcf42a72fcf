package dev.adjoint.processor.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates random well-formed programs of the dynamic IR from a seed: parameters whose lengths are
 * known only at run time, local and output arrays of runtime extents, growable lists appended at a
 * running counter, loops with runtime and triangular trip counts, loops that stop early ({@code
 * again}, with their trip counts), branches with stores, loops and results in their arms, mutation
 * (stores over stores, read-modify-write), checks, {@code CHECK_INDEX} and integer divisions by
 * runtime values. Indices are in range by construction or guarded by {@code CHECK_INDEX}, so the
 * only exceptions are the ones a program means: a failed check, an index check, a division by zero.
 * Every loop ends, and sizes stay small.
 */
public final class DynamicPrograms {

  private static final Op[] UNARY = {Op.NEG, Op.EXP, Op.LOG, Op.TANH, Op.SQRT, Op.ABS, Op.STOP};
  private static final Op[] BINARY = {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAX, Op.MIN};
  private static final Op[] COMPARE = {Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE};
  private static final double[] CONSTANTS = {1.0, 0.0, -0.0, 2.0, -1.0, 0.5, Double.NaN, 3.0};

  /** Values visible in one block, by type. */
  private static final class Scope {
    final Map<ScalarType, List<Integer>> values = new EnumMap<>(ScalarType.class);

    Scope() {
      for (ScalarType t : List.of(ScalarType.F64, ScalarType.I32, ScalarType.BOOL)) {
        values.put(t, new ArrayList<>());
      }
    }
  }

  private final Random r;
  private final Builder b;
  private final Deque<Scope> scopes = new ArrayDeque<>();

  /** Non-negative ints known below a constant. */
  private final Map<Integer, Integer> belowConst = new HashMap<>();

  /** Non-negative ints known below the values of these nodes. */
  private final Map<Integer, Set<Integer>> belowNodes = new HashMap<>();

  /** Small non-negative ints that make sensible trip counts. */
  private final Set<Integer> tripCounts = new HashSet<>();

  private final List<Integer> readable = new ArrayList<>();
  private final List<Integer> writable = new ArrayList<>();
  private final List<Integer> fillable = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();
  private final List<Integer> lists = new ArrayList<>();

  /** The top-level value one past the last element appended to each list, by list. */
  private final Map<Integer, Integer> listEnds = new HashMap<>();

  private int sizeInput = -1;

  /** Top-level non-negative values that may size an array. */
  private final List<Integer> extentValues = new ArrayList<>();

  private DynamicPrograms(long seed) {
    this.r = new Random(seed);
    this.b = new Builder("dynamic" + seed);
  }

  /** The program for {@code seed}; the same seed always gives the same program. */
  public static Function generate(long seed) {
    return new DynamicPrograms(seed).program();
  }

  private Function program() {
    scopes.push(new Scope());
    int scalars = 1 + r.nextInt(2);
    for (int i = 0; i < scalars; i++) {
      define(b.input("x" + i, ScalarType.F64, r.nextBoolean()));
    }
    sizeInput = define(b.input("n", ScalarType.I32, false));
    tripCounts.add(sizeInput);
    if (r.nextBoolean()) {
      define(b.input("flag", ScalarType.BOOL, false));
    }
    int inputs = 1 + r.nextInt(2);
    for (int i = 0; i < inputs; i++) {
      inputArray("a" + i);
    }
    int nonNegative = define(b.apply(Op.IMAX, sizeInput, define(b.intConstant(0))));
    tripCounts.add(nonNegative);
    int locals = r.nextInt(3);
    for (int i = 0; i < locals; i++) {
      int a = b.declare("t" + i, ScalarType.F64, extents(), ArrayDecl.Role.LOCAL, false);
      readable.add(a);
      writable.add(a);
      fillable.add(a);
    }
    if (r.nextInt(3) != 0) {
      List<Extent> extents = r.nextBoolean() ? List.of(Extent.of(4)) : List.of(Extent.of(2), ex());
      int list = b.declare("list", ScalarType.F64, extents, ArrayDecl.Role.LOCAL, true);
      lists.add(list);
      readable.add(list);
      listEnds.put(list, define(b.intConstant(0)));
    }
    if (r.nextInt(3) != 0) {
      int out = b.declare("out", ScalarType.F64, extents(), ArrayDecl.Role.OUTPUT, false);
      readable.add(out);
      writable.add(out);
      fillable.add(out);
      outputs.add(out);
    }
    block(0, 5 + r.nextInt(12));
    List<Integer> doubles = scopes.peek().values.get(ScalarType.F64);
    int sum = pick(ScalarType.F64);
    for (int i = 0; i < 5 && i < doubles.size(); i++) {
      sum = b.apply(Op.ADD, sum, doubles.get(doubles.size() - 1 - r.nextInt(doubles.size())));
    }
    b.result("r0", sum, List.of());
    List<Integer> exposed = new ArrayList<>(doubles);
    exposed.addAll(scopes.peek().values.get(ScalarType.I32));
    java.util.Collections.shuffle(exposed, r);
    for (int i = 0; i < 6 && i < exposed.size(); i++) {
      b.result("r" + (i + 1), exposed.get(i), List.of());
    }
    for (int out : outputs) {
      b.resultOf("out", out, b.array(out).extents());
    }
    return b.build();
  }

  private void inputArray(String name) {
    List<Integer> sizes =
        switch (r.nextInt(5)) {
          case 0 -> Arrays.asList((Integer) null);
          case 1 -> List.of(3);
          case 2 -> Arrays.asList(null, 2);
          case 3 -> Arrays.asList(2, null);
          default -> Arrays.asList(null, null);
        };
    int a = b.inputArrayWithLengths(name, ScalarType.F64, sizes, r.nextBoolean());
    readable.add(a);
    for (Extent e : b.array(a).extents()) {
      if (e instanceof Extent.Dynamic d) {
        define(d.id());
        tripCounts.add(d.id());
        extentValues.add(d.id());
      }
    }
  }

  /** Extents for a local or output array: fixed, or runtime values defined here. */
  private List<Extent> extents() {
    return r.nextInt(3) == 0 ? List.of(ex(), ex()) : List.of(ex());
  }

  private Extent ex() {
    return switch (r.nextInt(4)) {
      case 0 -> Extent.of(1 + r.nextInt(4));
      case 1 -> new Extent.Dynamic(sizeInputClamped());
      default ->
          extentValues.isEmpty()
              ? new Extent.Dynamic(sizeInputClamped())
              : new Extent.Dynamic(extentValues.get(r.nextInt(extentValues.size())));
    };
  }

  private int sizeInputClamped() {
    int k = define(b.intConstant(3 + r.nextInt(2)));
    int v = define(b.apply(Op.IMAX, b.apply(Op.IADD, sizeInput, k), define(b.intConstant(0))));
    tripCounts.add(v);
    extentValues.add(v);
    return v;
  }

  private void block(int depth, int steps) {
    for (int s = 0; s < steps; s++) {
      b.setLine(1 + r.nextInt(50));
      step(depth);
    }
  }

  private void step(int depth) {
    int choice = r.nextInt(depth < 3 ? 26 : 19);
    switch (choice) {
      case 0 -> define(b.constant(CONSTANTS[r.nextInt(CONSTANTS.length)]));
      case 1 -> define(b.intConstant(r.nextInt(5) - 1));
      case 2 -> define(b.apply(UNARY[r.nextInt(UNARY.length)], pick(ScalarType.F64)));
      case 3, 4 ->
          define(
              b.apply(
                  BINARY[r.nextInt(BINARY.length)], pick(ScalarType.F64), pick(ScalarType.F64)));
      case 5 -> intOp();
      case 6 -> {
        ScalarType t = r.nextBoolean() ? ScalarType.F64 : ScalarType.I32;
        define(b.apply(COMPARE[r.nextInt(COMPARE.length)], pick(t), pick(t)));
      }
      case 7 -> {
        Op op = r.nextBoolean() ? Op.AND : r.nextBoolean() ? Op.OR : Op.NOT;
        int x = pick(ScalarType.BOOL);
        define(op == Op.NOT ? b.apply(op, x) : b.apply(op, x, pick(ScalarType.BOOL)));
      }
      case 8 -> {
        ScalarType t = r.nextInt(3) == 0 ? ScalarType.I32 : ScalarType.F64;
        define(b.select(pick(ScalarType.BOOL), pick(t), pick(t)));
      }
      case 9 -> define(b.apply(Op.I2D, pick(ScalarType.I32)));
      case 10, 11 -> load();
      case 12, 13 -> store();
      case 14 -> accumulate();
      case 15 -> check();
      case 16 -> append();
      case 17 -> fill();
      case 18 -> define(b.apply(Op.MUL, pick(ScalarType.F64), pick(ScalarType.F64)));
      case 19, 20 -> loop(depth);
      case 21 -> againLoop(depth);
      case 22, 23 -> branch(depth);
      case 24 -> appendLoop(depth);
      default -> readList(depth);
    }
  }

  private void intOp() {
    switch (r.nextInt(5)) {
      case 0 -> define(b.apply(Op.INEG, pick(ScalarType.I32)));
      case 1 -> {
        // A runtime divisor: an ArithmeticException when it is zero.
        Op op = r.nextBoolean() ? Op.IDIV : Op.IREM;
        define(b.apply(op, pick(ScalarType.I32), pick(ScalarType.I32)));
      }
      case 2 -> {
        // One past a count or an index: a trip count for a triangular nest.
        int x = pick(ScalarType.I32);
        int next = define(b.apply(Op.IADD, x, define(b.intConstant(1))));
        if (tripCounts.contains(x)) {
          tripCounts.add(next);
        }
      }
      default -> {
        Op op = List.of(Op.IADD, Op.ISUB, Op.IMUL, Op.IMAX, Op.IMIN).get(r.nextInt(5));
        define(b.apply(op, pick(ScalarType.I32), pick(ScalarType.I32)));
      }
    }
  }

  private void check() {
    int x = pick(ScalarType.I32);
    int k = r.nextInt(20);
    int cond =
        k < 3
            ? pick(ScalarType.BOOL)
            : define(b.apply(Op.GE, x, define(b.intConstant(k < 8 ? 0 : -3))));
    b.check(cond, "check failed at %d", List.of(x));
  }

  private void load() {
    int array = readable.get(r.nextInt(readable.size()));
    define(b.load(array, index(array)));
  }

  private void store() {
    List<Integer> targets = new ArrayList<>(writable);
    targets.addAll(lists);
    if (targets.isEmpty()) {
      load();
      return;
    }
    int array = targets.get(r.nextInt(targets.size()));
    b.store(array, index(array), pick(ScalarType.F64));
  }

  /** {@code h[i] = h[i] + x}: a read-modify-write. */
  private void accumulate() {
    List<Integer> targets = new ArrayList<>(writable);
    targets.addAll(lists);
    if (targets.isEmpty()) {
      load();
      return;
    }
    int array = targets.get(r.nextInt(targets.size()));
    List<Integer> index = index(array);
    int old = define(b.load(array, index));
    b.store(array, index, define(b.apply(Op.ADD, old, pick(ScalarType.F64))));
  }

  /** An index of {@code array} that is in range, or checked at run time. */
  private List<Integer> index(int array) {
    ArrayDecl a = b.array(array);
    List<Integer> index = new ArrayList<>();
    for (int axis = 0; axis < a.rank(); axis++) {
      Extent e = a.extents().get(axis);
      if (a.growable() && axis == 0) {
        // Any small non-negative index: reads beyond what was stored give zero.
        List<Integer> fits = fitting(5, -1);
        index.add(
            !fits.isEmpty() && r.nextBoolean()
                ? fits.get(r.nextInt(fits.size()))
                : define(b.intConstant(r.nextInt(4))));
        continue;
      }
      List<Integer> fits =
          e instanceof Extent.Fixed fx ? fitting(fx.size(), -1) : fitting(0, e.node());
      if (!fits.isEmpty() && r.nextInt(10) != 0) {
        index.add(fits.get(r.nextInt(fits.size())));
      } else if (e instanceof Extent.Fixed fx && fx.size() > 0 && r.nextBoolean()) {
        index.add(define(b.intConstant(r.nextInt(fx.size()))));
      } else {
        // Mostly an index that fits a nonempty dimension; sometimes anything, or an affine
        // function of one (2 * i + 1), whose elements may meet another store's.
        int i = r.nextInt(5) == 0 ? pick(ScalarType.I32) : define(b.intConstant(0));
        if (!fits.isEmpty() && r.nextInt(3) == 0) {
          int base = fits.get(r.nextInt(fits.size()));
          int scaled = r.nextBoolean() ? base : b.apply(Op.IMUL, base, b.intConstant(2));
          i = define(b.apply(Op.IADD, scaled, define(b.intConstant(r.nextInt(3) - 1))));
        }
        int bound = e instanceof Extent.Fixed fx ? define(b.intConstant(fx.size())) : e.node();
        int checked = define(b.apply(Op.CHECK_INDEX, i, bound));
        below(checked, e);
        index.add(checked);
      }
    }
    return index;
  }

  private void below(int v, Extent e) {
    if (e instanceof Extent.Fixed fx) {
      belowConst.put(v, fx.size());
    } else {
      belowNodes.computeIfAbsent(v, k -> new HashSet<>()).add(e.node());
    }
  }

  /**
   * Visible non-negative ints below {@code size} (if {@code node < 0}) or below node {@code node}.
   */
  private List<Integer> fitting(int size, int node) {
    List<Integer> fits = new ArrayList<>();
    for (Scope s : scopes) {
      for (int v : s.values.get(ScalarType.I32)) {
        boolean ok =
            node < 0
                ? belowConst.containsKey(v) && belowConst.get(v) <= size
                : belowNodes.getOrDefault(v, Set.of()).contains(node);
        if (ok) {
          fits.add(v);
        }
      }
    }
    return fits;
  }

  /** A trip count: fixed, or a runtime value (an input, a length, an outer index, a count). */
  private Extent trips() {
    if (r.nextInt(3) == 0) {
      return Extent.of(r.nextInt(5));
    }
    if (r.nextInt(8) == 0) {
      // A runtime trip count that constant folding finds constant.
      return new Extent.Dynamic(define(b.intConstant(r.nextInt(4))));
    }
    List<Integer> visible = new ArrayList<>();
    for (Scope s : scopes) {
      for (int v : s.values.get(ScalarType.I32)) {
        if (tripCounts.contains(v)) {
          visible.add(v);
        }
      }
    }
    return new Extent.Dynamic(visible.get(r.nextInt(visible.size())));
  }

  /** Opens a loop: its index is below its trip count, and a trip count itself. */
  private Builder.LoopScope open(Extent trips, boolean descending, List<Integer> inits) {
    Builder.LoopScope loop = b.beginLoop(trips, descending, inits);
    scopes.push(new Scope());
    define(loop.index());
    tripCounts.add(loop.index());
    if (trips instanceof Extent.Fixed fx) {
      belowConst.put(loop.index(), Math.max(fx.size(), 1));
    } else {
      int t = trips.node();
      Set<Integer> nodes = new HashSet<>(belowNodes.getOrDefault(t, Set.of()));
      nodes.add(t);
      belowNodes.put(loop.index(), nodes);
      if (belowConst.containsKey(t)) {
        belowConst.put(loop.index(), belowConst.get(t));
      }
    }
    loop.carried().forEach(this::define);
    return loop;
  }

  private List<Integer> inits() {
    List<Integer> inits = new ArrayList<>();
    for (int s = r.nextInt(3); s > 0; s--) {
      inits.add(pick(r.nextInt(4) == 0 ? ScalarType.I32 : ScalarType.F64));
    }
    return inits;
  }

  private List<Integer> yieldsFor(List<Integer> inits) {
    List<Integer> yields = new ArrayList<>();
    for (int v : inits) {
      yields.add(pick(b.typeOf(v)));
    }
    return yields;
  }

  private void loop(int depth) {
    List<Integer> inits = inits();
    Builder.LoopScope loop = open(trips(), r.nextBoolean(), inits);
    block(depth + 1, 2 + r.nextInt(6));
    List<Integer> yields = yieldsFor(inits);
    scopes.pop();
    b.endLoop(yields).forEach(this::define);
  }

  /** A loop that stops early on a runtime condition, then maybe its trip count. */
  private void againLoop(int depth) {
    boolean unbounded = r.nextBoolean();
    Extent trips = unbounded ? Extent.of(Integer.MAX_VALUE) : trips();
    List<Integer> inits = inits();
    Builder.LoopScope loop = open(trips, false, inits);
    block(depth + 1, 2 + r.nextInt(5));
    List<Integer> yields = yieldsFor(inits);
    int again = pick(ScalarType.BOOL);
    if (unbounded) {
      // At most a few iterations, whatever the condition.
      int limit = define(b.apply(Op.LT, loop.index(), define(b.intConstant(1 + r.nextInt(4)))));
      again = define(b.apply(Op.AND, again, limit));
    }
    scopes.pop();
    b.endLoop(yields, again).forEach(this::define);
    if (r.nextBoolean()) {
      // Builder gives a loop the id before its index's.
      int count = define(b.tripCount(loop.index() - 1));
      tripCounts.add(count);
    }
  }

  private void branch(int depth) {
    b.beginIf(pick(ScalarType.BOOL));
    List<ScalarType> slots = new ArrayList<>();
    for (int s = r.nextInt(3); s > 0; s--) {
      slots.add(r.nextInt(4) == 0 ? ScalarType.I32 : ScalarType.F64);
    }
    scopes.push(new Scope());
    block(depth + 1, 1 + r.nextInt(4));
    List<Integer> then = slots.stream().map(this::pick).toList();
    scopes.pop();
    b.orElse(then);
    scopes.push(new Scope());
    block(depth + 1, r.nextInt(4));
    List<Integer> orElse = slots.stream().map(this::pick).toList();
    scopes.pop();
    b.endIf(orElse).forEach(this::define);
  }

  /** Fills a local or output array in full: a loop per dimension, as long as the dimension. */
  private void fill() {
    if (fillable.isEmpty()) {
      load();
      return;
    }
    int array = fillable.get(r.nextInt(fillable.size()));
    ArrayDecl a = b.array(array);
    List<Integer> index = new ArrayList<>();
    for (Extent e : a.extents()) {
      index.add(open(e, r.nextInt(4) == 0, List.of()).index());
    }
    int value = define(b.apply(Op.I2D, index.get(index.size() - 1)));
    b.store(array, index, define(b.apply(Op.MUL, value, pick(ScalarType.F64))));
    for (int d = 0; d < a.rank(); d++) {
      scopes.pop();
      b.endLoop(List.of());
    }
  }

  /** Appends one element to a list at the top level. */
  private void append() {
    if (lists.isEmpty() || scopes.size() > 1) {
      store();
      return;
    }
    int list = lists.get(r.nextInt(lists.size()));
    int end = listEnds.get(list);
    b.store(list, listIndex(list, at(end)), pick(ScalarType.F64));
    int next = moved(end);
    listEnds.put(list, next);
    tripCounts.add(next);
  }

  /** The index of element {@code at} of {@code list} (its other dimensions in range). */
  private List<Integer> listIndex(int list, int at) {
    List<Integer> index = new ArrayList<>(index(list));
    index.set(0, at);
    return index;
  }

  /** A loop appending to a list, maybe under a condition, its end carried. */
  private void appendLoop(int depth) {
    if (lists.isEmpty() || scopes.size() > 1) {
      loop(depth);
      return;
    }
    int list = lists.get(r.nextInt(lists.size()));
    Builder.LoopScope loop = open(trips(), false, List.of(listEnds.get(list)));
    int end = loop.carried().get(0);
    block(depth + 1, r.nextInt(3));
    int next;
    if (r.nextBoolean()) {
      b.store(list, listIndex(list, at(end)), pick(ScalarType.F64));
      next = moved(end);
    } else {
      b.beginIf(pick(ScalarType.BOOL));
      scopes.push(new Scope());
      b.store(list, listIndex(list, at(end)), pick(ScalarType.F64));
      int plus = moved(end);
      scopes.pop();
      b.orElse(List.of(plus));
      scopes.push(new Scope());
      int other = r.nextInt(8) == 0 ? plus(end, 1) : end;
      scopes.pop();
      next = b.endIf(List.of(other)).get(0);
    }
    block(depth + 1, r.nextInt(3));
    scopes.pop();
    int result = define(b.endLoop(List.of(next)).get(0));
    listEnds.put(list, result);
    tripCounts.add(result);
  }

  /**
   * A list's end after an append: mostly one further, sometimes what breaks a list (the same, two
   * further, one back but never below 0).
   */
  private int moved(int end) {
    return switch (r.nextInt(12)) {
      case 0 -> end;
      case 1 -> plus(end, 2);
      case 2 -> define(b.apply(Op.IMAX, plus(end, -1), define(b.intConstant(0))));
      default -> plus(end, 1);
    };
  }

  /** Where an append stores: mostly at the end, sometimes around it (never below 0). */
  private int at(int end) {
    return switch (r.nextInt(10)) {
      case 0 -> plus(end, 1);
      case 1 -> define(b.apply(Op.IMAX, plus(end, -1), define(b.intConstant(0))));
      default -> end;
    };
  }

  private int plus(int x, int k) {
    return define(b.apply(Op.IADD, x, define(b.intConstant(k))));
  }

  /** Sums a list's elements over a loop to its end. */
  private void readList(int depth) {
    if (lists.isEmpty() || scopes.size() > 1) {
      branch(depth);
      return;
    }
    int list = lists.get(r.nextInt(lists.size()));
    Builder.LoopScope loop =
        open(new Extent.Dynamic(listEnds.get(list)), false, List.of(pick(ScalarType.F64)));
    int x = define(b.load(list, listIndex(list, loop.index())));
    int sum = define(b.apply(Op.ADD, loop.carried().get(0), x));
    scopes.pop();
    b.endLoop(List.of(sum)).forEach(this::define);
  }

  /** Makes {@code id} visible in the current block; returns it. */
  private int define(int id) {
    scopes.peek().values.get(b.typeOf(id)).add(id);
    return id;
  }

  /** A visible value of type {@code t}, biased to recent ones; makes a constant if none exists. */
  private int pick(ScalarType t) {
    List<Integer> all = new ArrayList<>();
    List<Scope> outerFirst = new ArrayList<>(scopes);
    java.util.Collections.reverse(outerFirst);
    for (Scope s : outerFirst) {
      all.addAll(s.values.get(t));
    }
    if (all.isEmpty() || r.nextInt(10) == 0) {
      return switch (t) {
        case F64 -> define(b.constant(CONSTANTS[r.nextInt(CONSTANTS.length)]));
        case I32 -> {
          int v = r.nextInt(4);
          int c = define(b.intConstant(v));
          belowConst.put(c, v + 1);
          yield c;
        }
        default -> define(b.boolConstant(r.nextBoolean()));
      };
    }
    int n = all.size();
    int i = r.nextInt(3) == 0 ? r.nextInt(n) : n - 1 - r.nextInt(Math.min(n, 4));
    return all.get(i);
  }
}
