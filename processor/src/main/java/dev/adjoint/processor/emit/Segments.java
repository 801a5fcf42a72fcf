package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts one block (the top level or a loop body) into consecutive segments, each printed as a helper
 * method whose estimated bytecode fits the JIT's 8,000-byte limit, and lists the values that must
 * pass between them through the workspace's spill arrays.
 *
 * <p>Estimates are upper bounds: every local-variable access is counted as a wide instruction (4
 * bytes), every constant as {@code ldc2_w}, no value as inlined, and each spilled value as a field
 * load, index, element access and local store. A segment's real bytecode is typically a third of
 * its estimate, and never more than it.
 */
final class Segments {

  /** Estimated bytes of a block above which it is cut, and per segment. */
  static final int BUDGET = 6000;

  /** Estimated bytes per segment, spills included, that a cut must not exceed (JIT limit 8000). */
  static final int HARD = 7500;

  /** Bytes to spill or reload one value. */
  static final int SPILL_COST = 16;

  static final int MIN_BUDGET = 200;

  final int block;
  private final int size;
  private final int[] segmentOf;
  private final int[] cost;
  final int count;

  /** Per segment: values it reads from the spill arrays on entry, in first-use order. */
  final List<List<Integer>> imports = new ArrayList<>();

  /** Per segment: values it writes to the spill arrays on exit, in definition order. */
  final List<List<Integer>> exports = new ArrayList<>();

  /**
   * Values from outside the block (or the index and carried values of its loop) that segments read:
   * the caller stores them before calling the segments.
   */
  final Set<Integer> outer = new LinkedHashSet<>();

  /** Values of the block the caller reads after the segments (its yields or results). */
  final Set<Integer> toCaller = new LinkedHashSet<>();

  /** Spill slot of each value passed, within the spill array of its type. */
  final Map<Integer, Integer> slot = new LinkedHashMap<>();

  private Segments(int block, int[] segmentOf, int[] cost, int count) {
    this.block = block;
    this.size = segmentOf.length;
    this.segmentOf = segmentOf;
    this.cost = cost;
    this.count = count;
  }

  /** Segment of a position of the block; its end (yields, results) belongs to the caller. */
  int segmentOf(int pos) {
    return pos >= size || pos < 0 ? count : segmentOf[pos];
  }

  /** The first position of segment {@code s}. */
  int start(int s) {
    for (int pos = 0; pos < size; pos++) {
      if (segmentOf[pos] == s) {
        return pos;
      }
    }
    return size;
  }

  /** The end (exclusive) of segment {@code s}. */
  int end(int s) {
    return s + 1 < count ? start(s + 1) : size;
  }

  /** Upper bound of the bytecode of segment {@code seg}'s statements and spills. */
  int estimate(int seg) {
    int total = SPILL_COST * (imports.get(seg).size() + exports.get(seg).size());
    for (int pos = 0; pos < size; pos++) {
      total += segmentOf[pos] == seg ? cost[pos] : 0;
    }
    return total;
  }

  /** Upper bound of the caller's code: storing outer values, the calls, reading results. */
  int callerCost(int callCost) {
    return SPILL_COST * (outer.size() + toCaller.size()) + count * callCost;
  }

  /**
   * Cuts block {@code b} whose statements cost {@code cost}, or returns null if it cannot be cut (a
   * single statement) unless {@code force}d to move it whole into one helper. Halves the budget
   * until every segment, spills included, fits {@link #HARD}.
   */
  static Segments cut(Analysis an, int b, int[] cost, int budget, boolean force) {
    for (int limit = budget; ; limit /= 2) {
      Segments s = greedy(an, b, cost, limit);
      if (s.count < 2 && !(force && s.count == 1 && cost.length > 0)) {
        return null;
      }
      boolean fits = true;
      for (int seg = 0; seg < s.count; seg++) {
        fits &= s.estimate(seg) <= HARD;
      }
      if (fits || limit / 2 < MIN_BUDGET) {
        return s;
      }
    }
  }

