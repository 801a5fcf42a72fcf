package dev.adjoint.processor.trace;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's {@link Trees} for a processing environment. Build tools wrap javac's environment
 * (IntelliJ in a {@link Proxy}, Gradle's incremental processing in a class with a {@code delegate}
 * field, as Lombok also finds it), and {@link Trees#instance} accepts only javac's own, so the
 * wrappers are peeled off by reflection, best effort. Only the Trees come from the unwrapped
 * environment: everything else (the wrapper's Filer above all, which records what is generated)
 * goes through the environment the processor was given.
 */
public final class TreesAccess {
  private static final String JAVAC_ENV =
      "com.sun.tools.javac.processing.JavacProcessingEnvironment";

  private TreesAccess() {}

  /** The Trees of {@code env}, or null when the compiler is not javac (ECJ, for instance). */
  public static Trees trees(ProcessingEnvironment env) {
    ProcessingEnvironment unwrapped = unwrap(env);
    try {
      return Trees.instance(unwrapped);
    } catch (IllegalArgumentException | LinkageError e) {
      return null;
    }
  }

  /**
   * Why {@code env} gives no Trees, for ADJ001: the compiler is not javac (Eclipse's ECJ has no
   * javac trees), or a build tool's wrapper hides javac's environment where it cannot be found.
   */
  public static String whyNot(ProcessingEnvironment env) {
    String name = env.getClass().getName();
    ProcessingEnvironment inner = unwrap(env);
    if (name.contains("eclipse") || name.contains(".jdt.")) {
      return "the compiler is Eclipse's (" + name + "), which has no javac trees";
    }
    if (inner != env) {
      return "the processing environment "
          + name
          + " wraps "
          + inner.getClass().getName()
          + ", which is not javac's";
    }
    return "the processing environment is "
        + name
        + ", and no javac environment was found in it (not javac, or a wrapper that hides it)";
  }

  static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
    Object current = env;
    for (int depth = 0; depth < 8 && current != null; depth++) {
      if (current.getClass().getName().equals(JAVAC_ENV)) {
        return (ProcessingEnvironment) current;
      }
      Object inner =
          Proxy.isProxyClass(current.getClass())
              ? delegate(Proxy.getInvocationHandler(current))
              : delegate(current);
      if (inner == null) {
        break;
      }
      current = inner;
    }
    return env;
  }

  /** The first field (of this class or a superclass) holding a ProcessingEnvironment. */
  private static Object delegate(Object wrapper) {
    for (Class<?> c = wrapper.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        boolean candidate =
            ProcessingEnvironment.class.isAssignableFrom(f.getType())
                || f.getName().equals("delegate")
                || (wrapper instanceof InvocationHandler && f.getType() == Object.class);
        if (!candidate || java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object v = f.get(wrapper);
          if (v instanceof ProcessingEnvironment && v != wrapper) {
            return v;
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // Inaccessible (a module boundary): try the next field.
        }
      }
    }
    return null;
  }
}
