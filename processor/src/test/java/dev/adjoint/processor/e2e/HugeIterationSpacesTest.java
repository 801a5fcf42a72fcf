package dev.adjoint.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.GradientCheck;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compile time follows the source, not the iteration space: a helper called in a loop, whose loop
 * nest calls {@code Nn.logSoftmax} on 255 logits (the fuzzer's seed 9,001,274, which kept javac
 * busy past 600 s at 1.7 GB), is not checked element by element; its arrays count against the size
 * limit like any other. The timeouts only guard against a hang.
 */
class HugeIterationSpacesTest {

  static String source(int outer) {
    return """
        package fuzz;
        import dev.adjoint.*;
        import dev.adjoint.nn.Nn;
        public final class Repro {
          @Differentiable
          public static Value f(@Shape(255) @Domain(min = 0.5, max = 2) Value[] z3) {
            Value acc = Value.of(0);
            for (int i15 = 0; i15 < %OUTER%; i15++) {
              Value[] y24 = h(z3, 3);
              acc = acc.add(z3[i15].tanh().mul(y24[i15]));
            }
            return acc;
          }

          static Value[] h(Value[] a17, int n18) {
            Value[] t19 = new Value[a17.length];
            for (int i20 = 0; i20 < a17.length; i20++) {
              Value acc22 = Value.of(0);
              for (int i21 = 2; i21 < a17.length; i21 += 3) {
                Value[] y23 = Nn.logSoftmax(a17);
                acc22 = acc22.div(-1.73);
              }
              t19[i20] = a17[i20].sub(-1.66).sub(acc22);
            }
            return t19;
          }
        }
        """
        .replace("%OUTER%", Integer.toString(outer));
  }

  private static Compilation compile(int outer) {
    return InMemory.compile(JavaFileObjects.forSourceString("fuzz.Repro", source(outer)));
  }

  @Test
  @Timeout(120)
  void aLoopNestOfLibraryCallsInALoopCompiles() {
    // 16 x 255 x 85 x 255 logits in each of the library's arrays: past what the exact check of a
    // static program tracks, so traced as a dynamic program (before: minutes, quadratic in 16).
    Compilation c = compile(16);
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
    assertEquals(1, InMemory.functions(c).size());
  }

  /**
   * A static program whose privatized array has 1,200 x 1,200 x 96 elements, beyond what the exact
   * check tracks: traced as a dynamic one, it still matches the engine.
   */
  @Test
  @Timeout(120)
  void aStaticProgramTooLargeToCheckElementByElementChecksOut() {
    Compilation c =
        InMemory.compile(
            JavaFileObjects.forSourceString(
                "demo.Wide",
                """
                package demo;
                import dev.adjoint.*;
                public final class Wide {
                  @Differentiable
                  public static Value f(@Shape(4) Value[] x) {
                    Value acc = Value.of(0);
                    for (int i = 0; i < 1200; i++) {
                      for (int j = 0; j < 1200; j++) {
                        Value[] t = new Value[96];
                        t[j % 96] = x[(i + j) % 4].mul(1e-6);
                        acc = acc.add(t[j % 96]);
                      }
                    }
                    return acc;
                  }
                }
                """));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
    CompiledFunction fn = InMemory.functions(c).get(0);
    CheckReport report = GradientCheck.of(fn).randomPoints(1).edgeCases(false).run();
    assertTrue(report.passed(), report::toString);
  }

  @Test
  @Timeout(120)
  void arraysOfLibraryCallsCountAgainstTheSizeLimit() {
    // 128 iterations of the outer loop: 128 x 255 x 85 x 255 shifted logits, over 2^28.
    Compilation c = compile(128);
    assertEquals(Compilation.Status.FAILURE, c.status());
    String message = c.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(message.startsWith("[ADJ011]"), message);
    assertTrue(message.contains("707,472,000 elements (128 x 255 x 85 x 255)"), message);
    List<String> lines = source(128).lines().toList();
    int call = 0;
    while (!lines.get(call).contains("Nn.logSoftmax")) {
      call++;
    }
    assertEquals(call + 1, c.errors().get(0).getLineNumber(), message);
  }
}
