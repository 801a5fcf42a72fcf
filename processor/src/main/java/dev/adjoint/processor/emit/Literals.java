package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ScalarType;

/** Prints constants as Java literals that read back as exactly the same value. */
final class Literals {
  private Literals() {}

  /** A {@code double} literal: shortest round-trip digits, or a named special value. */
  static String f64(double v) {
    if (Double.isNaN(v)) {
      return "Double.NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "Double.POSITIVE_INFINITY";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(v);
  }

  /** The literal of a constant of type {@code t} (ints and booleans are held exactly). */
  static String of(ScalarType t, double v) {
    return switch (t) {
      case F64 -> f64(v);
      case I32 -> Integer.toString((int) v);
      case BOOL -> v != 0 ? "true" : "false";
      case VOID -> throw new IllegalArgumentException("void constant");
    };
  }
}
