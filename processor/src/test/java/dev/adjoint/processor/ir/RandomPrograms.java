package dev.adjoint.processor.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates random well-typed IR programs from a seed: scalar and array parameters, local and
 * output arrays, every operation, selects, in-range loads and stores, and loops (nested, possibly
 * zero-trip, ascending or descending) with loop-carried values. Constants include 1.0, ±0.0 and
 * NaN, and expressions are sometimes repeated, so that every optimization has something to do.
 * Programs never divide ints by zero or index out of range.
 */
public final class RandomPrograms {

  private static final Op[] UNARY = {
    Op.NEG, Op.EXP, Op.LOG, Op.RELU, Op.TANH, Op.SQRT, Op.ABS, Op.STOP
  };
  private static final Op[] BINARY = {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.MAX, Op.MIN};
  private static final Op[] INT_BINARY = {Op.IADD, Op.ISUB, Op.IMUL, Op.IMAX, Op.IMIN};
  private static final Op[] COMPARE = {Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE};
  private static final double[] CONSTANTS = {
    1.0, 1.0, 0.0, -0.0, -0.0, 2.0, -1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, 3.0
  };
  private static final int[] TRIP_COUNTS = {0, 1, 2, 3, 4, 5, 7, 16, 17, 20};

  /** Values visible in one block, by type, plus the operations applied there (for repeats). */
  private static final class Scope {
    final Map<ScalarType, List<Integer>> values = new EnumMap<>(ScalarType.class);
    final List<int[]> applied = new ArrayList<>();

    Scope() {
      for (ScalarType t : List.of(ScalarType.F64, ScalarType.I32, ScalarType.BOOL)) {
        values.put(t, new ArrayList<>());
      }
    }
  }

  private final Random r;
  private final Builder b;
  private final Deque<Scope> scopes = new ArrayDeque<>();

  /** Exclusive upper bounds of int values known to lie in [0, bound). */
  private final Map<Integer, Integer> bounds = new HashMap<>();

  private final List<Integer> readable = new ArrayList<>();
  private final List<Integer> writable = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();

  private RandomPrograms(long seed) {
    this.r = new Random(seed);
    this.b = new Builder("random" + seed);
  }

  /** The program for {@code seed}; the same seed always gives the same program. */
  public static Function generate(long seed) {
    return new RandomPrograms(seed).program();
  }

  private Function program() {
    scopes.push(new Scope());
    int scalars = 1 + r.nextInt(3);
    for (int i = 0; i < scalars; i++) {
      define(b.input("x" + i, ScalarType.F64, r.nextBoolean()));
    }
    if (r.nextBoolean()) {
      define(b.input("n", ScalarType.I32, false));
    }
    if (r.nextInt(3) == 0) {
      define(b.input("flag", ScalarType.BOOL, false));
    }
    int inputs = 1 + r.nextInt(2);
    for (int i = 0; i < inputs; i++) {
      readable.add(b.inputArray("a" + i, ScalarType.F64, shape(), r.nextBoolean()));
    }
    if (r.nextBoolean()) {
      int local = b.declare("tmp", ScalarType.F64, shape(), ArrayDecl.Role.LOCAL);
      readable.add(local);
      writable.add(local);
    }
    if (r.nextInt(4) != 0) {
      int out = b.declare("out", ScalarType.F64, shape(), ArrayDecl.Role.OUTPUT);
      readable.add(out);
      writable.add(out);
      outputs.add(out);
    }
    block(0, 4 + r.nextInt(14));
    // The first result sums several values so that most of the program matters.
    List<Integer> doubles = scopes.peek().values.get(ScalarType.F64);
    int sum = pick(ScalarType.F64);
    for (int i = 0; i < 6 && i < doubles.size(); i++) {
      sum = b.apply(Op.ADD, sum, doubles.get(doubles.size() - 1 - r.nextInt(doubles.size())));
    }
    b.result("r0", sum, List.of());
    // Further results expose values directly, so that a wrong sign of zero cannot hide in a sum.
    List<Integer> exposed = new ArrayList<>(doubles);
    exposed.addAll(scopes.peek().values.get(ScalarType.I32));
    java.util.Collections.shuffle(exposed, r);
    for (int i = 0; i < 8 && i < exposed.size(); i++) {
      b.result("r" + (i + 1), exposed.get(i), List.of());
    }
    for (int out : outputs) {
      b.result("out", out, b.array(out).shape());
    }
    return b.build();
  }

