package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts about one function that printing needs: where each id is defined and used, how often, how
 * blocks nest, and where arrays are written. Block 0 is the top level; loop bodies are numbered in
 * evaluation order, so a body's number is larger than its enclosing block's.
 */
final class Analysis {

  /** A position in a block; {@code pos == block size} is the block's end (yields, results). */
  record Site(int block, int pos) {}

  /** Alias class of the caller's arrays, which may share storage with each other. */
  static final int EXTERNAL = -1;

  final Function f;
  final Map<Integer, Node> nodes;
  final List<List<Node>> blocks = new ArrayList<>();
  private final Map<Integer, Site> defs = new HashMap<>();
  private final Map<Integer, Integer> uses = new HashMap<>();
  private final Map<Integer, Set<Integer>> loopStores = new HashMap<>();
  private final Map<Integer, Map<Integer, Integer>> loopResults = new HashMap<>();

  /** Per block: positions that write arrays, with the alias classes written there. */
  private final List<List<int[]>> storeEvents = new ArrayList<>();

  /** Per block: the loop statement whose body it is (null for the top level). */
  private final List<Site> parents = new ArrayList<>();

  Analysis(Function f) {
    this.f = f;
    this.nodes = f.nodesById();
    block(f.body(), null);
    int end = f.body().size();
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        use(r.id());
      }
    }
  }

  private Set<Integer> block(List<Node> nodes, Site parent) {
    int b = blocks.size();
    blocks.add(nodes);
    parents.add(parent);
    List<int[]> events = new ArrayList<>();
    storeEvents.add(events);
    Set<Integer> stored = new HashSet<>();
    for (int pos = 0; pos < nodes.size(); pos++) {
      Node n = nodes.get(pos);
      Site here = new Site(b, pos);
      defs.put(n.id(), here);
      Set<Integer> written = new HashSet<>();
      if (n instanceof Node.Loop loop) {
        for (int init : loop.inits()) {
          use(init);
        }
        Node.LoopBody body = loop.body();
        int inner = blocks.size();
        defs.put(body.index().id(), new Site(inner, -1));
        for (Node.Carried c : body.carried()) {
          defs.put(c.id(), new Site(inner, -1));
        }
        written.addAll(block(body.nodes(), here));
        for (int y : body.yields()) {
          use(y);
        }
        loopStores.put(loop.id(), written);
      } else if (n instanceof Node.LoopResult r) {
        loopResults.computeIfAbsent(r.loop(), k -> new HashMap<>()).put(r.slot(), r.id());
      } else {
        for (int o : n.operands()) {
          use(o);
        }
        if (n instanceof Node.Store s) {
          written.add(aliasClass(s.array()));
        }
      }
      if (!written.isEmpty()) {
        int[] event = new int[written.size() + 1];
        event[0] = pos;
        int k = 1;
        for (int w : written) {
          event[k++] = w;
        }
        events.add(event);
        stored.addAll(written);
      }
    }
    return stored;
  }

  private void use(int id) {
    uses.merge(id, 1, Integer::sum);
  }

  /** The block number of a loop's body. */
  int body(Node.Loop loop) {
    return defs.get(loop.body().index().id()).block();
  }

  /** The loop whose body is block {@code block} (not the top level). */
  Node.Loop loopOf(int block) {
    Site parent = parents.get(block);
    return (Node.Loop) blocks.get(parent.block()).get(parent.pos());
  }

  /** True if {@code block} is {@code ancestor} or nested in it. */
  boolean within(int block, int ancestor) {
    for (int b = block; ; b = parents.get(b).block()) {
      if (b == ancestor) {
        return true;
      }
      if (parents.get(b) == null) {
        return false;
      }
    }
  }

  /** Every id a statement reads, including inside its loop bodies (operands, inits, yields). */
  static List<Integer> usesIn(Node n) {
    List<Integer> out = new ArrayList<>();
    collectUses(n, out);
    return out;
  }

  private static void collectUses(Node n, List<Integer> out) {
    if (n instanceof Node.Loop loop) {
      out.addAll(loop.inits());
      for (Node inner : loop.body().nodes()) {
        collectUses(inner, out);
      }
      out.addAll(loop.body().yields());
    } else if (!(n instanceof Node.LoopResult)) {
      out.addAll(n.operands());
    }
  }

  /** Which arrays may share storage: each workspace array alone, the caller's arrays together. */
  int aliasClass(int array) {
    return f.array(array).role() == ArrayDecl.Role.LOCAL ? array : EXTERNAL;
  }

  /** Where {@code id} is defined (loop indices and carried values at position -1 of the body). */
  Site def(int id) {
    return defs.get(id);
  }

  /** Number of uses of {@code id} (operands, loop inits, yields and scalar results). */
  int useCount(int id) {
    return uses.getOrDefault(id, 0);
  }

  /** The id of the result of {@code loop}'s carried slot, or null if none reads it. */
  Integer loopResult(int loop, int slot) {
    Map<Integer, Integer> m = loopResults.get(loop);
    return m == null ? null : m.get(slot);
  }

  /**
   * True if some statement strictly between {@code from} and {@code to} of {@code block} writes an
   * array of one of the alias classes {@code classes}.
   */
  boolean storesBetween(int block, int from, int to, Set<Integer> classes) {
    if (classes.isEmpty()) {
      return false;
    }
    List<int[]> events = storeEvents.get(block);
    int lo = 0;
    int hi = events.size();
    while (lo < hi) { // first event after `from`
      int mid = (lo + hi) >>> 1;
      if (events.get(mid)[0] <= from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < events.size() && events.get(i)[0] < to; i++) {
      int[] e = events.get(i);
      for (int k = 1; k < e.length; k++) {
        if (classes.contains(e[k])) {
          return true;
        }
      }
    }
    return false;
  }
}
