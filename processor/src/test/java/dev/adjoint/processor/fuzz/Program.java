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
 * @param shared class members every class holding the program needs (helpers shared by all the
 *     programs of one generator), written once per class
 * @param test how to reproduce it alone: the test and its seed property, {@code FuzzTest
 *     -Dadjoint.fuzz.seed=}
 */
record Program(
    long seed, List<String> lines, Set<String> features, List<String> shared, String test) {

  /** A static program of {@link ProgramGenerator}, reproduced by {@link FuzzTest}. */
  Program(long seed, List<String> lines, Set<String> features) {
    this(seed, lines, features, List.of(), "FuzzTest -Dadjoint.fuzz.seed=");
  }

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

  /** The source of a class holding {@code programs} (of one generator: they share members). */
  static String classSource(String className, List<Program> programs) {
    List<String> out = new ArrayList<>();
    out.add("package " + PACKAGE + ";");
    out.add("");
    out.add("import dev.adjoint.*;");
    out.add("import dev.adjoint.nn.Nn;");
    out.add("import java.util.*;");
    out.add("");
    out.add("public final class " + className + " {");
    out.addAll(programs.get(0).shared());
    for (Program p : programs) {
      out.addAll(p.lines());
    }
    out.add("}");
    return String.join("\n", out) + "\n";
  }

  /**
   * The 1-based line of {@link #classSource} where program {@code index} of {@code programs}
   * begins.
   */
  static int firstLine(List<Program> programs, int index) {
    int line = HEADER_LINES + programs.get(0).shared().size() + 1;
    for (int i = 0; i < index; i++) {
      line += programs.get(i).lines().size();
    }
    return line;
  }

  /** Lines of {@link #classSource} before the shared members: package, imports, class. */
  private static final int HEADER_LINES = 7;

  /** This program alone, as a class one can paste into a regression test. */
  String standaloneSource() {
    return classSource("Repro", List.of(this));
  }
}
