package dev.adjoint.processor.ir;

/**
 * Everything the emitter needs for one source method: its signature and its three optimized
 * programs.
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
 * @param tracedNodes the size of the traced program before optimization
 */
public record CompiledMethod(
    SourceMethod source, Function forward, Function reverse, Function tangent, int tracedNodes) {}
