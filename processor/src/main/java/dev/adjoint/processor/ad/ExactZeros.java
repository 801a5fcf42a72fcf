package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations whose adjoint contributions reverse mode masks when their adjoint is exactly zero
 * ({@code g == 0 ? 0 : g * partial}), so that a value no taken read reaches passes back exactly 0,
 * as in the {@code Value} engine (which never visits it), instead of {@code 0 * inf = NaN}.
 *
 * <p>An element's adjoint can be an exact zero the engine never computes when the array's elements
 * are not all read, unconditionally, by loads whose own adjoints are not such zeros: a workspace
 * read only at some index ({@code return logs[k]}), read only in branches or guarded select arms,
 * or overwritten (a value stored and then replaced was never read, and the store clears its
 * adjoint). Output arrays are read in full by the seed. Every value derivatives flow from into such
 * an array's elements (through operations, loops, branches and other arrays) is masked; only the
 * operations whose partial can be infinite get the mask. Other programs, static softmax and
 * cross-entropy among them, get none.
 */
final class ExactZeros {

  /** Operations whose partial derivatives can be infinite or NaN where the value is finite. */
  private static final Set<Op> MAY_BLOW_UP =
      Set.of(
          Op.MUL, Op.DIV, Op.POW, Op.EXP, Op.LOG, Op.SQRT, Op.ASIN, Op.ACOS, Op.ATAN2, Op.SINH,
          Op.COSH, Op.LOG1P, Op.EXPM1, Op.GELU, Op.LINK);

  /** Iterations enumerated per load to decide whether it reads every element. */
  private static final long BUDGET = 1 << 22;

  private final Function f;
  private final Regions regions;
  private final Activity activity;
  private final Guards guards;
  private final Set<Integer> writeOnce;
  private final Collection<LibraryRules.Applied> rules;
  private final Map<Integer, List<Node.Load>> loads = new HashMap<>();
  private final Map<Integer, List<Node.Store>> stores = new HashMap<>();

  private ExactZeros(
      Function f,
      Regions regions,
      Activity activity,
      Guards guards,
      Set<Integer> writeOnce,
      Collection<LibraryRules.Applied> rules) {
    this.f = f;
    this.regions = regions;
    this.activity = activity;
    this.guards = guards;
    this.writeOnce = writeOnce;
    this.rules = rules;
  }

  /** The ids of the operations of {@code f} to mask. */
  static Set<Integer> of(
      Function f,
      Regions regions,
      Activity activity,
      Guards guards,
      Set<Integer> writeOnce,
      Collection<LibraryRules.Applied> rules) {
    return new ExactZeros(f, regions, activity, guards, writeOnce, rules).masked();
  }

  private Set<Integer> masked() {
    List<Node> all = f.allNodes();
    for (Node n : all) {
      if (n instanceof Node.Load l) {
        loads.computeIfAbsent(l.array(), x -> new ArrayList<>()).add(l);
      } else if (n instanceof Node.Store st) {
        stores.computeIfAbsent(st.array(), x -> new ArrayList<>()).add(st);
      }
    }
    List<LibraryCall> calls = rules.stream().map(LibraryRules.Applied::call).toList();
    Map<Integer, List<Integer>> deps = Activity.dependencies(f, calls);
    Set<Integer> reached = new HashSet<>();
    while (true) {
      Set<Integer> sources = new HashSet<>();
      for (ArrayDecl a : f.arrays().values()) {
        if (a.role() != ArrayDecl.Role.INPUT
            && activity.isActive(a.id())
            && !(a.role() == ArrayDecl.Role.OUTPUT && writeOnce.contains(a.id()))
            && !readInFull(a, reached)) {
          sources.add(a.id());
        }
      }
      Set<Integer> next = reach(sources, deps);
      if (next.equals(reached)) {
        break;
      }
      reached = next;
    }
    Set<Integer> out = new HashSet<>();
    for (Node n : all) {
      if (n instanceof Node.Apply a
          && MAY_BLOW_UP.contains(a.op())
          && reached.contains(a.id())
          && activity.isActive(a.id())) {
        out.add(a.id());
      }
    }
    return out;
  }

