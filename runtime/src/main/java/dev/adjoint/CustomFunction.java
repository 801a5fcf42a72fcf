package dev.adjoint;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CustomGradient} function and its rule, resolved by reflection and checked against the
 * signatures {@link CustomGradient} documents: what {@link Value#custom} evaluates, and what the
 * gradient checker compares with finite differences. Instances are immutable and cached per class,
 * name and arity; thread-safe.
 */
public final class CustomFunction {

  /** The most parameters a custom function may take. */
  public static final int MAX_PARAMETERS = 8;

  /** Resolved functions per class (by identity: two class loaders may load the same name). */
  private static final ClassValue<Map<String, CustomFunction>> CACHE =
      new ClassValue<>() {
        @Override
        protected Map<String, CustomFunction> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private final Method function;
  private final Method rule;
  private final int arity;
  private final boolean takesValue;

  private CustomFunction(Method function, Method rule, int arity, boolean takesValue) {
    this.function = function;
    this.rule = rule;
    this.arity = arity;
    this.takesValue = takesValue;
  }

  /**
   * The custom function {@code name} of {@code owner} taking {@code arity} {@code double}s.
   *
   * @throws IllegalArgumentException if there is no such static method returning {@code double}, it
   *     is not annotated {@link CustomGradient}, or its rule is missing or does not fit
   */
  public static CustomFunction of(Class<?> owner, String name, int arity) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    return CACHE.get(owner).computeIfAbsent(name + "/" + arity, k -> resolve(owner, name, arity));
  }

  private static CustomFunction resolve(Class<?> owner, String name, int arity) {
    if (arity < 1 || arity > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          name + ": a custom function takes 1 to " + MAX_PARAMETERS + " values, not " + arity);
    }
    Class<?>[] doubles = new Class<?>[arity];
    Arrays.fill(doubles, double.class);
    Method f;
    try {
      f = owner.getDeclaredMethod(name, doubles);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          owner.getName() + " has no method " + name + " of " + arity + " double parameters", e);
    }
    if (!Modifier.isStatic(f.getModifiers()) || f.getReturnType() != double.class) {
      throw new IllegalArgumentException(f + " must be static and return double");
    }
    CustomGradient g = f.getAnnotation(CustomGradient.class);
    if (g == null) {
      throw new IllegalArgumentException(f + " is not annotated @CustomGradient");
    }
    Class<?> result = arity == 1 ? double.class : double[].class;
    Method rule = null;
    boolean takesValue = false;
    for (boolean withValue : new boolean[] {true, false}) {
      Class<?>[] params = new Class<?>[arity + (withValue ? 1 : 0)];
      Arrays.fill(params, double.class);
      try {
        Method m = owner.getDeclaredMethod(g.value(), params);
        if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == result) {
          rule = m;
          takesValue = withValue;
          break;
        }
      } catch (NoSuchMethodException e) {
        // try the other form
      }
    }
    if (rule == null) {
      throw new IllegalArgumentException(
          "the rule of "
              + f
              + " must be a static method "
              + result.getSimpleName()
              + " "
              + g.value()
              + "("
              + arity
              + " doubles, optionally then the value)");
    }
    f.setAccessible(true);
    rule.setAccessible(true);
    return new CustomFunction(f, rule, arity, takesValue);
  }

  /** The function. */
  public Method function() {
    return function;
  }

  /** The rule. */
  public Method rule() {
    return rule;
  }

  /** The number of parameters. */
  public int arity() {
    return arity;
  }

  /** Whether the rule takes the function's value after its parameters. */
  public boolean ruleTakesValue() {
    return takesValue;
  }

  /** The function's value at {@code x}. */
  public double value(double... x) {
    requireArity(x);
    return (double) invoke(function, box(x, null));
  }

  /** The rule's partial derivatives at {@code x}, where the function's value is {@code y}. */
  public double[] partials(double[] x, double y) {
    requireArity(x);
    Object out = invoke(rule, box(x, takesValue ? y : null));
    if (arity == 1) {
      return new double[] {(double) out};
    }
    double[] p = (double[]) out;
    if (p == null || p.length != arity) {
      throw new IllegalStateException(
          rule
              + " returned "
              + (p == null ? "null" : p.length + " partial derivatives")
              + ", expected "
              + arity);
    }
    return p.clone();
  }

  private void requireArity(double[] x) {
    if (x.length != arity) {
      throw new IllegalArgumentException(function.getName() + " takes " + arity + " values");
    }
  }

  private static Object[] box(double[] x, Double y) {
    Object[] args = new Object[x.length + (y == null ? 0 : 1)];
    for (int i = 0; i < x.length; i++) {
      args[i] = x[i];
    }
    if (y != null) {
      args[x.length] = y;
    }
    return args;
  }

  private static Object invoke(Method m, Object[] args) {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return function.getDeclaringClass().getName() + "." + function.getName() + "/" + arity;
  }
}
