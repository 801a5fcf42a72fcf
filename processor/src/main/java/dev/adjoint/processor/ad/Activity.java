package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LibraryCall;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activity analysis: the {@code double} values (and arrays) that both depend on an active input and
 * influence a result. Only these get adjoints or tangents, so derivative code is generated for
 * nothing else (no adjoint work for a {@code max} taken on {@code data()}, for instance).
 */
public final class Activity {

  private final Set<Integer> varied;
  private final Set<Integer> useful;

  private Activity(Set<Integer> varied, Set<Integer> useful) {
    this.varied = varied;
    this.useful = useful;
  }

  /** Analyses {@code f}. */
  public static Activity of(Function f) {
    return of(f, List.of());
  }

  /**
   * Analyses {@code f} where the derivatives of these library calls' outputs are taken by the
   * calls' own rules ({@link LibraryRules}): an output then depends on the call's input, not on the
   * values stored into it, so the template's intermediate values get no adjoints.
   */
  static Activity of(Function f, java.util.Collection<LibraryCall> ruled) {
    Map<Integer, List<Integer>> deps = dependencies(f, ruled);
    Set<Integer> seeds = new HashSet<>();
    for (Function.Parameter p : f.params()) {
      if (p.active() && p.type() == ScalarType.F64) {
        seeds.add(p.id());
      }
    }
    // varied: forward reachability along derivative-carrying edges.
    Map<Integer, List<Integer>> users = new HashMap<>();
    for (Map.Entry<Integer, List<Integer>> e : deps.entrySet()) {
      for (int d : e.getValue()) {
        users.computeIfAbsent(d, k -> new ArrayList<>()).add(e.getKey());
      }
    }
    Set<Integer> varied = reach(seeds, users);
    Set<Integer> outputs = new HashSet<>();
    for (Function.Result r : f.results()) {
      outputs.add(r.id());
    }
    Set<Integer> useful = reach(outputs, deps);
    return new Activity(varied, useful);
  }

  private static Set<Integer> reach(Set<Integer> start, Map<Integer, List<Integer>> edges) {
    Set<Integer> seen = new HashSet<>(start);
    Deque<Integer> work = new ArrayDeque<>(start);
    while (!work.isEmpty()) {
      int n = work.pop();
      for (int next : edges.getOrDefault(n, List.of())) {
        if (seen.add(next)) {
          work.push(next);
        }
      }
    }
    return seen;
  }

  /**
   * For each node (and array) id, the ids a derivative can flow from into it. Arrays act as one
   * value: a load depends on the array, the array on every value stored into it (whenever it is
   * stored, so an array that is overwritten depends on every value it ever held). A branch's result
   * depends on what both arms yield in its slot.
   */
  static Map<Integer, List<Integer>> dependencies(
      Function f, java.util.Collection<LibraryCall> ruled) {
    Map<Integer, List<Integer>> deps = new HashMap<>();
    Set<Integer> ruledOutputs = new HashSet<>();
    for (LibraryCall c : ruled) {
      ruledOutputs.add(c.output());
      deps.computeIfAbsent(c.output(), k -> new ArrayList<>()).add(c.input());
    }
    Map<Integer, Node.Loop> loops = new HashMap<>();
    Map<Integer, Node.If> branches = new HashMap<>();
    for (Node n : f.allNodes()) {
      if (n instanceof Node.Loop loop) {
        loops.put(loop.id(), loop);
      } else if (n instanceof Node.If b) {
        branches.put(b.id(), b);
      }
    }
    for (Node n : f.allNodes()) {
      List<Integer> d = new ArrayList<>();
      if (n instanceof Node.Apply a) {
        for (int i = 0; i < a.operands().size(); i++) {
          if (a.op().differentiates(i)) {
            d.add(a.operands().get(i));
          }
        }
      } else if (n instanceof Node.Select s) {
        if (s.type() == ScalarType.F64) {
          d.add(s.ifTrue());
          d.add(s.ifFalse());
        }
      } else if (n instanceof Node.Load l) {
        if (l.type() == ScalarType.F64) {
          d.add(l.array());
        }
      } else if (n instanceof Node.Store s) {
        if (ruledOutputs.contains(s.array())) {
          continue;
        }
        deps.computeIfAbsent(s.array(), k -> new ArrayList<>()).add(s.value());
      } else if (n instanceof Node.Loop loop) {
        for (Node.Carried c : loop.body().carried()) {
          deps.computeIfAbsent(c.id(), k -> new ArrayList<>())
              .addAll(List.of(loop.inits().get(c.slot()), loop.body().yields().get(c.slot())));
        }
      } else if (n instanceof Node.LoopResult r) {
        Node.Loop loop = loops.get(r.loop());
        d.add(loop.body().carried().get(r.slot()).id());
      } else if (n instanceof Node.IfResult r) {
        Node.If b = branches.get(r.ifId());
        d.add(b.then().yields().get(r.slot()));
        d.add(b.orElse().yields().get(r.slot()));
      }
      if (!d.isEmpty()) {
        deps.computeIfAbsent(n.id(), k -> new ArrayList<>()).addAll(d);
      }
    }
    return deps;
  }

  /** True if derivatives flow through this node or array id. */
  public boolean isActive(int id) {
    return varied.contains(id) && useful.contains(id);
  }

  /** True if this id depends on an active input (whether or not it reaches a result). */
  public boolean isVaried(int id) {
    return varied.contains(id);
  }

  /** True for active arrays of {@code f}. */
  public boolean isActiveArray(ArrayDecl a) {
    return isActive(a.id());
  }

  /** True for ops whose derivative rule needs nothing but the incoming adjoint. */
  static boolean isLinear(Op op) {
    return op == Op.ADD || op == Op.SUB || op == Op.NEG;
  }
}