  private static Set<Integer> reach(Set<Integer> start, Map<Integer, List<Integer>> edges) {
    Set<Integer> seen = new HashSet<>(start);
    Deque<Integer> work = new ArrayDeque<>(start);
    while (!work.isEmpty()) {
      for (int next : edges.getOrDefault(work.pop(), List.of())) {
        if (seen.add(next)) {
          work.push(next);
        }
      }
    }
    return seen;
  }

  /**
   * True if every element of write-once array {@code a} that a store may write is read by an active
   * load outside {@code reached}, outside branches and loops that may stop early, in an iteration
   * where its guard ({@link Guards}: the select arms it is read through) holds; or the array is
   * read in full by a library rule whose output is outside {@code reached}. A guard counts only
   * where it is a condition on loop indices (causal attention's {@code t <= pos ? dot : -1e9}),
   * decided per iteration.
   */
  private boolean readInFull(ArrayDecl a, Set<Integer> reached) {
    if (!writeOnce.contains(a.id())) {
      return false;
    }
    for (LibraryRules.Applied r : rules) {
      if (r.call().input() == a.id() && !reached.contains(r.call().output())) {
        return true;
      }
    }
    boolean enumerable = a.isStatic() && a.size() <= BUDGET;
    BitSet read = enumerable ? new BitSet(a.size()) : null;
    for (Node.Load l : loads.getOrDefault(a.id(), List.of())) {
      if (!activity.isActive(l.id()) || reached.contains(l.id())) {
        continue;
      }
      List<Node.Loop> around = loopsAround(l.id(), true);
      if (around == null) {
        continue;
      }
      List<List<Guards.Literal>> guard = guards.of(l.id());
      if (guard.isEmpty() && everyIndex(a, l, around)) {
        return true;
      }
      if (enumerable) {
        visit(a, l.index(), guard, around, read);
      }
    }
    if (!enumerable) {
      return false;
    }
    // The elements stores may write, over-approximated: every iteration of every loop around.
    BitSet written = new BitSet(a.size());
    for (Node.Store st : stores.getOrDefault(a.id(), List.of())) {
      if (!visit(a, st.index(), List.of(), loopsAround(st.id(), false), written)) {
        return false;
      }
    }
    written.andNot(read);
    return written.isEmpty();
  }

  /**
   * The loops around node {@code id}, outermost first; null if {@code unconditional} and an arm or
   * a loop that may stop early is among the blocks around it.
   */
  private List<Node.Loop> loopsAround(int id, boolean unconditional) {
    List<Node.Loop> out = new ArrayList<>();
    for (Regions.Region r = regions.of(id); !r.isTop(); r = r.parent) {
      if (unconditional && (r.isArm() || r.loop.stopsEarly())) {
        return null;
      }
      if (r.isLoop()) {
        out.add(0, r.loop);
      }
    }
    return out;
  }

