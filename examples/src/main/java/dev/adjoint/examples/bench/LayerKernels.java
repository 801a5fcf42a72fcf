package dev.adjoint.examples.bench;

import dev.adjoint.examples.AttentionCompiled;
import dev.adjoint.examples.LayersCompiled;

/**
 * One interface over the generated attention and MLP kernels, which all take a vector and two
 * matrices, so that one benchmark class covers both attention examples (a JMH {@code @Param}) and
 * the allocation probe treats all three alike. As with {@link SizedKernels}, a fork loads one
 * implementation and the call inlines.
 */
final class LayerKernels {
  private LayerKernels() {}

  /** A generated kernel of {@code f(x, a, b)}: its three entry points. */
  interface Layer {
    /** The generated {@code forward}. */
    void forward(double[] x, double[][] a, double[][] b, double[] out);

    /** The generated {@code vjp}. */
    void vjp(
        double[] x,
        double[][] a,
        double[][] b,
        double[] seed,
        double[] out,
        double[] gX,
        double[][] gA,
        double[][] gB);

    /** The generated {@code tangent}. */
    void tangent(
        double[] x,
        double[][] a,
        double[][] b,
        double[] dX,
        double[][] dA,
        double[][] dB,
        double[] dOut);
  }

  /** {@code Attention.singleHead} or {@code Attention.multiHead}, compiled. */
  static Layer attention(String head) {
    switch (head) {
      case "singleHead":
        {
          AttentionCompiled.SingleHead k = new AttentionCompiled.SingleHead();
          return new Layer() {
            @Override
            public void forward(double[] x, double[][] a, double[][] b, double[] out) {
              k.forward(x, a, b, out);
            }

            @Override
            public void vjp(
                double[] x,
                double[][] a,
                double[][] b,
                double[] seed,
                double[] out,
                double[] gX,
                double[][] gA,
                double[][] gB) {
              k.vjp(x, a, b, seed, out, gX, gA, gB);
            }

            @Override
            public void tangent(
                double[] x,
                double[][] a,
                double[][] b,
                double[] dX,
                double[][] dA,
                double[][] dB,
                double[] dOut) {
              k.tangent(x, a, b, dX, dA, dB, dOut);
            }
          };
        }
      case "multiHead":
        {
          AttentionCompiled.MultiHead k = new AttentionCompiled.MultiHead();
          return new Layer() {
            @Override
            public void forward(double[] x, double[][] a, double[][] b, double[] out) {
              k.forward(x, a, b, out);
            }

            @Override
            public void vjp(
                double[] x,
                double[][] a,
                double[][] b,
                double[] seed,
                double[] out,
                double[] gX,
                double[][] gA,
                double[][] gB) {
              k.vjp(x, a, b, seed, out, gX, gA, gB);
            }

            @Override
            public void tangent(
                double[] x,
                double[][] a,
                double[][] b,
                double[] dX,
                double[][] dA,
                double[][] dB,
                double[] dOut) {
              k.tangent(x, a, b, dX, dA, dB, dOut);
            }
          };
        }
      default:
        throw new IllegalArgumentException("no attention example " + head);
    }
  }

  /** {@code Layers.mlp}, compiled. */
  static Layer mlp() {
    LayersCompiled.Mlp k = new LayersCompiled.Mlp();
    return new Layer() {
      @Override
      public void forward(double[] x, double[][] a, double[][] b, double[] out) {
        k.forward(x, a, b, out);
      }

      @Override
      public void vjp(
          double[] x,
          double[][] a,
          double[][] b,
          double[] seed,
          double[] out,
          double[] gX,
          double[][] gA,
          double[][] gB) {
        k.vjp(x, a, b, seed, out, gX, gA, gB);
      }

      @Override
      public void tangent(
          double[] x,
          double[][] a,
          double[][] b,
          double[] dX,
          double[][] dA,
          double[][] dB,
          double[] dOut) {
        k.tangent(x, a, b, dX, dA, dB, dOut);
      }
    };
  }
}
