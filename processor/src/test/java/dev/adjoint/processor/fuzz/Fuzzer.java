package dev.adjoint.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.CompiledFunction;
import dev.adjoint.processor.e2e.InMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles generated programs with the processor, several per class to amortize javac, and checks
 * each compiled function with {@code GradientCheck} against the engine and finite differences. When
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

  /** Seconds a batch may take before it counts as a hang ({@code adjoint.fuzz.timeout}). */
  private static final long TIMEOUT_SECONDS = Long.getLong("adjoint.fuzz.timeout", 300);

  private final LongFunction<Program> generator;
  private final boolean mayReject;
  private final Map<String, Integer> rejections = new TreeMap<>();
  private final Map<String, List<Long>> rejectedSeeds = new TreeMap<>();
  private final AtomicLong compileNanos = new AtomicLong();
  private final AtomicLong checkNanos = new AtomicLong();
  private final AtomicInteger compilations = new AtomicInteger();

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
    // Daemon threads: a compilation that hangs must not keep the test's JVM alive.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "fuzz");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<List<Failure>>> results = new ArrayList<>();
      for (List<Program> batch : batches) {
        results.add(pool.submit(() -> batch(batch)));
      }
      List<Failure> failures = new ArrayList<>();
      for (int b = 0; b < results.size(); b++) {
        List<Failure> found;
        try {
          found = results.get(b).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          results.get(b).cancel(true);
          List<Program> batch = batches.get(b);
          found =
              List.of(
                  new Failure(
                      batch.get(0),
                      "hang: the batch of seeds "
                          + batch.stream()
                              .map(p -> Long.toString(p.seed()))
                              .collect(Collectors.joining(","))
                          + " did not finish within "
                          + TIMEOUT_SECONDS
                          + " s (adjoint.fuzz.timeout); compile each with adjoint.fuzz.seed"));
        }
        failures.addAll(found);
        progress(batches.get(b), found);
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

  /**
   * Appends a batch's outcome to the file named by {@code adjoint.fuzz.report}, if set, as soon as
   * it is known: a long run that is stopped or hangs has still written what it found.
   */
  private static void progress(List<Program> batch, List<Failure> found) {
    String report = System.getProperty("adjoint.fuzz.report");
    if (report == null) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("seeds ")
        .append(batch.get(0).seed())
        .append("..")
        .append(batch.get(batch.size() - 1).seed())
        .append(": ")
        .append(found.size())
        .append(" failures or notes\n");
    for (Failure f : found) {
      sb.append(f.describe()).append('\n');
    }
    try {
      Files.writeString(
          Path.of(report), sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      return Verdicts.check(p, fn);
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
