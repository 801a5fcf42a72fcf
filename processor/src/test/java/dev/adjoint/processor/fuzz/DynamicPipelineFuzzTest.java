package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of dynamic programs through the whole pipeline: random methods {@code
 * f(Value[] x, int k)} of {@link DynamicFuzzer} (runtime sizes, while loops with data-dependent
 * exits, break/continue (labelled too) and returns in branches, mutation of local arrays, of the
 * parameter and of lists, growing lists, {@code toArray}, slices, array results) are compiled by
 * the processor and each generated function is checked by {@code GradientCheck} at several runtime
 * sizes: forward bit-identical to the engine, gradients and tangents against the engine and finite
 * differences. A program the processor rejects must be rejected with a diagnostic {@code [ADJnnn]}
 * (never the internal error ADJ900, a javac error or an exception); rejections are counted by code.
 *
 * <p>System properties: {@code adjoint.fuzz.dynamic.programs} (default 24) programs with seeds
 * starting at {@code adjoint.fuzz.dynamic.first} (default 0); {@code adjoint.fuzz.dynamic.seed}
 * runs that one program only and prints it with its generated code; {@code adjoint.fuzz.batch}
 * programs per compiled class (default 12); {@code adjoint.fuzz.threads} (default 2), and {@code
 * adjoint.fuzz.timeout} and {@code adjoint.fuzz.report} as in {@link FuzzTest}. For instance {@code
 * mvn -B -o -pl processor test -Dtest=DynamicPipelineFuzzTest -Dadjoint.fuzz.dynamic.programs=2000
 * -Dadjoint.fuzz.dynamic.first=100000}. The last run's report is written to {@code
 * target/dynamic-fuzz-report.txt}.
 */
class DynamicPipelineFuzzTest {

  @Test
  void dynamicProgramsMatchEngineAndFiniteDifferences() {
    List<Long> seeds = seeds();
    int batch = Integer.getInteger("adjoint.fuzz.batch", 12);
    int threads = Integer.getInteger("adjoint.fuzz.threads", 2);
    long start = System.nanoTime();
    Fuzzer fuzzer = new Fuzzer(batch, threads, seeds.size() == 1, DynamicPrograms::generate, true);
    List<Fuzzer.Failure> failures = fuzzer.run(seeds);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Integer> rejected = fuzzer.rejections();
    int rejections = rejected.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Integer> kinds = new TreeMap<>();
    StringBuilder report = new StringBuilder();
    for (Fuzzer.Failure f : failures) {
      report.append(f.describe()).append('\n');
      kinds.merge((f.note() ? "note: " : "") + kind(f.what()), 1, Integer::sum);
    }
    long notes = failures.stream().filter(Fuzzer.Failure::note).count();
    String summary =
        String.format(
            "dynamic fuzz: %d programs (seeds %d..%d), %d compiled and checked, %d rejected %s,"
                + " %d failed, %d notes (not processor bugs) %s, %.1f s (%s)%nrejected seeds: %s%n%s",
            seeds.size(),
            seeds.get(0),
            seeds.get(seeds.size() - 1),
            seeds.size() - rejections,
            rejections,
            rejected,
            failures.size() - notes,
            notes,
            kinds,
            seconds,
            fuzzer.timing(),
            fuzzer.rejectedSeeds(),
            coverage(seeds));
    System.out.println(summary);
    if (!failures.isEmpty()) {
      System.out.println(report);
    }
    write(summary + "\n" + report);
    assertTrue(notes == failures.size(), summary + "\n" + report);
  }

  /** The first words of a failure's description: compilation failed, gradient check threw... */
  private static String kind(String what) {
    int colon = what.indexOf(':');
    String head = colon < 0 ? what : what.substring(0, colon);
    return head.length() > 60 ? head.substring(0, 60) : head;
  }

  private static void write(String text) {
    try {
      Path dir = Path.of("target");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("dynamic-fuzz-report.txt"), text);
    } catch (IOException e) {
      System.out.println("cannot write target/dynamic-fuzz-report.txt: " + e);
    }
  }

  private static List<Long> seeds() {
    String one = System.getProperty("adjoint.fuzz.dynamic.seed");
    if (one != null && !one.isBlank()) {
      return List.of(Long.parseLong(one.strip()));
    }
    int count = Integer.getInteger("adjoint.fuzz.dynamic.programs", 24);
    long first = Long.getLong("adjoint.fuzz.dynamic.first", 0);
    List<Long> seeds = new ArrayList<>();
    for (long s = first; s < first + count; s++) {
      seeds.add(s);
    }
    return seeds;
  }

  private static String coverage(List<Long> seeds) {
    Map<String, Integer> counts = new TreeMap<>();
    for (long s : seeds) {
      for (String f : DynamicPrograms.generate(s).features()) {
        counts.merge(f, 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder("coverage (programs per feature):");
    int i = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      sb.append(i++ % 6 == 0 ? "\n  " : "  ").append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }
}
