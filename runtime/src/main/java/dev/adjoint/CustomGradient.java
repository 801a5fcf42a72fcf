package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static function on {@code double}s whose derivatives Adjoint takes from a hand-written
 * rule instead of from its body, in the manner of JAX's {@code custom_vjp}: a numerically delicate
 * kernel, a call into a library, a gradient you want to shape.
 *
 * <p><b>The function</b> takes one to eight {@code double} parameters and returns a {@code double}.
 * Adjoint never looks inside it: the generated code calls it as it is (so it must be accessible
 * from the generated class: public, or in the same package), and it must be pure and total (the
 * same result for the same arguments, no exception for any input; return NaN instead), since
 * generated code may evaluate it where the source would not (both arms of a {@code ?:}).
 *
 * <p><b>The rule</b> is the static method of the same class named by {@link #value()}. It takes the
 * function's parameters, optionally followed by one more {@code double}, the function's value at
 * them, and returns the function's partial derivatives there: a {@code double} for a function of
 * one parameter, a {@code double[]} with one element per parameter otherwise. Adjoint traces the
 * rule like any helper method (its source must be in the compilation), so it must be written with
 * what a {@code @Differentiable} method may use; being traced, it is differentiated again for
 * Hessian-vector products.
 *
 * <p><b>Calling it</b> from {@code @Differentiable} code (and from any code running on the {@link
 * Value} engine) goes through {@link Value#custom(Class, String, Value...)}, usually wrapped once:
 *
 * <pre>{@code
 * @CustomGradient("logAddExpGrad")
 * public static double logAddExp(double a, double b) {
 *   double m = Math.max(a, b);
 *   return m == Double.NEGATIVE_INFINITY ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
 * }
 *
 * static double[] logAddExpGrad(double a, double b, double y) {
 *   return new double[] {Math.exp(a - y), Math.exp(b - y)};
 * }
 *
 * public static Value logAddExp(Value a, Value b) {
 *   return Value.custom(Stable.class, "logAddExp", a, b);
 * }
 * }</pre>
 *
 * <p>The engine computes the value with the function and the local derivatives with the rule, so
 * generated code and engine agree with each other whatever the rule says; {@code GradientCheck}
 * compares the rule with central differences of the function, to catch a wrong rule.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CustomGradient {
  /** The name of the rule: a static method of the same class. */
  String value();
}
