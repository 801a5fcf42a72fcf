package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One generated program: a {@code @Differentiable} method named {@code p<seed>} and the helpers it
 * calls, as class-member source lines that can share a class with other programs.
 *
 * @param seed reproduces the program: {@code ProgramGenerator.generate(seed)}
 * @param lines the method and its helpers, indented as class members
 * @param features the constructs it uses, for coverage statistics
 */
record Program(long seed, List<String> lines, Set<String> features) {

  /** The package every generated class lives in. */
  static final String PACKAGE = "fuzz";

  /** The method's name, unique among programs. */
  String method() {
    return "p" + seed;
  }

  /**
   * Whether the program feeds {@code data()} into arithmetic: the engine treats it as a constant (a
   * stop-gradient), which finite differences cannot see, so only the engine comparison applies.
   */
  boolean stopGradient() {
    return features.contains("stopgrad");
  }

  /** The source of a class holding {@code programs}. */
  static String classSource(String className, List<Program> programs) {
    List<String> out = new ArrayList<>();
    out.add("package " + PACKAGE + ";");
    out.add("");
    out.add("import dev.adjoint.*;");
    out.add("import dev.adjoint.nn.Nn;");
    out.add("import java.util.*;");
    out.add("");
    out.add("public final class " + className + " {");
    for (Program p : programs) {
      out.addAll(p.lines());
    }
    out.add("}");
    return String.join("\n", out) + "\n";
  }

  /** This program alone, as a class one can paste into a regression test. */
  String standaloneSource() {
    return classSource("Repro", List.of(this));
  }
}
