package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the structured statements of {@link BlockWriter}'s blocks. A loop is a {@code for}
 * statement with its carried values as locals updated simultaneously at the end of the body; one
 * that may stop early then tests {@code again} ({@code if (!again) break;}) and, when its trip
 * count is read, counts its iterations in a local. A branch is an {@code if}/{@code else} whose
 * results are locals declared before it and assigned at the end of each arm.
 */
final class RegionWriter {
  private static final String[] INDEX_NAMES = {"i", "j", "k", "l", "m", "n"};

  private final BlockWriter w;
  private final Map<Integer, String[]> carriedNames = new HashMap<>();
  private final Map<Integer, String> tripCounts = new HashMap<>();
  private final Map<Integer, String[]> results = new HashMap<>();

  /** Loops enclosing the statements being written, which pick their index names. */
  private int loops;

  RegionWriter(BlockWriter w) {
    this.w = w;
  }

  /** The local holding slot {@code slot} of {@code loop}'s carried values. */
  String carried(int loop, int slot) {
    return carriedNames.get(loop)[slot];
  }

  /** The local counting {@code loop}'s iterations. */
  String tripCount(int loop) {
    return tripCounts.get(loop);
  }

  /** The local holding result {@code slot} of branch {@code branch}. */
  String result(int branch, int slot) {
    return results.get(branch)[slot];
  }

