package dev.adjoint.processor.ir;

/**
 * A fact the tracer records about a library template: every element of the array {@code output}
 * holds {@code function} of the whole array {@code input}. The template's operations still compute
 * the values (so they stay bit-identical to the engine's); reverse mode may take the function's own
 * derivative rule instead of the chain rule through those operations ({@code
 * dev.adjoint.processor.ad.LibraryRules}).
 *
 * <p>A function keeps a call only while both arrays exist, so a pass that forwards either array
 * away also drops the fact, and the chain rule applies.
 */
public record LibraryCall(Library function, int input, int output) {

  /** The library functions that have a derivative rule. */
  public enum Library {
    /** {@code output[i] = exp(input[i] - max) / sum_j exp(input[j] - max)}, one dimension. */
    SOFTMAX
  }
}
