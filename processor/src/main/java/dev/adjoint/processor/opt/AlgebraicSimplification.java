package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes operations that provably return one of their operands (or a constant) bit for bit for
 * every input, NaN, signed zeros and infinities included, and loops or loop slots that do nothing.
 *
 * <p>Never reassociates, distributes or commutes; keeps every STOP except a STOP of a STOP (a STOP
 * of a constant is folded by {@link ConstantFolding}). Rules that hold only "mathematically" are
 * deliberately absent: {@code x + 0.0} ({@code -0.0 + 0.0 = +0.0}), {@code x * 0.0} (NaN, infinity,
 * sign), {@code x - x} (NaN, infinity), {@code x * -1.0 -> -x} (a NaN keeps its sign through a
 * multiplication but not through a negation, so the bits differ).
 */
public final class AlgebraicSimplification {

  private static final long PLUS_ONE = Double.doubleToRawLongBits(1.0);
  private static final long PLUS_ZERO = Double.doubleToRawLongBits(0.0);
  private static final long MINUS_ZERO = Double.doubleToRawLongBits(-0.0);

  private final Ids.Renaming alias;

  /** Carried values aliased to their loop's index ({@link #countsIterations}). */
  private final Set<Integer> inductions = new HashSet<>();

  /** Every node kept so far, by id, as rewritten. */
  private final Ids.IdMap<Node> defs;

  private AlgebraicSimplification(Function f) {
    alias = new Ids.Renaming(f.nextId());
    defs = new Ids.IdMap<>(f.nextId());
  }

  /** {@code f} with the identities below applied; forward results are unchanged bit for bit. */
  public static Function run(Function f) {
    AlgebraicSimplification p = new AlgebraicSimplification(f);
    List<Node> body = p.block(f.body(), new HashSet<>());
    return Rewrite.finish(f, body, p.alias);
  }

  private int resolve(int id) {
    return alias.applyAsInt(id);
  }

