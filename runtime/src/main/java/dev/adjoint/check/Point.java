package dev.adjoint.check;

import dev.adjoint.CompiledFunction;

/**
 * One input point of a check: the arguments of the function plus the output seed for reverse mode
 * and the input tangents for forward mode.
 *
 * @param label names the point in reports: {@code random#2}, {@code edge:large}, ...; at a size of
 *     a function with runtime dimensions, with the size: {@code random#2 [n=5]}
 * @param random true for seeded random points, the only ones compared with finite differences
 * @param inputs one flattened array per differentiable parameter
 * @param passive one boxed argument per other parameter
 * @param seed the reverse-mode seed, shaped like the flattened output
 * @param tangent one tangent array per differentiable parameter
 * @param shapes the shape of each differentiable input, for a function with runtime dimensions
 *     (null for a static one, which is called without shapes)
 * @param size the sizes of the runtime dimensions, {@code n=5 m=6} ({@code ""} for a static
 *     function)
 */
record Point(
    String label,
    boolean random,
    double[][] inputs,
    Object[] passive,
    double[] seed,
    double[][] tangent,
    int[][] shapes,
    String size) {

  /** A deep copy of the inputs, so that a misbehaving function cannot alter later calls. */
  double[][] inputsCopy() {
    return copy(inputs);
  }

  /** A copy of the passive arguments with their arrays copied too. */
  Object[] passiveCopy() {
    Object[] out = passive.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      } else if (out[i] instanceof int[] a) {
        out[i] = a.clone();
      }
    }
    return out;
  }

  static double[][] copy(double[][] arrays) {
    double[][] out = new double[arrays.length][];
    for (int i = 0; i < arrays.length; i++) {
      out[i] = arrays[i].clone();
    }
    return out;
  }

  /** The shape of differentiable input {@code i}, or null for a static function. */
  int[] shape(int i) {
    return shapes == null ? null : shapes[i];
  }

  /** {@code fn}'s generated forward pass at this point (with copies of its arguments). */
  double[] forward(CompiledFunction fn, double[][] x) {
    return shapes == null
        ? fn.forward(x, passiveCopy())
        : fn.forward(x, copyShapes(), passiveCopy());
  }

  /** {@code fn}'s generated reverse pass at this point. */
  double[][] vjp(CompiledFunction fn) {
    return shapes == null
        ? fn.vjp(inputsCopy(), passiveCopy(), seed.clone())
        : fn.vjp(inputsCopy(), copyShapes(), passiveCopy(), seed.clone());
  }

  /** {@code fn}'s generated forward-mode pass at this point. */
  double[] jvp(CompiledFunction fn) {
    return shapes == null
        ? fn.jvp(inputsCopy(), passiveCopy(), copy(tangent))
        : fn.jvp(inputsCopy(), copyShapes(), passiveCopy(), copy(tangent));
  }

  /** {@code fn}'s generated Hessian-vector product at this point along {@code direction}. */
  double[][] hvp(CompiledFunction fn, double[][] direction) {
    return shapes == null
        ? fn.hvp(inputsCopy(), passiveCopy(), seed.clone(), copy(direction))
        : fn.hvp(inputsCopy(), copyShapes(), passiveCopy(), seed.clone(), copy(direction));
  }

  /** {@code fn}'s generated reverse pass at inputs {@code x} with this point's seed. */
  double[][] vjpAt(CompiledFunction fn, double[][] x) {
    return shapes == null
        ? fn.vjp(copy(x), passiveCopy(), seed.clone())
        : fn.vjp(copy(x), copyShapes(), passiveCopy(), seed.clone());
  }

  /** The engine's gradient of {@code <seed, output>} at inputs {@code x}. */
  double[][] engineGradientAt(CompiledFunction fn, double[][] x) {
    return Engine.trace(fn, copy(x), shapes == null ? null : copyShapes(), passiveCopy())
        .gradient(seed);
  }

  /** The engine's trace of the original method at this point. */
  Engine.Trace trace(CompiledFunction fn) {
    return Engine.trace(fn, inputsCopy(), shapes == null ? null : copyShapes(), passiveCopy());
  }

  private int[][] copyShapes() {
    int[][] out = new int[shapes.length][];
    for (int i = 0; i < shapes.length; i++) {
      out[i] = shapes[i].clone();
    }
    return out;
  }
}
