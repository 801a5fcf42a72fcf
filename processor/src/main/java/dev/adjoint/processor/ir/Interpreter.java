package dev.adjoint.processor.ir;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Function} on concrete numbers, evaluating every operation as the emitted Java does.
 * The reference for testing passes without javac: an optimized or differentiated program must
 * compute what this says the original computes.
 */
public final class Interpreter {

  /**
   * An array argument with its dimensions, for parameters whose extents are known only at run time:
   * {@code data} row-major, {@code dims} one per dimension.
   */
  public record Shaped(double[] data, int... dims) {
    public Shaped {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "dims " + Arrays.toString(dims) + " do not fit " + data.length + " elements");
      }
    }
  }

  /**
   * Sees every element access of a run, for tests that check facts about memory (which elements a
   * load reads, how often each is stored).
   */
  public interface Observer {
    /**
     * Node {@code node} reads ({@code store} false) or writes element {@code offset} of {@code
     * array}: row-major, distinct per element (a growable array's first index is taken as is).
     */
    void access(int node, int array, int offset, boolean store);
  }

  private final Function f;
  private Observer observer;
  private final Map<Integer, Double> values = new HashMap<>();
  private final Map<Integer, double[]> memory = new HashMap<>();

  /** The dimensions each array has in this run (fixed ones, then runtime ones once known). */
  private final Map<Integer, int[]> dims = new HashMap<>();

  private final Map<Integer, double[]> results = new HashMap<>();
  private final Map<Integer, Integer> tripCounts = new HashMap<>();
  private final Map<Integer, double[]> branchResults = new HashMap<>();

  private Interpreter(Function f) {
    this.f = f;
  }

  /**
   * Runs {@code f}. Scalar arguments are {@code Double} (ints and booleans as their double value);
   * arrays are row-major {@code double[]}, or {@link Shaped} when a dimension other than the first
   * is known only at run time. Output arrays are allocated here. Returns the results, scalars as
   * one-element arrays.
   */
  public static List<double[]> run(Function f, List<?> arguments) {
    return run(f, arguments, null);
  }

  /** {@link #run(Function, List)}, telling {@code observer} (if not null) of every access. */
  public static List<double[]> run(Function f, List<?> arguments, Observer observer) {
    Interpreter in = new Interpreter(f);
    in.observer = observer;
    for (int i = 0; i < f.params().size(); i++) {
      Function.Parameter p = f.params().get(i);
      Object arg = arguments.get(i);
      if (p.isArray()) {
        in.bind(p, arg);
      } else {
        in.values.put(p.id(), ((Number) arg).doubleValue());
      }
    }
    in.block(f.body());
    return f.results().stream()
        .map(r -> r.isArray() ? in.array(r.id()).clone() : new double[] {in.values.get(r.id())})
        .toList();
  }

  private void bind(Function.Parameter p, Object arg) {
    double[] data;
    int[] d;
    if (arg instanceof Shaped s) {
      data = s.data();
      d = s.dims();
    } else {
      data = (double[]) arg;
      d = new int[p.extents().size()];
      long rest = 1;
      for (int axis = 1; axis < d.length; axis++) {
        d[axis] = p.extents().get(axis).fixed();
        rest *= d[axis];
      }
      d[0] = rest == 0 ? 0 : (int) (data.length / rest);
    }
    if (d.length != p.extents().size()) {
      throw new IllegalArgumentException(p.name() + " has rank " + p.extents().size());
    }
    for (int axis = 0; axis < d.length; axis++) {
      if (p.extents().get(axis) instanceof Extent.Fixed fx && fx.size() != d[axis]) {
        throw new IllegalArgumentException(
            p.name() + " has extent " + fx.size() + " in dimension " + axis + ", not " + d[axis]);
      }
    }
    memory.put(p.id(), data.clone());
    dims.put(p.id(), d);
  }

  /** The storage of an array, allocated at its size on first use. */
  private double[] array(int id) {
    double[] m = memory.get(id);
    if (m == null) {
      int[] d = extents(id);
      long n = 1;
      for (int x : d) {
        n *= x;
      }
      m = new double[(int) n];
      memory.put(id, m);
    }
    return m;
  }

  private int[] extents(int id) {
    int[] d = dims.get(id);
    if (d == null) {
      ArrayDecl a = f.array(id);
      d = new int[a.rank()];
      for (int axis = 0; axis < d.length; axis++) {
        Extent e = a.extents().get(axis);
        d[axis] = e instanceof Extent.Fixed fx ? fx.size() : (int) v(e.node());
        if (d[axis] < 0) {
          throw new NegativeArraySizeException(a.name() + ": " + d[axis]);
        }
      }
      if (a.growable()) {
        d[0] = 0; // the capacity grows with the stores
      }
      dims.put(id, d);
    }
    return d;
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
    } else if (n instanceof Node.Length len) {
      values.put(len.id(), (double) extents(len.array())[len.axis()]);
    } else if (n instanceof Node.Apply a && a.op() == Op.CALL) {
      double[] args = new double[a.operands().size() - 1];
      for (int i = 0; i < args.length; i++) {
        args[i] = v(a.operands().get(i + 1));
      }
      values.put(a.id(), Callee.of((int) v(a.operands().get(0))).call(args));
    } else if (n instanceof Node.Apply a) {
      double x = v(a.operands().get(0));
      double y = a.op().arity() > 1 ? v(a.operands().get(1)) : 0;
      values.put(a.id(), Semantics.apply(a.op(), x, y));
    } else if (n instanceof Node.Select s) {
      values.put(s.id(), v(s.cond()) != 0 ? v(s.ifTrue()) : v(s.ifFalse()));
    } else if (n instanceof Node.Load l) {
      values.put(l.id(), read(l.id(), l.array(), l.index()));
    } else if (n instanceof Node.Store s) {
      write(s.id(), s.array(), s.index(), v(s.value()));
    } else if (n instanceof Node.Loop loop) {
      loop(loop);
    } else if (n instanceof Node.LoopResult r) {
      values.put(r.id(), results.get(r.loop())[r.slot()]);
    } else if (n instanceof Node.TripCount t) {
      values.put(t.id(), (double) tripCounts.get(t.loop()));
    } else if (n instanceof Node.If b) {
      Node.Block arm = v(b.cond()) != 0 ? b.then() : b.orElse();
      block(arm.nodes());
      double[] out = new double[arm.yields().size()];
      for (int s = 0; s < out.length; s++) {
        out[s] = v(arm.yields().get(s));
      }
      branchResults.put(b.id(), out);
    } else if (n instanceof Node.IfResult r) {
      values.put(r.id(), branchResults.get(r.ifId())[r.slot()]);
    } else if (n instanceof Node.Check c) {
      if (v(c.cond()) == 0) {
        Object[] args = c.args().stream().map(a -> (int) v(a)).toArray();
        throw new IllegalArgumentException(String.format(c.message(), args));
      }
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
    int trips = loop.trips() instanceof Extent.Fixed fx ? fx.size() : (int) v(loop.trips().node());
    int k = 0;
    while (k < trips) {
      int i = loop.descending() ? trips - 1 - k : k;
      values.put(body.index().id(), (double) i);
      for (int s = 0; s < carried.length; s++) {
        values.put(body.carried().get(s).id(), carried[s]);
      }
      block(body.nodes());
      for (int s = 0; s < carried.length; s++) {
        carried[s] = v(body.yields().get(s));
      }
      k++;
      if (body.again() != null && v(body.again()) == 0) {
        break;
      }
    }
    // The LoopResult and TripCount nodes that follow read these.
    results.put(loop.id(), carried);
    tripCounts.put(loop.id(), k);
  }

  private double read(int node, int array, List<Integer> index) {
    double[] m = array(array);
    int off = offset(array, index, false);
    if (observer != null) {
      observer.access(node, array, off, false);
    }
    if (off >= m.length) {
      // Only a growable array's unwritten capacity: it reads as zero.
      return 0;
    }
    return m[off];
  }

  private void write(int node, int array, List<Integer> index, double value) {
    double[] m = array(array);
    int off = offset(array, index, true);
    if (observer != null) {
      observer.access(node, array, off, true);
    }
    if (off >= m.length) {
      m = Arrays.copyOf(m, Math.max(off + 1, 2 * m.length));
      memory.put(array, m);
    }
    m[off] = value;
  }

  private int offset(int array, List<Integer> index, boolean store) {
    ArrayDecl a = f.array(array);
    int[] d = extents(array);
    long off = 0;
    for (int axis = 0; axis < index.size(); axis++) {
      int i = (int) v(index.get(axis));
      boolean capacity = a.growable() && axis == 0;
      if (i < 0 || (!capacity && i >= d[axis])) {
        throw new ArrayIndexOutOfBoundsException(a.name() + "[" + i + "]");
      }
      if (capacity && store && i >= d[0]) {
        d[0] = i + 1;
      }
      off = off * (capacity ? 1 : d[axis]) + i;
    }
    return Math.toIntExact(off);
  }
}