  private List<Integer> shape() {
    return r.nextInt(3) == 0
        ? List.of(1 + r.nextInt(3), 1 + r.nextInt(3))
        : List.of(1 + r.nextInt(5));
  }

  private void block(int depth, int steps) {
    for (int s = 0; s < steps; s++) {
      b.setLine(1 + r.nextInt(50));
      step(depth);
    }
  }

  private void step(int depth) {
    int choice = r.nextInt(depth < 2 ? 20 : 18);
    switch (choice) {
      case 0 -> define(b.constant(CONSTANTS[r.nextInt(CONSTANTS.length)]));
      case 1 -> intConstant(r.nextInt(6) - 1);
      case 2, 3 -> define(b.apply(UNARY[r.nextInt(UNARY.length)], pick(ScalarType.F64)));
      case 4, 5, 6 ->
          binary(BINARY[r.nextInt(BINARY.length)], pick(ScalarType.F64), pick(ScalarType.F64));
      case 7 -> intOp();
      case 8 -> {
        ScalarType t = r.nextBoolean() ? ScalarType.F64 : ScalarType.I32;
        define(b.apply(COMPARE[r.nextInt(COMPARE.length)], pick(t), pick(t)));
      }
      case 9 -> boolOp();
      case 10 -> {
        ScalarType t = r.nextInt(3) == 0 ? ScalarType.I32 : ScalarType.F64;
        int cond = pick(ScalarType.BOOL);
        int ifTrue = pick(t);
        define(b.select(cond, ifTrue, r.nextInt(4) == 0 ? ifTrue : pick(t)));
      }
      case 11 -> define(b.apply(Op.I2D, pick(ScalarType.I32)));
      case 12, 13 -> load();
      case 14, 15 -> store();
      case 16 -> {
        if (r.nextBoolean()) {
          identity();
        } else {
          accumulate();
        }
      }
      case 17 -> repeat();
      default -> loop(depth);
    }
    if (r.nextInt(4) == 0) {
      b.name(latest(), "v" + r.nextInt(5));
    }
  }

  private void intOp() {
    switch (r.nextInt(4)) {
      case 0 -> define(b.apply(Op.INEG, pick(ScalarType.I32)));
      case 1 -> {
        Op op = r.nextBoolean() ? Op.IDIV : Op.IREM;
        int divisor = define(b.intConstant(r.nextBoolean() ? 1 + r.nextInt(3) : -1));
        define(b.apply(op, pick(ScalarType.I32), divisor));
      }
      default ->
          binary(
              INT_BINARY[r.nextInt(INT_BINARY.length)], pick(ScalarType.I32), pick(ScalarType.I32));
    }
  }

  private void boolOp() {
    if (r.nextInt(3) == 0) {
      define(b.apply(Op.NOT, pick(ScalarType.BOOL)));
    } else {
      Op op = r.nextBoolean() ? Op.AND : Op.OR;
      define(b.apply(op, pick(ScalarType.BOOL), pick(ScalarType.BOOL)));
    }
  }

  /** Something an identity rule applies to: x * 1.0, x + -0.0, -(-x), stop(stop(x)), ... */
  private void identity() {
    int x = pick(ScalarType.F64);
    switch (r.nextInt(7)) {
      case 0 -> define(b.apply(Op.MUL, x, define(b.constant(1.0))));
      case 1 -> define(b.apply(Op.ADD, x, define(b.constant(-0.0))));
      case 2 -> define(b.apply(Op.ADD, x, define(b.constant(0.0))));
      case 3 -> define(b.apply(Op.NEG, define(b.apply(Op.NEG, x))));
      case 4 -> define(b.apply(Op.STOP, define(b.apply(Op.STOP, x))));
      case 5 -> define(b.apply(Op.MUL, x, define(b.constant(-1.0))));
      default -> define(b.apply(Op.SUB, x, define(b.constant(r.nextBoolean() ? 0.0 : -0.0))));
    }
  }

  /** Applies an operation already applied in a visible block to the same operands again. */
  private void repeat() {
    List<int[]> candidates = new ArrayList<>();
    for (Scope s : scopes) {
      candidates.addAll(s.applied);
    }
    if (candidates.isEmpty()) {
      define(b.apply(Op.MUL, pick(ScalarType.F64), pick(ScalarType.F64)));
      return;
    }
    int[] a = candidates.get(r.nextInt(candidates.size()));
    define(b.apply(Op.values()[a[0]], a[1], a[2]));
  }

