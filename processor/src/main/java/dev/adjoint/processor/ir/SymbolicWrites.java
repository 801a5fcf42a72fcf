package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What can be proven about a function's output and local arrays without knowing its sizes: which
 * loads surely read a stored element ({@link Coverage}, {@link Appends}), which arrays have every
 * element stored at most once ({@link DistinctStores}, {@link Appends}), and which are stored in
 * full. Sound for any program and linear in its size: nothing is enumerated. An array both stored
 * at most once per element and read only where stored is write-once.
 */
final class SymbolicWrites {

  private final Map<Integer, Set<Integer>> unproven = new HashMap<>();
  private final Set<Integer> distinct = new HashSet<>();
  private final Set<Integer> full = new HashSet<>();
  private final Set<Integer> writeOnce = new LinkedHashSet<>();
  private final Map<Integer, Set<Integer>> fresh = new HashMap<>();
  private final Function f;
  private final Regions regions;
  private final LinearForms forms;

  private SymbolicWrites(Function f, Regions regions, LinearForms forms) {
    this.f = f;
    this.regions = regions;
    this.forms = forms;
  }

  /** The analysis of {@code f}; {@code byId} is {@code f.nodesById()}. */
  static SymbolicWrites of(Function f, Map<Integer, Node> byId) {
    Regions regions = new Regions(f);
    LinearForms forms = new LinearForms(f, byId);
    SymbolicWrites w = new SymbolicWrites(f, regions, forms);
    Coverage coverage = Coverage.of(f, regions, forms);
    DistinctStores stores = new DistinctStores(regions, forms);
    Map<Integer, List<Node.Store>> storesTo = new HashMap<>();
    Map<Integer, List<Integer>> loadsOf = new HashMap<>();
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Store s) {
        storesTo.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s);
      } else if (n instanceof Node.Load l) {
        loadsOf.computeIfAbsent(l.array(), k -> new ArrayList<>()).add(l.id());
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT) {
        continue;
      }
      List<Node.Store> st = storesTo.getOrDefault(a.id(), List.of());
      Set<Integer> open = new LinkedHashSet<>(loadsOf.getOrDefault(a.id(), List.of()));
      open.removeAll(coverage.coveredLoads());
      boolean once = stores.distinct(st);
      if ((!once || !open.isEmpty()) && !st.isEmpty()) {
        Appends.Result list = Appends.of(f, forms, a);
        once |= list.appends();
        open.removeAll(list.readsStored());
      }
      w.unproven.put(a.id(), open);
      if (once) {
        w.distinct.add(a.id());
      }
      if (coverage.full(a.id())) {
        w.full.add(a.id());
      }
      if (once && open.isEmpty()) {
        w.writeOnce.add(a.id());
      }
    }
    return w;
  }

  /** The arrays proven write-once, in declaration order. */
  Set<Integer> writeOnce() {
    return writeOnce;
  }

  /** The loads of {@code array} not proven to read a stored element. */
  Set<Integer> unprovenLoads(int array) {
    return unproven.getOrDefault(array, Set.of());
  }

  /** The loads of {@code array} proven to read its initial zero ({@link FreshLoads}). */
  Set<Integer> freshLoads(int array) {
    return fresh.computeIfAbsent(array, a -> FreshLoads.of(f, regions, forms, a));
  }

  /** Whether every element of {@code array} is proven stored by the end of the run. */
  boolean full(int array) {
    return full.contains(array);
  }

  /** Whether no element of {@code array} is proven stored twice (for tests). */
  boolean distinct(int array) {
    return distinct.contains(array);
  }
}
