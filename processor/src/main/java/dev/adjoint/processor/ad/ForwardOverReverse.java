package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.Set;

/**
 * Hessian-vector products by forward mode over reverse mode: the reverse program (the gradient, or
 * the vector-Jacobian product of a seed) is itself an IR program, so {@link TangentMode}
 * differentiates it along a direction of the primal's inputs. Its tangents of the gradients are
 * {@code H v}, exactly (no finite differences): the tapes, cursors, adjoint arrays and branches of
 * the reverse program are ordinary IR values, loops and arrays, and get tangents like any other.
 *
 * <p>The program takes the reverse program's parameters (the primal's, then the seed of an array
 * output), then one direction per active parameter (a scalar, or an input array of its shape); it
 * returns one array per active parameter, shaped like its gradient: the derivative of {@code vjp(x,
 * seed)} along the direction. The primal's value and gradient are workspace.
 */
public final class ForwardOverReverse {
  private ForwardOverReverse() {}

  /**
   * The Hessian-vector product program of a primal whose reverse program is {@code reverse} (as
   * {@link ReverseMode} built it, optimized or not, before {@code Optimizer.forEmission}, whose
   * rewrites assume the program is no longer differentiated).
   */
  public static Function differentiate(Function reverse) {
    // Only the gradients are results: the primal's value (the first result) becomes workspace, and
    // its tangent, the Jacobian-vector product, is not computed unless a gradient needs it.
    Function gradients =
        new Function(
            reverse.name(),
            reverse.params(),
            reverse.arrays(),
            reverse.body(),
            reverse.results().subList(1, reverse.results().size()),
            reverse.calls(),
            reverse.origins(),
            reverse.nextId());
    Set<Integer> writeOnce = gradients.calls().isEmpty() ? Set.of() : WriteOnce.of(gradients);
    return TangentMode.differentiate(gradients, writeOnce, ForwardOverReverse::hvpName);
  }

  /** {@code gradX} (a gradient's name) becomes {@code hvpX}. */
  static String hvpName(String gradient) {
    String rest =
        gradient.startsWith("grad") && gradient.length() > 4 ? gradient.substring(4) : gradient;
    return Names.prefixed("hvp", rest);
  }
}
