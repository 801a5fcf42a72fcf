package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the compiled functions registered on the classpath. */
public final class CompiledFunctions {

  private CompiledFunctions() {}

  /**
   * Returns every {@link CompiledFunction} that {@link ServiceLoader} finds through the current
   * thread's context class loader, sorted by {@linkplain CompiledFunction#name() name}.
   *
   * @return a new, modifiable list; empty if nothing is registered
   */
  public static List<CompiledFunction> all() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<CompiledFunction> out = new ArrayList<>();
    for (CompiledFunction fn : ServiceLoader.load(CompiledFunction.class, loader)) {
      out.add(fn);
    }
    out.sort(Comparator.comparing(CompiledFunction::name));
    return out;
  }

  /**
   * Returns the compiled function of the source method {@code name}, e.g. {@code
   * "demo.Losses.crossEntropy"}.
   *
   * @throws IllegalArgumentException naming the functions that exist if there is no such function
   */
  public static CompiledFunction named(String name) {
    List<CompiledFunction> all = all();
    for (CompiledFunction fn : all) {
      if (fn.name().equals(name)) {
        return fn;
      }
    }
    List<String> names = new ArrayList<>();
    for (CompiledFunction fn : all) {
      names.add(fn.name());
    }
    throw new IllegalArgumentException(
        "no compiled function named "
            + name
            + "; registered: "
            + (names.isEmpty() ? "none" : names));
  }
}
