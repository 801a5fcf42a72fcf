package dev.adjoint.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.Engine;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.processor.emit.ClassFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole model: microgpt's training loss over one 16-token sequence (4,192 parameters: embeddings,
 * RMSNorm, causal multi-head attention, the MLP, cross-entropy; the source is {@code
 * src/test/resources/models/MicroGpt.java}). It compiles without warnings, every generated method
 * stays JIT-compilable, its forward value, gradient and tangent check out against the engine and
 * finite differences, and gradient descent with the generated gradient follows the engine's steps
 * and fits the sequence.
 */
class MicroGptTest {

  /** HotSpot never JIT-compiles a method with more bytecode than this. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  /** Plain gradient descent's step size in the training test. */
  private static final double LEARNING_RATE = 0.5;

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = InMemory.compile(JavaFileObjects.forResource("models/MicroGpt.java"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void hasMicrogptsParameterCount() {
    CompiledFunction loss = loss();
    int parameters = 0;
    for (CompiledFunction.Parameter p : loss.parameters()) {
      if (p.kind().differentiable()) {
        parameters += p.size();
      }
    }
    assertEquals(4192, parameters);
  }

  @Test
  void everyGeneratedMethodStaysJitCompilable() throws IOException {
    int methods = 0;
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("MicroGptCompiled")) {
        try (InputStream in = f.openInputStream()) {
          for (Map.Entry<String, Integer> m :
              ClassFiles.codeLengths(in.readAllBytes()).entrySet()) {
            methods++;
            assertTrue(
                m.getValue() < HUGE_METHOD_LIMIT,
                f.getName() + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
          }
        }
      }
    }
    assertTrue(methods > 10, "generated methods found: " + methods);
  }

  @Test
  void checksOutAgainstTheEngineAndFiniteDifferences() {
    CheckReport report = GradientCheck.of(loss()).randomPoints(4).edgeCases(true).run();
    assertTrue(report.passed(), report.toString());
  }

  @Test
  void trainingStepsFollowTheEngineAndLowerTheLoss() {
    CompiledFunction loss = loss();
    // microgpt's initialization: weights drawn from N(0, 0.08^2); one random 17-token document.
    SplittableRandom random = new SplittableRandom(42);
    List<double[]> weights = new ArrayList<>();
    for (CompiledFunction.Parameter p : loss.parameters()) {
      if (p.kind().differentiable()) {
        double[] w = new double[p.size()];
        for (int i = 0; i < w.length; i++) {
          w[i] = random.nextGaussian() * 0.08;
        }
        weights.add(w);
      }
    }
    int[] tokens = random.ints(17, 0, 27).toArray();
    double[][] generated = weights.toArray(new double[0][]);
    double[][] engine = copy(generated);
    double first = loss.forward(generated, new Object[] {tokens})[0];
    for (int step = 0; step < 10; step++) {
      sgd(generated, loss.vjp(generated, new Object[] {tokens}, new double[] {1.0}));
      if (step < 2) {
        // Two steps on the engine from the same start land on the same weights.
        sgd(engine, Engine.vjp(loss, engine, new Object[] {tokens}, new double[] {1.0}));
        for (int j = 0; j < engine.length; j++) {
          for (int i = 0; i < engine[j].length; i++) {
            assertEquals(engine[j][i], generated[j][i], 1e-12, "parameter " + j + "[" + i + "]");
          }
        }
      }
    }
    double last = loss.forward(generated, new Object[] {tokens})[0];
    // Ten steps of gradient descent memorize most of one sequence (ln 27 = 3.3 at the start).
    assertTrue(first > 3 && last < first / 4, "loss went from " + first + " to " + last);
  }

  private static void sgd(double[][] weights, double[][] gradients) {
    for (int j = 0; j < weights.length; j++) {
      for (int i = 0; i < weights[j].length; i++) {
        weights[j][i] -= LEARNING_RATE * gradients[j][i];
      }
    }
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j].clone();
    }
    return out;
  }

  private static CompiledFunction loss() {
    List<CompiledFunction> functions = InMemory.functions(compilation);
    assertEquals(1, functions.size());
    return functions.get(0);
  }
}
