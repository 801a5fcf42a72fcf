package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.ScalarType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the forward and backward sweeps of reverse mode share: the primal with its analyses, the
 * builder of the derivative program, and the ids the sweeps hand each other (forward values, tapes,
 * adjoint arrays, cursors). Every map is keyed by primal ids.
 */
final class ReverseState {
  final Function primal;
  final Regions regions;
  final Activity activity;
  final TapePlan plan;
  final Map<Integer, LibraryRules.Applied> rules;

  /** Operations whose contributions are masked where their adjoint is exactly zero. */
  final Set<Integer> masked;

  final Builder b;
  final Constants k;

  /** The tape array of each taped value. */
  final Map<Integer, Integer> tape = new HashMap<>();

  /** The adjoint array of each active array (the seed itself for an output never read back). */
  final Map<Integer, Integer> adjointArray = new HashMap<>();

  /** The forward sweep's value of each primal value, as last defined. */
  final Map<Integer, Integer> forward = new HashMap<>();

  /** The dot products of library rules taken in the forward sweep, by output array. */
  final Map<Integer, Integer> fusedDots = new HashMap<>();

  /**
   * The current value of each cursored loop's cursor: counted up by the forward sweep, then down by
   * the backward sweep.
   */
  final Map<Integer, Integer> cursors = new HashMap<>();

  Integer seed;

  ReverseState(
      Function primal,
      Regions regions,
      Activity activity,
      TapePlan plan,
      Map<Integer, LibraryRules.Applied> rules,
      Set<Integer> masked,
      Builder b) {
    this.primal = primal;
    this.regions = regions;
    this.activity = activity;
    this.plan = plan;
    this.rules = rules;
    this.masked = masked;
    this.b = b;
    this.k = new Constants(b);
  }

  /** The forward sweep's value of a primal value. */
  int fwd(int primalId) {
    Integer id = forward.get(primalId);
    if (id == null) {
      throw new IllegalStateException("no forward value for " + primalId);
    }
    return id;
  }

  /** The source line of a primal node, or 0. */
  int line(int id) {
    Function.Origin o = primal.origins().get(id);
    return o == null ? 0 : o.line();
  }

  /** A zero of type {@code t} (false for a boolean), in the current block. */
  int zero(ScalarType t) {
    return t == ScalarType.F64 ? k.of(0.0) : b.add(new Node.Const(b.freshId(), t, 0));
  }
}
