package dev.adjoint.examples.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts, exactly, the bytes each generated entry point allocates per call on the calling thread.
 *
 * <p>JMH's {@code gc.alloc.rate.norm} divides everything the forked JVM allocated during an
 * iteration, the harness's own bookkeeping included, by the operations of that iteration: a few
 * kilobytes spread over millions of fast calls read as 0.01 B/op, but over the few hundred calls of
 * a 32,768-wide kernel as 10 B/op or more. This count has no such floor (HotSpot's per-thread
 * allocation counter, read around many calls), so "0" means no allocation at all.
 */
final class AllocationProbe {
  private AllocationProbe() {}

  /**
   * One generated entry point, named as its benchmark is.
   *
   * @param benchmark the benchmark class's simple name
   * @param param the benchmark's {@code @Param} value, or empty
   * @param method the benchmark method that times this entry point
   * @param call one call of the entry point on preallocated arguments
   */
  record Entry(String benchmark, String param, String method, Runnable call) {}

  /** Bytes allocated by the calling thread per call of {@code call}, after two warm-up calls. */
  static double bytesPerCall(Runnable call, int calls) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    call.run(); // class loading and linking allocate once, not per call
    call.run();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    long after = threads.getCurrentThreadAllocatedBytes();
    return (after - before) / (double) calls;
  }

  /** Every generated entry point the benchmarks time, with calls enough for a stable count. */
  static List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (String size : SizedKernels.SIZES) {
      int n = Integer.parseInt(size);
      double[] logits = Inputs.logits(n);
      double[] seed = Inputs.direction(n, 1);
      double[] dLogits = Inputs.direction(n, 0);
      double[] y = new double[n];
      double[] g = new double[n];
      int target = Inputs.target(n);
      SizedKernels.Scalar ce = SizedKernels.crossEntropy(n);
      out.add(
          new Entry(
              "CrossEntropyBench", size, "generatedForward", () -> ce.forward(logits, target)));
      out.add(
          new Entry(
              "CrossEntropyBench",
              size,
              "generatedGradient",
              () -> ce.gradient(logits, target, g)));
      out.add(
          new Entry(
              "CrossEntropyBench",
              size,
              "generatedTangent",
              () -> ce.tangent(logits, target, dLogits)));
      addVector(out, "SoftmaxBench", size, SizedKernels.softmax(n), logits, seed, dLogits, y, g);
      addVector(
          out, "LogSoftmaxBench", size, SizedKernels.logSoftmax(n), logits, seed, dLogits, y, g);
    }
    for (String head : List.of("singleHead", "multiHead")) {
      LayerKernels.Layer k = LayerKernels.attention(head);
      addLayer(out, "AttentionBench", head, k, 16, 8, 16, 8, 16);
    }
    addLayer(out, "MlpBench", "", LayerKernels.mlp(), 16, 64, 16, 16, 64);
    Runnable[] hvp = HvpBench.calls();
    String[] methods = {"crossEntropyGradient", "crossEntropyHvp", "mlpGradient", "mlpHvp"};
    for (int i = 0; i < methods.length; i++) {
      out.add(new Entry("HvpBench", "", methods[i], hvp[i]));
    }
    return out;
  }

  /** Calls per count: enough to average over, few enough that the interpreter is quick. */
  static int calls(String param) {
    return param.equals("32768") ? 5 : 50;
  }

  private static void addVector(
      List<Entry> out,
      String benchmark,
      String size,
      SizedKernels.Vector k,
      double[] logits,
      double[] seed,
      double[] dLogits,
      double[] y,
      double[] g) {
    out.add(new Entry(benchmark, size, "generatedForward", () -> k.forward(logits, y)));
    out.add(new Entry(benchmark, size, "generatedGradient", () -> k.vjp(logits, seed, y, g)));
    out.add(new Entry(benchmark, size, "generatedTangent", () -> k.tangent(logits, dLogits, y)));
  }

  private static void addLayer(
      List<Entry> out,
      String benchmark,
      String param,
      LayerKernels.Layer k,
      int width,
      int aRows,
      int aCols,
      int bRows,
      int bCols) {
    double[] x = Inputs.vector(aCols, 1, -1, 1);
    double[][] a = Inputs.matrix(aRows, aCols, 2, -1, 1);
    double[][] b = Inputs.matrix(bRows, bCols, 3, -1, 1);
    double[] seed = Inputs.direction(width, 1);
    double[] dX = Inputs.direction(aCols, 2);
    double[][] dA = Inputs.matrix(aRows, aCols, 4, -1, 1);
    double[][] dB = Inputs.matrix(bRows, bCols, 5, -1, 1);
    double[] y = new double[width];
    double[] gX = new double[aCols];
    double[][] gA = new double[aRows][aCols];
    double[][] gB = new double[bRows][bCols];
    out.add(new Entry(benchmark, param, "generatedForward", () -> k.forward(x, a, b, y)));
    out.add(
        new Entry(
            benchmark, param, "generatedGradient", () -> k.vjp(x, a, b, seed, y, gX, gA, gB)));
    out.add(
        new Entry(benchmark, param, "generatedTangent", () -> k.tangent(x, a, b, dX, dA, dB, y)));
  }
}
