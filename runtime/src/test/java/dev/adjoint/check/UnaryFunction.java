package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * A hand-compiled function of one scalar: the engine's version, and the forward value and
 * derivative the "generated" code computes, each possibly rounding another way than the engine.
 */
final class UnaryFunction implements CompiledFunction {
  private final String name;
  private final double min;
  private final double max;
  private final UnaryOperator<Value> engine;
  private final DoubleUnaryOperator value;
  private final DoubleUnaryOperator derivative;

  UnaryFunction(
      String name,
      double min,
      double max,
      UnaryOperator<Value> engine,
      DoubleUnaryOperator value,
      DoubleUnaryOperator derivative) {
    this.name = name;
    this.min = min;
    this.max = max;
    this.engine = engine;
    this.value = value;
    this.derivative = derivative;
  }

  @Override
  public String name() {
    return "test.Unary." + name;
  }

  @Override
  public String generatedClass() {
    return "test.UnaryCompiled";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(new Parameter("x", Kind.VALUE, List.of(), min, max));
  }

  @Override
  public Kind outputKind() {
    return Kind.VALUE;
  }

  @Override
  public List<Integer> outputShape() {
    return List.of();
  }

  @Override
  public double[] forward(double[][] inputs, Object[] passive) {
    return new double[] {value.applyAsDouble(inputs[0][0])};
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    return new double[][] {{derivative.applyAsDouble(inputs[0][0]) * seed[0]}};
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    return new double[] {derivative.applyAsDouble(inputs[0][0]) * tangents[0][0]};
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    return engine.apply((Value) arguments[0]);
  }
}
