package dev.adjoint.processor.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Function} on concrete numbers, evaluating every operation as the emitted Java does.
 * The reference for testing passes without javac: an optimized or differentiated program must
 * compute what this says the original computes.
 */
public final class Interpreter {

  private final Function f;
  private final Map<Integer, Double> values = new HashMap<>();
  private final Map<Integer, double[]> memory = new HashMap<>();
  private final Map<Integer, double[]> results = new HashMap<>();

  private Interpreter(Function f) {
    this.f = f;
  }

  /**
   * Runs {@code f}. Scalar arguments are {@code Double} (ints and booleans as their double value);
   * arrays are row-major {@code double[]}. Output arrays are allocated here. Returns the results,
   * scalars as one-element arrays.
   */
  public static List<double[]> run(Function f, List<?> arguments) {
    Interpreter in = new Interpreter(f);
    for (ArrayDecl a : f.arrays().values()) {
      in.memory.put(a.id(), new double[a.size()]);
    }
    for (int i = 0; i < f.params().size(); i++) {
      Function.Parameter p = f.params().get(i);
      Object arg = arguments.get(i);
      if (p.isArray()) {
        in.memory.put(p.id(), ((double[]) arg).clone());
      } else {
        in.values.put(p.id(), ((Number) arg).doubleValue());
      }
    }
    in.block(f.body());
    return f.results().stream()
        .map(
            r -> r.isArray() ? in.memory.get(r.id()).clone() : new double[] {in.values.get(r.id())})
        .toList();
  }

  private void block(List<Node> nodes) {
    for (Node n : nodes) {
      node(n);
    }
  }

  private double v(int id) {
    Double d = values.get(id);
    if (d == null) {
      throw new IllegalStateException("value " + id + " used before it is defined");
    }
    return d;
  }

  private void node(Node n) {
    if (n instanceof Node.Const c) {
      values.put(c.id(), c.value());
    } else if (n instanceof Node.Input in) {
      if (!values.containsKey(in.id())) {
        throw new IllegalStateException("input " + in.id() + " not bound");
      }
    } else if (n instanceof Node.Apply a) {
      double x = v(a.operands().get(0));
      double y = a.op().arity() > 1 ? v(a.operands().get(1)) : 0;
      values.put(a.id(), Semantics.apply(a.op(), x, y));
    } else if (n instanceof Node.Select s) {
      values.put(s.id(), v(s.cond()) != 0 ? v(s.ifTrue()) : v(s.ifFalse()));
    } else if (n instanceof Node.Load l) {
      values.put(l.id(), memory.get(l.array())[offset(l.array(), l.index())]);
    } else if (n instanceof Node.Store s) {
      memory.get(s.array())[offset(s.array(), s.index())] = v(s.value());
    } else if (n instanceof Node.Loop loop) {
      loop(loop);
    } else if (n instanceof Node.LoopResult r) {
      values.put(r.id(), results.get(r.loop())[r.slot()]);
    } else {
      throw new IllegalStateException("unexpected node outside its loop: " + n);
    }
  }

  private void loop(Node.Loop loop) {
    Node.LoopBody body = loop.body();
    double[] carried = new double[loop.inits().size()];
    for (int s = 0; s < carried.length; s++) {
      carried[s] = v(loop.inits().get(s));
    }
    for (int k = 0; k < loop.count(); k++) {
      int i = loop.descending() ? loop.count() - 1 - k : k;
      values.put(body.index().id(), (double) i);
      for (int s = 0; s < carried.length; s++) {
        values.put(body.carried().get(s).id(), carried[s]);
      }
      block(body.nodes());
      for (int s = 0; s < carried.length; s++) {
        carried[s] = v(body.yields().get(s));
      }
    }
    // The LoopResult nodes that follow read these by slot.
    results.put(loop.id(), carried);
  }

  private int offset(int array, List<Integer> index) {
    ArrayDecl a = f.array(array);
    int off = 0;
    for (int d = 0; d < index.size(); d++) {
      int i = (int) v(index.get(d));
      if (i < 0 || i >= a.shape().get(d)) {
        throw new ArrayIndexOutOfBoundsException(a.name() + "[" + i + "]");
      }
      off = off * a.shape().get(d) + i;
    }
    return off;
  }
}
