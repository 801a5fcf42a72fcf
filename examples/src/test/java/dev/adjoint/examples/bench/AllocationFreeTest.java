package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated entry point the benchmarks time allocates nothing per call: the exact per-thread
 * count behind the "0 bytes/op" target, checked on every build (a count, not a timing).
 */
class AllocationFreeTest {
  /** Keeps the allocation of the probe's own check from being optimized away. */
  private static volatile Object sink;

  static Stream<Arguments> entries() {
    return AllocationProbe.entries().stream()
        .map(e -> Arguments.of(e.benchmark() + " " + e.param() + " " + e.method(), e));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void allocatesNothing(String name, AllocationProbe.Entry entry) {
    assertEquals(
        0.0,
        AllocationProbe.bytesPerCall(entry.call(), AllocationProbe.calls(entry.param())),
        name);
  }

  @Test
  void theProbeSeesOneArray() {
    // A double[16] is 16 bytes of header and 128 of data: 0 above would prove nothing otherwise.
    assertEquals(144.0, AllocationProbe.bytesPerCall(() -> sink = new double[16], 1000), 1e-9);
  }
}
