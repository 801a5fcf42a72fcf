package dev.adjoint.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.check.CheckReport;
import dev.adjoint.check.Discrepancy;
import dev.adjoint.check.GradientCheck;
import dev.adjoint.check.Tolerance;
import dev.adjoint.processor.e2e.InMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles generated programs with the processor, several per class to amortize javac, and checks
 * each compiled function with {@link GradientCheck} against the engine and finite differences. When
 * a class fails to compile, its programs are compiled one by one to find the culprits.
 */
final class Fuzzer {

  /**
   * A program that failed, and how. A {@code note} is a disagreement that is no processor bug:
   * finite differences side with the generated code against the engine ({@link #engineOutlier}), or
   * only finite differences disagree ({@link #onlyFiniteDifferences}). Notes are reported but do
   * not fail the test.
   */
  record Failure(Program program, String what, boolean note) {
    Failure(Program program, String what) {
      this(program, what, false);
    }

    String describe() {
      return "=== program seed "
          + program.seed()
          + (note ? " NOTE" : " FAILED")
          + " (reproduce: mvn -B -pl processor test -Dtest="
          + program.test()
          + program.seed()
          + ")\nfeatures: "
          + program.features()
          + "\n"
          + what
          + "\n--- source ---\n"
          + program.standaloneSource();
    }
  }

  private final int batchSize;
  private final int threads;
  private final boolean verbose;
  private final LongFunction<Program> generator;
  private final boolean mayReject;
  private final Map<String, Integer> rejections = new TreeMap<>();
  private final Map<String, List<Long>> rejectedSeeds = new TreeMap<>();
  private final java.util.concurrent.atomic.AtomicLong compileNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong checkNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger compilations =
      new java.util.concurrent.atomic.AtomicInteger();

  /** With {@code verbose}, prints each program and the code generated for it (for one seed). */
  Fuzzer(int batchSize, int threads, boolean verbose) {
    this(batchSize, threads, verbose, ProgramGenerator::generate, false);
  }

  /**
   * Fuzzes the programs of {@code generator}. With {@code mayReject}, a program the processor
   * rejects with a diagnostic {@code [ADJnnn]} (other than the internal error ADJ900) is counted in
   * {@link #rejections()}, not failed: the generator writes programs outside the supported subset.
   */
  Fuzzer(
      int batchSize,
      int threads,
      boolean verbose,
      LongFunction<Program> generator,
      boolean mayReject) {
    this.batchSize = batchSize;
    this.threads = threads;
    this.verbose = verbose;
    this.generator = generator;
    this.mayReject = mayReject;
  }

  /** How many programs were rejected, by diagnostic code ({@code ADJ012}). */
  synchronized Map<String, Integer> rejections() {
    return new TreeMap<>(rejections);
  }

  /** The first few seeds rejected with each code, to look at. */
  synchronized Map<String, List<Long>> rejectedSeeds() {
    return new TreeMap<>(rejectedSeeds);
  }

  /** Where the time went: compilations, seconds compiling, seconds checking (all threads). */
  String timing() {
    return String.format(
        "%d compilations, %.0f s compiling, %.0f s checking (summed over threads)",
        compilations.get(), compileNanos.get() / 1e9, checkNanos.get() / 1e9);
  }

  private synchronized void rejected(Program p, String code) {
    rejections.merge(code, 1, Integer::sum);
    List<Long> seeds = rejectedSeeds.computeIfAbsent(code, c -> new ArrayList<>());
    if (seeds.size() < 5) {
      seeds.add(p.seed());
    }
  }

  /**
   * Generates, compiles and checks the programs of {@code seeds}; returns the failures in order.
   */
  List<Failure> run(List<Long> seeds) {
    List<List<Program>> batches = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i += batchSize) {
      List<Program> batch = new ArrayList<>();
      for (long s : seeds.subList(i, Math.min(seeds.size(), i + batchSize))) {
        batch.add(generator.apply(s));
      }
      batches.add(batch);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Failure>>> results = new ArrayList<>();
      for (List<Program> batch : batches) {
        results.add(pool.submit(() -> batch(batch)));
      }
      List<Failure> failures = new ArrayList<>();
      for (Future<List<Failure>> f : results) {
        failures.addAll(f.get());
      }
      return failures;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Failure> batch(List<Program> batch) {
    String className = "Batch" + batch.get(0).seed();
    Compilation c;
    try {
      c = compile(className, batch);
    } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
      return isolate(batch, e.toString());
    }
    if (verbose) {
      print(batch, c);
    }
    if (!clean(c)) {
      return mayReject ? withoutRejected(batch, c) : isolate(batch, diagnostics(c));
    }
    Map<String, CompiledFunction> byName = new HashMap<>();
    for (CompiledFunction fn : InMemory.functions(c)) {
      byName.put(fn.name(), fn);
    }
    List<Failure> failures = new ArrayList<>();
    for (Program p : batch) {
      CompiledFunction fn = byName.get(Program.PACKAGE + "." + className + "." + p.method());
      if (fn == null) {
        failures.add(new Failure(p, "no compiled function registered for " + p.method()));
        continue;
      }
      Failure problem = timedCheck(p, fn);
      if (problem != null) {
        failures.add(problem);
      }
    }
    return failures;
  }