  private static Segments greedy(Analysis an, int b, int[] cost, int budget) {
    List<Node> nodes = an.blocks.get(b);
    int[] assign = new int[nodes.size()];
    int seg = 0;
    int current = 0;
    int segStart = 0;
    Set<Integer> imported = new HashSet<>();
    boolean[] noCut = loopSpans(an, b);
    for (int pos = 0; pos < nodes.size(); pos++) {
      List<Integer> uses = an.usesAt(b, pos);
      int c = cost[pos] + SPILL_COST * newImports(an, b, uses, segStart, imported).size();
      if (current > 0 && current + c > budget && !noCut[pos]) {
        seg++;
        current = 0;
        segStart = pos;
        imported.clear();
        c = cost[pos] + SPILL_COST * newImports(an, b, uses, segStart, imported).size();
      }
      assign[pos] = seg;
      current += c;
      imported.addAll(newImports(an, b, uses, segStart, imported));
    }
    Segments s = new Segments(b, assign, cost, seg + 1);
    s.passValues(an);
    return s;
  }

  /**
   * Positions that must not start a segment: between a loop or branch and one of its results (they
   * read locals the statement declares).
   */
  private static boolean[] loopSpans(Analysis an, int b) {
    List<Node> nodes = an.blocks.get(b);
    boolean[] noCut = new boolean[nodes.size()];
    for (int pos = 0; pos < nodes.size(); pos++) {
      Node n = nodes.get(pos);
      int owner =
          n instanceof Node.LoopResult r
              ? r.loop()
              : n instanceof Node.TripCount t
                  ? t.loop()
                  : n instanceof Node.IfResult r ? r.ifId() : -1;
      if (owner >= 0) {
        for (int p = an.def(owner).pos() + 1; p <= pos; p++) {
          noCut[p] = true;
        }
      }
    }
    return noCut;
  }

