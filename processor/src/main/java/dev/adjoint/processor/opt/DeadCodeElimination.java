package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes everything that cannot affect a result: unused pure nodes and loads, stores into local
 * arrays nobody reads, stores overwritten later in their block before any read, loops with no live
 * result or store, unused loop-carried slots (renumbering the others), and local arrays nobody
 * references.
 *
 * <p>Liveness starts from the scalar results and every store into an output array, and flows
 * backwards through operands; a live node keeps its enclosing loops, a live carried value or loop
 * result keeps its slot (initial value and yield), and a live load keeps every store into a local
 * array it reads. Removing a dead load or integer division can only remove an exception that the
 * original program would have thrown for a bad index or a zero divisor.
 */
public final class DeadCodeElimination {

  private final Rewrite.IdMap<Node> defs;

  /** The loop whose body (or header, for index and carried values) defines each nested id. */
  private final Rewrite.IdMap<Node.Loop> enclosing;

  private final Map<Integer, List<Node.Store>> storesTo = new HashMap<>();
  private final Map<Integer, ArrayDecl> arrays;
  private final Rewrite.IdSet live;
  private final Map<Integer, TreeSet<Integer>> liveSlots = new HashMap<>();
  private final Set<Integer> liveArrays = new HashSet<>();
  private final Deque<Integer> work = new ArrayDeque<>();

  /** Stores whose element is stored again later in the same block before anything reads it. */
  private final Set<Integer> overwritten = new HashSet<>();

  private DeadCodeElimination(Function f) {
    this.arrays = f.arrays();
    this.defs = new Rewrite.IdMap<>(f.nextId());
    this.enclosing = new Rewrite.IdMap<>(f.nextId());
    this.live = new Rewrite.IdSet(f.nextId());
  }

  /**
   * {@code f} without dead code; results and stores into outputs are unchanged bit for bit.
   * Idempotent: running it on its own result changes nothing ({@link Optimizer} relies on it).
   */
  public static Function run(Function f) {
    Function g = once(f);
    // A dead load removed from between two stores of an element leaves the first store overwritten;
    // only another run sees that.
    while (g != f
        && Rewrite.count(g.body(), Node.Load.class) < Rewrite.count(f.body(), Node.Load.class)) {
      f = g;
      g = once(f);
    }
    return g;
  }

