package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.DynamicFuzzer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random dynamic programs ({@link DynamicFuzzer}), each traced and run on the {@code Interpreter}
 * against the engine on arrays of 0 to 5 elements and several ints: the results must be
 * bit-identical. A program the tracer rejects must be rejected with a diagnostic code. System
 * properties: {@code adjoint.dynfuzz.programs} (default 120) and {@code adjoint.dynfuzz.first}.
 */
class DynamicFuzzTest {
  private static final int PER_CLASS = 10;

  @Test
  void randomDynamicProgramsTraceToWhatTheEngineComputes() {
    int count = Integer.getInteger("adjoint.dynfuzz.programs", 120);
    long first = Long.getLong("adjoint.dynfuzz.first", 0);
    Map<String, Integer> rejected = new LinkedHashMap<>();
    int compared = 0;
    for (long batch = first; batch < first + count; batch += PER_CLASS) {
      List<String> lines = new ArrayList<>();
      lines.add("package demo;");
      lines.add("import dev.adjoint.*;");
      lines.add("import java.util.*;");
      lines.add("public final class Fuzz" + batch + " {");
      lines.addAll(DynamicFuzzer.helpers());
      List<String> names = new ArrayList<>();
      Map<String, String> sources = new LinkedHashMap<>();
      for (long seed = batch; seed < batch + PER_CLASS; seed++) {
        String name = "p" + seed;
        String src = new DynamicFuzzer(seed).method(name);
        names.add(name);
        sources.put(name, src);
        lines.addAll(List.of(src.split("\n")));
      }
      lines.add("}");
      TraceHarness h;
      try {
        h = new TraceHarness("demo.Fuzz" + batch, lines.toArray(new String[0]));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("batch " + batch + ":\n" + String.join("\n", lines), e);
      }
      for (String name : names) {
        String error = h.error(name);
        if (error != null) {
          assertTrue(error.startsWith("[ADJ"), error);
          rejected.merge(error.substring(0, 8), 1, Integer::sum);
          System.out.println("rejected " + name + ": " + error + "\n" + sources.get(name));
          continue;
        }
        Args a = new Args(name.hashCode());
        for (int n : new int[] {0, 1, 2, 3, 5}) {
          for (int k : new int[] {-1, 0, 1, 2, 4, 7}) {
            try {
              h.compareOrThrow(name, a.values(n), k);
            } catch (AssertionError e) {
              throw new AssertionError(
                  name + " (n=" + n + ", k=" + k + "):\n" + sources.get(name), e);
            }
            compared++;
          }
        }
      }
    }
    System.out.println("dynamic fuzz: " + compared + " runs compared; rejected: " + rejected);
  }
}
