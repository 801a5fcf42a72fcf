package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns a program into its vector-Jacobian product, keeping its loops and branches.
 * The forward sweep ({@link ForwardSweep}) runs the primal and records, per loop iteration, the
 * values the backward sweep needs and cannot cheaply recompute or safely re-read ({@link
 * TapePlan}); the backward sweep ({@link BackwardSweep}) runs every block backwards. Arrays get
 * adjoint arrays of the primal's extents: a load's adjoint accumulates into its element's, a store
 * reads it back (and clears it, if the array may be overwritten: {@link WriteOnce}).
 *
 * <p>The program takes the primal's parameters, then (for an array result) a seed shaped like it;
 * it returns the primal result, then one gradient array per active parameter (a scalar parameter's
 * has one element). A scalar result is seeded with 1.
 */
public final class ReverseMode {

  /** Initial capacity of a growable tape (it grows as the loop runs). */
  static final int TAPE_CAPACITY = 64;

  private final Function primal;
  private final Set<Integer> writeOnce;
  private final ReverseState s;
  private final Builder b;
  private final Map<Integer, List<Integer>> sizedBefore = new HashMap<>();

  private ReverseMode(Function original, Set<Integer> writeOnce) {
    this.primal = TripCounts.insert(original);
    this.writeOnce = writeOnce;
    Regions regions = Regions.of(primal);
    Map<Integer, LibraryRules.Applied> rules = LibraryRules.of(primal, writeOnce);
    Activity activity =
        Activity.of(primal, rules.values().stream().map(LibraryRules.Applied::call).toList());
    Guards guards = Guards.of(primal, activity, regions);
    TapePlan plan = TapePlan.of(primal, regions, activity, guards, writeOnce);
    Set<Integer> masked =
        ExactZeros.of(primal, regions, activity, guards, writeOnce, rules.values());
    this.b = Builder.rewriting(primal);
    this.s = new ReverseState(primal, regions, activity, plan, rules, masked, b);
  }

  /** The vector-Jacobian product of {@code primal}. */
  public static Function differentiate(Function primal) {
    return differentiate(primal, WriteOnce.of(primal));
  }

  /**
   * The vector-Jacobian product of {@code primal}, given arrays proven write-once (as {@link
   * WriteOnce#of} proves them: a caller that has the set spares computing it again). Every other
   * local or output array is treated as one that may be overwritten; an array wrongly claimed
   * write-once gives wrong gradients.
   */
  public static Function differentiate(Function primal, Set<Integer> writeOnce) {
    return new ReverseMode(primal, writeOnce).build();
  }

  private Function build() {
    Function.Result result = primal.results().get(0);
    RuntimeShapes shapes = new RuntimeShapes(b);
    if (result.isArray()) {
      s.seed = shapes.input("seed", result.extents(), "the seed", "the result");
    }
    Map<Integer, Integer> gradients = new LinkedHashMap<>();
    for (Function.Parameter p : primal.params()) {
      if (p.active()) {
        List<Extent> extents = p.isArray() ? p.extents() : List.of(Extent.of(1));
        int g =
            b.declare(
                Names.prefixed("grad", p.name()),
                ScalarType.F64,
                extents,
                ArrayDecl.Role.OUTPUT,
                false);
        gradients.put(p.id(), g);
        if (p.isArray()) {
          s.adjointArray.put(p.id(), g);
        }
      }
    }
    Integer copySeedInto = null;
    for (ArrayDecl a : primal.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT) {
        continue;
      }
      shapes.named(a.id());
      if (!s.activity.isActive(a.id())) {
        continue;
      }
      if (a.role() == ArrayDecl.Role.OUTPUT
          && !s.plan.isLoaded(a.id())
          && !s.plan.clearsAny(a.id())) {
        s.adjointArray.put(a.id(), s.seed); // Only read at its stores: the seed itself will do.
        continue;
      }
      // A copy of the seed for an output read back or overwritten (its adjoint is cleared).
      int g =
          b.declare(
              Names.prefixed("g", a.name()),
              ScalarType.F64,
              a.extents(),
              ArrayDecl.Role.LOCAL,
              a.growable());
      s.adjointArray.put(a.id(), g);
      shapes.named(g);
      if (a.role() == ArrayDecl.Role.OUTPUT) {
        copySeedInto = g;
      }
    }
    declareTapes();

