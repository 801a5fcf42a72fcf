package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The range that gradient checks sample a parameter from, for functions defined only on part of the
 * real line (a {@code log} of a parameter wants {@code @Domain(min = 0.1, max = 10)}). Without it,
 * checks sample from [-3, 3].
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Domain {
  /** Smallest value sampled. */
  double min();

  /** Largest value sampled. */
  double max();
}
