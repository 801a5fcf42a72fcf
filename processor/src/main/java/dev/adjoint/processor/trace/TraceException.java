package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.diag.Diagnostics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A construct the tracer cannot compile, with the exact tree to report it at. Thrown through the
 * tracer and caught once per method by the processor, which prints each of {@link #all()} at its
 * {@link #tree()} in its {@link #unit()}: the first error of the method, then the independent ones
 * found after it ({@link Recovery}).
 */
public final class TraceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Code code;
  private final transient Tree tree;
  private final transient CompilationUnitTree unit;
  private final transient List<TraceException> following = new ArrayList<>();

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

  /** This error and the method's errors found after it, in the order they were found. */
  public List<TraceException> all() {
    List<TraceException> out = new ArrayList<>();
    out.add(this);
    out.addAll(following);
    return Collections.unmodifiableList(out);
  }

  /** The method's first error, carrying the others; {@code errors} is not empty. */
  static TraceException of(List<TraceException> errors) {
    TraceException first = errors.get(0);
    first.following.clear();
    first.following.addAll(errors.subList(1, errors.size()));
    return first;
  }
}
