package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Per-program generator state: the seeded random source, fresh names, the helper methods written so
 * far and the features used (for coverage statistics).
 */
final class Ctx {

  final long seed;
  final SplittableRandom rng;

  /** Prefix of every name this program declares at class level, unique within a batch. */
  final String prefix;

  /** Helper methods, each a list of source lines. */
  final List<List<String>> helpers = new ArrayList<>();

  /** Features used, sorted, e.g. {@code "loop.carried"}. */
  final TreeSet<String> features = new TreeSet<>();

  /** Class-level {@code static final int} constants of this program, by value. */
  final java.util.Map<Integer, String> constants = new java.util.TreeMap<>();

  private int names;

  Ctx(long seed) {
    this.seed = seed;
    // split() mixes the seed: generators seeded with consecutive numbers share no sequence.
    this.rng = new SplittableRandom(seed).split();
    this.prefix = "p" + seed;
  }

  String fresh(String base) {
    return base + names++;
  }

  void use(String feature) {
    features.add(feature);
  }

  int nextInt(int lo, int hiInclusive) {
    return rng.nextInt(lo, hiInclusive + 1);
  }

  boolean chance(double p) {
    return rng.nextDouble() < p;
  }

  <T> T pick(List<T> options) {
    return options.get(rng.nextInt(options.size()));
  }

  /** A short decimal literal in {@code [lo, hi]} (two decimals, so that sources stay readable). */
  double constant(double lo, double hi) {
    return Math.round(rng.nextDouble(lo, hi) * 100) / 100.0;
  }

  /** A constant whose magnitude is at least {@code min}. */
  double nonZero(double min, double max) {
    double c = Math.max(min, constant(min, max));
    return chance(0.5) ? c : -c;
  }

  /** Java source for the int {@code n}: a literal, or a class constant holding it. */
  String count(int n) {
    String c = constants.get(n);
    if (c != null && chance(0.6)) {
      use("constant.field");
      return c;
    }
    return Integer.toString(n);
  }

  /** Java source for a double literal. */
  static String lit(double c) {
    return Double.toString(c);
  }
}