  /** {@code a[i] = a[i] op v}: the read-modify-write of gradient accumulation. */
  private void accumulate() {
    if (writable.isEmpty()) {
      identity();
      return;
    }
    int array = writable.get(r.nextInt(writable.size()));
    List<Integer> index = index(array);
    int old = define(b.load(array, index));
    int updated = define(b.apply(r.nextBoolean() ? Op.ADD : Op.MUL, old, pick(ScalarType.F64)));
    b.store(array, index, updated);
    if (r.nextBoolean()) {
      define(b.load(array, index)); // reads back the stored value
    }
  }

  private void load() {
    int array = readable.get(r.nextInt(readable.size()));
    define(b.load(array, index(array)));
  }

  private void store() {
    if (writable.isEmpty()) {
      load();
      return;
    }
    int array = writable.get(r.nextInt(writable.size()));
    b.store(array, index(array), pick(ScalarType.F64));
  }

  /** An in-range index for {@code array}: a loop index or constant that fits, or a clamped int. */
  private List<Integer> index(int array) {
    List<Integer> index = new ArrayList<>();
    for (int dim : b.array(array).shape()) {
      List<Integer> fits = new ArrayList<>();
      for (Scope s : scopes) {
        for (int v : s.values.get(ScalarType.I32)) {
          if (bounds.containsKey(v) && bounds.get(v) <= dim) {
            fits.add(v);
          }
        }
      }
      if (!fits.isEmpty() && r.nextInt(4) != 0) {
        index.add(fits.get(r.nextInt(fits.size())));
      } else if (r.nextBoolean()) {
        index.add(intConstant(r.nextInt(dim)));
      } else {
        int low = b.apply(Op.IMAX, pick(ScalarType.I32), define(b.intConstant(0)));
        int clamped = b.apply(Op.IMIN, low, define(b.intConstant(dim - 1)));
        bounds.put(clamped, dim);
        index.add(define(clamped));
      }
    }
    return index;
  }

  private void loop(int depth) {
    int count = TRIP_COUNTS[r.nextInt(TRIP_COUNTS.length)];
    List<Integer> inits = new ArrayList<>();
    List<ScalarType> types = new ArrayList<>();
    int slots = r.nextInt(3);
    for (int s = 0; s < slots; s++) {
      ScalarType t = r.nextInt(4) == 0 ? ScalarType.I32 : ScalarType.F64;
      types.add(t);
      inits.add(pick(t));
    }
    Builder.LoopScope loop = b.beginLoop(count, r.nextBoolean(), inits);
    scopes.push(new Scope());
    define(loop.index());
    bounds.put(loop.index(), Math.max(count, 1));
    loop.carried().forEach(this::define);
    block(depth + 1, 2 + r.nextInt(8));
    List<Integer> yields = new ArrayList<>();
    for (ScalarType t : types) {
      yields.add(pick(t));
    }
    scopes.pop();
    for (int result : b.endLoop(yields)) {
      define(result);
    }
  }

  /** Applies a binary operation and remembers it so that {@link #repeat} can apply it again. */
  private void binary(Op op, int x, int y) {
    define(b.apply(op, x, y));
    scopes.peek().applied.add(new int[] {op.ordinal(), x, y});
  }

  /** An int constant; a non-negative one is also a valid index below {@code value + 1}. */
  private int intConstant(int value) {
    int c = b.intConstant(value);
    if (value >= 0) {
      bounds.put(c, value + 1);
    }
    return define(c);
  }

  private int latest;

  private int latest() {
    return latest;
  }

  /** Makes {@code id} visible in the current block; returns it. */
  private int define(int id) {
    scopes.peek().values.get(b.typeOf(id)).add(id);
    latest = id;
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
    if (all.isEmpty() || r.nextInt(12) == 0) {
      return switch (t) {
        case F64 -> define(b.constant(CONSTANTS[r.nextInt(CONSTANTS.length)]));
        case I32 -> intConstant(r.nextInt(4));
        default -> define(b.boolConstant(r.nextBoolean()));
      };
    }
    int n = all.size();
    int i = r.nextInt(3) == 0 ? r.nextInt(n) : n - 1 - r.nextInt(Math.min(n, 4));
    return all.get(i);
  }
}
