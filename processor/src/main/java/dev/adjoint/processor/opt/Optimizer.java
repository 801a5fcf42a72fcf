package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Verifier;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs the optimization passes in a fixed order until nothing changes (at most {@link #MAX_ROUNDS}
 * rounds), unrolls short loops once, and cleans up again. Deterministic: the same function always
 * gives the same result. Forward results are unchanged bit for bit, since every pass guarantees so.
 */
public final class Optimizer {

  /** Most rounds of the cleanup pipeline; each round only shrinks or simplifies the program. */
  public static final int MAX_ROUNDS = 10;

  private static final UnaryOperator<Function> DEAD_CODE = DeadCodeElimination::run;

  /** The cleanup pipeline, in order: each pass exposes work for the next. */
  static final List<UnaryOperator<Function>> ROUND =
      List.of(
          StoreForwarding::run,
          ConstantFolding::run,
          AlgebraicSimplification::run,
          CommonSubexpressionElimination::run,
          LoopInvariantCodeMotion::run,
          ElementPromotion::run,
          DEAD_CODE);

  private Optimizer() {}

  /** Optimizes {@code f} with the default {@link LoopUnrolling#UNROLL_LIMIT}. */
  public static Function run(Function f) {
    return run(f, LoopUnrolling.UNROLL_LIMIT);
  }

  /**
   * Optimizes {@code f}, unrolling loops of at most {@code unrollLimit} iterations (0: none).
   * Verifies the input and the output ({@link Verifier}) when checks are {@linkplain
   * Verifier#enabled() enabled} (in tests), so a pass bug fails loudly here.
   */
  public static Function run(Function f, int unrollLimit) {
    Verifier.verifyIfEnabled(f);
    return unrollClean(cleanup(f), unrollLimit);
  }

  /**
   * {@link #run(Function)} of a program that {@code run(f, 0)} returned: skips the cleanup round
   * that would only confirm that nothing is left to clean up (six passes' work per program).
   */
  public static Function runCleaned(Function clean) {
    Verifier.verifyIfEnabled(clean);
    return unrollClean(clean, LoopUnrolling.UNROLL_LIMIT);
  }

  private static Function unrollClean(Function g, int unrollLimit) {
    if (unrollLimit > 0) {
      Function unrolled = LoopUnrolling.run(g, unrollLimit);
      if (!Blocks.sameProgram(unrolled, g)) {
        g = cleanup(unrolled);
      }
    }
    return Verifier.verifyIfEnabled(g);
  }

  /**
   * Optimizes a reverse-mode program: {@link #run(Function)}, then {@link AccumulationSinking} and
   * {@link FreshAccumulation} (whose {@code 0.0 + x = x} may turn a gradient's {@code +0.0} into
   * {@code -0.0}, so it is kept out of the bit-exact pipeline) and a cleanup of what it exposed,
   * then {@link AscendingLoops}.
   */
  public static Function runAdjoint(Function f) {
    Function g = run(f);
    Function fresh = FreshAccumulation.run(AccumulationSinking.run(g));
    Function h = fresh == g ? g : Verifier.verifyIfEnabled(cleanup(fresh));
    return AscendingLoops.run(h);
  }

  /**
   * The last rewrites of a program about to be emitted, once every derivative has been taken from
   * it: {@link CustomRuleStripping} (then the common subexpressions it exposes), {@link
   * IndexChecks} and {@link ExtremumTrees} (which would change where a tie's derivative goes if
   * differentiated afterwards), then the dead code they leave. Values unchanged bit for bit.
   */
  public static Function forEmission(Function f) {
    Function stripped = CustomRuleStripping.run(f);
    // A rule traced twice (on the call's value, then on its link) computes the same again.
    Function g =
        ExtremumTrees.run(
            IndexChecks.run(
                stripped == f
                    ? f
                    : CommonSubexpressionElimination.run(Verifier.verifyIfEnabled(stripped))));
    return g == f ? f : Verifier.verifyIfEnabled(DeadCodeElimination.run(g));
  }

  /**
   * Whether dead-code elimination took {@code before} to {@code after} without removing a store.
   */
  private static boolean sameStores(Function after, Function before) {
    return Blocks.count(after.body(), Node.Store.class)
        == Blocks.count(before.body(), Node.Store.class);
  }

  /**
   * Runs {@link #ROUND} until a round leaves the program unchanged, at most {@link #MAX_ROUNDS}
   * times. A pass that changes nothing returns its input itself ({@link Rewrite#finish}); once a
   * whole round's worth of passes in a row did so, the next passes would too (each is a function of
   * its input alone), so the rest of that round and the final, unchanged round are skipped: the
   * result is the one the full rounds give.
   *
   * <p>A {@link DeadCodeElimination} that removed no store counts as no change here: removing dead
   * pure nodes, loads and carried slots gives no other pass anything to do (they are blocked only
   * by stores, and look at nodes' operands, which stay), and that pass is idempotent itself. This
   * spares the round that would only confirm the end of most cleanups.
   */
  private static Function cleanup(Function f) {
    // Normalized as every pass leaves a function, so that "unchanged" means "the same object".
    f = Rewrite.finish(f, f.body(), id -> id);
    int unchanged = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Function next = f;
      for (UnaryOperator<Function> pass : ROUND) {
        Function out = pass.apply(next);
        boolean enabling = out != next && !(pass == DEAD_CODE && sameStores(out, next));
        unchanged = enabling ? 0 : unchanged + 1;
        next = out;
        if (unchanged == ROUND.size()) {
          return next;
        }
      }
      if (Blocks.sameProgram(next, f)) {
        return next;
      }
      f = next;
    }
    return f;
  }
}
