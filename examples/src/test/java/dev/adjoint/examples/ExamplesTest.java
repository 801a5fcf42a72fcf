package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CompiledFunctions;
import dev.adjoint.check.GradientCheck;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, as a user would check it: one line per compiled function, generated against
 * interpreted gradients and finite differences.
 */
class ExamplesTest {

  static Stream<String> examples() {
    return Stream.of(
        "dev.adjoint.examples.Softmaxes.softmax",
        "dev.adjoint.examples.Softmaxes.logSoftmax",
        "dev.adjoint.examples.Softmaxes.crossEntropy",
        "dev.adjoint.examples.Softmaxes.temperatureSoftmax",
        "dev.adjoint.examples.Layers.linear",
        "dev.adjoint.examples.Layers.mlp",
        "dev.adjoint.examples.Layers.rmsnorm",
        "dev.adjoint.examples.Attention.singleHead",
        "dev.adjoint.examples.Attention.multiHead",
        "dev.adjoint.examples.Regression.loss",
        "dev.adjoint.examples.Newton.rosenbrock",
        "dev.adjoint.examples.Stable.logSumExp");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void compiledMatchesEngine(String name) {
    GradientCheck.assertMatches(CompiledFunctions.named(name));
  }

  @Test
  void everyCompiledFunctionIsRegistered() {
    List<String> names = CompiledFunctions.all().stream().map(CompiledFunction::name).toList();
    for (String example : examples().toList()) {
      assertEquals(true, names.contains(example), example + " in " + names);
    }
    // Six sizes' worth of benchmark functions, three kinds each, and three of any length; the
    // masked microgpt benchmark; the examples; microgpt's loss and sampling logits (checked by
    // MicroGptTest); the natural kernels of NaturalBench (checked by NaturalBaselinesTest).
    assertEquals(examples().count() + 18 + 3 + 1 + 2 + 2, names.size(), names.toString());
  }
}