  /** Checks one function; null if it passed. */
  static Failure check(Program p, CompiledFunction fn) {
    Tolerance tol = Tolerance.DEFAULT;
    if (p.stopGradient()) {
      // Finite differences see through data(); the engine does not. Compare with the engine only.
      tol = tol.withFiniteDifferenceRelative(1e300);
    }
    try {
      CheckReport report = GradientCheck.of(fn).seed(p.seed()).tolerance(tol).run();
      if (report.passed() || cancellationNoise(report)) {
        return null;
      }
      boolean outlier = engineOutlier(report) || onlyFiniteDifferences(report);
      if (outlier && p.stopGradient()) {
        // Finite differences were off; they count only if they agree with all of data()'s uses.
        outlier = engineOutlier(GradientCheck.of(fn).seed(p.seed()).run());
      }
      return new Failure(p, "gradient check failed:\n" + report, outlier);
    } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
      return new Failure(p, "gradient check threw " + e);
    }
  }

  /**
   * Whether the engine is the outlier: the generated gradient and tangent agree with finite
   * differences of the generated forward (bit-identical to the engine's), at least a hundred times
   * better than the engine's derivatives do. The engine accumulates gradients in its own order,
   * which can lose a small gradient next to huge terms that cancel (seed 117761: {@code v - v} with
   * adjoints near 1e52), and finite differences are the arbiter then. A real bug in the generated
   * derivatives shows in the finite-difference comparison as much as in the engine's.
   */
  private static boolean engineOutlier(CheckReport r) {
    Discrepancy gradFd = r.gradientVsFiniteDifference();
    Discrepancy tanFd = r.tangentVsFiniteDifference();
    double fd = Math.max(gradFd.maxRelative(), tanFd.maxRelative());
    double engine = Math.max(r.gradientVsEngine().maxRelative(), r.tangentVsEngine().maxRelative());
    return r.errors().isEmpty()
        && r.forwardMaxUlps() == 0
        && gradFd.compared() > 0
        && tanFd.compared() > 0
        && fd <= FD_ARBITER
        && engine >= 100 * fd;
  }

  /** Largest relative finite-difference error at which finite differences arbitrate. */
  private static final double FD_ARBITER = 1e-3;

  /**
   * Whether the only problems are engine comparisons of derivatives that cancel to (nearly) zero,
   * like the gradient of the sum of a softmax: the engine and the generated code accumulate O(1)
   * terms in different orders, and the check's floor, relative to the largest gradient element (or
   * to the terms of {@code <seed, jvp>}), is then itself nearly zero. An absolute error far below
   * the rounding error of such terms is no bug.
   */
  private static boolean cancellationNoise(CheckReport r) {
    List<String> problems = r.problems();
    return problems.stream()
            .allMatch(s -> s.startsWith("gradient vs engine") || s.startsWith("tangent vs engine"))
        && tiny(r.gradientVsEngine())
        && tiny(r.tangentVsEngine());
  }

  /**
   * Whether a comparison passed, or failed only where the absolute error is below {@link
   * #CANCELLATION} (read from its worst element, since the largest absolute error over all points
   * may sit at a large number that passed) and nowhere above {@link #MAX_ABSOLUTE}.
   */
  private static boolean tiny(Discrepancy d) {
    if (d.passed()) {
      return true;
    }
    Matcher m = WORST.matcher(d.worst());
    double abs =
        m.find()
            ? Math.abs(Double.parseDouble(m.group(1)) - Double.parseDouble(m.group(2)))
            : d.maxAbsolute();
    return abs <= CANCELLATION && d.maxAbsolute() <= MAX_ABSOLUTE;
  }

  /** The two numbers of a {@link Discrepancy#worst()} description. */
  private static final Pattern WORST = Pattern.compile("\\(generated (\\S+), reference (\\S+)\\)$");

  /** Absolute gradient error accepted when gradients cancel: far below any real bug's size. */
  private static final double CANCELLATION = 1e-12;

  /** Largest absolute error anywhere that still counts as cancellation noise. */
  private static final double MAX_ABSOLUTE = 1e-8;

  /**
   * Whether only finite differences disagree: the generated forward is bit-identical to the
   * engine's and the generated derivatives agree with the engine's, so a finite difference that
   * disagrees measured a kink ({@code relu}, a select's threshold) within its step, or its own
   * truncation error, not a bug of the processor.
   */
  private static boolean onlyFiniteDifferences(CheckReport r) {
    return r.errors().isEmpty()
        && r.forwardMaxUlps() == 0
        && r.problems().stream().allMatch(s -> s.contains("vs finite differences"));
  }

  /** Compiles each program alone and reports those that fail on their own. */
  private List<Failure> isolate(List<Program> batch, String batchProblem) {
    List<Failure> failures = new ArrayList<>();
    for (Program p : batch) {
      String className = "Single" + p.seed();
      try {
        Compilation c = compile(className, List.of(p));
        String code = mayReject ? Rejections.code(c) : null;
        if (code != null) {
          rejected(p, code);
          continue;
        }
        if (!clean(c)) {
          failures.add(new Failure(p, "compilation failed:\n" + diagnostics(c)));
          continue;
        }
        List<CompiledFunction> fns = InMemory.functions(c);
        Failure problem =
            fns.size() == 1
                ? timedCheck(p, fns.get(0))
                : new Failure(p, "expected one compiled function, found " + fns.size());
        if (problem != null) {
          failures.add(problem);
        }
      } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
        failures.add(new Failure(p, "compilation threw " + e));
      }
    }
    if (failures.isEmpty()) {
      // Only the combination fails: report it on the first program, with the batch's problem.
      failures.add(
          new Failure(
              batch.get(0),
              "the batch of seeds "
                  + batch.stream()
                      .map(p -> Long.toString(p.seed()))
                      .collect(Collectors.joining(","))
                  + " failed together but each compiles alone:\n"
                  + batchProblem));
    }
    return failures;
  }

  /**
   * Counts the programs of a batch that the processor rejected (errors {@code [ADJnnn]} on their
   * lines) and compiles the others again; isolates the batch if any other diagnostic shows.
   */
  private List<Failure> withoutRejected(List<Program> batch, Compilation c) {
    Map<Program, String> outcomes = Rejections.byProgram(batch, c);
    if (outcomes == null) {
      return isolate(batch, diagnostics(c));
    }
    List<Failure> failures = new ArrayList<>();
    outcomes.forEach(
        (p, what) -> {
          if (what.startsWith("!")) {
            failures.add(new Failure(p, "compilation failed:\n" + what.substring(1)));
          } else {
            rejected(p, what);
          }
        });
    List<Program> rest = new ArrayList<>(batch);
    rest.removeAll(outcomes.keySet());
    if (!rest.isEmpty()) {
      failures.addAll(batch(rest));
    }
    return failures;
  }

  private static void print(List<Program> batch, Compilation c) {
    StringBuilder sb = new StringBuilder();
    for (Program p : batch) {
      sb.append(p.standaloneSource());
    }
    for (JavaFileObject f : c.generatedSourceFiles()) {
      try {
        sb.append("--- generated ").append(f.getName()).append(" ---\n");
        sb.append(f.getCharContent(true));
      } catch (IOException e) {
        sb.append(e).append('\n');
      }
    }
    System.out.println(sb);
  }

  private Compilation compile(String className, List<Program> programs) {
    String source = Program.classSource(className, programs);
    long start = System.nanoTime();
    try {
      return InMemory.compile(
          JavaFileObjects.forSourceString(Program.PACKAGE + "." + className, source));
    } finally {
      compileNanos.addAndGet(System.nanoTime() - start);
      compilations.incrementAndGet();
    }
  }

  private Failure timedCheck(Program p, CompiledFunction fn) {
    long start = System.nanoTime();
    try {
      return check(p, fn);
    } finally {
      checkNanos.addAndGet(System.nanoTime() - start);
    }
  }

  static boolean clean(Compilation c) {
    return c.status() == Compilation.Status.SUCCESS && c.warnings().isEmpty();
  }

  private static String diagnostics(Compilation c) {
    StringBuilder sb = new StringBuilder();
    for (Diagnostic<?> d : c.diagnostics()) {
      sb.append(d.getKind())
          .append(": line ")
          .append(d.getLineNumber())
          .append(": ")
          .append(d.getMessage(null))
          .append('\n');
    }
    return sb.toString();
  }
}
