package dev.adjoint.check;

/**
 * The parsed command line of {@link Main}.
 *
 * @param filter substring a function name must contain, or null
 * @param source name of the function whose generated code to print, or null
 * @param dot name of the function whose graph to print, or null
 * @param reverse with {@code dot}: the gradient's program instead of the forward one
 * @param out file to write the graph to, or null for standard output
 * @param seed random seed
 * @param sources base directory of generated sources
 * @param wide whether the table shows every column, however wide
 * @param help whether to print the usage
 */
record Options(
    String filter,
    String source,
    String dot,
    boolean reverse,
    String out,
    long seed,
    String sources,
    boolean wide,
    boolean help) {

  /** Where Maven's compiler plugin writes annotation-processor output. */
  static final String SOURCES = "target/generated-sources/annotations";

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException describing the first problem in one line
   */
  static Options parse(String[] args) {
    String filter = null;
    String source = null;
    String dot = null;
    boolean reverse = false;
    String out = null;
    long seed = GradientCheck.DEFAULT_SEED;
    String sources = SOURCES;
    boolean wide = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--help", "-h" -> help = true;
        case "--wide" -> wide = true;
        case "--reverse" -> reverse = true;
        case "--filter" -> filter = value(args, ++i, flag);
        case "--source" -> source = value(args, ++i, flag);
        case "--dot" -> dot = value(args, ++i, flag);
        case "--out" -> out = value(args, ++i, flag);
        case "--sources" -> sources = value(args, ++i, flag);
        case "--seed" -> {
          String v = value(args, ++i, flag);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs an integer, got " + v);
          }
        }
        default ->
            throw new IllegalArgumentException(
                (flag.startsWith("-") ? "unknown option " : "unexpected argument ") + flag);
      }
    }
    if (source != null && dot != null) {
      throw new IllegalArgumentException("--source and --dot cannot be combined");
    }
    if (out != null && dot == null) {
      throw new IllegalArgumentException("--out needs --dot");
    }
    if (reverse && dot == null) {
      throw new IllegalArgumentException("--reverse needs --dot");
    }
    return new Options(filter, source, dot, reverse, out, seed, sources, wide, help);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
