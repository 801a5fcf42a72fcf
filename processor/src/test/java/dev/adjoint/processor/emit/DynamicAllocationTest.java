package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kernels of runtime size allocate their workspaces on first use and regrow them for larger calls,
 * never shrinking them: once warm, calls of sizes seen before allocate 0 bytes, counted exactly by
 * HotSpot's per-thread allocation counter around direct calls (no reflection, no boxing).
 */
class DynamicAllocationTest {

  /** Calls each kernel directly: {@code new Probe(kind).apply(n)} runs one call of size n. */
  private static final String PROBE =
      """
      package demo;

      public final class Probe implements java.util.function.IntFunction<Object> {
        private final String kind;
        private final OpsCompiled.Softmax softmax = new OpsCompiled.Softmax();
        private final OpsCompiled.Linear linear = new OpsCompiled.Linear();
        private final OpsCompiled.Growable growable = new OpsCompiled.Growable();
        private final OpsCompiled.Prefix prefix = new OpsCompiled.Prefix();
        private final double[][] vectors = new double[301][];
        private final double[][][] matrices = new double[301][][];
        private final double[][] outputs = new double[301][];
        public double sink;

        public Probe(String kind) {
          this.kind = kind;
          for (int n = 0; n <= 300; n++) {
            vectors[n] = new double[n];
            for (int i = 0; i < n; i++) {
              vectors[n][i] = Math.sin(i + 0.5 * n);
            }
            matrices[n] = new double[n / 10][n];
            outputs[n] = new double[n];
          }
        }

        @Override
        public Object apply(int n) {
          switch (kind) {
            case "softmax" -> softmax.forward(vectors[n], outputs[n]);
            case "linear" -> linear.forward(vectors[n], matrices[n], outputs[n / 10]);
            case "growable" -> sink += growable.forward(vectors[n], 3);
            case "prefix" -> prefix.forward(vectors[n], 1e9, outputs[n]);
            default -> throw new IllegalArgumentException(kind);
          }
          return null;
        }
      }
      """;

  private static Harness.Loaded loaded;

  @BeforeAll
  static void compile() {
    List<CompiledMethod> methods = new ArrayList<>();
    for (Function f :
        List.of(
            DynamicPrograms.softmax(),
            DynamicPrograms.linear(),
            DynamicPrograms.growable(),
            DynamicPrograms.prefix())) {
      methods.add(Scaffold.method(f));
    }
    JavaFile file = ClassEmitter.emit("demo", "OpsCompiled", "demo.Ops", methods);
    loaded = Harness.compile(file, "demo.Ops", Scaffold.source(methods), "demo.Probe", PROBE);
  }

  @SuppressWarnings("unchecked")
  private static IntFunction<Object> probe(String kind) {
    try {
      return (IntFunction<Object>)
          loaded.load("demo.Probe").getConstructor(String.class).newInstance(kind);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The fewest bytes any of five windows of {@code calls} calls of size {@code n} allocates: a
   * compilation or deoptimization may allocate once on the calling thread, but an allocation per
   * call shows in every window.
   */
  private static long steady(IntFunction<Object> call, int n, int calls) {
    long best = Long.MAX_VALUE;
    for (int window = 0; window < 5; window++) {
      best = Math.min(best, bytes(call, n, calls));
    }
    return best;
  }

  /** Bytes the calling thread allocates over {@code calls} calls of size {@code n}. */
  private static long bytes(IntFunction<Object> call, int n, int calls) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      call.apply(n);
    }
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void steadyStateCallsAllocateNothing() {
    for (String kind : List.of("softmax", "linear", "growable", "prefix")) {
      IntFunction<Object> call = probe(kind);
      for (int warm = 0; warm < 1000; warm++) {
        call.apply(200);
        call.apply(40);
      }
      assertEquals(0, steady(call, 200, 200), kind + " at 200");
      assertEquals(0, steady(call, 40, 200), kind + " at 40, after 200: never shrunk");
    }
  }

  @Test
  void aLargerCallRegrowsTheWorkspaceOnce() {
    IntFunction<Object> call = probe("linear");
    for (int warm = 0; warm < 200; warm++) {
      call.apply(100);
    }
    assertEquals(0, steady(call, 100, 50));
    long grown = bytes(call, 300, 1);
    assertTrue(grown > 8L * 30 * 300, "regrown for 30 x 300 weights: " + grown);
    assertEquals(0, steady(call, 300, 50));
    assertEquals(0, steady(call, 100, 50));
  }
}
