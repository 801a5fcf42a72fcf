package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values computed only for one arm of a data-dependent select, and the conditions under which
 * that arm is taken. The engine never evaluates the arm not taken; the IR evaluates both, so the
 * local derivatives of the other arm may be infinite ({@code log} of a negative, division by zero)
 * and a zero adjoint times an infinite partial would be NaN. Reverse mode multiplies such partials
 * by the arm's condition, which keeps the untaken arm's contribution an exact zero.
 */
final class ArmGuards {

  /** One condition a value's arm depends on: {@code cond} must be {@code taken}. */
  record Guard(int cond, boolean taken) {}

  private final Map<Integer, List<Guard>> guards = new HashMap<>();
  private final Map<Integer, Integer> block = new HashMap<>();

  private ArmGuards(Function f) {
    blocks(f.body(), 0);
    Map<Integer, List<Integer>> users = new HashMap<>();
    Map<Integer, Node> nodes = f.nodesById();
    for (Node n : nodes.values()) {
      List<Integer> uses = new ArrayList<>(n.operands());
      if (n instanceof Node.Loop loop) {
        uses.addAll(loop.body().yields());
      }
      for (int o : uses) {
        users.computeIfAbsent(o, k -> new ArrayList<>()).add(n.id());
      }
    }
    for (Function.Result r : f.results()) {
      users.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(-1);
    }
    for (Node n : nodes.values()) {
      if (n instanceof Node.Select s && s.ifTrue() != s.ifFalse()) {
        arm(s, s.ifTrue(), true, nodes, users);
        arm(s, s.ifFalse(), false, nodes, users);
      }
    }
  }

  /** Records the loop whose body holds each node (0 for the top level). */
  private void blocks(List<Node> nodes, int loop) {
    for (Node n : nodes) {
      block.put(n.id(), loop);
      if (n instanceof Node.Loop l) {
        blocks(l.body().nodes(), l.id());
      }
    }
  }

  static ArmGuards of(Function f) {
    return new ArmGuards(f);
  }

  private void arm(
      Node.Select s,
      int root,
      boolean taken,
      Map<Integer, Node> nodes,
      Map<Integer, List<Integer>> users) {
    int other = taken ? s.ifFalse() : s.ifTrue();
    // The arm's root must be used by this select alone, and only as this arm.
    if (root == s.cond()
        || root == other
        || !users.getOrDefault(root, List.of()).stream().allMatch(u -> u == s.id())) {
      return;
    }
    java.util.Set<Integer> region = new java.util.HashSet<>();
    Deque<Integer> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      int id = work.pop();
      Node n = nodes.get(id);
      boolean computed =
          n instanceof Node.Apply || n instanceof Node.Select || n instanceof Node.Load;
      // Only the select's own block: a value from an enclosing block is shared by every
      // iteration, and one iteration's condition says nothing about it.
      if (!computed
          || !block.get(id).equals(block.get(s.id()))
          || region.contains(id)
          || id != root && !region.containsAll(users.getOrDefault(id, List.of()))) {
        continue;
      }
      region.add(id);
      guards.computeIfAbsent(id, k -> new ArrayList<>()).add(new Guard(s.cond(), taken));
      for (int o : n.operands()) {
        work.push(o);
      }
    }
  }

  /** The conditions guarding {@code id}'s local derivatives (empty if it is always evaluated). */
  List<Guard> of(int id) {
    return guards.getOrDefault(id, List.of());
  }
}
