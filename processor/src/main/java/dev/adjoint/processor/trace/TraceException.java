package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.diag.Diagnostics;

/**
 * A construct the tracer cannot compile, with the exact tree to report it at. Thrown through the
 * tracer and caught once per method by the processor, which prints {@link #getMessage()} at {@link
 * #tree()} in {@link #unit()}.
 */
public final class TraceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Code code;
  private final transient Tree tree;
  private final transient CompilationUnitTree unit;

  /** A diagnostic {@code code} about {@code tree} (null: the method as a whole) in {@code unit}. */
  public TraceException(Code code, String detail, Tree tree, CompilationUnitTree unit) {
    super(Diagnostics.format(code, detail));
    this.code = code;
    this.tree = tree;
    this.unit = unit;
  }

  /** The diagnostic code. */
  public Code code() {
    return code;
  }

  /** Where to report it; null for the method as a whole. */
  public Tree tree() {
    return tree;
  }

  /** The compilation unit holding {@link #tree()}. */
  public CompilationUnitTree unit() {
    return unit;
  }
}
