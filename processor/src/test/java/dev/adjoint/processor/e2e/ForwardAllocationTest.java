package dev.adjoint.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the entry points of generated code allocate, counted exactly by HotSpot's per-thread
 * allocation counter around direct calls: the static convenience method allocates its result and
 * what its forward program uses (no tape, nothing for derivatives); a reused kernel nothing.
 */
class ForwardAllocationTest {

  private static final String SOURCE =
      """
      package demo;

      import dev.adjoint.*;
      import dev.adjoint.nn.Nn;

      public final class Big {
        @Differentiable
        public static Value crossEntropy(@Shape(2048) Value[] logits, int target) {
          return Nn.crossEntropy(logits, target);
        }

        @Differentiable
        public static Value[] softmax(@Shape(512) Value[] logits) {
          return Nn.softmax(logits);
        }
      }
      """;

  private static final String PROBE =
      """
      package demo;

      public final class Probe implements java.util.function.IntFunction<Object> {
        private final String kind;
        private final double[] logits = new double[2048];
        private final double[] small = new double[512];
        private final double[] grad = new double[2048];
        private final BigCompiled.CrossEntropy kernel = new BigCompiled.CrossEntropy();
        public double sink;

        public Probe(String kind) {
          this.kind = kind;
          for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.sin(i);
          }
          System.arraycopy(logits, 0, small, 0, small.length);
        }

        @Override
        public Object apply(int target) {
          switch (kind) {
            case "crossEntropy" -> sink += BigCompiled.crossEntropy(logits, target);
            case "softmax" -> sink += BigCompiled.softmax(small)[target];
            case "kernelForward" -> sink += kernel.forward(logits, target);
            case "kernelGradient" -> sink += kernel.gradient(logits, target, grad);
            default -> throw new IllegalArgumentException(kind);
          }
          return null;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() {
    Compilation c =
        InMemory.compile(
            JavaFileObjects.forSourceString("demo.Big", SOURCE),
            JavaFileObjects.forSourceString("demo.Probe", PROBE));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
    loader = InMemory.loader(c);
  }

  @SuppressWarnings("unchecked")
  private static IntFunction<Object> probe(String kind) {
    try {
      return (IntFunction<Object>)
          loader.loadClass("demo.Probe").getConstructor(String.class).newInstance(kind);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The fewest bytes per call over five windows of calls, after a warm-up. */
  private static long perCall(String kind) {
    IntFunction<Object> call = probe(kind);
    for (int i = 0; i < 2000; i++) {
      call.apply(i % 7);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    int calls = 100;
    for (int window = 0; window < 5; window++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        call.apply(i % 7);
      }
      best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
    }
    return best / calls;
  }

  @Test
  void aScalarConvenienceAllocatesNoTape() {
    // Before: a whole workspace per call, the 2048-element tape of exp(logits - max) included
    // (16,416 bytes). Now at most the kernel instance itself.
    long bytes = perCall("crossEntropy");
    assertTrue(bytes <= 64, bytes + " bytes per call");
  }

  @Test
  void anArrayConvenienceAllocatesItsResultAndItsForwardWorkspace() {
    // The result (512 doubles) and the forward program's exponentials (512 doubles), not the
    // reverse program's arrays nor the Jacobian's buffers.
    long bytes = perCall("softmax");
    long array = 16 + 8 * 512;
    assertTrue(bytes >= array && bytes <= 2 * array + 64, bytes + " bytes per call");
  }

  @Test
  void aReusedKernelAllocatesNothing() {
    assertEquals(0, perCall("kernelForward"));
    assertEquals(0, perCall("kernelGradient"));
  }
}
