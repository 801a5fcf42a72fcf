package dev.adjoint.check;

/**
 * One input point of a check: the arguments of the function plus the output seed for reverse mode
 * and the input tangents for forward mode.
 *
 * @param label names the point in reports: {@code random#2}, {@code edge:large}, ...
 * @param random true for seeded random points, the only ones compared with finite differences
 * @param inputs one flattened array per differentiable parameter
 * @param passive one boxed argument per other parameter
 * @param seed the reverse-mode seed, shaped like the flattened output
 * @param tangent one tangent array per differentiable parameter
 */
record Point(
    String label,
    boolean random,
    double[][] inputs,
    Object[] passive,
    double[] seed,
    double[][] tangent) {

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
}