  private static Set<Integer> newImports(
      Analysis an, int b, List<Integer> uses, int segStart, Set<Integer> have) {
    Set<Integer> out = new HashSet<>();
    for (int id : uses) {
      Analysis.Site d = an.def(id);
      boolean earlier = d.block() == b && d.pos() < segStart;
      boolean outside = earlier || !an.within(d.block(), b) || parameter(an, id);
      if (outside && spillable(an, id) && !have.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * True if {@code id} passes between methods through a spill array: not for a constant (printed as
   * a literal), nor for a scalar parameter when helpers take the method's parameters.
   */
  private static boolean spillable(Analysis an, int id) {
    Node n = an.nodes.get(id);
    return !(n instanceof Node.Const) && (an.bareParts || !(n instanceof Node.Input));
  }

  /**
   * True for a scalar parameter of a program whose helpers take no parameters: it is defined before
   * the top level starts, so the caller passes it like a value of an enclosing block.
   */
  private static boolean parameter(Analysis an, int id) {
    return an.bareParts && an.nodes.get(id) instanceof Node.Input;
  }

  private void passValues(Analysis an) {
    List<Set<Integer>> in = new ArrayList<>();
    List<Set<Integer>> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      in.add(new LinkedHashSet<>());
      out.add(new HashSet<>());
    }
    List<Node> nodes = an.blocks.get(block);
    for (int pos = 0; pos < size; pos++) {
      for (int id : an.usesAt(block, pos)) {
        pass(an, id, segmentOf[pos], in, out);
      }
    }
    for (int id : an.endUses(block)) {
      pass(an, id, count, in, out);
    }
    for (int s = 0; s < count; s++) {
      imports.add(List.copyOf(in.get(s)));
      List<Integer> ex = new ArrayList<>(out.get(s));
      ex.sort((x, y) -> Integer.compare(an.def(x).pos(), an.def(y).pos()));
      exports.add(List.copyOf(ex));
    }
  }

  private void pass(
      Analysis an, int id, int useSeg, List<Set<Integer>> in, List<Set<Integer>> out) {
    if (!spillable(an, id)) {
      return;
    }
    Analysis.Site d = an.def(id);
    if (d.block() == block && d.pos() >= 0 && !parameter(an, id)) {
      int defSeg = segmentOf[d.pos()];
      if (defSeg != useSeg) {
        out.get(defSeg).add(id);
        if (useSeg < count) {
          in.get(useSeg).add(id);
        } else {
          toCaller.add(id);
        }
      }
    } else if ((d.block() == block || !an.within(d.block(), block) || parameter(an, id))
        && useSeg < count) {
      outer.add(id); // the loop's index or carried value, or a value of an enclosing block
      in.get(useSeg).add(id);
    }
  }

  /** Gives every passed value a slot, continuing the program-wide counters per type. */
  void assignSlots(Analysis an, Map<ScalarType, Integer> next) {
    List<Integer> passed = new ArrayList<>(outer);
    for (List<Integer> ex : exports) {
      passed.addAll(ex);
    }
    for (int id : passed) {
      ScalarType t = an.nodes.get(id).type();
      int k = next.getOrDefault(t, 0);
      slot.put(id, k);
      next.put(t, k + 1);
    }
  }

  /** The bytecode of a loop statement without its body. */
  static int loopOverhead(Node.Loop loop) {
    int c = 30 + 8 * loop.inits().size() + 8 * loop.body().yields().size();
    if (!loop.trips().isFixed()) {
      c += 10; // the bound is a local, and a descending loop subtracts one from it
    }
    if (loop.stopsEarly()) {
      c += 24; // the test of again, and the count of iterations
    }
    return c;
  }

  /** The bytecode of a branch statement without its arms: the test, jumps and result stores. */
  static int branchOverhead(Node.If branch) {
    return 10 + 16 * branch.slots();
  }

  /**
   * Upper bound of the bytecode of a statement and everything nested in it, unsplit: operands
   * loaded with wide instructions (4 bytes), the result stored likewise, array offsets in full.
   */
  static int cost(Analysis an, Node n) {
    if (n instanceof Node.Apply a) {
      return 4 + 4 * a.operands().size() + opBytes(a.op());
    } else if (n instanceof Node.Select) {
      return 4 + 3 * 4 + 10; // cond, arms, branches; store
    } else if (n instanceof Node.Load l) {
      ArrayDecl a = an.f.array(l.array());
      if (a.isStatic()) {
        return 4 + 4 + 9 * l.index().size() + 1 + 4; // array, offset terms, element, store
      }
      // Strides are locals; a growable array is read through a helper that returns 0 beyond it.
      return 8 + 14 * l.index().size() + 1 + 4 + (a.growable() ? 12 : 0);
    } else if (n instanceof Node.Store s) {
      ArrayDecl a = an.f.array(s.array());
      if (a.isStatic()) {
        return 4 + 9 * s.index().size() + 4 + 1;
      }
      // A growable array's store keeps its offset in a local, tests it and may regrow the field.
      return 4 + 14 * s.index().size() + 4 + 1 + (a.growable() ? 48 : 0);
    } else if (n instanceof Node.Loop loop) {
      int c = loopOverhead(loop);
      for (Node inner : loop.body().nodes()) {
        c += cost(an, inner);
      }
      return c;
    } else if (n instanceof Node.If branch) {
      int c = branchOverhead(branch);
      for (List<Node> arm : branch.blocks()) {
        for (Node inner : arm) {
          c += cost(an, inner);
        }
      }
      return c;
    } else if (n instanceof Node.Length len) {
      return 20 + 20 * len.axis(); // x.length, or x.length == 0 ? 0 : x[0].length
    } else if (n instanceof Node.Check c) {
      return 48 + 12 * c.args().size(); // test, new, format with boxed arguments, throw
    }
    return 0;
  }

  private static int opBytes(Op op) {
    if (op.resultType() == ScalarType.BOOL) {
      return 10; // compare, branch, two constants, goto
    }
    return switch (op) {
      case RELU -> 16;
      case EXP, LOG, TANH, SQRT, ABS, POW, MAX, MIN, IMAX, IMIN, CHECK_INDEX -> 3;
      case SIN, COS, TAN, ASIN, ACOS, ATAN, ATAN2, SINH, COSH, LOG1P, EXPM1, FLOOR, CEIL, CALL -> 3;
      // Printed inline: constants, calls and, for the last two, the operand loaded again.
      case SIGMOID -> 16;
      case SOFTPLUS -> 48;
      case GELU -> 56;
      default -> 1;
    };
  }
}
