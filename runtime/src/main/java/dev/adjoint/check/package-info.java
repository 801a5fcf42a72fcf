/**
 * Checking compiled functions against the {@link dev.adjoint.Value} engine: {@link
 * dev.adjoint.check.GradientCheck} for tests, {@link dev.adjoint.check.CompiledFunctions} to find
 * the functions on the classpath, {@link dev.adjoint.check.Engine} for the engine's own gradient,
 * and {@link dev.adjoint.check.Main}, a CLI that prints one table row per function.
 *
 * <p>A function whose parameters have runtime sizes (no {@code @Shape}) is checked at several sizes
 * per size symbol ({@link dev.adjoint.CompiledFunction.Dim}): a mid size, the smallest legal size,
 * one more, and a large one; sizes at which the original method itself throws are reported as not
 * applicable, and the sizes used appear in the report and the CLI table.
 */
package dev.adjoint.check;
