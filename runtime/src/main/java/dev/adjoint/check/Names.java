package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.util.ArrayList;
import java.util.List;

/** Finds a function by the name a person types: the full name, or an end only one name has. */
final class Names {
  private Names() {}

  /**
   * The function named {@code name} ({@code com.example.Losses.crossEntropy}), or the only one
   * whose name ends with {@code .name} ({@code Losses.crossEntropy}, {@code crossEntropy}).
   *
   * @throws IllegalArgumentException in one line, with suggestions, if there is none or several
   */
  static CompiledFunction find(List<CompiledFunction> functions, String name) {
    List<CompiledFunction> ends = new ArrayList<>();
    for (CompiledFunction fn : functions) {
      if (fn.name().equals(name)) {
        return fn;
      }
      if (fn.name().endsWith("." + name)) {
        ends.add(fn);
      }
    }
    if (ends.size() == 1) {
      return ends.get(0);
    }
    if (ends.size() > 1) {
      throw new IllegalArgumentException(
          name + " names several functions: " + names(ends) + "; give the full name");
    }
    List<CompiledFunction> near = new ArrayList<>();
    String simple = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    for (CompiledFunction fn : functions) {
      if (fn.name().toLowerCase(java.util.Locale.ROOT).contains(simple)) {
        near.add(fn);
      }
    }
    String hint =
        functions.isEmpty()
            ? "no function is registered on the class path"
            : !near.isEmpty()
                ? "did you mean " + names(near.subList(0, Math.min(3, near.size()))) + "?"
                : functions.size() + " are registered; run without options to list them";
    throw new IllegalArgumentException("no compiled function named " + name + "; " + hint);
  }

  private static String names(List<CompiledFunction> fns) {
    List<String> out = new ArrayList<>();
    for (CompiledFunction fn : fns) {
      out.add(fn.name());
    }
    return String.join(", ", out);
  }
}
