package dev.adjoint.processor.ir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of a program did to its arrays, seen through {@link Interpreter.Observer}: which
 * arrays had an element stored twice or loaded before it was stored, and which loads read a stored
 * element or an unstored one. A run that throws still counts up to the exception.
 */
final class MemoryTrace implements Interpreter.Observer {
  private final Map<Integer, Map<Integer, Integer>> storeCounts = new HashMap<>();
  final Set<Integer> storedTwice = new HashSet<>();
  final Set<Integer> loadedBeforeStored = new HashSet<>();
  final Set<Integer> loadsOfUnstored = new HashSet<>();
  final Set<Integer> loadsOfStored = new HashSet<>();

  /** Whether the run returned (rather than threw). */
  boolean returned;

  /** The run's results, if it returned. */
  List<double[]> results;

  @Override
  public void access(int node, int array, int offset, boolean store) {
    Map<Integer, Integer> counts = storeCounts.computeIfAbsent(array, k -> new HashMap<>());
    if (store) {
      if (counts.merge(offset, 1, Integer::sum) > 1) {
        storedTwice.add(array);
      }
    } else if (counts.containsKey(offset)) {
      loadsOfStored.add(node);
    } else {
      loadedBeforeStored.add(array);
      loadsOfUnstored.add(node);
    }
  }

  /** Number of distinct elements of {@code array} stored. */
  int storedElements(int array) {
    return storeCounts.getOrDefault(array, Map.of()).size();
  }

  /** Runs {@code f} on {@code args} and records what it did. */
  static MemoryTrace run(Function f, List<Object> args) {
    MemoryTrace t = new MemoryTrace();
    try {
      t.results = Interpreter.run(f, args, t);
      t.returned = true;
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      t.returned = false;
    }
    return t;
  }
}
