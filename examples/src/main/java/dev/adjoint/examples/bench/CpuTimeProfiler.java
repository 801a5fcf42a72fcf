package dev.adjoint.examples.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation: the forked JVM's process CPU time over an iteration divided by its
 * operations, next to JMH's wall-clock score.
 *
 * <p>Why: on a shared two-core machine, any other busy process takes the CPU away from the
 * benchmark for whole scheduler slices, and wall-clock time per operation grows with the load, by a
 * different amount for each fork. CPU time only counts the time the JVM actually ran, so ratios of
 * two benchmarks measured seconds apart stay meaningful; on an idle machine the two agree (the
 * report shows both). Garbage collection and JIT threads are included: an engine that allocates
 * pays for its collector.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  /** The secondary result's name. */
  static final String NAME = "cpu.time.norm";

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long before;

  /** Created by JMH in each fork. */
  public CpuTimeProfiler() {}

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    before = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long used = os.getProcessCpuTime() - before;
    long ops = result.getMetadata().getMeasuredOps();
    if (ops <= 0 || used < 0) {
      return List.of();
    }
    return List.of(new ScalarResult(NAME, (double) used / ops, "ns/op", AggregationPolicy.AVG));
  }
}