  private static Function once(Function f) {
    DeadCodeElimination p = new DeadCodeElimination(f);
    p.findOverwrittenStores(f.body());
    p.index(f.body(), null);
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        p.mark(r.id());
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.OUTPUT) {
        p.markArray(a.id());
      }
    }
    p.propagate();
    List<Node> body = p.block(f.body());
    Set<Integer> referenced = new HashSet<>();
    p.referencedArrays(body, referenced);
    Set<Integer> dropped = new HashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.LOCAL && !referenced.contains(a.id())) {
        dropped.add(a.id());
      }
    }
    return Rewrite.finish(f, body, id -> id, dropped);
  }

  private void index(List<Node> nodes, Node.Loop loop) {
    for (Node n : nodes) {
      defs.put(n.id(), n);
      if (loop != null) {
        enclosing.put(n.id(), loop);
      }
      if (n instanceof Node.Store s && !overwritten.contains(s.id())) {
        storesTo.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s);
      } else if (n instanceof Node.Loop l) {
        defs.put(l.body().index().id(), l.body().index());
        enclosing.put(l.body().index().id(), l);
        for (Node.Carried c : l.body().carried()) {
          defs.put(c.id(), c);
          enclosing.put(c.id(), l);
        }
        index(l.body().nodes(), l);
      }
    }
  }

  /**
   * Scans each block backwards for stores to an element (same array, same index ids, hence the same
   * element within one execution of the block) that a later store in the block overwrites with no
   * load of that array, direct or in a nested loop, in between.
   */
  private void findOverwrittenStores(List<Node> nodes) {
    Map<Integer, Set<List<Integer>>> storedLater = new HashMap<>();
    for (int k = nodes.size() - 1; k >= 0; k--) {
      Node n = nodes.get(k);
      if (n instanceof Node.Store s) {
        if (!storedLater.computeIfAbsent(s.array(), a -> new HashSet<>()).add(s.index())) {
          overwritten.add(s.id());
        }
      } else if (n instanceof Node.Load l) {
        storedLater.remove(l.array());
      } else if (n instanceof Node.Loop l) {
        Rewrite.loadedArrays(l.body().nodes()).forEach(storedLater::remove);
        findOverwrittenStores(l.body().nodes());
      }
    }
  }

  private void mark(int id) {
    if (live.add(id)) {
      work.push(id);
    }
  }

  private void markSlot(Node.Loop l, int slot) {
    if (liveSlots.computeIfAbsent(l.id(), k -> new TreeSet<>()).add(slot)) {
      mark(l.id());
      mark(l.inits().get(slot));
      mark(l.body().yields().get(slot));
    }
  }

  /** An array whose contents matter: output arrays, and local arrays a live load reads. */
  private void markArray(int array) {
    if (liveArrays.add(array) && arrays.get(array).role() != ArrayDecl.Role.INPUT) {
      for (Node.Store s : storesTo.getOrDefault(array, List.of())) {
        mark(s.id());
      }
    }
  }

  private void propagate() {
    while (!work.isEmpty()) {
      Node n = defs.get(work.pop());
      if (n == null) {
        continue;
      }
      Node.Loop loop = enclosing.get(n.id());
      if (loop != null) {
        mark(loop.id());
      }
      if (n instanceof Node.Carried c) {
        markSlot(loop, c.slot());
      } else if (n instanceof Node.LoopResult r) {
        markSlot((Node.Loop) defs.get(r.loop()), r.slot());
      } else if (n instanceof Node.Load l) {
        l.index().forEach(this::mark);
        markArray(l.array());
      } else if (n instanceof Node.Store s) {
        s.index().forEach(this::mark);
        mark(s.value());
      } else if (!(n instanceof Node.Loop)) {
        // A loop's initial values are live only slot by slot (markSlot).
        n.operands().forEach(this::mark);
      }
    }
  }

  private List<Node> block(List<Node> nodes) {
    List<Node> out = new ArrayList<>();
    for (Node n : nodes) {
      if (!live.contains(n.id())) {
        continue;
      }
      if (n instanceof Node.Loop l) {
        out.add(loop(l));
      } else if (n instanceof Node.LoopResult r) {
        int slot = liveSlots.get(r.loop()).headSet(r.slot()).size();
        out.add(slot == r.slot() ? r : new Node.LoopResult(r.id(), r.type(), r.loop(), slot));
      } else {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The loop with only its live slots, renumbered in order, and its live body; {@code l} itself if
   * that is all of it.
   */
  private Node.Loop loop(Node.Loop l) {
    TreeSet<Integer> slots = liveSlots.getOrDefault(l.id(), new TreeSet<>());
    List<Node> nodes = block(l.body().nodes());
    if (slots.size() == l.inits().size()
        && inOrder(l.body().carried())
        && Rewrite.sameNodes(nodes, l.body().nodes())) {
      return l;
    }
    List<Integer> inits = new ArrayList<>();
    List<Node.Carried> carried = new ArrayList<>();
    List<Integer> yields = new ArrayList<>();
    for (int slot : slots) {
      Node.Carried c = l.body().carried().get(slot);
      carried.add(new Node.Carried(c.id(), c.type(), carried.size()));
      inits.add(l.inits().get(slot));
      yields.add(l.body().yields().get(slot));
    }
    Node.LoopBody body =
        new Node.LoopBody(l.body().index(), carried, nodes, yields, l.body().again());
    return new Node.Loop(l.id(), l.trips(), l.descending(), inits, body);
  }

  /** Whether each carried value's slot is its position (as renumbering would make it). */
  private static boolean inOrder(List<Node.Carried> carried) {
    for (int s = 0; s < carried.size(); s++) {
      if (carried.get(s).slot() != s) {
        return false;
      }
    }
    return true;
  }

  private void referencedArrays(List<Node> nodes, Set<Integer> out) {
    for (Node n : nodes) {
      if (n instanceof Node.Load l) {
        out.add(l.array());
      } else if (n instanceof Node.Store s) {
        out.add(s.array());
      } else if (n instanceof Node.Loop l) {
        referencedArrays(l.body().nodes(), out);
      }
    }
  }
}
