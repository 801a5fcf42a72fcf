package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
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
 * blocks nest, and where arrays are written. Block 0 is the top level; loop bodies and branch arms
 * are numbered in evaluation order, so a nested block's number is larger than its enclosing one's.
 * A runtime extent counts as a use wherever the generated code reads it: where the array is
 * allocated ({@link Setup}) and, for a flattened workspace, at every access that needs its strides.
 */
final class Analysis {

  /** A position in a block; {@code pos == block size} is the block's end (yields, results). */
  record Site(int block, int pos) {}

  /** Alias class of the caller's arrays, which may share storage with each other. */
  static final int EXTERNAL = -1;

  final Function f;
  final Map<Integer, Node> nodes;

  /** Whether the program is printed with runtime sizes (see {@link Setup}). */
  final boolean dynamic;

  /**
   * Whether the helpers of cut blocks take no parameters (the arrays come from a spill array, the
   * scalars pass like values of an enclosing block): with runtime sizes, or a signature too wide
   * for C2.
   */
  final boolean bareParts;

  /** Allocations and clears of the arrays at top-level positions (none for static programs). */
  final Setup setup;

  final List<List<Node>> blocks = new ArrayList<>();
  private final Map<Integer, Site> defs = new HashMap<>();
  private final Map<Integer, Integer> uses = new HashMap<>();
  private final Map<Integer, Map<Integer, Integer>> loopResults = new HashMap<>();
  private final Map<Integer, Map<Integer, Integer>> ifResults = new HashMap<>();
  private final Map<Integer, Integer> tripCounts = new HashMap<>();
  private final Map<Integer, int[]> arms = new HashMap<>();

  /** Per block: positions that write arrays, with the alias classes written there. */
  private final List<List<int[]>> storeEvents = new ArrayList<>();

  /** Per block: the loop or branch statement holding it (null for the top level). */
  private final List<Site> parents = new ArrayList<>();

  /**
   * Per block: which arm of its branch it is (0 then, 1 else), or -1 for a loop body or the top.
   */
  private final List<Integer> armIndex = new ArrayList<>();

  Analysis(Function f) {
    this(f, false);
  }

  Analysis(Function f, boolean dynamic) {
    this(f, dynamic, dynamic);
  }

