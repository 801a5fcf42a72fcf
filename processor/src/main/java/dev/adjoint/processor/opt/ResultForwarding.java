package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.WriteOnce;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a returned local array the output itself: where the program ends by copying a write-once
 * local array {@code l} whole into its output {@code o} ({@code for i: o[i] = l[i]}, one loop per
 * dimension over the common extents), the copy goes and every access to {@code l} becomes one to
 * {@code o}, as the tracer does for a static method. Values are unchanged bit for bit: {@code l} is
 * write-once, so the copy read every element after its one store, and {@code o} now holds exactly
 * those elements from their stores on; nothing else reads or writes {@code o}.
 *
 * <p>A static program's tracer returns such an array directly already; the copy remains for a
 * program of runtime sizes (whose arrays the tracer cannot prove complete) and for arrays that are
 * not write-once, which keep it.
 */
public final class ResultForwarding {
  private ResultForwarding() {}

  /** {@code f} with each qualifying result copy removed; {@code f} itself if there is none. */
  public static Function run(Function f) {
    Map<Integer, Integer> renamed = new LinkedHashMap<>();
    Set<Integer> copies = new HashSet<>();
    Set<Integer> writeOnce = null;
    for (Function.Result r : f.results()) {
      if (!r.isArray()) {
        continue;
      }
      ArrayDecl out = f.array(r.id());
      Node.Loop copy = copyInto(f, out);
      if (copy == null) {
        continue;
      }
      int local = innermost(copy).get(0) instanceof Node.Load l ? l.array() : -1;
      ArrayDecl l = f.array(local);
      if (l.role() != ArrayDecl.Role.LOCAL
          || l.growable()
          || !l.extents().equals(out.extents())
          || renamed.containsKey(local)) {
        continue;
      }
      if (writeOnce == null) {
        writeOnce = WriteOnce.of(f);
      }
      if (writeOnce.contains(local)) {
        renamed.put(local, out.id());
        copies.add(copy.id());
      }
    }
    if (renamed.isEmpty()) {
      return f;
    }
    List<Node> body = rewrite(f.body(), renamed, copies);
    Function g = Rewrite.finish(f, body, id -> id, renamed.keySet());
    List<LibraryCall> calls = new ArrayList<>();
    for (LibraryCall c : f.calls()) {
      calls.add(
          new LibraryCall(
              c.function(),
              renamed.getOrDefault(c.input(), c.input()),
              renamed.getOrDefault(c.output(), c.output())));
    }
    return new Function(
        g.name(), g.params(), g.arrays(), g.body(), g.results(), calls, g.origins(), g.nextId());
  }

  /**
   * The top-level loop nest that is the only access to output {@code out}: one loop per dimension,
   * each running as long as the dimension, whose innermost body loads one array at the loops'
   * indices and stores that value into {@code out} at the same indices; null if there is none.
   */
  private static Node.Loop copyInto(Function f, ArrayDecl out) {
    Node.Loop found = null;
    for (Node n : f.body()) {
      if (!touches(n, out.id())) {
        continue;
      }
      if (found != null || !(n instanceof Node.Loop l)) {
        return null;
      }
      found = l;
    }
    if (found == null) {
      return null;
    }
    List<Integer> indices = new ArrayList<>();
    Node.Loop l = found;
    for (int d = 0; d < out.rank(); d++) {
      if (l.stopsEarly()
          || !l.trips().equals(out.extents().get(d))
          || !l.body().yields().isEmpty()) {
        return null;
      }
      indices.add(l.body().index().id());
      List<Node> nodes = l.body().nodes();
      if (d < out.rank() - 1) {
        if (nodes.size() != 1 || !(nodes.get(0) instanceof Node.Loop inner)) {
          return null;
        }
        l = inner;
      }
    }
    List<Node> nodes = l.body().nodes();
    if (nodes.size() != 2
        || !(nodes.get(0) instanceof Node.Load load)
        || !(nodes.get(1) instanceof Node.Store store)
        || store.array() != out.id()
        || store.value() != load.id()
        || load.array() == out.id()
        || !load.index().equals(indices)
        || !store.index().equals(indices)) {
      return null;
    }
    return found;
  }

  /** The innermost body of a loop nest. */
  private static List<Node> innermost(Node.Loop l) {
    List<Node> nodes = l.body().nodes();
    while (nodes.size() == 1 && nodes.get(0) instanceof Node.Loop inner) {
      nodes = inner.body().nodes();
    }
    return nodes;
  }

  private static boolean touches(Node n, int array) {
    if (n instanceof Node.Load l) {
      return l.array() == array;
    }
    if (n instanceof Node.Store s) {
      return s.array() == array;
    }
    for (List<Node> block : n.blocks()) {
      for (Node inner : block) {
        if (touches(inner, array)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The block without the copies, with accesses to renamed arrays redirected. */
  private static List<Node> rewrite(
      List<Node> nodes, Map<Integer, Integer> renamed, Set<Integer> copies) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      if (copies.contains(n.id())) {
        continue;
      }
      if (n instanceof Node.Load l && renamed.containsKey(l.array())) {
        n = new Node.Load(l.id(), l.type(), renamed.get(l.array()), l.index());
      } else if (n instanceof Node.Store s && renamed.containsKey(s.array())) {
        n = new Node.Store(s.id(), renamed.get(s.array()), s.index(), s.value());
      } else {
        n = Rewrite.regions(n, inner -> rewrite(inner, renamed, copies), id -> id);
      }
      out.add(n);
    }
    return out;
  }
}
