package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a program printed with runtime sizes allocates, regrows and clears its arrays, as actions
 * run just before a top-level statement. Nothing is written before the program's prologue has run
 * (the leading statements that write nothing: its checks and size computations), so a failing check
 * leaves every output and workspace untouched. A workspace is made large enough right after the
 * last of its extents is defined (never before the prologue ends, never after its first access),
 * and cleared there if the program may read an element it has not written; an output the program
 * may not write in full is cleared when the prologue ends.
 */
final class Setup {

  /** Something done to an array before a top-level statement. */
  sealed interface Action {
    /** The array. */
    int array();

    /** The values the action's code reads (the array's runtime extents). */
    List<Integer> uses();
  }

  /**
   * Makes workspace {@code array} hold its size for this call (regrowing it, never shrinking it);
   * with {@code clear}, sets its elements to zero: the logical size, or all the storage of a
   * growable array, whose size is not known in advance.
   */
  record Allocate(int array, List<Integer> uses, boolean clear) implements Action {}

  /** Sets every element of output {@code array} to zero. */
  record Clear(int array) implements Action {
    @Override
    public List<Integer> uses() {
      return List.of();
    }
  }

  private final Map<Integer, List<Action>> actions;

  private Setup(Map<Integer, List<Action>> actions) {
    this.actions = actions;
  }

  /** No actions: a static program allocates in its constructor and clears on entry. */
  static Setup none() {
    return new Setup(Map.of());
  }

  /** The actions for {@code f}. */
  static Setup of(Function f) {
    List<Node> body = f.body();
    Map<Integer, Integer> pos = new HashMap<>();
    for (int p = 0; p < body.size(); p++) {
      pos.put(body.get(p).id(), p);
    }
    int prologue = prologueEnd(f);
    Set<Integer> cleared = Set.copyOf(toClear(f));
    Map<Integer, List<Action>> out = new TreeMap<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT) {
        continue;
      }
      int first = firstAccess(body, a.id());
      if (a.role() == ArrayDecl.Role.OUTPUT) {
        if (cleared.contains(a.id())) {
          out.computeIfAbsent(prologue, k -> new ArrayList<>()).add(new Clear(a.id()));
        }
        continue;
      }
      if (first < 0) {
        continue; // never accessed: nothing to allocate
      }
      int at = prologue;
      for (int e : Extent.nodes(a.extents())) {
        at = Math.max(at, pos.get(e) + 1);
      }
      at = Math.min(at, first);
      out.computeIfAbsent(at, k -> new ArrayList<>())
          .add(new Allocate(a.id(), Extent.nodes(a.extents()), cleared.contains(a.id())));
    }
    return new Setup(out);
  }

  /** The actions before top-level statement {@code pos} ({@code pos == size}: at the end). */
  List<Action> at(int pos) {
    return actions.getOrDefault(pos, List.of());
  }

  /** True if some action runs after top-level statement {@code from} and before {@code to}. */
  boolean between(int from, int to) {
    for (int pos : actions.keySet()) {
      if (pos > from && pos <= to) {
        return true;
      }
    }
    return false;
  }

  /** Every action by position. */
  Map<Integer, List<Action>> byPosition() {
    return actions;
  }

  /**
   * The first top-level position whose statement may write memory or read a workspace or output:
   * everything before it only computes values from the arguments (and checks them).
   */
  static int prologueEnd(Function f) {
    List<Node> body = f.body();
    for (int p = 0; p < body.size(); p++) {
      Node n = body.get(p);
      boolean quiet =
          n instanceof Node.Const
              || n instanceof Node.Input
              || n instanceof Node.Length
              || n instanceof Node.Apply
              || n instanceof Node.Select
              || n instanceof Node.Check
              || n instanceof Node.Load l && f.array(l.array()).role() == ArrayDecl.Role.INPUT;
      if (!quiet) {
        return p;
      }
    }
    return body.size();
  }

  /** The first top-level statement that accesses {@code array} (inside it, maybe), or -1. */
  private static int firstAccess(List<Node> body, int array) {
    for (int p = 0; p < body.size(); p++) {
      if (accesses(body.get(p), array)) {
        return p;
      }
    }
    return -1;
  }

  private static boolean accesses(Node n, int array) {
    if (n instanceof Node.Load l) {
      return l.array() == array;
    }
    if (n instanceof Node.Store s) {
      return s.array() == array;
    }
    for (List<Node> block : n.blocks()) {
      for (Node inner : block) {
        if (accesses(inner, array)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The workspaces and outputs of {@code f} to clear: those {@link ZeroInit} finds (an array some
   * load may read before the run stores the element, an output not provably written in full).
   */
  static List<Integer> toClear(Function f) {
    return ZeroInit.arraysToClear(f);
  }
}
