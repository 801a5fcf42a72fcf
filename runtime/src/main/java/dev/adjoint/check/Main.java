package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The comparison CLI: checks every compiled function on the classpath and prints one table row
 * each, or prints one function's generated code or graph. Every error is one line on standard
 * error, never a stack trace; the exit status is {@link #USAGE}'s.
 */
public final class Main {

  /** The default width of the table: a terminal of 120 columns. */
  static final int WIDTH = 120;

  /** The help text. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: java dev.adjoint.check.Main [options]",
          "",
          "Compares every compiled @Differentiable function on the classpath with the Value engine",
          "and with finite differences, and prints one row per function.",
          "",
          "  --filter SUBSTRING  check only functions whose name contains SUBSTRING",
          "  --wide              show every column (shapes, times, sizes, source files)",
          "  --seed N            random seed for inputs (default "
              + GradientCheck.DEFAULT_SEED
              + ")",
          "  --source NAME       print the generated code of function NAME (its workspace class)",
          "  --sources DIR       where generated sources are (default " + Options.SOURCES + ")",
          "  --dot NAME          print the graph of NAME's compiled program, in Graphviz's DOT",
          "  --reverse           with --dot: the program computing the gradient",
          "  --out FILE          with --dot: write the graph to FILE",
          "  --help              print this help",
          "",
          "NAME is a function's full name (com.example.Losses.crossEntropy) or its end",
          "(Losses.crossEntropy, crossEntropy) when only one function has it.",
          "",
          "Exit status:",
          "  0  every function checked passes (or --source, --dot, --help succeeded)",
          "  1  a function fails its check, none was found, a registration names a class that",
          "     does not load, or a file cannot be read or written",
          "  2  bad usage: an unknown option, a missing or bad value, an unknown function name",
          "");

  private Main() {}

  /** Runs the CLI over the functions registered on the classpath and exits with its status. */
  public static void main(String[] args) {
    CompiledFunctions.Discovery found = CompiledFunctions.discover();
    System.exit(
        run(
            args,
            System.out,
            System.err,
            found.functions(),
            found.problems(),
            System.console() != null));
  }

  /** Runs the CLI with no progress and errors on {@code out}; see the full overload. */
  public static int run(String[] args, PrintStream out, List<CompiledFunction> functions) {
    return run(args, out, out, functions, List.of(), false);
  }

  /**
   * Runs the CLI.
   *
   * @param args the command line
   * @param out where results go
   * @param err where errors and progress go
   * @param functions the functions to consider, in any order
   * @param problems registration entries that did not load, one line each
   * @param terminal whether {@code err} is a terminal (progress rewrites one line)
   * @return the exit status: 0 pass, 1 failure, 2 bad usage
   */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      List<CompiledFunction> functions,
      List<String> problems,
      boolean terminal) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage() + " (see --help)");
      return 2;
    }
    if (options.help()) {
      out.print(USAGE);
      return 0;
    }
    List<CompiledFunction> sorted = new ArrayList<>(functions);
    sorted.sort(Comparator.comparing(CompiledFunction::name));
    for (String p : problems) {
      err.println("error: " + p);
    }
    if (options.source() != null || options.dot() != null) {
      String name = options.source() != null ? options.source() : options.dot();
      CompiledFunction fn;
      try {
        fn = Names.find(sorted, name);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      return options.source() != null
          ? printSource(fn, options, out, err)
          : printGraph(fn, options, out, err);
    }
    int status =
        new CheckTable(options, out, err, terminal, System::nanoTime).run(sorted, options.filter());
    return problems.isEmpty() ? status : 1;
  }

  private static int printSource(
      CompiledFunction fn, Options options, PrintStream out, PrintStream err) {
    Path path = sourcePath(options.sources(), fn.generatedClass());
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      err.println(
          "error: cannot read "
              + display(path)
              + (e instanceof java.nio.file.NoSuchFileException ? " (no such file)" : "")
              + "; give the generated sources' directory with --sources");
      return 1;
    }
    String workspace = workspaceClass(fn);
    String code = SourceExtract.memberClass(text, workspace);
    if (code == null) {
      err.println("error: " + display(path) + " has no class " + workspace);
      return 1;
    }
    out.println("// " + fn.name() + ": class " + workspace + " in " + display(path));
    out.print(code);
    return 0;
  }

  /** {@code CrossEntropy} for the adapter {@code CrossEntropyFunction}. */
  static String workspaceClass(CompiledFunction fn) {
    String adapter = fn.getClass().getSimpleName();
    return adapter.endsWith("Function")
        ? adapter.substring(0, adapter.length() - "Function".length())
        : adapter;
  }

  private static int printGraph(
      CompiledFunction fn, Options options, PrintStream out, PrintStream err) {
    String resource = graphResource(fn, options.reverse());
    URL url = fn.getClass().getClassLoader().getResource(resource);
    if (url == null) {
      err.println(
          "error: no graph of "
              + fn.name()
              + ": "
              + resource
              + " is not on the class path (it is written next to the generated class by the"
              + " processor; rebuild)");
      return 1;
    }
    String dot;
    try (InputStream in = url.openStream()) {
      dot = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("error: cannot read " + resource + ": " + e.getMessage());
      return 1;
    }
    if (options.out() == null) {
      out.print(dot);
      return 0;
    }
    try {
      Files.writeString(Path.of(options.out()), dot);
    } catch (IOException e) {
      err.println("error: cannot write " + options.out());
      return 1;
    }
    out.println(
        "wrote "
            + options.out()
            + "; render it with: dot -Tsvg "
            + options.out()
            + " -o "
            + options.out().replaceFirst("\\.dot$", "")
            + ".svg");
    return 0;
  }

  /**
   * The resource holding the graph of {@code fn}: {@code demo/LossesCompiled.crossEntropy.dot}
   * ({@code .reverse.dot} for the gradient's program), next to the generated class.
   */
  static String graphResource(CompiledFunction fn, boolean reverse) {
    String method = fn.name().substring(fn.name().lastIndexOf('.') + 1);
    return fn.generatedClass().replace('.', '/')
        + "."
        + method
        + (reverse ? ".reverse" : "")
        + ".dot";
  }

  /**
   * The generated source of {@code generatedClass} under {@code base}: {@code demo.LossesAdjoint}
   * is {@code base/demo/LossesAdjoint.java}; a nested class is in its outermost class's file.
   */
  static Path sourcePath(String base, String generatedClass) {
    String outer = generatedClass;
    int lastDot = outer.lastIndexOf('.');
    int dollar = outer.indexOf('$', lastDot + 1);
    if (dollar >= 0) {
      outer = outer.substring(0, dollar);
    }
    return Path.of(base, outer.replace('.', '/') + ".java");
  }

  /** A path as shown to the user: relative to the working directory when it lies below it. */
  static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = path.toAbsolutePath().normalize();
    Path shown = path.isAbsolute() && abs.startsWith(cwd) ? cwd.relativize(abs) : path;
    return shown.toString().replace('\\', '/');
  }
}
