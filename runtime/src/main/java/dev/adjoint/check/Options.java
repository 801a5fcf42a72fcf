package dev.adjoint.check;

/**
 * The parsed command line of {@link Main}.
 *
 * @param filter substring a function name must contain, or null
 * @param source name of the function whose generated source to print, or null
 * @param dot name of the function whose traced graph to print, or null
 * @param out file to write the graph to, or null for standard output
 * @param seed random seed
 * @param sources base directory of generated sources
 * @param help whether to print the usage
 */
record Options(
    String filter, String source, String dot, String out, long seed, String sources, boolean help) {

  /** Where Maven's compiler plugin writes annotation-processor output. */
  static final String SOURCES = "target/generated-sources/annotations";

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException describing the first problem
   */
  static Options parse(String[] args) {
    String filter = null;
    String source = null;
    String dot = null;
    String out = null;
    long seed = GradientCheck.DEFAULT_SEED;
    String sources = SOURCES;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--help", "-h" -> help = true;
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
        default -> throw new IllegalArgumentException("unknown argument " + flag);
      }
    }
    if (source != null && dot != null) {
      throw new IllegalArgumentException("--source and --dot cannot be combined");
    }
    if (out != null && dot == null) {
      throw new IllegalArgumentException("--out needs --dot");
    }
    return new Options(filter, source, dot, out, seed, sources, help);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