  /** True if each index of {@code l} is the index of its own loop, which runs over that extent. */
  private static boolean everyIndex(ArrayDecl a, Node.Load l, List<Node.Loop> around) {
    Set<Node.Loop> used = new HashSet<>();
    for (int d = 0; d < a.rank(); d++) {
      Node.Loop match = null;
      for (Node.Loop loop : around) {
        if (loop.body().index().id() == l.index().get(d)) {
          match = loop;
        }
      }
      if (match == null || !match.trips().equals(a.extents().get(d)) || !used.add(match)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Marks the elements an access at {@code index} visits over every iteration of the loops its
   * indices and its guard depend on, in the iterations where the guard (a disjunction of
   * conjunctions; none for always) holds; false (some marked) if an index or a condition is not a
   * function of loop indices and constants, or there are too many iterations.
   */
  private boolean visit(
      ArrayDecl a,
      List<Integer> index,
      List<List<Guards.Literal>> guard,
      List<Node.Loop> around,
      BitSet seen) {
    List<Integer> inputs = new ArrayList<>(index);
    guard.forEach(term -> term.forEach(l -> inputs.add(l.cond())));
    List<Node.Loop> loops = new ArrayList<>();
    for (Node.Loop loop : around) {
      if (dependsOn(inputs, loop.body().index().id(), new HashSet<>())) {
        if (!loop.trips().isFixed()) {
          return false;
        }
        loops.add(loop);
      }
    }
    long total = 1;
    for (Node.Loop loop : loops) {
      total *= Math.max(loop.count(), 0);
      if (total > BUDGET) {
        return false;
      }
    }
    Map<Integer, Integer> env = new HashMap<>();
    int[] at = new int[loops.size()];
    List<Integer> shape = a.shape();
    for (long k = 0; k < total; k++) {
      for (int j = 0; j < loops.size(); j++) {
        env.put(loops.get(j).body().index().id(), at[j]);
      }
      Boolean taken = holds(guard, env);
      if (taken == null) {
        return false;
      }
      long offset = 0;
      for (int d = 0; d < a.rank(); d++) {
        Integer i = eval(index.get(d), env);
        if (i == null || i < 0 || i >= shape.get(d)) {
          return false;
        }
        offset = offset * shape.get(d) + i;
      }
      if (taken) {
        seen.set((int) offset);
      }
      for (int j = loops.size() - 1; j >= 0 && ++at[j] == loops.get(j).count(); j--) {
        at[j] = 0;
      }
    }
    return true;
  }

  private boolean dependsOn(List<Integer> ids, int index, Set<Integer> seen) {
    for (int id : ids) {
      if (id == index) {
        return true;
      }
      Node n = regions.node(id);
      if (seen.add(id) && n != null && dependsOn(n.operands(), index, seen)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a guard holds for these loop indices; null if a condition is not decidable. */
  private Boolean holds(List<List<Guards.Literal>> guard, Map<Integer, Integer> env) {
    if (guard.isEmpty()) {
      return true;
    }
    for (List<Guards.Literal> term : guard) {
      boolean all = true;
      for (Guards.Literal l : term) {
        Integer c = eval(l.cond(), env);
        if (c == null) {
          return null;
        }
        all &= (c != 0) == l.taken();
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value of an integer or boolean expression of constants and loop indices (a boolean as 1 or
   * 0), or null if it is not one.
   */
  private Integer eval(int id, Map<Integer, Integer> env) {
    Integer known = env.get(id);
    if (known != null) {
      return known;
    }
    Node n = regions.node(id);
    if (n == null || n.type() != ScalarType.I32 && n.type() != ScalarType.BOOL) {
      return null;
    }
    if (n instanceof Node.Const c) {
      return (int) c.value();
    }
    if (!(n instanceof Node.Apply a)
        || a.op().isComparison() && regions.node(a.operands().get(0)).type() != ScalarType.I32) {
      return null;
    }
    Integer x = eval(a.operands().get(0), env);
    Integer y = a.op().arity() > 1 ? eval(a.operands().get(1), env) : Integer.valueOf(0);
    if (x == null || y == null) {
      return null;
    }
    return switch (a.op()) {
      case LT -> x < y ? 1 : 0;
      case LE -> x <= y ? 1 : 0;
      case GT -> x > y ? 1 : 0;
      case GE -> x >= y ? 1 : 0;
      case EQ -> x.equals(y) ? 1 : 0;
      case NE -> x.equals(y) ? 0 : 1;
      case NOT -> 1 - x;
      case AND -> x & y;
      case OR -> x | y;
      case IADD -> x + y;
      case ISUB -> x - y;
      case IMUL -> x * y;
      case INEG -> -x;
      case IMAX -> Math.max(x, y);
      case IMIN -> Math.min(x, y);
      case IDIV -> y == 0 ? null : x / y;
      case IREM -> y == 0 ? null : x % y;
      case CHECK_INDEX -> x >= 0 && x < y ? x : null;
      default -> null;
    };
  }
}
