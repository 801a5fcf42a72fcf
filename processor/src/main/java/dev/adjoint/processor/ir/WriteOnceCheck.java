package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proves that every element of every {@link ArrayDecl.Role#LOCAL LOCAL} and {@link
 * ArrayDecl.Role#OUTPUT OUTPUT} array is stored at most once over the whole run and never loaded
 * before it is stored, and that every access with a compile-time index stays inside its array.
 *
 * <p>Reverse mode relies on the first two facts: a write-once array is an SSA value per element, so
 * its adjoint needs no saved history. The check runs the integer and boolean part of the program
 * (the only part that indices can depend on) over the full iteration space of every loop, so it is
 * exact rather than conservative: an index that depends on a runtime input ({@code target}, data)
 * is "unknown", which is an error for a store and, for a load, requires every element the index
 * could name to be written already. A loop whose indices are affine in its index is decided for all
 * iterations at once ({@link SimpleLoopCheck}) when that finds nothing wrong; otherwise its
 * iterations are run, so that the report names the first violation either way.
 */
public final class WriteOnceCheck {

  /** What went wrong. */
  public enum Problem {
    /** A compile-time index outside the array's shape. */
    OUT_OF_BOUNDS,
    /** A second store into the same element. */
    WRITTEN_TWICE,
    /** A load of an element no store has written yet. */
    READ_BEFORE_WRITE,
    /** A store whose index depends on runtime data. */
    RUNTIME_STORE_INDEX
  }

  /**
   * The first violation in execution order.
   *
   * @param node the offending {@link Node.Load} or {@link Node.Store}
   * @param array the array accessed
   * @param index the element, one entry per dimension; -1 where the index is only known at run time
   */
  public record Violation(Problem problem, int node, int array, List<Integer> index) {
    public Violation {
      index = List.copyOf(index);
    }
  }

  /**
   * The outcome.
   *
   * @param violation the first violation, if any
   * @param fullyWritten the LOCAL and OUTPUT arrays whose every element is stored (when there is no
   *     violation)
   */
  public record Report(Optional<Violation> violation, Set<Integer> fullyWritten) {
    public Report {
      fullyWritten = Set.copyOf(fullyWritten);
    }

    /** True when there is no violation. */
    public boolean ok() {
      return violation.isEmpty();
    }
  }

  /**
   * Most work one check does, in nodes visited plus elements decided at once (about a second): a
   * program whose iteration space is larger is not checked element by element (its compile time
   * would grow with its array sizes and trip counts, not with its source) and is treated as
   * unproven ({@link #checkWithinBudget}, {@link #mutable}).
   */
  static final long BUDGET = 50_000_000L;

  /** Most elements, over all the arrays checked, the check keeps one bit for. */
  static final long MAX_TRACKED = 1L << 27;

  /** Thrown when the check would exceed {@link #BUDGET} or {@link #MAX_TRACKED}. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** Work done so far, against {@link #BUDGET}. */
  private long work;

  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Violation violation;

    Stop(Violation violation) {
      super(null, null, false, false);
      this.violation = violation;
    }
  }

  private final Function f;
  private final int[] val;
  private final boolean[] known;
  private final ArrayDecl[] decls;

  /** Each array's shape, by array id. */
  private final int[][] dims;

  /** A reusable index per rank (1 to 3; an access of higher rank allocates its own). */
  private final int[][] scratch = {new int[0], new int[1], new int[2], new int[3]};

  private final BitSet[] written;
  private final int[] writtenCount;
  private final Map<Integer, int[]> loopResults = new HashMap<>();
  private final Map<Node.LoopBody, Boolean> relevant = new IdentityHashMap<>();

  /** Decides simple loops without running their iterations; null to run every loop. */
  private final SimpleLoopCheck simple;

  /** Loop runs {@link #simple} decided (for tests). */
  private int decided;

  /**
   * Whether to go on past a violation, recording its array in {@link #violated} and treating it as
   * an input from then on (only its bounds checked), rather than stopping at the first.
   */
  private final boolean classify;

  /** The arrays with a violation, in the order found (when classifying). */
  private final Set<Integer> violated = new LinkedHashSet<>();

  private WriteOnceCheck(Function f, boolean exhaustive) {
    this(f, exhaustive, false);
  }

  private WriteOnceCheck(Function f, boolean exhaustive, boolean classify) {
    this.classify = classify;
    this.f = f;
    this.val = new int[f.nextId()];
    this.known = new boolean[f.nextId()];
    this.decls = new ArrayDecl[f.nextId()];
    this.written = new BitSet[f.nextId()];
    this.writtenCount = new int[f.nextId()];
    this.dims = new int[f.nextId()][];
    long tracked = 0;
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT) {
        tracked += a.size();
      }
    }
    if (tracked > MAX_TRACKED) {
      throw new TooLarge();
    }
    for (ArrayDecl a : f.arrays().values()) {
      decls[a.id()] = a;
      dims[a.id()] = a.shape().stream().mapToInt(Integer::intValue).toArray();
      if (a.role() != ArrayDecl.Role.INPUT) {
        written[a.id()] = new BitSet(a.size());
      }
    }
    this.simple =
        exhaustive
            ? null
            : new SimpleLoopCheck(f.nextId(), val, known, dims, written, writtenCount);
  }

  /** Checks {@code f}. */
  public static Report check(Function f) {
    return run(f, false).report;
  }

  /**
   * Checks {@code f} running every iteration of every loop, as the check did before it decided
   * simple loops at once: the same report, for tests to compare.
   */
  static Report checkExhaustively(Function f) {
    return run(f, true).report;
  }

  /**
   * As {@link #check}, or null when the program's iteration space is too large to run within {@link
   * #BUDGET}: nothing is then known.
   */
  public static Report checkWithinBudget(Function f) {
    try {
      return check(f);
    } catch (TooLarge e) {
      return null;
    }
  }

  /**
   * The LOCAL and OUTPUT arrays of {@code f} that are not write-once (some element stored twice,
   * loaded before it is stored, stored at a runtime index, or accessed at a compile-time index out
   * of range), each decided on its own: a violation in one array does not hide the others' facts.
   * Exact in the same sense as {@link #check}, within {@link #BUDGET}; beyond it, every LOCAL and
   * OUTPUT array (nothing is proven).
   */
  public static Set<Integer> mutable(Function f) {
    try {
      WriteOnceCheck c = new WriteOnceCheck(f, false, true);
      c.block(f.body());
      return c.violated;
    } catch (TooLarge e) {
      Set<Integer> all = new LinkedHashSet<>();
      for (ArrayDecl a : f.arrays().values()) {
        if (a.role() != ArrayDecl.Role.INPUT) {
          all.add(a.id());
        }
      }
      return all;
    }
  }

  /** How many loop runs checking {@code f} decided without running their iterations. */
  static int loopsDecidedAtOnce(Function f) {
    return run(f, false).decided;
  }

  private record Outcome(Report report, int decided) {}

  private static Outcome run(Function f, boolean exhaustive) {
    WriteOnceCheck c = new WriteOnceCheck(f, exhaustive);
    Report report = c.report();
    return new Outcome(report, c.decided);
  }

  private Report report() {
    try {
      block(f.body());
    } catch (Stop s) {
      return new Report(Optional.of(s.violation), Set.of());
    }
    Set<Integer> full = new LinkedHashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (written[a.id()] != null && writtenCount[a.id()] == a.size()) {
        full.add(a.id());
      }
    }
    return new Report(Optional.empty(), full);
  }

  private void block(List<Node> nodes) {
    // Indexed, not for-each: the check runs every iteration of every loop, and an iterator per
    // block per iteration is most of its cost before the JIT removes it.
    int n = nodes.size();
    charge(n);
    for (int i = 0; i < n; i++) {
      node(nodes.get(i));
    }
  }

  /** Counts {@code units} of work against the budget. */
  private void charge(long units) {
    work += units;
    if (work > BUDGET) {
      throw new TooLarge();
    }
  }

  private void set(int id, boolean isKnown, int value) {
    known[id] = isKnown;
    val[id] = value;
  }

  static boolean integral(ScalarType t) {
    return t == ScalarType.I32 || t == ScalarType.BOOL;
  }

  private void node(Node n) {
    if (n instanceof Node.Const c) {
      if (integral(c.type())) {
        set(c.id(), true, (int) c.value());
      }
    } else if (n instanceof Node.Input in) {
      set(in.id(), false, 0);
    } else if (n instanceof Node.Apply a) {
      apply(a);
    } else if (n instanceof Node.Select s) {
      if (integral(s.type())) {
        select(s);
      }
    } else if (n instanceof Node.Load l) {
      access(l.id(), l.array(), l.index(), false);
      set(l.id(), false, 0);
    } else if (n instanceof Node.Store s) {
      access(s.id(), s.array(), s.index(), true);
    } else if (n instanceof Node.Loop loop) {
      loop(loop);
    } else if (n instanceof Node.LoopResult r) {
      int[] res = loopResults.get(r.loop());
      if (res == null || res[2 * r.slot()] == 0) {
        set(r.id(), false, 0);
      } else {
        set(r.id(), true, res[2 * r.slot() + 1]);
      }
    }
  }

  private void apply(Node.Apply a) {
    if (!integral(a.type())) {
      return;
    }
    List<Integer> ops = a.operands();
    // Doubles are never tracked, so a comparison of doubles (data) is unknown here.
    for (int i = 0, n = ops.size(); i < n; i++) {
      if (!known[ops.get(i)]) {
        set(a.id(), false, 0);
        return;
      }
    }
    double x = val[ops.get(0)];
    double y = ops.size() > 1 ? val[ops.get(1)] : 0;
    try {
      set(a.id(), true, (int) Semantics.apply(a.op(), x, y));
    } catch (ArithmeticException e) {
      // Division by zero: the program throws here at run time; the index is not a number.
      set(a.id(), false, 0);
    }
  }

  private void select(Node.Select s) {
    if (known[s.cond()]) {
      int arm = val[s.cond()] != 0 ? s.ifTrue() : s.ifFalse();
      set(s.id(), known[arm], val[arm]);
    } else if (known[s.ifTrue()] && known[s.ifFalse()] && val[s.ifTrue()] == val[s.ifFalse()]) {
      set(s.id(), true, val[s.ifTrue()]);
    } else {
      set(s.id(), false, 0);
    }
  }

  private void access(int node, int array, List<Integer> index, boolean store) {
    ArrayDecl a = decls[array];
    int[] shape = dims[array];
    int rank = index.size();
    // One scratch array per rank, not one per access: the check runs every iteration.
    int[] idx = rank < scratch.length ? scratch[rank] : new int[rank];
    boolean allKnown = true;
    for (int d = 0; d < rank; d++) {
      int id = index.get(d);
      idx[d] = known[id] ? val[id] : -1;
      allKnown &= known[id];
    }
    for (int d = 0; d < rank; d++) {
      if (known[index.get(d)] && (idx[d] < 0 || idx[d] >= shape[d])) {
        violation(Problem.OUT_OF_BOUNDS, node, array, idx);
        return;
      }
    }
    BitSet bits = written[array];
    if (bits == null) {
      return;
    }
    if (store) {
      if (!allKnown) {
        violation(Problem.RUNTIME_STORE_INDEX, node, array, idx);
        return;
      }
      int off = AffineIndex.offset(shape, idx);
      if (bits.get(off)) {
        violation(Problem.WRITTEN_TWICE, node, array, idx);
        return;
      }
      bits.set(off);
      writtenCount[array]++;
    } else if (allKnown) {
      if (!bits.get(AffineIndex.offset(shape, idx))) {
        violation(Problem.READ_BEFORE_WRITE, node, array, idx);
      }
    } else if (writtenCount[array] != a.size()
        && !AffineIndex.sliceWritten(shape, bits, idx, 0, 0)) {
      violation(Problem.READ_BEFORE_WRITE, node, array, idx);
    }
  }

  /**
   * Stops at the violation, or when classifying, records its array (if not an input) and checks
   * only its bounds from now on: what happens to it no longer matters, and the other arrays' facts
   * do not depend on it (loads are never known, so no index does).
   */
  private void violation(Problem p, int node, int array, int[] idx) {
    if (!classify) {
      throw stop(p, node, array, idx);
    }
    if (written[array] != null) {
      violated.add(array);
      written[array] = null;
    }
  }

  private static Stop stop(Problem p, int node, int array, int[] idx) {
    List<Integer> index = new ArrayList<>();
    for (int i : idx) {
      index.add(i);
    }
    return new Stop(new Violation(p, node, array, index));
  }

  private void loop(Node.Loop loop) {
    Node.LoopBody body = loop.body();
    int slots = loop.inits().size();
    int[] res = new int[2 * slots];
    record(loop.inits(), known, val, res);
    if (!isRelevant(body)) {
      // Nothing in the body touches memory or an integer: the carried doubles are not tracked.
      loopResults.put(loop.id(), new int[2 * slots]);
      return;
    }
    // Deciding at once marks the elements the stores write: a word of bits at a time.
    charge(body.nodes().size() + (long) loop.count() / 64);
    int[] decidedResults = simple == null ? null : simple.decide(loop);
    if (decidedResults != null) {
      decided++;
      loopResults.put(loop.id(), decidedResults);
      return;
    }
    for (int k = 0; k < loop.count(); k++) {
      set(body.index().id(), true, loop.descending() ? loop.count() - 1 - k : k);
      for (int s = 0; s < slots; s++) {
        set(body.carried().get(s).id(), res[2 * s] != 0, res[2 * s + 1]);
      }
      block(body.nodes());
      record(body.yields(), known, val, res);
    }
    loopResults.put(loop.id(), res);
  }

  /**
   * Puts what {@code ids} hold now into {@code res} as a loop's results are recorded: per slot, a
   * known flag (1 or 0) and the value.
   */
  static void record(List<Integer> ids, boolean[] known, int[] val, int[] res) {
    for (int s = 0, n = ids.size(); s < n; s++) {
      int id = ids.get(s);
      res[2 * s] = known[id] ? 1 : 0;
      res[2 * s + 1] = val[id];
    }
  }

  /** Whether a body accesses memory or carries an integer (else one need not run it). */
  private boolean isRelevant(Node.LoopBody body) {
    Boolean r = relevant.get(body);
    if (r == null) {
      r = false;
      for (Node.Carried c : body.carried()) {
        r |= integral(c.type());
      }
      for (Node n : body.nodes()) {
        r |= n instanceof Node.Load || n instanceof Node.Store;
        r |= n instanceof Node.Loop l && isRelevant(l.body());
      }
      relevant.put(body, r);
    }
    return r;
  }
}
