package dev.adjoint.processor.trace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The local variables of one traced method: nested blocks of name-to-variable bindings. Names
 * starting with {@code $} are the tracer's own (flags and results of lowered jumps).
 */
final class Scope {

  /** A local variable or parameter: its declared type and its current abstract value. */
  static final class Var {
    final String name;

    /** The declared type (set once more only for the tracer's temporary of a branch's value). */
    JType type;

    /** The runtime-branch depth at declaration: an arm may reassign only its own variables. */
    final int branchDepth;

    AVal value;

    /** Whether a branch merged this variable before its type was known (see Regions). */
    boolean mergedUntyped;

    /** Whether a statement that failed may have changed it: reading it skips the reader. */
    boolean unknown;

    Var(String name, JType type, AVal value, int branchDepth) {
      this.name = name;
      this.type = type;
      this.value = value;
      this.branchDepth = branchDepth;
    }

    /** Whether the tracer made this variable (a flag or a result), not the source. */
    boolean synthetic() {
      return name.startsWith("$");
    }

    /** Whether this is one of the tracer's jump flags (whose value matters on every path). */
    boolean flag() {
      return synthetic() && JType.BOOLEAN.equals(type) && !name.startsWith("$cond");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Deque<Map<String, Var>> blocks = new ArrayDeque<>();
  private final IntSupplier branchDepth;

  /** A scope whose declarations record the current runtime-branch depth from {@code depth}. */
  Scope(IntSupplier branchDepth) {
    this.branchDepth = branchDepth;
    blocks.push(new LinkedHashMap<>());
  }

  void push() {
    blocks.push(new LinkedHashMap<>());
  }

  void pop() {
    blocks.pop();
  }

  Var declare(String name, JType type, AVal value) {
    Var v = new Var(name, type, value, branchDepth.getAsInt());
    blocks.peek().put(name, v);
    return v;
  }

  /** The variable visible under {@code name}, or null. */
  Var lookup(String name) {
    for (Map<String, Var> b : blocks) {
      Var v = b.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The current value of every visible variable, in a deterministic order. */
  Map<Var, AVal> snapshot() {
    // Var keeps identity equality, and insertion order keeps merges deterministic.
    Map<Var, AVal> out = new LinkedHashMap<>();
    for (Map<String, Var> b : blocks) {
      for (Var v : b.values()) {
        out.put(v, v.value);
      }
    }
    return out;
  }

  /** Restores the values of a snapshot. */
  static void restore(Map<Var, AVal> snapshot) {
    for (Map.Entry<Var, AVal> e : snapshot.entrySet()) {
      e.getKey().value = e.getValue();
    }
  }
}
