/**
 * Checking compiled functions against the {@link dev.adjoint.Value} engine: {@link
 * dev.adjoint.check.GradientCheck} for tests, {@link dev.adjoint.check.CompiledFunctions} to find
 * the functions on the classpath, {@link dev.adjoint.check.Engine} for the engine's own gradient,
 * and {@link dev.adjoint.check.Main}, a CLI that prints one table row per function.
 */
package dev.adjoint.check;
