package dev.adjoint.processor.ir;

/**
 * Everything the emitter needs for one source method: its signature and its optimized programs.
 *
 * @param source the user's method
 * @param forward the primal program: params are the source's (arrays flattened to {@code double}
 *     arrays of the same shape), results the returned value
 * @param reverse the vector-Jacobian product: the primal params, then (for array outputs only) the
 *     seed, an input array shaped like the output (a scalar output is seeded with 1); results are
 *     the primal result, then one output array per active parameter holding its gradient (scalar
 *     parameters get a one-element array), in parameter order
 * @param tangent the Jacobian-vector product: the primal params, then one tangent per active
 *     parameter (a scalar input, or an input array of its shape), in parameter order; its single
 *     result is the output tangent
 * @param hvp the Hessian-vector product (forward mode over the reverse program), or null for none:
 *     the reverse program's params, then one direction per active parameter (as the tangent program
 *     takes them); results are one array per active parameter, shaped like its gradient, holding
 *     the derivative of the reverse program's gradient along the directions
 * @param tracedNodes the size of the traced program before optimization
 */
public record CompiledMethod(
    SourceMethod source,
    Function forward,
    Function reverse,
    Function tangent,
    Function hvp,
    int tracedNodes) {

  /** A method compiled without a Hessian-vector product. */
  public CompiledMethod(
      SourceMethod source, Function forward, Function reverse, Function tangent, int tracedNodes) {
    this(source, forward, reverse, tangent, null, tracedNodes);
  }
}
