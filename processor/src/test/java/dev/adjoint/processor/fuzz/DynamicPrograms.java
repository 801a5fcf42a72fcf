package dev.adjoint.processor.fuzz;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * {@link DynamicFuzzer}'s programs as {@link Program}s for the full-pipeline {@link Fuzzer}: a
 * quarter of them return an array, the others a scalar; the shared helpers go once into each class.
 */
final class DynamicPrograms {
  private DynamicPrograms() {}

  /** How to reproduce one program alone. */
  static final String REPRODUCE = "DynamicPipelineFuzzTest -Dadjoint.fuzz.dynamic.seed=";

  /** The program of {@code seed}: always the same. */
  static Program generate(long seed) {
    // (not new Random(seed): its first int barely changes between neighbouring seeds)
    boolean arrayResult = new SplittableRandom(seed).nextInt(4) == 0;
    DynamicFuzzer writer = new DynamicFuzzer(seed);
    String source = writer.method("p" + seed, arrayResult);
    Set<String> features = new TreeSet<>(writer.features);
    features.add(arrayResult ? "array-result" : "scalar-result");
    return new Program(
        seed, List.of(source.split("\n")), features, DynamicFuzzer.helpers(), REPRODUCE);
  }
}
