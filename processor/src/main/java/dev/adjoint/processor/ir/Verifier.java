package dev.adjoint.processor.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a {@link Function} is well formed: ids unique, every operand defined before its use
 * in the same or an enclosing block, operands typed as their node requires, array accesses of the
 * right rank with every runtime extent of the array defined at the top level before them, no stores
 * into input arrays, and results naming top-level scalars or output arrays. Throws {@link
 * IllegalStateException} naming the function, the offending node and the rule.
 */
public final class Verifier {

  private static final int TOP = -1;

  private final Function f;

  /**
   * Where each node id is defined: the loop or branch whose block holds it, or {@link #TOP} for
   * none.
   */
  private final Map<Integer, Integer> owner = new HashMap<>();

  /** Ids visible at the current point: one set per open block, innermost last. */
  private final Deque<Set<Integer>> scopes = new ArrayDeque<>();

  /** Ids of the branches. */
  private final Set<Integer> branches = new HashSet<>();

  /** Types of every value defined so far. */
  private final Map<Integer, ScalarType> types = new HashMap<>();

  /** The loops and branches whose blocks are being checked, outermost first. */
  private final Deque<Integer> openLoops = new ArrayDeque<>();

  /** Loops already closed in each open block, with their carried types by slot. */
  private final Deque<Map<Integer, List<Node.Carried>>> closedLoops = new ArrayDeque<>();

  /** Branches already closed in each open block, with their result types by slot. */
  private final Deque<Map<Integer, List<ScalarType>>> closedIfs = new ArrayDeque<>();

  private static final boolean ENABLED =
      Boolean.getBoolean("adjoint.verify") || Verifier.class.desiredAssertionStatus();

  private Verifier(Function f) {
    this.f = f;
  }