  /** Rewrites a block; adds the ids it defines to {@code defined}. */
  private List<Node> block(List<Node> nodes, Set<Integer> defined) {
    List<Node> out = new ArrayList<>(nodes.size());
    Map<Integer, Node.Loop> loops = new HashMap<>();
    Map<Integer, Set<Integer>> loopDefs = new HashMap<>();
    Map<Integer, Node.If> branches = new HashMap<>();
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, alias);
      if (n instanceof Node.Loop l) {
        Set<Integer> inner = new HashSet<>();
        if (never(l)) {
          // A loop that never runs has no effect; its results are its initial values.
          loops.put(l.id(), l);
          continue;
        }
        for (int s = 0; s < l.inits().size(); s++) {
          int carried = l.body().carried().get(s).id();
          if (l.body().yields().get(s) == carried
              || sameValue(resolve(l.body().yields().get(s)), l.inits().get(s))) {
            // A slot that yields itself, or yields its initial value (a value from outside the
            // loop, or an equal constant), holds its initial value in every iteration.
            alias.put(carried, l.inits().get(s));
          } else if (countsIterations(l, s)) {
            // A slot from 0 that adds 1 per iteration is the index of an ascending loop (a list's
            // size counted up by its appends), which makes the indices it feeds affine.
            alias.put(carried, l.body().index().id());
            inductions.add(carried);
          }
        }
        defs.put(l.body().index().id(), l.body().index());
        for (Node.Carried c : l.body().carried()) {
          defs.put(c.id(), c);
        }
        List<Node> body = block(l.body().nodes(), inner);
        n = Rewrite.withBody(l, body, alias);
        loops.put(l.id(), (Node.Loop) n);
        loopDefs.put(l.id(), inner);
      } else if (n instanceof Node.LoopResult r) {
        Integer same = loopResult(loops.get(r.loop()), r.slot(), loopDefs.get(r.loop()));
        if (same != null) {
          alias.put(r.id(), same);
          continue;
        }
      } else if (n instanceof Node.TripCount t && never(loops.get(t.loop()))) {
        n = new Node.Const(t.id(), ScalarType.I32, 0);
      } else if (n instanceof Node.If b) {
        // Values of an arm are visible only there: `defined` gains nothing a yield could name.
        List<Node> then = block(b.then().nodes(), new HashSet<>());
        n = Rewrite.withArms(b, then, block(b.orElse().nodes(), new HashSet<>()), alias);
        branches.put(b.id(), (Node.If) n);
      } else if (n instanceof Node.IfResult r) {
        Node.If b = branches.get(r.ifId());
        int yield = b.then().yields().get(r.slot());
        if (yield == b.orElse().yields().get(r.slot())) {
          // Both arms yield one value from outside the branch (an arm's own ids differ).
          alias.put(r.id(), yield);
          continue;
        }
      } else {
        Node simpler = simplify(n);
        if (simpler == null) {
          continue; // aliased
        }
        n = simpler;
      }
      defs.put(n.id(), n);
      defined.add(n.id());
      out.add(n);
    }
    return out;
  }

  private boolean isConstTrue(int id) {
    return defs.get(id) instanceof Node.Const c && c.type() == ScalarType.BOOL && c.value() != 0;
  }

  /** True if ids {@code x} and {@code y} are one value: the same id, or equal constants. */
  private boolean sameValue(int x, int y) {
    return x == y
        || defs.get(x) instanceof Node.Const a
            && defs.get(y) instanceof Node.Const c
            && a.type() == c.type()
            && Double.doubleToRawLongBits(a.value()) == Double.doubleToRawLongBits(c.value());
  }

  /** True for a loop of 0 trips. */
  private static boolean never(Node.Loop l) {
    return l.trips() instanceof Extent.Fixed fx && fx.size() == 0;
  }

  /**
   * The id a loop result always equals, or null: the initial value if the loop never runs or the
   * slot passes its value through; the yield if it is defined outside the loop and the loop surely
   * runs (then the last iteration that ran yielded it, however many did).
   */
  private Integer loopResult(Node.Loop l, int slot, Set<Integer> inner) {
    if (never(l)) {
      return l.inits().get(slot);
    }
    Node.LoopBody b = l.body();
    int yield = b.yields().get(slot);
    if (inductions.contains(b.carried().get(slot).id())) {
      return null; // the trip count run, not a value from before
    }
    if (yield == b.carried().get(slot).id()
        || resolve(b.carried().get(slot).id()) != b.carried().get(slot).id()) {
      return l.inits().get(slot);
    }
    boolean fromInside =
        inner.contains(yield)
            || yield == b.index().id()
            || b.carried().stream().anyMatch(c -> c.id() == yield);
    return fromInside || !Blocks.runsAtLeastOnce(l) ? null : yield;
  }

  /**
   * True if slot {@code s} of {@code l} starts at the int constant 0 and yields itself plus the
   * constant 1 in an ascending loop: before iteration {@code k} it holds {@code k} (no iteration
   * count reaches {@code Integer.MAX_VALUE}, so nothing wraps).
   */
  private boolean countsIterations(Node.Loop l, int s) {
    Node.LoopBody b = l.body();
    if (l.descending()
        || b.carried().get(s).type() != ScalarType.I32
        || !isConst(l.inits().get(s), 0)) {
      return false;
    }
    int carried = b.carried().get(s).id();
    int yield = b.yields().get(s);
    for (Node n : b.nodes()) {
      if (n.id() == yield) {
        return n instanceof Node.Apply a
            && a.op() == Op.IADD
            && (a.operands().get(0) == carried && isOne(a.operands().get(1), b.nodes())
                || a.operands().get(1) == carried && isOne(a.operands().get(0), b.nodes()));
      }
    }
    return false;
  }

  /** True if {@code id} is the int constant 1, defined so far or among {@code body}. */
  private boolean isOne(int id, List<Node> body) {
    if (isConst(id, 1)) {
      return true;
    }
    for (Node n : body) {
      if (n.id() == id) {
        return n instanceof Node.Const c && c.type() == ScalarType.I32 && c.value() == 1;
      }
    }
    return false;
  }

  /** The replacement for {@code n}: itself, another node with its id, or null after aliasing. */
  private Node simplify(Node n) {
    if (n instanceof Node.Check c && isConstTrue(c.cond())) {
      return null; // a check that holds on every run: nothing to do
    }
    if (n instanceof Node.Select s) {
      // Both arms are the same value, so the condition does not matter.
      if (s.ifTrue() == s.ifFalse()) {
        return aliasTo(s, s.ifTrue());
      }
      // select(c, true, false) is c itself.
      if (s.type() == ScalarType.BOOL && isConst(s.ifTrue(), 1) && isConst(s.ifFalse(), 0)) {
        return aliasTo(s, s.cond());
      }
      return s;
    }
    if (!(n instanceof Node.Apply a)) {
      return n;
    }
    int x = a.operands().get(0);
    int y = a.op().arity() > 1 ? a.operands().get(1) : -1;
    switch (a.op()) {
      case MUL:
        // x * 1.0 is x exactly for every x (IEEE 754 multiplication by one is exact and
        // returns a NaN operand unchanged); multiplication is commutative for one NaN.
        if (isBits(y, PLUS_ONE)) {
          return aliasTo(a, x);
        }
        if (isBits(x, PLUS_ONE)) {
          return aliasTo(a, y);
        }
        break;
      case DIV:
        // x / 1.0 is x exactly, as for multiplication.
        if (isBits(y, PLUS_ONE)) {
          return aliasTo(a, x);
        }
        break;
      case SUB:
        // x - (+0.0) = x + (-0.0) = x for every x, including x = -0.0 (-0.0 + -0.0 = -0.0).
        if (isBits(y, PLUS_ZERO)) {
          return aliasTo(a, x);
        }
        break;
      case ADD:
        // x + (-0.0) is x for every x; x + (+0.0) is NOT (it turns -0.0 into +0.0).
        if (isBits(y, MINUS_ZERO)) {
          return aliasTo(a, x);
        }
        if (isBits(x, MINUS_ZERO)) {
          return aliasTo(a, y);
        }
        break;
      case NEG:
      case INEG:
        // Negation flips the sign bit (doubles) or is its own inverse in two's complement
        // (ints, Integer.MIN_VALUE included), so two of them cancel.
        if (defs.get(x) instanceof Node.Apply inner && inner.op() == a.op()) {
          return aliasTo(a, inner.operands().get(0));
        }
        break;
      case STOP:
        // stop(stop(x)) is stop(x): the value is the same and no derivative flows through either.
        if (defs.get(x) instanceof Node.Apply inner && inner.op() == Op.STOP) {
          return aliasTo(a, x);
        }
        break;
      case IMAX:
        // max(n, c) is n when n is never below c: a length, a trip count, a checked index (>= 0)
        // against a constant c <= 0, as a tape's size max(n, 0) of a length n.
        if (nonNegative(x) && isConstAtMost(y, 0)) {
          return aliasTo(a, x);
        }
        if (nonNegative(y) && isConstAtMost(x, 0)) {
          return aliasTo(a, y);
        }
        if (x == y) {
          return aliasTo(a, x);
        }
        break;
      case MAX:
      case MIN:
      case IMIN:
      case AND:
      case OR:
        // Math.max(x, x) and Math.min(x, x) return x or an equal copy of it (same bits, NaN
        // included); b && b and b || b are b.
        if (x == y) {
          return aliasTo(a, x);
        }
        return booleanIdentity(a, x, y);
      case IADD:
        // Integer addition of zero is the identity.
        if (isConst(y, 0)) {
          return aliasTo(a, x);
        }
        if (isConst(x, 0)) {
          return aliasTo(a, y);
        }
        break;
      case ISUB:
        // i - 0 is i; i - i is 0 (ints have no NaN or infinity).
        if (isConst(y, 0)) {
          return aliasTo(a, x);
        }
        if (x == y) {
          return new Node.Const(a.id(), ScalarType.I32, 0);
        }
        // (b + c) - (b + d) is c - d in wrapping int arithmetic; CHECK_INDEX(b, n) is b whenever
        // it returns (the check itself stays: dead code elimination keeps what may throw). A
        // copyOfRange's (from + 4) - checked(from) becomes the constant 4, so its loop is counted.
        int[] ox = offsetOf(x);
        int[] oy = offsetOf(y);
        if (ox[0] == oy[0]) {
          return new Node.Const(a.id(), ScalarType.I32, ox[1] - oy[1]);
        }
        break;
      case IMUL:
        // i * 1 is i; i * 0 is 0 (ints only).
        if (isConst(y, 1)) {
          return aliasTo(a, x);
        }
        if (isConst(x, 1)) {
          return aliasTo(a, y);
        }
        if (isConst(x, 0) || isConst(y, 0)) {
          return new Node.Const(a.id(), ScalarType.I32, 0);
        }
        break;
      case IDIV:
        // i / 1 is i.
        if (isConst(y, 1)) {
          return aliasTo(a, x);
        }
        break;
      case IREM:
        // i % 1 is 0.
        if (isConst(y, 1)) {
          return new Node.Const(a.id(), ScalarType.I32, 0);
        }
        break;
      case LT:
      case GT:
        // x < x and x > x are false for every x, NaN included.
        if (x == y) {
          return new Node.Const(a.id(), ScalarType.BOOL, 0);
        }
        break;
      case LE:
      case GE:
      case EQ:
        // i <= i, i >= i and i == i are true for ints (not for doubles: NaN).
        if (x == y && defs.get(x) != null && defs.get(x).type() == ScalarType.I32) {
          return new Node.Const(a.id(), ScalarType.BOOL, 1);
        }
        break;
      case NOT:
        // !!b is b.
        if (defs.get(x) instanceof Node.Apply inner && inner.op() == Op.NOT) {
          return aliasTo(a, inner.operands().get(0));
        }
        break;
      default:
        break;
    }
    return a;
  }

  /** b && true = b, b && false = false, b || false = b, b || true = true. */
  private Node booleanIdentity(Node.Apply a, int x, int y) {
    if (a.op() != Op.AND && a.op() != Op.OR) {
      return a;
    }
    int neutral = a.op() == Op.AND ? 1 : 0;
    for (int[] pair : new int[][] {{x, y}, {y, x}}) {
      if (isConst(pair[1], neutral)) {
        return aliasTo(a, pair[0]);
      }
      if (isConst(pair[1], 1 - neutral)) {
        return new Node.Const(a.id(), ScalarType.BOOL, 1 - neutral);
      }
    }
    return a;
  }

  private Node aliasTo(Node n, int id) {
    alias.put(n.id(), id);
    return null;
  }

  private boolean isBits(int id, long bits) {
    return defs.get(id) instanceof Node.Const c
        && c.type() == ScalarType.F64
        && Double.doubleToRawLongBits(c.value()) == bits;
  }

  /**
   * {@code {base, k}} with int value {@code id} equal to {@code base + k} (wrapping) whenever it is
   * computed: through additions and subtractions of constants and index checks.
   */
  private int[] offsetOf(int id) {
    int k = 0;
    for (int depth = 0; depth < 16; depth++) {
      if (!(defs.get(id) instanceof Node.Apply a)) {
        break;
      }
      List<Integer> ops = a.operands();
      if (a.op() == Op.CHECK_INDEX) {
        id = ops.get(0);
      } else if (a.op() == Op.IADD && defs.get(ops.get(1)) instanceof Node.Const c) {
        k += (int) c.value();
        id = ops.get(0);
      } else if (a.op() == Op.IADD && defs.get(ops.get(0)) instanceof Node.Const c) {
        k += (int) c.value();
        id = ops.get(1);
      } else if (a.op() == Op.ISUB && defs.get(ops.get(1)) instanceof Node.Const c) {
        k -= (int) c.value();
        id = ops.get(0);
      } else {
        break;
      }
    }
    return new int[] {id, k};
  }

  /** True for an int or boolean constant of this value. */
  /** Whether int value {@code id} is never negative: a length, a trip count, a checked index. */
  private boolean nonNegative(int id) {
    Node n = defs.get(id);
    return n instanceof Node.Length
        || n instanceof Node.TripCount
        || n instanceof Node.Apply a
            && (a.op() == Op.CHECK_INDEX
                || a.op() == Op.IMAX
                    && (isConstAtLeast(a.operands().get(0), 0)
                        || isConstAtLeast(a.operands().get(1), 0)));
  }

  private boolean isConstAtMost(int id, double bound) {
    return defs.get(id) instanceof Node.Const c && c.value() <= bound;
  }

  private boolean isConstAtLeast(int id, double bound) {
    return defs.get(id) instanceof Node.Const c && c.value() >= bound;
  }

  private boolean isConst(int id, int value) {
    return defs.get(id) instanceof Node.Const c && c.type() != ScalarType.F64 && c.value() == value;
  }
}
