package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.util.List;

/** A hand-compiled {@code f(x, y) = x * y + exp(x)}, as the processor would generate it. */
public final class ScalarFunction implements CompiledFunction {

  @Override
  public String name() {
    return "test.Scalar.xyExp";
  }

  @Override
  public String generatedClass() {
    return "test.ScalarAdjoint";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("x", Kind.VALUE, List.of(), -3, 3),
        new Parameter("y", Kind.VALUE, List.of(), -3, 3));
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
    double x = inputs[0][0];
    double y = inputs[1][0];
    return new double[] {x * y + Math.exp(x)};
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    double x = inputs[0][0];
    double y = inputs[1][0];
    double s = seed[0];
    // The engine reaches x through exp before it reaches it through the product.
    return new double[][] {{Math.exp(x) * s + y * s}, {x * s}};
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    double x = inputs[0][0];
    double y = inputs[1][0];
    double dx = tangents[0][0];
    double dy = tangents[1][0];
    return new double[] {(dx * y + x * dy) + Math.exp(x) * dx};
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    Value x = (Value) arguments[0];
    Value y = (Value) arguments[1];
    return x.mul(y).add(x.exp());
  }
}
