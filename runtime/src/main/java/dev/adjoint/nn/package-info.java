/**
 * Reference neural-network functions (softmax, cross-entropy, linear layers, RMSNorm, attention)
 * written on the {@link dev.adjoint.Value} engine. Their exact operation order is part of their
 * contract: Adjoint's compiler reproduces them bit for bit.
 */
package dev.adjoint.nn;
