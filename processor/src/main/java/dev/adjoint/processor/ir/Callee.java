package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A function an {@link Op#CALL} calls as a black box, numbered in a registry shared by every
 * compilation of this class loader: the call's first operand is the number, so that calls of
 * different functions never compare equal (common subexpressions) while the IR stays a graph of
 * ids. The number never reaches generated code, which names the function; only the interpreter
 * needs an {@link #implementation}, which tests supply.
 *
 * @param binaryOwner the declaring class as {@code Class.forName} takes it ({@code demo.Outer$In})
 * @param sourceOwner the declaring class as source code names it ({@code demo.Outer.In})
 * @param method the method's name
 * @param arity its number of {@code double} parameters
 * @param implementation evaluates it on its arguments, or null where it is only compiled
 */
public record Callee(
    String binaryOwner,
    String sourceOwner,
    String method,
    int arity,
    ToDoubleFunction<double[]> implementation) {

  private static final List<Callee> BY_NUMBER = new ArrayList<>();
  private static final Map<String, Integer> NUMBERS = new LinkedHashMap<>();

  /** The number of the callee with this owner, name and arity, registering it if new. */
  public static synchronized int register(Callee c) {
    String key = c.binaryOwner() + "#" + c.method() + "/" + c.arity();
    Integer n = NUMBERS.get(key);
    if (n == null) {
      n = BY_NUMBER.size();
      BY_NUMBER.add(c);
      NUMBERS.put(key, n);
    } else if (c.implementation() != null && BY_NUMBER.get(n).implementation() == null) {
      BY_NUMBER.set(n, c);
    }
    return n;
  }

  /** The callee numbered {@code n}. */
  public static synchronized Callee of(int n) {
    if (n < 0 || n >= BY_NUMBER.size()) {
      throw new IllegalArgumentException("no callee " + n);
    }
    return BY_NUMBER.get(n);
  }

  /** The qualified name of the function in source code: {@code demo.Stable.logAddExp}. */
  public String qualified() {
    return sourceOwner + "." + method;
  }

  /** Evaluates the callee (for the interpreter). */
  public double call(double[] args) {
    if (implementation == null) {
      throw new UnsupportedOperationException(qualified() + " has no implementation here");
    }
    return implementation.applyAsDouble(args);
  }
}