    for (Function.Parameter p : primal.params()) {
      s.forward.put(p.id(), p.id());
    }
    // The seed's lengths are checked as soon as the result's are known, before the result is
    // written.
    new ForwardSweep(s, sizedBefore).run(() -> shapes.check(s.forward));
    b.setLine(0);
    shapes.rename(s.forward);
    // Adjoint arrays start at zero like every IR array (the emitter clears what needs it), and
    // FreshAccumulation turns their first accumulations into plain stores.
    if (copySeedInto != null) {
      ArrayCopy.copy(b, b.array(s.seed), b.array(copySeedInto));
    }
    BackwardSweep backward = new BackwardSweep(s);
    BackwardSweep.Frame top = backward.top();
    if (!result.isArray() && s.activity.isActive(result.id())) {
      top.terms.computeIfAbsent(result.id(), x -> new ArrayList<>()).add(s.k.of(1.0));
    }
    backward.block(primal.body(), top);
    b.setLine(0);
    for (Map.Entry<Integer, Integer> e : gradients.entrySet()) {
      Function.Parameter p =
          primal.params().stream().filter(q -> q.id() == e.getKey()).findFirst().orElseThrow();
      if (!p.isArray()) {
        Integer g = backward.adjoint(top, p.id());
        b.store(e.getValue(), List.of(b.intConstant(0)), g == null ? s.k.of(0.0) : g);
      }
    }

    int resultId = result.isArray() ? result.id() : s.fwd(result.id());
    b.resultOf(result.name(), resultId, Extent.rename(result.extents(), s::fwd));
    for (Function.Parameter p : primal.params()) {
      Integer g = gradients.get(p.id());
      if (g != null) {
        b.resultOf(b.array(g).name(), g, b.array(g).extents());
      }
    }
    return b.build();
  }

  /**
   * Declares a tape per taped value: a flat one of the product of the trip counts around its loop
   * (sized before the loop nest when a count is known only at run time), or a growable one indexed
   * by its loop's cursor.
   */
  private void declareTapes() {
    Map<Integer, Node> nodes = new HashMap<>();
    for (int id : s.plan.taped()) {
      nodes.put(id, s.regions.node(id));
    }
    for (int id : s.plan.taped()) {
      Function.Origin o = primal.origins().get(id);
      String name =
          (o != null && o.name() != null ? o.name() : defaultName(nodes.get(id))) + "Tape";
      Node.Loop loop = s.plan.tapeLoop(id);
      ScalarType type = nodes.get(id).type();
      int tape;
      if (s.plan.isCursored(loop)) {
        tape = b.declare(name, type, List.of(Extent.of(TAPE_CAPACITY)), ArrayDecl.Role.LOCAL, true);
      } else if (Extent.allFixed(s.plan.slotFactors(loop))) {
        tape = b.declare(name, type, s.plan.tapeShape(id), ArrayDecl.Role.LOCAL);
      } else {
        // Sized by ForwardSweep before the top-level node holding the loop.
        tape = b.declare(name, type, List.of(Extent.of(0)), ArrayDecl.Role.LOCAL, false);
        int before = s.regions.body(loop).topLevelNode().id();
        sizedBefore.computeIfAbsent(before, x -> new ArrayList<>()).add(id);
      }
      s.tape.put(id, tape);
    }
  }

  /** A name for a taped value the source did not name: its operation ({@code expTape}). */
  private static String defaultName(Node n) {
    if (n instanceof Node.Apply a) {
      return a.op().name().toLowerCase(java.util.Locale.ROOT);
    }
    return n instanceof Node.Carried ? "carried" : "value";
  }
}
