package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Dim;
import dev.adjoint.CompiledFunction.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes a check runs a function with runtime dimensions at, one value per size symbol ({@link
 * Dim}): first every symbol at a mid size (distinct per symbol, so that swapped dimensions show),
 * then each symbol in turn at its smallest legal size, one more, and a large one (at least {@value
 * #LARGE} unless the arguments would then exceed {@value #MAX_SCALARS} scalars, the cap that keeps
 * a check fast), the others staying at their mid size. A symbol's smallest legal size keeps every
 * dimension {@code symbol + offset} at 0 or more.
 */
final class Sizes {

  /** The large size each symbol is checked at, when the cap allows. */
  static final int LARGE = 1000;

  /** Most scalars (arguments and output together) a check's largest point may have. */
  static final long MAX_SCALARS = 60_000;

  /** What a configuration is for: the baseline, a small size, or the large one. */
  enum Role {
    MID,
    SMALL,
    LARGE
  }

  /** One assignment of sizes to symbols, and why it was chosen. */
  record Config(Map<String, Integer> values, Role role) {
    Config {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code n=5 m=6}. */
    String label() {
      StringBuilder sb = new StringBuilder();
      values.forEach(
          (k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
      return sb.toString();
    }
  }

  private Sizes() {}

  /**
   * True if {@code fn} has a dimension known only at run time (asked of its parameters and output
   * shape alone, which is all a check needs of a function before calling it).
   */
  static boolean runtime(CompiledFunction fn) {
    for (Parameter p : fn.parameters()) {
      if (p.isRuntime()) {
        return true;
      }
    }
    return fn.outputShape().contains(-1);
  }

  /** The symbols of {@code fn}'s parameter dimensions, in order of first appearance. */
  static List<String> symbols(CompiledFunction fn) {
    List<String> out = new ArrayList<>();
    for (Parameter p : fn.parameters()) {
      for (Dim d : p.dims()) {
        if (d.isRuntime() && !out.contains(d.symbol())) {
          out.add(d.symbol());
        }
      }
    }
    return out;
  }

  /** The configurations to check {@code fn} at; a single empty one for a static function. */
  static List<Config> configs(CompiledFunction fn) {
    List<String> symbols = symbols(fn);
    Map<String, Integer> lo = new LinkedHashMap<>();
    Map<String, Integer> mid = new LinkedHashMap<>();
    for (int k = 0; k < symbols.size(); k++) {
      String s = symbols.get(k);
      int least = 0;
      for (Parameter p : fn.parameters()) {
        for (Dim d : p.dims()) {
          if (s.equals(d.symbol())) {
            least = Math.max(least, -d.offset());
          }
        }
      }
      lo.put(s, least);
      mid.put(s, least + 5 + k);
    }
    List<Config> out = new ArrayList<>();
    out.add(new Config(mid, Role.MID));
    if (symbols.size() > 1) {
      // Sizes a body relates without saying so (a layer's rows as long as its input, a residual
      // as long as the layer's output) all fit when every dimension has one size.
      int common = 5 + lo.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      Map<String, Integer> equal = new LinkedHashMap<>();
      symbols.forEach(s -> equal.put(s, common));
      if (scalars(fn, equal) <= MAX_SCALARS) {
        out.add(new Config(equal, Role.MID));
      }
    }
    for (String s : symbols) {
      for (int size : new int[] {lo.get(s), lo.get(s) + 1}) {
        Map<String, Integer> v = new LinkedHashMap<>(mid);
        v.put(s, size);
        out.add(new Config(v, Role.SMALL));
      }
      int large = largest(fn, mid, s, lo.get(s) + LARGE);
      if (large > mid.get(s)) {
        Map<String, Integer> v = new LinkedHashMap<>(mid);
        v.put(s, large);
        out.add(new Config(v, Role.LARGE));
      }
    }
    return out;
  }

  /**
   * The largest size of {@code symbol}, at most {@code want}, for which the parameters (the others
   * at their mid sizes) hold at most {@link #MAX_SCALARS} scalars.
   */
  private static int largest(
      CompiledFunction fn, Map<String, Integer> mid, String symbol, int want) {
    int lo = mid.get(symbol);
    int hi = want;
    while (lo < hi) {
      int m = lo + (hi - lo + 1) / 2;
      Map<String, Integer> v = new LinkedHashMap<>(mid);
      v.put(symbol, m);
      if (scalars(fn, v) <= MAX_SCALARS) {
        lo = m;
      } else {
        hi = m - 1;
      }
    }
    return lo;
  }

  /** Scalars in every array parameter, twice (the output is usually no larger than the inputs). */
  private static long scalars(CompiledFunction fn, Map<String, Integer> values) {
    long n = 0;
    for (Parameter p : fn.parameters()) {
      long size = 1;
      for (Dim d : p.dims()) {
        size *= Math.max(0, d.size(values));
      }
      n += size;
    }
    return 2 * n;
  }

  /** The shape of parameter {@code p} at {@code values}. */
  static int[] shape(Parameter p, Map<String, Integer> values) {
    int[] out = new int[p.dims().size()];
    for (int axis = 0; axis < out.length; axis++) {
      out[axis] = p.dims().get(axis).size(values);
    }
    return out;
  }
}
