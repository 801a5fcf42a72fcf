package dev.adjoint.examples.microgpt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The main job: trains microgpt on the names dataset with the gradient Adjoint compiled from {@link
 * MicroGpt#loss}, one document per step, after checking the first steps against the {@code Value}
 * engine; then prints the loss curve, samples names and compares the time per step with the
 * engine's.
 *
 * <p>Options: {@code --steps N} (default: one epoch, every name once), {@code --verify K} steps
 * checked against the engine (default 3), {@code --samples N} (default 20), {@code --seed S}
 * (default 42), {@code --svg FILE} (default {@code target/microgpt-loss.svg}).
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) {
    int steps = -1;
    int verify = 3;
    int samples = 20;
    long seed = 42;
    Path svg = Path.of("target", "microgpt-loss.svg");
    // Maven passes -Ddemo.args as one argument: split it as a shell would.
    String joined = String.join(" ", args).trim();
    args = joined.isEmpty() ? new String[0] : joined.split("\\s+");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String next = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--steps" -> steps = Integer.parseInt(require(a, next));
        case "--verify" -> verify = Integer.parseInt(require(a, next));
        case "--samples" -> samples = Integer.parseInt(require(a, next));
        case "--seed" -> seed = Long.parseLong(require(a, next));
        case "--svg" -> svg = Path.of(require(a, next));
        default -> {
          System.err.println("unknown option " + a + " (see the Javadoc of " + Train.class + ")");
          System.exit(2);
        }
      }
      i++;
    }
    List<String> names = Documents.names();
    Vocabulary vocab = new Vocabulary(names);
    List<String> docs = Documents.shuffled(names, seed);
    if (steps < 0) {
      steps = docs.size();
    }
    int[][] tokens = new int[docs.size()][];
    for (int d = 0; d < tokens.length; d++) {
      tokens[d] = vocab.encode(docs.get(d));
    }
    Weights weights = Weights.initial(vocab.size(), seed);
    CompiledModel model = new CompiledModel();
    System.out.printf(
        Locale.ROOT,
        "microgpt: %,d names, vocabulary %d (%d characters + BOS), %,d parameters,"
            + " trained by the gradient Adjoint compiled from MicroGpt.loss%n%n",
        names.size(),
        vocab.size(),
        vocab.size() - 1,
        weights.count());

    if (verify > 0
        && !verifyAgainstEngine(model, weights, tokens, Math.min(verify, steps), steps)) {
      System.exit(1);
    }

    Weights grads = new Weights(vocab.size());
    Adam adam = new Adam(weights, grads, steps);
    LossCurve curve = new LossCurve(steps);
    Progress progress = new Progress(steps);
    long start = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      double loss = model.lossAndGradient(tokens[step % tokens.length], weights, grads);
      adam.step(step);
      curve.add(loss);
      progress.update(step + 1, curve);
    }
    long trainNanos = System.nanoTime() - start;
    progress.finish(curve, trainNanos);

    System.out.printf(Locale.ROOT, "%nLoss, mean over windows of steps:%n%s", curve.text(64, 10));
    curve.writeSvg(
        svg,
        String.format(
            Locale.ROOT,
            "microgpt on names: loss over %,d steps (%.2f → %.2f)",
            steps,
            curve.mean(0, Math.min(steps, 200)),
            curve.mean(Math.max(0, steps - 1000), steps)));
    System.out.println("The curve as a picture: " + svg.toAbsolutePath());

    System.out.printf(Locale.ROOT, "%n%d names sampled at temperature 0.5:%n", samples);
    Sampler sampler = new Sampler(model, vocab, new Random(seed));
    List<String> sampled = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      sampled.add(sampler.sample(weights, 0.5));
    }
    System.out.println("  " + String.join(", ", sampled));

    double compiledMicros = trainNanos / 1e3 / steps;
    double engineMicros = engineMicrosPerStep(weights, tokens);
    System.out.printf(
        Locale.ROOT,
        "%nTime per step (value, gradient and Adam; one thread): compiled %.1f µs, Value engine"
            + " %,.0f µs (%.0fx)%n",
        compiledMicros,
        engineMicros,
        engineMicros / compiledMicros);
  }

  private static String require(String option, String value) {
    if (value == null) {
      System.err.println(option + " needs a value");
      System.exit(2);
    }
    return value;
  }

  /**
   * Runs the first {@code k} steps both ways, from the same weights: the compiled gradient and the
   * engine's, each followed by Adam. The first loss (same weights) must be the engine's bit for
   * bit; after that the two runs' weights differ by the rounding of earlier steps, so each later
   * loss must agree to 1e-12 (relative), and the weights to 1e-12 after every step.
   */
  static boolean verifyAgainstEngine(
      CompiledModel model, Weights start, int[][] tokens, int k, int steps) {
    int vocab = start.wte.length;
    Weights compiled = new Weights(vocab);
    compiled.copyFrom(start);
    Weights engine = new Weights(vocab);
    engine.copyFrom(start);
    Weights compiledGrads = new Weights(vocab);
    Weights engineGrads = new Weights(vocab);
    Adam compiledAdam = new Adam(compiled, compiledGrads, steps);
    Adam engineAdam = new Adam(engine, engineGrads, steps);
    System.out.printf(Locale.ROOT, "Checking the first %d steps against the Value engine:%n", k);
    boolean ok = true;
    for (int step = 0; step < k; step++) {
      int[] doc = tokens[step % tokens.length];
      double a = model.lossAndGradient(doc, compiled, compiledGrads);
      double b = EngineModel.lossAndGradient(doc, engine, engineGrads);
      compiledAdam.step(step);
      engineAdam.step(step);
      double diff = compiled.maxDifference(engine);
      long ulps = Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
      boolean lossOk = step == 0 ? ulps == 0 : Math.abs(a - b) <= 1e-12 * Math.abs(b);
      boolean close = diff <= 1e-12;
      ok &= lossOk && close;
      System.out.printf(
          Locale.ROOT,
          "  step %d (%2d tokens): loss %.15f, engine %.15f (%s); weights after Adam differ by"
              + " at most %.1e (%s)%n",
          step + 1,
          doc.length,
          a,
          b,
          ulps == 0
              ? "same bits"
              : ulps + " ulp" + (ulps == 1 ? "" : "s") + (lossOk ? "" : ": TOO FAR"),
          diff,
          close ? "within 1e-12" : "OVER 1e-12");
    }
    System.out.println(
        ok
            ? "  The compiled training follows the engine's.\n"
            : "  MISMATCH: the compiled gradient does not follow the engine's.");
    return ok;
  }

  /** The engine's time per step (value, gradient and Adam), over a few documents. */
  static double engineMicrosPerStep(Weights start, int[][] tokens) {
    int vocab = start.wte.length;
    Weights w = new Weights(vocab);
    w.copyFrom(start);
    Weights grads = new Weights(vocab);
    Adam adam = new Adam(w, grads, 1_000);
    int warmup = 5;
    int timed = 30;
    long begin = 0;
    for (int step = 0; step < warmup + timed; step++) {
      if (step == warmup) {
        begin = System.nanoTime();
      }
      EngineModel.lossAndGradient(tokens[step], w, grads);
      adam.step(step);
    }
    return (System.nanoTime() - begin) / 1e3 / timed;
  }

  /** A progress bar with steps per second and the running loss, updated a few times a second. */
  static final class Progress {
    private final int steps;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int lastDecile;

    Progress(int steps) {
      this.steps = steps;
    }

    void update(int done, LossCurve curve) {
      long now = System.nanoTime();
      if (terminal
          ? now - lastPrint < 200_000_000L && done < steps
          : done * 10 / steps == lastDecile) {
        return;
      }
      lastPrint = now;
      lastDecile = done * 10 / steps;
      String line = line(done, curve, now);
      if (terminal) {
        System.out.print("\r" + line);
      } else {
        System.out.println(line);
      }
    }

    void finish(LossCurve curve, long nanos) {
      if (terminal) {
        System.out.println();
      }
      System.out.printf(
          Locale.ROOT,
          "Trained %,d steps in %.2f s (%,.0f steps/s): loss %.3f over the first 1,000 steps, %.3f"
              + " over the last 1,000%n",
          steps,
          nanos / 1e9,
          steps / (nanos / 1e9),
          curve.mean(0, Math.min(1000, steps)),
          curve.mean(Math.max(0, steps - 1000), steps));
    }

    private String line(int done, LossCurve curve, long now) {
      int width = 30;
      int filled = (int) ((long) done * width / steps);
      double seconds = (now - start) / 1e9;
      return String.format(
          Locale.ROOT,
          "[%s%s] %,7d/%,d  %,8.0f steps/s  loss %.3f",
          "#".repeat(filled),
          " ".repeat(width - filled),
          done,
          steps,
          seconds > 0 ? done / seconds : 0,
          curve.mean(Math.max(0, done - 500), done));
    }
  }
}