  Analysis(Function f, boolean dynamic, boolean bareParts) {
    this.f = f;
    this.nodes = f.nodesById();
    this.dynamic = dynamic;
    this.bareParts = bareParts;
    this.setup = dynamic ? Setup.of(f) : Setup.none();
    block(f.body(), null, -1);
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        use(r.id());
      }
    }
    for (List<Setup.Action> actions : setup.byPosition().values()) {
      for (Setup.Action a : actions) {
        a.uses().forEach(this::use);
      }
    }
  }

  private Set<Integer> block(List<Node> nodes, Site parent, int arm) {
    int b = blocks.size();
    blocks.add(nodes);
    parents.add(parent);
    armIndex.add(arm);
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
        if (loop.trips() instanceof Extent.Dynamic d) {
          use(d.id());
        }
        Node.LoopBody body = loop.body();
        int inner = blocks.size();
        defs.put(body.index().id(), new Site(inner, -1));
        for (Node.Carried c : body.carried()) {
          defs.put(c.id(), new Site(inner, -1));
        }
        written.addAll(block(body.nodes(), here, -1));
        for (int y : body.exits()) {
          use(y);
        }
      } else if (n instanceof Node.If branch) {
        use(branch.cond());
        int[] numbers = new int[2];
        numbers[0] = blocks.size();
        written.addAll(block(branch.then().nodes(), here, 0));
        branch.then().yields().forEach(this::use);
        numbers[1] = blocks.size();
        written.addAll(block(branch.orElse().nodes(), here, 1));
        branch.orElse().yields().forEach(this::use);
        arms.put(branch.id(), numbers);
      } else if (n instanceof Node.LoopResult r) {
        loopResults.computeIfAbsent(r.loop(), k -> new HashMap<>()).put(r.slot(), r.id());
      } else if (n instanceof Node.IfResult r) {
        ifResults.computeIfAbsent(r.ifId(), k -> new HashMap<>()).put(r.slot(), r.id());
      } else if (n instanceof Node.TripCount t) {
        tripCounts.put(t.loop(), t.id());
      } else {
        for (int o : n.operands()) {
          use(o);
        }
        strides(n).forEach(this::use);
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

  /**
   * The runtime extents an access to a flattened workspace reads for its offset: every dimension
   * after the first ({@code i * n + j} needs {@code n}).
   */
  List<Integer> strides(Node n) {
    int array;
    if (n instanceof Node.Load l) {
      array = l.array();
    } else if (n instanceof Node.Store s) {
      array = s.array();
    } else {
      return List.of();
    }
    ArrayDecl a = f.array(array);
    if (a.role() != ArrayDecl.Role.LOCAL) {
      return List.of();
    }
    return Extent.nodes(a.extents().subList(1, a.rank()));
  }

  /** The block number of a loop's body. */
  int body(Node.Loop loop) {
    return defs.get(loop.body().index().id()).block();
  }

  /** The block numbers of a branch's then and else arms. */
  int arm(Node.If branch, int which) {
    return arms.get(branch.id())[which];
  }

  /** The loop or branch whose block is {@code block} (not the top level). */
  Node owner(int block) {
    Site parent = parents.get(block);
    return blocks.get(parent.block()).get(parent.pos());
  }

  /** The loop whose body is block {@code block} (not the top level, not a branch arm). */
  Node.Loop loopOf(int block) {
    return (Node.Loop) owner(block);
  }

  /** The ids read at the end of block {@code block}: yields (and a loop's {@code again}). */
  List<Integer> endUses(int block) {
    if (block == 0) {
      List<Integer> ids = new ArrayList<>();
      for (Function.Result r : f.results()) {
        if (!r.isArray()) {
          ids.add(r.id());
        }
      }
      return ids;
    }
    Node owner = owner(block);
    if (owner instanceof Node.Loop loop) {
      return loop.body().exits();
    }
    Node.If branch = (Node.If) owner;
    return armIndex.get(block) == 0 ? branch.then().yields() : branch.orElse().yields();
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

  /**
   * Every id the statement at {@code pos} of {@code block} reads where the generated code prints
   * it, including inside its loop bodies and arms (operands, trip counts, inits, yields, strides)
   * and, at the top level, the extents of the arrays {@link Setup} allocates just before it.
   */
  List<Integer> usesAt(int block, int pos) {
    List<Integer> out = new ArrayList<>();
    if (block == 0) {
      for (Setup.Action a : setup.at(pos)) {
        out.addAll(a.uses());
      }
    }
    collectUses(blocks.get(block).get(pos), out);
    return out;
  }

  private void collectUses(Node n, List<Integer> out) {
    if (n instanceof Node.Loop loop) {
      out.addAll(loop.inits());
      if (loop.trips() instanceof Extent.Dynamic d) {
        out.add(d.id());
      }
      for (Node inner : loop.body().nodes()) {
        collectUses(inner, out);
      }
      out.addAll(loop.body().exits());
    } else if (n instanceof Node.If branch) {
      out.add(branch.cond());
      for (Node.Block arm : List.of(branch.then(), branch.orElse())) {
        for (Node inner : arm.nodes()) {
          collectUses(inner, out);
        }
        out.addAll(arm.yields());
      }
    } else if (!(n instanceof Node.LoopResult
        || n instanceof Node.IfResult
        || n instanceof Node.TripCount)) {
      out.addAll(n.operands());
      out.addAll(strides(n));
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

  /** The id of the result of {@code branch}'s slot, or null if none reads it. */
  Integer ifResult(int branch, int slot) {
    Map<Integer, Integer> m = ifResults.get(branch);
    return m == null ? null : m.get(slot);
  }

  /** The {@link Node.TripCount} of {@code loop}, or null if none reads it. */
  Integer tripCount(int loop) {
    return tripCounts.get(loop);
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
