package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the input points of a check, deterministically from a seed.
 *
 * <p>Random points sample every scalar of a parameter uniformly from its {@code [min, max]}
 * (integers rounded inwards; booleans cycle through all combinations as the point index counts up).
 * Edge points replace the differentiable inputs by hostile values, keep random passive arguments,
 * and clamp to the parameter's domain only when one was declared: a parameter whose range is the
 * default {@code [-3, 3]} gets the raw edge values.
 */
final class Inputs {

  /** The range a parameter without {@code @Domain} gets; such parameters are not clamped. */
  static final double DEFAULT_MIN = -3;

  static final double DEFAULT_MAX = 3;

  /** Magnitude of "large" edge inputs: softmax logits of +-1000 overflow a naive exp. */
  static final double LARGE = 1000;

  /** Magnitude of "tiny" edge inputs. */
  static final double TINY = 1e-8;

  /** The kinds of edge point, in the order they are generated. */
  static final List<String> EDGE_KINDS = List.of("large", "tiny", "ties", "mixed");

  private Inputs() {}

  /**
   * Returns {@code randomCount} random points followed, if {@code edges}, by the edge points; for a
   * function with runtime dimensions, at the first (mid) size {@link Sizes} chooses.
   */
  static List<Point> generate(CompiledFunction fn, long seed, int randomCount, boolean edges) {
    Sizes.Config config = Sizes.runtime(fn) ? Sizes.configs(fn).get(0) : null;
    return generate(fn, seed, randomCount, edges, config, 0);
  }

  /**
   * As {@link #generate(CompiledFunction, long, int, boolean)}, runtime dimensions at the sizes of
   * {@code config} (null for a static function), the points numbered from {@code first} (only the
   * first point of a check has the all-ones seed; booleans cycle by number).
   */
  static List<Point> generate(
      CompiledFunction fn,
      long seed,
      int randomCount,
      boolean edges,
      Sizes.Config config,
      int first) {
    SplittableRandom root =
        new SplittableRandom(config == null ? seed : seed ^ config.label().hashCode());
    String at = config == null ? "" : " [" + config.label() + "]";
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < randomCount; i++) {
      points.add(point(fn, root.split(), "random#" + i + at, first + i, null, config));
    }
    if (edges) {
      for (String kind : EDGE_KINDS) {
        points.add(
            point(fn, root.split(), "edge:" + kind + at, first + points.size(), kind, config));
      }
    }
    return points;
  }

  private static Point point(
      CompiledFunction fn,
      SplittableRandom rng,
      String label,
      int index,
      String edge,
      Sizes.Config config) {
    List<int[]> shapes = new ArrayList<>();
    List<double[]> inputs = new ArrayList<>();
    List<Object> passive = new ArrayList<>();
    List<double[]> tangents = new ArrayList<>();
    int booleans = 0;
    // One shared value for the "ties" edge so that all elements of all parameters are equal.
    double tie = rng.nextDouble(-1, 1);
    for (Parameter p : fn.parameters()) {
      int[] shape = config == null ? null : Sizes.shape(p, config.values());
      int n = shape == null ? p.size() : Parameter.size(shape);
      if (p.kind().differentiable()) {
        shapes.add(shape);
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
          x[j] = edge == null ? uniform(rng, p) : edgeValue(rng, p, edge, j, tie);
        }
        inputs.add(x);
        double[] dx = new double[n];
        for (int j = 0; j < n; j++) {
          dx[j] = rng.nextDouble(-1, 1);
        }
        tangents.add(dx);
      } else {
        passive.add(
            passiveValue(rng, p, n, index, booleans, config == null ? Map.of() : config.values()));
        if (p.kind() == CompiledFunction.Kind.BOOLEAN) {
          booleans++;
        }
      }
    }
    int outputs = 1;
    if (config == null) {
      for (int d : fn.outputShape()) {
        outputs *= d;
      }
    } else {
      int[][] actual = shapes.toArray(new int[0][]);
      outputs = Parameter.size(fn.outputShape(actual, passive.toArray()));
    }
    double[] seed = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      // The first point uses the seed users use most (all ones); later ones vary magnitude and
      // sign, but stay away from zero so that no output is ignored.
      seed[k] = index == 0 ? 1.0 : rng.nextDouble(0.5, 1.5) * (rng.nextBoolean() ? 1 : -1);
    }
    return new Point(
        label,
        edge == null,
        inputs.toArray(new double[0][]),
        passive.toArray(),
        seed,
        tangents.toArray(new double[0][]),
        config == null ? null : shapes.toArray(new int[0][]),
        config == null ? "" : config.label());
  }

  private static Object passiveValue(
      SplittableRandom rng,
      Parameter p,
      int n,
      int index,
      int booleans,
      Map<String, Integer> sizes) {
    switch (p.kind()) {
      case INT:
        return uniformInt(rng, min(p), Math.min(max(p), p.max(sizes)));
      case DOUBLE:
        return uniform(rng, p);
      case BOOLEAN:
        // Bit b of the point index drives boolean b, so consecutive points cover both values.
        return ((index >> booleans) & 1) == 1;
      case DOUBLE_ARRAY:
        double[] d = new double[n];
        for (int j = 0; j < n; j++) {
          d[j] = uniform(rng, p);
        }
        return d;
      case INT_ARRAY:
        int[] a = new int[n];
        for (int j = 0; j < n; j++) {
          a[j] = uniformInt(rng, min(p), max(p));
        }
        return a;
      default:
        throw new IllegalArgumentException("not a passive parameter: " + p);
    }
  }

  private static double edgeValue(
      SplittableRandom rng, Parameter p, String edge, int j, double tie) {
    double sign = rng.nextBoolean() ? 1 : -1;
    double v =
        switch (edge) {
          case "large" -> sign * LARGE;
          case "tiny" -> rng.nextDouble(-1, 1) * TINY;
          case "ties" -> tie;
          case "mixed" -> j % 2 == 0 ? sign * LARGE : rng.nextDouble(-1, 1) * TINY;
          default -> throw new IllegalArgumentException(edge);
        };
    return declaredDomain(p) ? Math.min(Math.max(v, min(p)), max(p)) : v;
  }

  /**
   * True unless the parameter has the default domain, which {@code @Domain} cannot be told from.
   */
  static boolean declaredDomain(Parameter p) {
    return !(p.min() == DEFAULT_MIN && p.max() == DEFAULT_MAX);
  }

  private static double uniform(SplittableRandom rng, Parameter p) {
    double lo = min(p);
    double hi = max(p);
    return lo < hi ? rng.nextDouble(lo, hi) : lo;
  }

  /**
   * An int in {@code [lo, hi]} rounded inwards; {@code lo} rounded when the range holds none (an
   * index into an empty dimension: the original then rejects its arguments).
   */
  private static int uniformInt(SplittableRandom rng, double lo, double hi) {
    long l = (long) Math.ceil(lo);
    long h = (long) Math.floor(hi);
    long v = l <= h ? rng.nextLong(l, h + 1) : Math.round(lo);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  // Infinite or NaN bounds cannot be sampled; fall back to a range as wide as the default one.
  private static double min(Parameter p) {
    if (Double.isFinite(p.min())) {
      return p.min();
    }
    return Double.isFinite(p.max()) ? p.max() - (DEFAULT_MAX - DEFAULT_MIN) : DEFAULT_MIN;
  }

  private static double max(Parameter p) {
    if (Double.isFinite(p.max())) {
      return p.max();
    }
    return Double.isFinite(p.min()) ? p.min() + (DEFAULT_MAX - DEFAULT_MIN) : DEFAULT_MAX;
  }
}
