package dev.adjoint.processor.ad;

import dev.adjoint.processor.ir.Builder;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code double} constants a derivative program uses, created where they are needed and
 * remembered by id so that rules can recognise a factor of one.
 */
final class Constants {
  private final Builder b;
  private final Map<Integer, Double> values = new HashMap<>();

  Constants(Builder b) {
    this.b = b;
  }

  /** A new constant node with this value, in the current block. */
  int of(double value) {
    int id = b.constant(value);
    values.put(id, value);
    return id;
  }

  /** The value of a constant created here, or null. */
  Double valueOf(int id) {
    return values.get(id);
  }
}