  void loop(StatementBuffer code, Names names, Node.Loop loop) {
    Analysis an = w.an;
    Node.LoopBody body = loop.body();
    String[] carried = new String[body.carried().size()];
    for (int s = 0; s < carried.length; s++) {
      Node.Carried c = body.carried().get(s);
      carried[s] = names.allocate(carriedName(loop, s), "acc");
      Expr.statement(
          code, w.depth, c.type().javaName(), " ", carried[s], " = ", w.expr(loop.inits().get(s)));
    }
    carriedNames.put(loop.id(), carried);
    Integer tripCount = an.tripCount(loop.id());
    String count = null;
    if (tripCount != null) {
      String origin = w.originName(tripCount);
      count = names.allocate(origin == null ? "iterations" : origin, "iterations");
      Expr.statement(code, w.depth, "int ", count, " = 0");
      tripCounts.put(loop.id(), count);
    }
    Names inner = names.child();
    String i = indexName(inner, w.originName(body.index().id()));
    if (loop.trips() instanceof Extent.Fixed) {
      if (loop.descending()) {
        code.beginControlFlow("for (int $L = $L; $L >= 0; $L--)", i, loop.count() - 1, i, i);
      } else {
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, loop.count(), i);
      }
    } else {
      Expr n = w.expr(loop.trips().node());
      if (loop.descending()) {
        // A negative trip count runs no iteration; n - 1 would wrap around for the smallest int.
        boolean natural = LowerBounds.of(an.nodes, loop.trips().node()) > Integer.MIN_VALUE;
        Expr top = natural ? n : Expr.call("Math.max", List.of(n, Expr.literal("0")));
        Expr start = Expr.binary(top, "-", Expr.ADDITIVE, Expr.literal("1"));
        code.beginControlFlow("for (int $L = $L; $L >= 0; $L--)", i, start.plain(), i, i);
      } else {
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n.plain(), i);
      }
    }
    w.bind(body.index().id(), i);
    for (int s = 0; s < carried.length; s++) {
      w.bind(body.carried().get(s).id(), carried[s]);
    }
    w.depth++;
    loops++;
    w.writeBlock(code, inner, an.body(loop));
    Expr again = null;
    if (body.again() != null) {
      again = w.expr(body.again());
      Set<Integer> overwritten = new HashSet<>();
      for (Node.Carried c : body.carried()) {
        overwritten.add(c.id());
      }
      if (reads(body.again(), overwritten)) {
        // The test reads this iteration's carried values, which the yields overwrite.
        String local = inner.allocate("again", "again");
        Expr.statement(code, w.depth, "boolean ", local, " = ", again);
        again = Expr.atom(local);
      }
    }
    yields(code, inner, body, carried);
    if (count != null) {
      Expr.statement(code, w.depth, count, "++");
    }
    if (again != null) {
      code.beginControlFlow("if ($L)", Expr.prefix("!", again).block());
      code.addStatement("break");
      code.endControlFlow();
    }
    loops--;
    w.depth--;
    code.endControlFlow();
  }

  /** The source name of a loop index, else the first free of i, j, k, ... by nesting depth. */
  private String indexName(Names scope, String origin) {
    if (origin != null) {
      return scope.allocate(origin, "i");
    }
    for (int d = loops; d < loops + INDEX_NAMES.length; d++) {
      String candidate = INDEX_NAMES[d % INDEX_NAMES.length];
      if (!scope.taken(candidate)) {
        return scope.allocate(candidate, candidate);
      }
    }
    return scope.allocate("i", "i");
  }

  private String carriedName(Node.Loop loop, int slot) {
    Integer result = w.an.loopResult(loop.id(), slot);
    String name = result == null ? null : w.originName(result);
    if (name == null) {
      name = w.originName(loop.body().carried().get(slot).id());
    }
    if (name == null) {
      name = w.originName(loop.body().yields().get(slot));
    }
    return name;
  }

  /** Assigns the yields to the carried locals as one simultaneous update. */
  private void yields(StatementBuffer code, Names names, Node.LoopBody body, String[] carried) {
    List<Integer> slots = new ArrayList<>();
    Set<Integer> earlier = new HashSet<>();
    boolean clash = false;
    for (int s = 0; s < carried.length; s++) {
      int y = body.yields().get(s);
      if (y == body.carried().get(s).id()) {
        continue; // unchanged
      }
      clash |= reads(y, earlier);
      earlier.add(body.carried().get(s).id());
      slots.add(s);
    }
    if (!clash) {
      for (int s : slots) {
        Expr.statement(code, w.depth, carried[s], " = ", w.expr(body.yields().get(s)));
      }
      return;
    }
    // A yield reads a carried value assigned before it: compute every yield first.
    String[] next = new String[carried.length];
    for (int s : slots) {
      next[s] = names.allocate(carried[s] + "Next", "next");
      String type = body.carried().get(s).type().javaName();
      Expr.statement(code, w.depth, type, " ", next[s], " = ", w.expr(body.yields().get(s)));
    }
    for (int s : slots) {
      Expr.statement(code, w.depth, carried[s], " = ", next[s]);
    }
  }

  /** True if printing {@code id} mentions one of {@code ids} (directly or through inlining). */
  private boolean reads(int id, Set<Integer> ids) {
    if (ids.contains(id)) {
      return true;
    }
    if (!w.plan.isInlined(id)) {
      return false;
    }
    for (int o : w.an.nodes.get(id).operands()) {
      if (reads(o, ids)) {
        return true;
      }
    }
    return false;
  }

  void branch(StatementBuffer code, Names names, Node.If branch) {
    Analysis an = w.an;
    String[] slots = new String[branch.slots()];
    for (int s = 0; s < slots.length; s++) {
      Integer r = an.ifResult(branch.id(), s);
      if (r != null && an.useCount(r) > 0) {
        String origin = w.originName(r);
        slots[s] = names.allocate(origin == null ? "picked" : origin, "picked");
        Expr.statement(code, w.depth, an.nodes.get(r).type().javaName(), " ", slots[s]);
      }
    }
    results.put(branch.id(), slots);
    boolean thenEmpty = empty(branch.then(), slots);
    boolean elseEmpty = empty(branch.orElse(), slots);
    Expr cond = w.expr(branch.cond());
    if (thenEmpty && elseEmpty) {
      return; // the condition is pure: nothing to do either way
    }
    int first = thenEmpty ? 1 : 0;
    code.beginControlFlow("if ($L)", (thenEmpty ? Expr.prefix("!", cond) : cond).block());
    arm(code, names, branch, first, slots);
    if (!thenEmpty && !elseEmpty) {
      code.nextControlFlow("else");
      arm(code, names, branch, 1, slots);
    }
    code.endControlFlow();
  }

  private void arm(StatementBuffer code, Names names, Node.If branch, int which, String[] slots) {
    Node.Block arm = which == 0 ? branch.then() : branch.orElse();
    Names inner = names.child();
    w.depth++;
    w.writeBlock(code, inner, w.an.arm(branch, which));
    for (int s = 0; s < slots.length; s++) {
      if (slots[s] != null) {
        Expr.statement(code, w.depth, slots[s], " = ", w.expr(arm.yields().get(s)));
      }
    }
    w.depth--;
  }

  /** True if an arm prints nothing: no statements but constants, no result read. */
  private static boolean empty(Node.Block arm, String[] slots) {
    for (String s : slots) {
      if (s != null) {
        return false;
      }
    }
    for (Node n : arm.nodes()) {
      if (!(n instanceof Node.Const)) {
        return false;
      }
    }
    return true;
  }
}
