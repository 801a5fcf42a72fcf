package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The variables visible at one point of a generated method, with what the generator knows about
 * them (ranges, lengths, index bounds). A nested scope is a copy, so that names declared in a loop
 * body or an if arm vanish when it closes, as they do in Java.
 */
final class Env {

  /** What a variable holds. */
  enum Kind {
    /** {@code Value}. */
    VALUE,
    /** {@code double}. */
    DOUBLE,
    /** {@code int}, within {@code [lo, hi]}. */
    INT,
    /** {@code boolean}. */
    BOOLEAN,
    /** {@code Value[]} of {@code length}. */
    ARRAY,
    /** {@code List<Value>} of {@code length}. */
    LIST,
    /** {@code Value[][]} of {@code length} rows and {@code cols} columns. */
    MATRIX,
    /** {@code double[]} of {@code length}. */
    DOUBLES,
    /** {@code int[]} of {@code length}, every element within {@code [lo, hi]}. */
    INTS
  }

  /**
   * One variable. {@code range} bounds a number or every element; {@code lo} and {@code hi} bound
   * an int.
   */
  record Var(String name, Kind kind, Range range, int lo, int hi, int length, int cols) {
    static Var value(String name, Range r) {
      return new Var(name, Kind.VALUE, r, 0, 0, 0, 0);
    }

    static Var number(String name, Range r) {
      return new Var(name, Kind.DOUBLE, r, 0, 0, 0, 0);
    }

    static Var integer(String name, int lo, int hi) {
      return new Var(name, Kind.INT, Range.of(lo, hi), lo, hi, 0, 0);
    }

    static Var bool(String name) {
      return new Var(name, Kind.BOOLEAN, Range.point(0), 0, 0, 0, 0);
    }

    static Var array(String name, int length, Range r) {
      return new Var(name, Kind.ARRAY, r, 0, 0, length, 0);
    }

    static Var list(String name, int length, Range r) {
      return new Var(name, Kind.LIST, r, 0, 0, length, 0);
    }

    static Var doubles(String name, int length, Range r) {
      return new Var(name, Kind.DOUBLES, r, 0, 0, length, 0);
    }

    static Var ints(String name, int length, int lo, int hi) {
      return new Var(name, Kind.INTS, Range.of(lo, hi), lo, hi, length, 0);
    }

    static Var matrix(String name, int rows, int cols, Range r) {
      return new Var(name, Kind.MATRIX, r, 0, 0, rows, cols);
    }

    Var withRange(Range r) {
      return new Var(name, kind, r, lo, hi, length, cols);
    }

    /** How an element is read at {@code index} (an int expression). */
    String element(String index) {
      return kind == Kind.LIST ? name + ".get(" + index + ")" : name + "[" + index + "]";
    }

    /** The expression for the length of a vector. */
    String lengthCode() {
      return kind == Kind.LIST ? name + ".size()" : name + ".length";
    }
  }

  final Ctx ctx;
  private final Map<String, Var> vars;

  /**
   * Scalars this scope may reassign: those declared at the current loop level, plus the values a
   * loop carries. Reassigning anything else inside a loop would carry it without the range
   * bookkeeping of {@link Loops}.
   */
  private final Set<String> assignable;

  /** Loop nesting depth, which limits further nesting. */
  final int loopDepth;

  /** Inside an arm of an if on a runtime condition: only scalar assignments are allowed. */
  final boolean pure;

  Env(Ctx ctx) {
    this(ctx, new LinkedHashMap<>(), new LinkedHashSet<>(), 0, false);
  }

  private Env(Ctx ctx, Map<String, Var> vars, Set<String> assignable, int loopDepth, boolean pure) {
    this.ctx = ctx;
    this.vars = vars;
    this.assignable = assignable;
    this.loopDepth = loopDepth;
    this.pure = pure;
  }

  /** A nested block scope. */
  Env block() {
    return new Env(
        ctx, new LinkedHashMap<>(vars), new LinkedHashSet<>(assignable), loopDepth, pure);
  }

  /** The body scope of a loop: nothing outside it is assignable until {@link #carry}. */
  Env loop() {
    return new Env(ctx, new LinkedHashMap<>(vars), new LinkedHashSet<>(), loopDepth + 1, pure);
  }

  /** An arm of an if on a runtime condition. */
  Env arm() {
    return new Env(
        ctx, new LinkedHashMap<>(vars), new LinkedHashSet<>(assignable), loopDepth, true);
  }

  /** Declares a variable, which this scope may reassign if it is a scalar. */
  Var declare(Var v) {
    vars.put(v.name(), v);
    assignable.add(v.name());
    return v;
  }

  /** Declares a variable that must not be reassigned (parameters, loop variables). */
  Var declareFinal(Var v) {
    vars.put(v.name(), v);
    return v;
  }

  /** Removes a variable from this scope's sight (a loop's hidden accumulator). */
  void hide(String name) {
    vars.remove(name);
    assignable.remove(name);
  }

  /** Makes an outer scalar assignable in a loop body, which carries it. */
  void carry(String name) {
    assignable.add(name);
  }

  /** Scalars of {@code kind} this scope may reassign. */
  List<Var> assignable(Kind kind) {
    return all(v -> v.kind() == kind && assignable.contains(v.name()));
  }

  /** Updates what is known about an existing variable, e.g. after a loop carried it. */
  void update(Var v) {
    if (!vars.containsKey(v.name())) {
      throw new IllegalStateException("no variable " + v.name());
    }
    vars.put(v.name(), v);
  }

  Var get(String name) {
    return vars.get(name);
  }

  List<Var> all(Kind kind) {
    return all(v -> v.kind() == kind);
  }

  List<Var> all(Predicate<Var> p) {
    List<Var> out = new ArrayList<>();
    for (Var v : vars.values()) {
      if (p.test(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Vectors: arrays and lists. */
  List<Var> vectors() {
    return all(v -> v.kind() == Kind.ARRAY || v.kind() == Kind.LIST);
  }
}
