package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
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
 * arrays nobody reads, stores overwritten later in their block before any read, loops and branches
 * with no live result or effect, unused loop-carried and branch result slots (renumbering the
 * others), and local arrays nobody references.
 *
 * <p>Liveness starts from the scalar results, every store into an output array, every check, every
 * operation that may throw (an integer division by a runtime value, a {@code CHECK_INDEX} not
 * provably in range: its exception is the program's behaviour) and the runtime extents of every
 * parameter and output array; it flows backwards through operands. A live node keeps its enclosing
 * loops and branches; a live loop keeps its trip count and {@code again}, a live branch its
 * condition; a live carried value or loop result keeps its slot (initial value and yield), a live
 * branch result its slot's yields; a live load keeps every store into a local array it reads, and
 * that array's extents. Removing a dead load can only remove an exception that the original program
 * would have thrown for a bad index.
 */
public final class DeadCodeElimination {

  private final Ids.IdMap<Node> defs;

  /** The loop or branch whose block (or header, for index and carried values) defines an id. */
  private final Ids.IdMap<Node> enclosing;

  private final Map<Integer, List<Node.Store>> storesTo = new HashMap<>();
  private final Map<Integer, ArrayDecl> arrays;
  private final Ids.IdSet live;
  private final Map<Integer, TreeSet<Integer>> liveSlots = new HashMap<>();
  private final Set<Integer> liveArrays = new HashSet<>();
  private final Deque<Integer> work = new ArrayDeque<>();

  /** Stores whose element is stored again later in the same block before anything reads it. */
  private final Set<Integer> overwritten = new HashSet<>();

  private DeadCodeElimination(Function f) {
    this.arrays = f.arrays();
    this.defs = new Ids.IdMap<>(f.nextId());
    this.enclosing = new Ids.IdMap<>(f.nextId());
    this.live = new Ids.IdSet(f.nextId());
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
        && Blocks.count(g.body(), Node.Load.class) < Blocks.count(f.body(), Node.Load.class)) {
      f = g;
      g = once(f);
    }
    return g;
  }

  private static Function once(Function f) {
    DeadCodeElimination p = new DeadCodeElimination(f);
    p.index(f.body(), null);
    p.findOverwrittenStores(f.body());
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Store s && !p.overwritten.contains(s.id())) {
        p.storesTo.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s);
      }
    }
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        p.mark(r.id());
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.LOCAL) {
        p.markArray(a.id());
      }
    }
    p.propagate();
    List<Node> body = p.block(f.body());
    Set<Integer> referenced = new HashSet<>();
    referencedArrays(body, referenced);
    Set<Integer> dropped = new HashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.LOCAL && !referenced.contains(a.id())) {
        dropped.add(a.id());
      }
    }
    return Rewrite.finish(f, body, id -> id, dropped);
  }

  private void index(List<Node> nodes, Node region) {
    for (Node n : nodes) {
      defs.put(n.id(), n);
      if (region != null) {
        enclosing.put(n.id(), region);
      }
      if (Blocks.mayThrow(n, defs::get)) {
        // Operands come first, so defs holds them by now.
        mark(n.id());
      } else if (n instanceof Node.Loop l) {
        defs.put(l.body().index().id(), l.body().index());
        enclosing.put(l.body().index().id(), l);
        for (Node.Carried c : l.body().carried()) {
          defs.put(c.id(), c);
          enclosing.put(c.id(), l);
        }
      }
      for (List<Node> inner : n.blocks()) {
        index(inner, n);
      }
    }
  }

  /**
   * Scans each block backwards for stores to an element (same array, same index ids, hence the same
   * element within one execution of the block) that a later store in the block overwrites with no
   * load of that array, direct or in a nested block, in between, nor, for a caller's array,
   * anything that may throw (the caller would see the first value).
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
      }
      for (List<Node> inner : n.blocks()) {
        Blocks.loadedArrays(inner).forEach(storedLater::remove);
        findOverwrittenStores(inner);
      }
      if (Blocks.any(List.of(n), x -> Blocks.mayThrow(x, defs::get))) {
        // If it throws, the caller's arrays keep what was stored before it.
        storedLater.keySet().removeIf(a -> arrays.get(a).role() != ArrayDecl.Role.LOCAL);
      }
    }
  }

  private void mark(int id) {
    if (live.add(id)) {
      work.push(id);
    }
  }

  /**
   * Keeps slot {@code slot} of loop or branch {@code n}: what enters it and what each block yields.
   */
  private void markSlot(Node n, int slot) {
    if (liveSlots.computeIfAbsent(n.id(), k -> new TreeSet<>()).add(slot)) {
      mark(n.id());
      if (n instanceof Node.Loop l) {
        mark(l.inits().get(slot));
        mark(l.body().yields().get(slot));
      } else {
        Node.If b = (Node.If) n;
        mark(b.then().yields().get(slot));
        mark(b.orElse().yields().get(slot));
      }
    }
  }

  /** An array whose contents matter: its extents, and every store into it if it is not an input. */
  private void markArray(int array) {
    ArrayDecl a = arrays.get(array);
    if (liveArrays.add(array)) {
      Extent.nodes(a.extents()).forEach(this::mark);
      if (a.role() != ArrayDecl.Role.INPUT) {
        for (Node.Store s : storesTo.getOrDefault(array, List.of())) {
          mark(s.id());
        }
      }
    }
  }

  private void propagate() {
    while (!work.isEmpty()) {
      Node n = defs.get(work.pop());
      if (n == null) {
        continue;
      }
      Node region = enclosing.get(n.id());
      if (region != null) {
        mark(region.id());
      }
      if (n instanceof Node.Carried c) {
        markSlot(region, c.slot());
      } else if (n instanceof Node.LoopResult r) {
        markSlot(defs.get(r.loop()), r.slot());
      } else if (n instanceof Node.IfResult r) {
        markSlot(defs.get(r.ifId()), r.slot());
      } else if (n instanceof Node.Load l) {
        l.index().forEach(this::mark);
        markArray(l.array());
      } else if (n instanceof Node.Store s) {
        s.index().forEach(this::mark);
        mark(s.value());
      } else if (n instanceof Node.Loop l) {
        // Initial values are live only slot by slot (markSlot); how long it runs always matters.
        Extent.nodes(List.of(l.trips())).forEach(this::mark);
        if (l.body().again() != null) {
          mark(l.body().again());
        }
      } else {
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
      } else if (n instanceof Node.If b) {
        out.add(branch(b));
      } else if (n instanceof Node.LoopResult r) {
        int slot = renumbered(r.loop(), r.slot());
        out.add(slot == r.slot() ? r : new Node.LoopResult(r.id(), r.type(), r.loop(), slot));
      } else if (n instanceof Node.IfResult r) {
        int slot = renumbered(r.ifId(), r.slot());
        out.add(slot == r.slot() ? r : new Node.IfResult(r.id(), r.type(), r.ifId(), slot));
      } else {
        out.add(n);
      }
    }
    return out;
  }

  /** The position of live slot {@code slot} among the live slots of {@code region}. */
  private int renumbered(int region, int slot) {
    return liveSlots.get(region).headSet(slot).size();
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
        && Blocks.sameNodes(nodes, l.body().nodes())) {
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

  /** The branch with only its live slots, renumbered in order, and its live arms. */
  private Node.If branch(Node.If b) {
    TreeSet<Integer> slots = liveSlots.getOrDefault(b.id(), new TreeSet<>());
    List<Node> then = block(b.then().nodes());
    List<Node> orElse = block(b.orElse().nodes());
    if (slots.size() == b.slots()) {
      return Rewrite.withArms(b, then, orElse, id -> id);
    }
    List<Integer> thenYields = new ArrayList<>();
    List<Integer> elseYields = new ArrayList<>();
    for (int slot : slots) {
      thenYields.add(b.then().yields().get(slot));
      elseYields.add(b.orElse().yields().get(slot));
    }
    return new Node.If(
        b.id(), b.cond(), new Node.Block(then, thenYields), new Node.Block(orElse, elseYields));
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

  private static void referencedArrays(List<Node> nodes, Set<Integer> out) {
    for (Node n : nodes) {
      if (n instanceof Node.Load l) {
        out.add(l.array());
      } else if (n instanceof Node.Store s) {
        out.add(s.array());
      }
      for (List<Node> inner : n.blocks()) {
        referencedArrays(inner, out);
      }
    }
  }
}
