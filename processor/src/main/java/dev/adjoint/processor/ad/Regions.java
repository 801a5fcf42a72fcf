package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block structure of a program: which block (the top level, a loop's body or one arm of a
 * branch) defines each value, and how blocks nest. A value is visible in its block and the blocks
 * nested in it, so the backward sweep finds a primal value in the frame of its block or of one
 * enclosing it.
 */
final class Regions {

  /** One block: the top level, the body of {@link #loop}, or an arm of {@link #branch}. */
  static final class Region {
    final Node.Loop loop;
    final Node.If branch;
    final boolean thenArm;
    final Region parent;
    final int depth;

    private Region(Node.Loop loop, Node.If branch, boolean thenArm, Region parent) {
      this.loop = loop;
      this.branch = branch;
      this.thenArm = thenArm;
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
    }

    boolean isTop() {
      return parent == null;
    }

    boolean isLoop() {
      return loop != null;
    }

    boolean isArm() {
      return branch != null;
    }

    /** The nearest block, this one or an enclosing one, that is a loop body or the top level. */
    Region home() {
      Region r = this;
      while (r.isArm()) {
        r = r.parent;
      }
      return r;
    }

    /** True if this block is {@code inner} or encloses it. */
    boolean encloses(Region inner) {
      for (Region r = inner; r != null; r = r.parent) {
        if (r == this) {
          return true;
        }
      }
      return false;
    }

    /** The node of the top level that holds this block (a loop or a branch), or null for it. */
    Node topLevelNode() {
      Region r = this;
      if (r.isTop()) {
        return null;
      }
      while (!r.parent.isTop()) {
        r = r.parent;
      }
      return r.isLoop() ? r.loop : r.branch;
    }
  }

  private final Region top = new Region(null, null, false, null);
  private final Map<Integer, Region> definedIn = new HashMap<>();
  private final Map<Integer, Region> bodies = new HashMap<>();
  private final Map<Integer, Region[]> arms = new HashMap<>();
  private final Map<Integer, Node> nodes = new HashMap<>();
  private final Map<Integer, List<List<Integer>>> results = new HashMap<>();
  private final Map<Integer, List<Integer>> resultsInOrder = new HashMap<>();
  private final Map<Integer, Integer> tripCounts = new HashMap<>();

  private Regions(Function f) {
    walk(f.body(), top);
  }

  static Regions of(Function f) {
    return new Regions(f);
  }

  private void walk(List<Node> block, Region region) {
    for (Node n : block) {
      definedIn.put(n.id(), region);
      nodes.put(n.id(), n);
      if (n instanceof Node.Loop l) {
        Region body = new Region(l, null, false, region);
        bodies.put(l.id(), body);
        definedIn.put(l.body().index().id(), body);
        for (Node.Carried c : l.body().carried()) {
          definedIn.put(c.id(), body);
          nodes.put(c.id(), c);
        }
        nodes.put(l.body().index().id(), l.body().index());
        walk(l.body().nodes(), body);
      } else if (n instanceof Node.If b) {
        Region then = new Region(null, b, true, region);
        Region orElse = new Region(null, b, false, region);
        arms.put(b.id(), new Region[] {then, orElse});
        walk(b.then().nodes(), then);
        walk(b.orElse().nodes(), orElse);
      } else if (n instanceof Node.LoopResult r) {
        slot(r.loop(), r.slot(), r.id());
      } else if (n instanceof Node.IfResult r) {
        slot(r.ifId(), r.slot(), r.id());
      } else if (n instanceof Node.TripCount t) {
        tripCounts.putIfAbsent(t.loop(), t.id());
      }
    }
  }

  private void slot(int owner, int slot, int id) {
    List<List<Integer>> list = results.computeIfAbsent(owner, x -> new ArrayList<>());
    while (list.size() <= slot) {
      list.add(new ArrayList<>());
    }
    list.get(slot).add(id);
    resultsInOrder.computeIfAbsent(owner, x -> new ArrayList<>()).add(id);
  }

  /** The top level. */
  Region top() {
    return top;
  }

  /** The block defining {@code id} (the top level for parameters and unknown ids). */
  Region of(int id) {
    Region r = definedIn.get(id);
    return r == null ? top : r;
  }

  /** The body of a loop. */
  Region body(Node.Loop loop) {
    return bodies.get(loop.id());
  }

  /** An arm of a branch. */
  Region arm(Node.If b, boolean then) {
    return arms.get(b.id())[then ? 0 : 1];
  }

  /** The blocks a loop or branch holds. */
  List<Region> inner(Node n) {
    if (n instanceof Node.Loop l) {
      return List.of(body(l));
    }
    Node.If b = (Node.If) n;
    return List.of(arm(b, true), arm(b, false));
  }

  /** The node with this id (loop indices and carried values included), or null. */
  Node node(int id) {
    return nodes.get(id);
  }

  /** True if {@code id} is defined inside {@code n} (a loop or branch), at any depth. */
  boolean within(int id, Node n) {
    Region r = of(id);
    for (Region in : inner(n)) {
      if (in.encloses(r)) {
        return true;
      }
    }
    return false;
  }

  /** The result nodes of slot {@code slot} of a loop or branch, in order (none if unread). */
  List<Integer> results(int owner, int slot) {
    List<List<Integer>> list = results.get(owner);
    return list == null || slot >= list.size() ? List.of() : list.get(slot);
  }

  /** Every result node of a loop or branch, in the order they appear. */
  List<Integer> results(int owner) {
    return resultsInOrder.getOrDefault(owner, List.of());
  }

  /** The first {@link Node.TripCount} node of {@code loop}, or null. */
  Integer tripCount(int loop) {
    return tripCounts.get(loop);
  }
}
