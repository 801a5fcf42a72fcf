package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Traces grow with the source, not with the shapes; the checks stay fast at vocabulary sizes. */
class LargeShapesTest {

  @Test
  @Timeout(60)
  void vocabularySizedShapesTraceToSmallPrograms() {
    long start = System.nanoTime();
    TraceHarness h =
        new TraceHarness(
            "demo.Big",
            "package demo;",
            "import dev.adjoint.*;",
            "import dev.adjoint.nn.Nn;",
            "public final class Big {",
            "  @Differentiable public static Value loss(@Shape(50257) Value[] logits, int t) {",
            "    double max = Double.NEGATIVE_INFINITY;",
            "    for (Value v : logits) max = Math.max(max, v.data());",
            "    Value[] shifted = new Value[logits.length];",
            "    for (int i = 0; i < logits.length; i++) shifted[i] = logits[i].sub(max);",
            "    Value sum = Value.of(0);",
            "    for (Value s : shifted) sum = sum.add(s.exp());",
            "    return shifted[t].sub(sum.log()).neg();",
            "  }",
            "  @Differentiable public static Value head(@Shape(768) Value[] x,",
            "      @Shape({4096, 768}) Value[][] w, int t) {",
            "    return Nn.crossEntropy(Nn.linear(Nn.rmsnorm(x), w), t);",
            "  }",
            "}");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int lossSize = h.traced("loss").function().size();
    int headSize = h.traced("head").function().size();
    assertTrue(lossSize < 60, "loss has " + lossSize + " nodes");
    assertTrue(headSize < 200, "head has " + headSize + " nodes");
    assertTrue(took.toSeconds() < 30, "took " + took);
    h.check("loss", 2, 50);
  }
}
