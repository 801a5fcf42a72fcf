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
  private final boolean javacReports;

  /** A diagnostic {@code code} about {@code tree} (null: the method as a whole) in {@code unit}. */
  public TraceException(Code code, String detail, Tree tree, CompilationUnitTree unit) {
    this(Diagnostics.format(code, detail), code, tree, unit, false);
  }

  private TraceException(
      String message, Code code, Tree tree, CompilationUnitTree unit, boolean javacReports) {
    super(message);
    this.code = code;
    this.tree = tree;
    this.unit = unit;
    this.javacReports = javacReports;
  }

  /**
   * This error, found where the source itself does not compile: javac reports its own error there
   * once processing ends, and the processor adds none (the method is not compiled).
   */
  TraceException javacReports() {
    return new TraceException(getMessage(), code, tree, unit, true);
  }

  /** Whether javac reports the problem itself: the processor must then stay silent. */
  public boolean reportedByJavac() {
    return javacReports;
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
