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
 * Differential fuzzing: random {@code @Differentiable} programs ({@link ProgramGenerator}) are
 * compiled by the processor and their generated code is compared with the {@code Value} engine
 * (forward bit for bit, gradients and tangents within tolerance) and with finite differences.
 *
 * <p>System properties: {@code adjoint.fuzz.programs} (default 300) programs with seeds starting at
 * {@code adjoint.fuzz.first} (default 0); {@code adjoint.fuzz.seed} runs that one program only and
 * prints it with its generated code; {@code adjoint.fuzz.batch} programs per compiled class
 * (default 15); {@code adjoint.fuzz.threads} (default 2); {@code adjoint.fuzz.timeout} seconds a
 * batch may take before it fails as a hang (default 300); {@code adjoint.fuzz.report} a file each
 * batch's outcome is appended to as it ends; {@code adjoint.fuzz.guarded=false} leaves out
 * operations guarded by {@code ?:}. Surefire forwards {@code -D} properties of the mvn command line
 * to the test JVM, so {@code mvn -B -pl processor test -Dtest=FuzzTest
 * -Dadjoint.fuzz.programs=5000} works. Every failure prints the program's source and seed; the last
 * run's report is also written to {@code target/fuzz-report.txt}.
 */
class FuzzTest {

  @Test
  void generatedProgramsMatchEngineAndFiniteDifferences() {
    List<Long> seeds = seeds();
    int batch = Integer.getInteger("adjoint.fuzz.batch", 15);
    int threads = Integer.getInteger("adjoint.fuzz.threads", 2);
    long start = System.nanoTime();
    // One seed is a reproduction: show the program and the code generated for it.
    List<Fuzzer.Failure> failures = new Fuzzer(batch, threads, seeds.size() == 1).run(seeds);
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder report = new StringBuilder();
    for (Fuzzer.Failure f : failures) {
      report.append(f.describe()).append('\n');
    }
    long notes = failures.stream().filter(Fuzzer.Failure::note).count();
    String summary =
        String.format(
            "fuzz: %d programs (seeds %d..%d), %d failed, %d notes (not processor bugs), %.1f s%n%s",
            seeds.size(),
            seeds.get(0),
            seeds.get(seeds.size() - 1),
            failures.size() - notes,
            notes,
            seconds,
            coverage(seeds));
    System.out.println(summary);
    if (!failures.isEmpty()) {
      System.out.println(report);
    }
    write(summary + "\n" + report);
    assertTrue(notes == failures.size(), summary + "\n" + report);
  }

  /** Keeps the last run's report in target/, since long runs overflow a terminal. */
  private static void write(String text) {
    try {
      Path dir = Path.of("target");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("fuzz-report.txt"), text);
    } catch (IOException e) {
      System.out.println("cannot write target/fuzz-report.txt: " + e);
    }
  }

  private static List<Long> seeds() {
    String one = System.getProperty("adjoint.fuzz.seed");
    if (one != null && !one.isBlank()) {
      return List.of(Long.parseLong(one.strip()));
    }
    int count = Integer.getInteger("adjoint.fuzz.programs", 300);
    long first = Long.getLong("adjoint.fuzz.first", 0);
    List<Long> seeds = new ArrayList<>();
    for (long s = first; s < first + count; s++) {
      seeds.add(s);
    }
    return seeds;
  }

  /** How many programs used each feature (regenerating is cheap next to compiling). */
  private static String coverage(List<Long> seeds) {
    Map<String, Integer> counts = new TreeMap<>();
    for (long s : seeds) {
      for (String f : ProgramGenerator.generate(s).features()) {
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
