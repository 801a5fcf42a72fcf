package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every id of a function is defined: the loop or branch whose block (or, for a loop's index
 * and carried values, whose header) holds it, and which arm of a branch. Answers "is this value
 * defined inside that loop" and "which loops enclose this node" for the symbolic analyses, in time
 * proportional to the nesting depth.
 */
final class Regions {
  private final Map<Integer, Node> regionOf = new HashMap<>();
  private final Map<Integer, Integer> armOf = new HashMap<>();

  Regions(Function f) {
    walk(f.body(), null, 0);
  }

  private void walk(List<Node> nodes, Node region, int arm) {
    for (Node n : nodes) {
      if (region != null) {
        regionOf.put(n.id(), region);
        armOf.put(n.id(), arm);
      }
      if (n instanceof Node.Loop l) {
        regionOf.put(l.body().index().id(), l);
        armOf.put(l.body().index().id(), 0);
        for (Node.Carried c : l.body().carried()) {
          regionOf.put(c.id(), l);
          armOf.put(c.id(), 0);
        }
        walk(l.body().nodes(), l, 0);
      } else if (n instanceof Node.If b) {
        walk(b.then().nodes(), b, 0);
        walk(b.orElse().nodes(), b, 1);
      }
    }
  }

  /** The loop or branch directly enclosing {@code id}, or null at the top level. */
  Node region(int id) {
    return regionOf.get(id);
  }

  /** The arm of {@link #region} that holds {@code id}: 0 for a then-arm or a loop, 1 for else. */
  int arm(int id) {
    return armOf.getOrDefault(id, 0);
  }

  /** The loops and branches enclosing {@code id}, outermost first. */
  List<Node> enclosing(int id) {
    List<Node> out = new ArrayList<>();
    for (Node r = regionOf.get(id); r != null; r = regionOf.get(r.id())) {
      out.add(0, r);
    }
    return out;
  }

  /** The loops enclosing {@code id}, outermost first. */
  List<Node.Loop> loops(int id) {
    List<Node.Loop> out = new ArrayList<>();
    for (Node r : enclosing(id)) {
      if (r instanceof Node.Loop l) {
        out.add(l);
      }
    }
    return out;
  }

  /** Whether {@code id} is defined inside {@code region} (its blocks or its header). */
  boolean inside(int id, Node region) {
    for (Node r = regionOf.get(id); r != null; r = regionOf.get(r.id())) {
      if (r == region || r.id() == region.id()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code id} is inside a branch arm, at any depth. */
  boolean inBranch(int id) {
    for (Node r = regionOf.get(id); r != null; r = regionOf.get(r.id())) {
      if (r instanceof Node.If) {
        return true;
      }
    }
    return false;
  }
}
