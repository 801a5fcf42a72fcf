package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.util.List;

/** A correct function with one deliberate defect, to show that checks catch it. */
final class TamperedFunction implements CompiledFunction {

  /** The defect. */
  enum Defect {
    /** The first gradient element of the first input is scaled by 1.001. */
    GRADIENT_SCALED,
    /** The first gradient element of the first input is scaled by 1.000001. */
    GRADIENT_SCALED_SLIGHTLY,
    /** The first gradient element of the first input has its sign flipped. */
    GRADIENT_SIGN,
    /** The first tangent output has its sign flipped. */
    TANGENT_SIGN,
    /** The first forward output is one ulp too large. */
    FORWARD_ULP,
    /** The original method throws. */
    ORIGINAL_THROWS,
    /** vjp forgets the last parameter's gradient array. */
    VJP_SHAPE
  }

  private final CompiledFunction delegate;
  private final Defect defect;

  TamperedFunction(CompiledFunction delegate, Defect defect) {
    this.delegate = delegate;
    this.defect = defect;
  }

  @Override
  public String name() {
    return delegate.name() + "_" + defect.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String generatedClass() {
    return delegate.generatedClass();
  }

  @Override
  public List<Parameter> parameters() {
    return delegate.parameters();
  }

  @Override
  public Kind outputKind() {
    return delegate.outputKind();
  }

  @Override
  public List<Integer> outputShape() {
    return delegate.outputShape();
  }

  @Override
  public double[] forward(double[][] inputs, Object[] passive) {
    double[] out = delegate.forward(inputs, passive);
    if (defect == Defect.FORWARD_ULP) {
      out[0] = Math.nextUp(out[0]);
    }
    return out;
  }

  @Override
  public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
    double[][] g = delegate.vjp(inputs, passive, seed);
    if (defect == Defect.GRADIENT_SCALED) {
      g[0][0] *= 1.001;
    } else if (defect == Defect.GRADIENT_SCALED_SLIGHTLY) {
      g[0][0] *= 1.000001;
    } else if (defect == Defect.GRADIENT_SIGN) {
      g[0][0] = -g[0][0];
    } else if (defect == Defect.VJP_SHAPE) {
      g = java.util.Arrays.copyOf(g, g.length - 1);
    }
    return g;
  }

  @Override
  public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
    double[] t = delegate.jvp(inputs, passive, tangents);
    if (defect == Defect.TANGENT_SIGN) {
      t[0] = -t[0];
    }
    return t;
  }

  @Override
  public Object invokeOriginal(Object[] arguments) {
    if (defect == Defect.ORIGINAL_THROWS) {
      throw new IllegalStateException("boom");
    }
    return delegate.invokeOriginal(arguments);
  }
}