  /**
   * Whether the optimizer checks every program it takes and returns ({@link #verifyIfEnabled}):
   * when the system property {@code adjoint.verify} is {@code true} or Java assertions are enabled
   * for this class ({@code -ea}, as in the processor's tests). A build runs without the checks
   * (eight per method, about a tenth of the optimizer's time); the passes are tested with them on.
   */
  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * {@link #verify}{@code (f)} if checks are {@linkplain #enabled() enabled}; returns {@code f}.
   */
  public static Function verifyIfEnabled(Function f) {
    return ENABLED ? verify(f) : f;
  }

  /** Checks {@code f} and returns it; throws {@link IllegalStateException} if it is malformed. */
  public static Function verify(Function f) {
    Verifier v = new Verifier(f);
    v.ids();
    v.params();
    v.openScope();
    for (Node n : f.body()) {
      v.node(n, true);
    }
    v.results();
    return f;
  }

  /** Every id is defined once, arrays included, and below {@code nextId}. */
  private void ids() {
    Set<Integer> seen = new HashSet<>();
    for (Map.Entry<Integer, ArrayDecl> e : f.arrays().entrySet()) {
      ArrayDecl a = e.getValue();
      if (e.getKey() != a.id()) {
        fail(
            "array "
                + a.name()
                + " is registered under id "
                + e.getKey()
                + " but has id "
                + a.id());
      }
      define(seen, a.id(), "array " + a.name());
      for (Extent d : a.extents()) {
        if (d instanceof Extent.Fixed fx && fx.size() < 0) {
          fail("array " + a.name() + " has a negative dimension " + a.extents());
        }
      }
      if (a.elem() == ScalarType.VOID) {
        fail("array " + a.name() + " has void elements");
      }
    }
    collectOwners(f.body(), TOP, seen);
    Map<Integer, Node> top = new HashMap<>();
    for (Node n : f.body()) {
      top.put(n.id(), n);
    }
    for (ArrayDecl a : f.arrays().values()) {
      for (int axis = 0; axis < a.rank(); axis++) {
        if (!(a.extents().get(axis) instanceof Extent.Dynamic d)) {
          continue;
        }
        Node n = top.get(d.id());
        if (n == null) {
          fail("array " + a.name() + " has extent %" + d.id() + ", not a top-level value");
        }
        if (n.type() != ScalarType.I32) {
          fail("array " + a.name() + " has extent %" + d.id() + " of type " + n.type());
        }
        if (a.role() == ArrayDecl.Role.INPUT
            && !(n instanceof Node.Length len && len.array() == a.id() && len.axis() == axis)) {
          fail("input array " + a.name() + " has extent %" + d.id() + ", not its own length");
        }
      }
    }
  }

  private void collectOwners(List<Node> nodes, int loop, Set<Integer> seen) {
    for (Node n : nodes) {
      define(seen, n.id(), describe(n));
      owner.put(n.id(), loop);
      if (n instanceof Node.Loop l) {
        define(seen, l.body().index().id(), "index of loop %" + l.id());
        owner.put(l.body().index().id(), l.id());
        for (Node.Carried c : l.body().carried()) {
          define(seen, c.id(), "carried value of loop %" + l.id());
          owner.put(c.id(), l.id());
        }
        collectOwners(l.body().nodes(), l.id(), seen);
      } else if (n instanceof Node.If b) {
        branches.add(b.id());
        collectOwners(b.then().nodes(), b.id(), seen);
        collectOwners(b.orElse().nodes(), b.id(), seen);
      }
    }
  }

  private void define(Set<Integer> seen, int id, String what) {
    if (!seen.add(id)) {
      fail("id %" + id + " is defined more than once (again by " + what + ")");
    }
    if (id >= f.nextId() || id < 0) {
      fail("id %" + id + " (" + what + ") is outside [0, nextId=" + f.nextId() + ")");
    }
  }

  private void params() {
    Set<Integer> arrayParams = new HashSet<>();
    for (int i = 0; i < f.params().size(); i++) {
      Function.Parameter p = f.params().get(i);
      if (p.isArray()) {
        ArrayDecl a = f.arrays().get(p.id());
        if (a == null) {
          fail("array parameter " + p.name() + " names no array (id " + p.id() + ")");
        }
        if (a.role() != ArrayDecl.Role.INPUT) {
          fail("array parameter " + p.name() + " is declared " + a.role() + ", not INPUT");
        }
        if (!a.extents().equals(p.extents()) || a.elem() != p.type()) {
          fail("array parameter " + p.name() + " disagrees with its declaration");
        }
        arrayParams.add(p.id());
      } else if (p.type() == ScalarType.VOID) {
        fail("parameter " + p.name() + " has type void");
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.INPUT && !arrayParams.contains(a.id())) {
        fail("input array " + a.name() + " is not a parameter, so nothing fills it");
      }
    }
  }

  private void openScope() {
    scopes.addLast(new HashSet<>());
    closedLoops.addLast(new HashMap<>());
    closedIfs.addLast(new HashMap<>());
  }

  private void closeScope() {
    scopes.removeLast();
    closedLoops.removeLast();
    closedIfs.removeLast();
  }

  private void node(Node n, boolean top) {
    if (n instanceof Node.Const c) {
      constant(c);
    } else if (n instanceof Node.Input in) {
      input(in, top);
    } else if (n instanceof Node.Apply a) {
      ScalarType first = use(n, a.operands().get(0));
      for (int i = 0; i < a.operands().size(); i++) {
        int o = a.operands().get(i);
        ScalarType t = use(n, o);
        ScalarType want = a.op().operandType(i);
        boolean ok =
            want == null ? t == first && (t == ScalarType.F64 || t == ScalarType.I32) : t == want;
        if (!ok) {
          failAt(n, "operand %" + o + " has type " + t + ", which " + a.op() + " does not take");
        }
      }
    } else if (n instanceof Node.Select s) {
      expect(n, s.cond(), ScalarType.BOOL, "condition");
      expect(n, s.ifTrue(), s.type(), "true arm");
      expect(n, s.ifFalse(), s.type(), "false arm");
      if (s.type() == ScalarType.VOID) {
        failAt(n, "select of void");
      }
    } else if (n instanceof Node.Load l) {
      ArrayDecl a = access(n, l.array(), l.index());
      if (l.type() != a.elem()) {
        failAt(n, "loads a " + l.type() + " from an array of " + a.elem());
      }
    } else if (n instanceof Node.Store s) {
      ArrayDecl a = access(n, s.array(), s.index());
      if (a.role() == ArrayDecl.Role.INPUT) {
        failAt(n, "stores into input array " + a.name());
      }
      expect(n, s.value(), a.elem(), "stored value");
    } else if (n instanceof Node.Loop loop) {
      loop(loop);
    } else if (n instanceof Node.If b) {
      branch(b);
    } else if (n instanceof Node.IfResult r) {
      List<ScalarType> slots = closedIfs.getLast().get(r.ifId());
      if (slots == null) {
        failAt(n, "refers to %" + r.ifId() + ", which is not a branch earlier in the same block");
      }
      if (r.slot() < 0 || r.slot() >= slots.size()) {
        failAt(n, "reads slot " + r.slot() + " of a branch with " + slots.size() + " slots");
      }
      if (slots.get(r.slot()) != r.type()) {
        failAt(n, "has type " + r.type() + " but slot " + r.slot() + " is " + slots.get(r.slot()));
      }
    } else if (n instanceof Node.TripCount t) {
      if (!closedLoops.getLast().containsKey(t.loop())) {
        failAt(n, "refers to %" + t.loop() + ", which is not a loop earlier in the same block");
      }
    } else if (n instanceof Node.Length len) {
      if (!top) {
        failAt(n, "lengths of parameters belong to the top level");
      }
      ArrayDecl a = f.arrays().get(len.array());
      if (a == null || a.role() != ArrayDecl.Role.INPUT) {
        failAt(n, "is the length of %" + len.array() + ", which is not an input array");
      }
      if (len.axis() < 0 || len.axis() >= a.rank()) {
        failAt(n, "names dimension " + len.axis() + " of an array of rank " + a.rank());
      }
    } else if (n instanceof Node.Check c) {
      expect(n, c.cond(), ScalarType.BOOL, "condition");
      for (int arg : c.args()) {
        expect(n, arg, ScalarType.I32, "message argument");
      }
    } else if (n instanceof Node.LoopResult r) {
      List<Node.Carried> carried = closedLoops.getLast().get(r.loop());
      if (carried == null) {
        failAt(n, "refers to %" + r.loop() + ", which is not a loop earlier in the same block");
      }
      if (r.slot() < 0 || r.slot() >= carried.size()) {
        failAt(n, "reads slot " + r.slot() + " of a loop with " + carried.size() + " slots");
      }
      if (carried.get(r.slot()).type() != r.type()) {
        failAt(
            n,
            "has type "
                + r.type()
                + " but slot "
                + r.slot()
                + " carries a "
                + carried.get(r.slot()).type());
      }
    } else {
      failAt(n, "index and carried nodes belong to their loop's header, not to a block");
    }
    if (n.type() == ScalarType.VOID
        && !(n instanceof Node.Store
            || n instanceof Node.Loop
            || n instanceof Node.If
            || n instanceof Node.Check)) {
      failAt(n, "defines a void value");
    }
    visible(n.id(), n.type());
  }

  private void constant(Node.Const c) {
    double v = c.value();
    boolean ok =
        switch (c.type()) {
          case F64 -> true;
          case I32 -> v == (int) v && Double.doubleToRawLongBits(v) != Long.MIN_VALUE;
          case BOOL -> Double.doubleToRawLongBits(v) == 0 || v == 1;
          case VOID -> false;
        };
    if (!ok) {
      failAt(c, "is not a valid " + c.type() + " constant");
    }
  }

  private void input(Node.Input in, boolean top) {
    if (!top) {
      failAt(in, "inputs belong to the top level");
    }
    if (in.param() < 0 || in.param() >= f.params().size()) {
      failAt(in, "names parameter " + in.param() + " of " + f.params().size());
    }
    Function.Parameter p = f.params().get(in.param());
    if (p.isArray() || p.id() != in.id() || p.type() != in.type()) {
      failAt(in, "does not match parameter " + p.name());
    }
  }

  private void loop(Node.Loop loop) {
    if (loop.trips() instanceof Extent.Fixed fx && fx.size() < 0) {
      failAt(loop, "has a negative trip count");
    }
    if (loop.trips() instanceof Extent.Dynamic d) {
      expect(loop, d.id(), ScalarType.I32, "trip count");
    }
    Node.LoopBody body = loop.body();
    for (int s = 0; s < loop.inits().size(); s++) {
      Node.Carried c = body.carried().get(s);
      if (c.slot() != s) {
        failAt(
            loop, "carried value %" + c.id() + " says slot " + c.slot() + " but is in slot " + s);
      }
      expect(loop, loop.inits().get(s), c.type(), "initial value of slot " + s);
    }
    // The index and carried values are visible to the whole body, so they open its scope.
    openLoops.addLast(loop.id());
    openScope();
    visible(body.index().id(), ScalarType.I32);
    for (Node.Carried c : body.carried()) {
      visible(c.id(), c.type());
    }
    for (Node n : body.nodes()) {
      node(n, false);
    }
    for (int s = 0; s < body.yields().size(); s++) {
      expect(loop, body.yields().get(s), body.carried().get(s).type(), "yield of slot " + s);
    }
    if (body.again() != null) {
      expect(loop, body.again(), ScalarType.BOOL, "again");
    }
    closeScope();
    openLoops.removeLast();
    closedLoops.getLast().put(loop.id(), body.carried());
  }

  private void branch(Node.If b) {
    expect(b, b.cond(), ScalarType.BOOL, "condition");
    List<ScalarType> slots = null;
    for (Node.Block arm : List.of(b.then(), b.orElse())) {
      openLoops.addLast(b.id());
      openScope();
      for (Node n : arm.nodes()) {
        node(n, false);
      }
      List<ScalarType> types = new java.util.ArrayList<>();
      for (int y : arm.yields()) {
        types.add(use(b, y));
      }
      closeScope();
      openLoops.removeLast();
      if (slots == null) {
        slots = types;
      } else if (!slots.equals(types)) {
        failAt(b, "arms yield different types: " + slots + " and " + types);
      }
    }
    closedIfs.getLast().put(b.id(), slots);
  }

  private ArrayDecl access(Node n, int array, List<Integer> index) {
    ArrayDecl a = f.arrays().get(array);
    if (a == null) {
      failAt(n, "accesses %" + array + ", which is not an array");
    }
    if (index.size() != a.rank()) {
      failAt(
          n, "indexes " + a.name() + " (rank " + a.rank() + ") with " + index.size() + " indices");
    }
    for (int i : index) {
      expect(n, i, ScalarType.I32, "index");
    }
    for (Extent e : a.extents()) {
      if (e instanceof Extent.Dynamic d) {
        expect(n, d.id(), ScalarType.I32, "extent of " + a.name());
      }
    }
    return a;
  }

  private void expect(Node n, int id, ScalarType want, String role) {
    ScalarType t = use(n, id);
    if (t != want) {
      failAt(n, role + " %" + id + " has type " + t + ", expected " + want);
    }
  }

  /** The type of operand {@code id} of {@code n}, which must be visible here. */
  private ScalarType use(Node n, int id) {
    for (Set<Integer> scope : scopes) {
      if (scope.contains(id)) {
        return types.get(id);
      }
    }
    String why;
    if (f.arrays().containsKey(id)) {
      why = "is an array, not a value";
    } else if (!owner.containsKey(id)) {
      why = "is never defined";
    } else if (owner.get(id) != TOP && !openLoops.contains(owner.get(id))) {
      String block = branches.contains(owner.get(id)) ? "branch %" : "loop %";
      why = "is defined inside " + block + owner.get(id) + " and is not visible here";
    } else {
      why = "is used before it is defined";
    }
    failAt(n, "operand %" + id + " " + why);
    return null;
  }

  private void visible(int id, ScalarType type) {
    scopes.getLast().add(id);
    types.put(id, type);
  }

  private void results() {
    Map<Integer, Node> nodes = new HashMap<>();
    for (Node n : f.body()) {
      nodes.put(n.id(), n);
    }
    for (Function.Parameter p : f.params()) {
      if (!p.isArray() && !(nodes.get(p.id()) instanceof Node.Input)) {
        fail("scalar parameter " + p.name() + " has no top-level input node %" + p.id());
      }
    }
    for (Function.Result r : f.results()) {
      if (r.isArray()) {
        ArrayDecl a = f.arrays().get(r.id());
        if (a == null || a.role() != ArrayDecl.Role.OUTPUT) {
          fail("result " + r.name() + " names %" + r.id() + ", which is not an output array");
        }
        if (!a.extents().equals(r.extents())) {
          fail(
              "result "
                  + r.name()
                  + " has shape "
                  + r.extents()
                  + " but "
                  + a.name()
                  + " is "
                  + a.extents());
        }
      } else {
        Node n = nodes.get(r.id());
        if (n == null) {
          fail("result " + r.name() + " names %" + r.id() + ", which is not a top-level value");
        }
        if (n.type() == ScalarType.VOID) {
          fail("result " + r.name() + " names %" + r.id() + ", which has no value");
        }
      }
    }
  }

  private static String describe(Node n) {
    return n.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " %" + n.id();
  }

  private void failAt(Node n, String message) {
    String text =
        n instanceof Node.Loop || n instanceof Node.If
            ? n.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " %" + n.id()
            : Printer.node(f, n);
    fail("`" + text + "` " + message);
  }

  private void fail(String message) {
    throw new IllegalStateException("malformed IR in " + f.name() + ": " + message);
  }
}
