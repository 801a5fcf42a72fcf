package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The static size of an array or list parameter of a {@link Differentiable} method: one number per
 * dimension ({@code @Shape(27) Value[] logits}, {@code @Shape({16, 16}) Value[][] w}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Shape {
  /** The size of each dimension, outermost first. */
  int[] value();
}
