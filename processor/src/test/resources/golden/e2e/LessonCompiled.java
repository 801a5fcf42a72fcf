package demo;

import dev.adjoint.CompiledFunction;
import dev.adjoint.Value;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Code compiled by Adjoint from the {@code @Differentiable} methods of {@code
 * demo.Lesson}: plain {@code double} arithmetic with forward- and reverse-mode
 * derivatives. Do not edit; it is regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class LessonCompiled {
  private LessonCompiled() {
  }

  /**
   * Evaluates {@code demo.Lesson.softmax} (Lesson.java:9) on a new {@link Softmax}.
   * Allocates the returned array, the instance and the workspace of its forward program only
   * (nothing for derivatives); to evaluate it repeatedly, reuse one {@link Softmax} instead.
   *
   * @param logits the argument {@code logits}, shape [27]
   * @return a new array holding the value, shape [27]
   */
  public static double[] softmax(double[] logits) {
    double[] probs = new double[27];
    new Softmax(true).forward(logits, probs);
    return probs;
  }

  /**
   * Evaluates {@code demo.Lesson.logSoftmax} (Lesson.java:21) on a new {@link LogSoftmax}.
   * Allocates the returned array, the instance and the workspace of its forward program only
   * (nothing for derivatives); to evaluate it repeatedly, reuse one {@link LogSoftmax}
   * instead.
   *
   * @param logits the argument {@code logits}, shape [27]
   * @return a new array holding the value, shape [27]
   */
  public static double[] logSoftmax(double[] logits) {
    double[] out = new double[27];
    new LogSoftmax(true).forward(logits, out);
    return out;
  }

  /**
   * Evaluates {@code demo.Lesson.crossEntropy} (Lesson.java:35) on a new {@link
   * CrossEntropy}. Allocates the instance and the workspace of its forward program only
   * (nothing for derivatives); to evaluate it repeatedly, reuse one {@link CrossEntropy}
   * instead.
   *
   * @param logits the argument {@code logits}, shape [27]
   * @param target the argument {@code target} (not differentiated)
   * @return the value of {@code crossEntropy}
   */
  public static double crossEntropy(double[] logits, int target) {
    return new CrossEntropy(true).forward(logits, target);
  }

  /**
   * Evaluates {@code demo.Lesson.librarySoftmax} (Lesson.java:47) on a new {@link
   * LibrarySoftmax}. Allocates the returned array, the instance and the workspace of its
   * forward program only (nothing for derivatives); to evaluate it repeatedly, reuse one
   * {@link LibrarySoftmax} instead.
   *
   * @param logits the argument {@code logits}, shape [27]
   * @return a new array holding the value, shape [27]
   */
  public static double[] librarySoftmax(double[] logits) {
    double[] probs = new double[27];
    new LibrarySoftmax(true).forward(logits, probs);
    return probs;
  }

  /**
   * Multiplies every element of {@code a} by {@code s}, in place; returns it.
   */
  private static double[] scale(double[] a, double s) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= s;
    }
    return a;
  }

  /**
   * Compiled from {@code demo.Lesson.softmax(Value[] logits)} (Lesson.java:9).
   *
   * <p>Inputs: {@code logits[27]} (active). Output: {@code Value[]} of shape [27].
   * Graph: 29 traced nodes; forward 29 nodes, reverse 60, tangent 45, Hessian-vector product
   * 98.
   *
   * <p>{@link #forward} evaluates the method, {@link #vjp} also its vector-Jacobian product
   * (reverse mode), {@link #tangent} its directional derivative (forward mode), {@link
   * #jacobian} the full Jacobian, {@link #hvp} its Hessian-vector product (forward mode over
   * reverse mode) and {@link #hessian} the full Hessian.
   *
   * <p>Create one instance and reuse it: the constructor allocates the workspace (270
   * numbers) and the methods allocate nothing. Instances are not thread-safe: use one per
   * thread.
   */
  public static final class Softmax {
    /**
     * Workspace for {@code exps}[27].
     */
    private final double[] exps;

    /**
     * Workspace for {@code gExps}[27].
     */
    private final double[] gExps;

    /**
     * Workspace for {@code divTape}[27].
     */
    private final double[] divTape;

    /**
     * Workspace for {@code dExps}[27].
     */
    private final double[] dExps;

    /**
     * Workspace for {@code dGExps}[27].
     */
    private final double[] dGExps;

    /**
     * Workspace for {@code dDivTape}[27].
     */
    private final double[] dDivTape;

    /**
     * Hessian: the direction for {@code logits}, one unit vector at a time.
     */
    private final double[] hessDirectionLogits;

    /**
     * Hessian: one column's part for {@code logits}.
     */
    private final double[] hessColumnLogits;

    /**
     * Jacobian: the tangent of {@code logits}, one unit vector at a time.
     */
    private final double[] jacTangentLogits;

    /**
     * Jacobian: one column, the tangent of the output.
     */
    private final double[] jacTangentOut;

    /**
     * Allocates the workspace.
     */
    public Softmax() {
      this.exps = new double[27];
      this.gExps = new double[27];
      this.divTape = new double[27];
      this.dExps = new double[27];
      this.dGExps = new double[27];
      this.dDivTape = new double[27];
      this.hessDirectionLogits = new double[27];
      this.hessColumnLogits = new double[27];
      this.jacTangentLogits = new double[27];
      this.jacTangentOut = new double[27];
    }

    /**
     * Allocates only what {@link #forward} uses (the other workspace fields stay null), for
     * the static convenience method.
     */
    private Softmax(boolean forwardOnly) {
      this.exps = new double[27];
      this.gExps = null;
      this.divTape = null;
      this.dExps = null;
      this.dGExps = null;
      this.dDivTape = null;
      this.hessDirectionLogits = null;
      this.hessColumnLogits = null;
      this.jacTangentLogits = null;
      this.jacTangentOut = null;
    }

    /**
     * Evaluates {@code softmax} (the forward program).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param probs receives the value of {@code softmax}, shape [27]; overwritten
     */
    public void forward(double[] logits, double[] probs) {
      // Lesson.java:12
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        this.exps[i] = Math.exp(logits[i] - max);
      }
      // Lesson.java:15
      double total = this.exps[0];
      for (int i = 0; i < 26; i++) {
        total = total + this.exps[i + 1];
      }
      // Lesson.java:17
      for (int i = 0; i < 27; i++) {
        probs[i] = this.exps[i] / total;
      }
    }

    /**
     * Evaluates {@code softmax} and the vector-Jacobian product {@code s^T J} of the seed
     * {@code s} (reverse mode).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed: the vector {@code s} of the product {@code s^T J}, shaped like the
     *     output, [27]
     * @param probs receives the value of {@code softmax}, shape [27]; overwritten
     * @param gradLogits receives the vector-Jacobian product with respect to {@code logits},
     *     shape [27]; overwritten
     */
    public void vjp(double[] logits, double[] seed, double[] probs, double[] gradLogits) {
      // Lesson.java:12
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        this.exps[i] = Math.exp(logits[i] - max);
      }
      // Lesson.java:15
      double total = this.exps[0];
      for (int i = 0; i < 26; i++) {
        total = total + this.exps[i + 1];
      }
      // Lesson.java:17
      for (int i = 0; i < 27; i++) {
        double t1 = this.exps[i] / total;
        this.divTape[i] = t1;
        probs[i] = t1;
      }
      double t1 = 1.0 / total;
      double gTotal = 0.0;
      for (int i = 26; i >= 0; i--) {
        double t2 = seed[i];
        this.gExps[i] = t2 * t1;
        gTotal = gTotal + t2 * -(this.divTape[i] * t1);
      }
      // Lesson.java:15
      for (int i = 0; i < 26; i++) {
        int t2 = i + 1;
        this.gExps[t2] = this.gExps[t2] + gTotal;
      }
      this.gExps[0] = this.gExps[0] + gTotal;
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        gradLogits[i] = this.gExps[i] * this.exps[i];
      }
    }

    /**
     * Computes the derivative of {@code softmax} along the given tangents (forward mode): the
     * Jacobian-vector product {@code J t}.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param dLogits the tangent (direction of change) of {@code logits}, shape [27]
     * @param dProbs receives the derivative of the output along the tangents, shape [27];
     *     overwritten
     */
    public void tangent(double[] logits, double[] dLogits, double[] dProbs) {
      // Lesson.java:12
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        this.exps[i] = t1;
        this.dExps[i] = dLogits[i] * t1;
      }
      // Lesson.java:15
      double acc = this.exps[0];
      double acc2 = this.dExps[0];
      for (int i = 0; i < 26; i++) {
        int t1 = i + 1;
        acc = acc + this.exps[t1];
        acc2 = acc2 + this.dExps[t1];
      }
      // Lesson.java:17
      double t1 = 1.0 / acc;
      for (int i = 0; i < 27; i++) {
        dProbs[i] = this.dExps[i] * t1 + acc2 * -(this.exps[i] / acc * t1);
      }
    }

    /**
     * Computes the derivative of the vector-Jacobian product {@code s^T J} of {@code softmax}
     * along the direction {@code v} (forward mode over reverse mode): {@code H v}, where
     * {@code H} is the Hessian of {@code s . f}. Exact up to rounding: the reverse program
     * itself is differentiated, not finite differences.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}: the product is that of the Hessian of {@code s . f},
     *     shaped like the output, [27]
     * @param dLogits the direction {@code v} for {@code logits}, shape [27]
     * @param hvpLogits receives the Hessian-vector product's part for {@code logits}, shape
     *     [27]; overwritten
     */
    public void hvp(double[] logits, double[] seed, double[] dLogits, double[] hvpLogits) {
      // Lesson.java:12
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        this.exps[i] = t1;
        this.dExps[i] = dLogits[i] * t1;
      }
      // Lesson.java:15
      double acc = this.exps[0];
      double acc2 = this.dExps[0];
      for (int i = 0; i < 26; i++) {
        int t1 = i + 1;
        acc = acc + this.exps[t1];
        acc2 = acc2 + this.dExps[t1];
      }
      // Lesson.java:17
      double t1 = 1.0 / acc;
      for (int i = 0; i < 27; i++) {
        double t2 = this.exps[i] / acc;
        this.divTape[i] = t2;
        this.dDivTape[i] = this.dExps[i] * t1 + acc2 * -(t2 * t1);
      }
      double t2 = acc2 * -(t1 * t1);
      double acc3 = 0.0;
      double acc4 = 0.0;
      for (int i = 26; i >= 0; i--) {
        double t3 = seed[i];
        double t4 = this.divTape[i];
        this.gExps[i] = t3 * t1;
        this.dGExps[i] = t2 * t3;
        acc3 = acc3 + t3 * -(t4 * t1);
        acc4 = acc4 + -(this.dDivTape[i] * t1 + t2 * t4) * t3;
      }
      // Lesson.java:15
      for (int i = 0; i < 26; i++) {
        int t3 = i + 1;
        this.gExps[t3] = this.gExps[t3] + acc3;
        this.dGExps[t3] = this.dGExps[t3] + acc4;
      }
      this.gExps[0] = this.gExps[0] + acc3;
      this.dGExps[0] = this.dGExps[0] + acc4;
      // Lesson.java:14
      for (int i = 0; i < 27; i++) {
        hvpLogits[i] = this.dGExps[i] * this.exps[i] + this.dExps[i] * this.gExps[i];
      }
    }

    /**
     * Writes the Hessian of {@code softmax} weighted by the seed, {@code s . f}: {@code
     * hessian[r][c]} is the second derivative with respect to input elements {@code r} and
     * {@code c}, the active inputs flattened row-major and concatenated in parameter order;
     * {@code logits} is 0 to 26.
     *
     * <p>Computed in 27 sweeps of {@link #hvp}, one per column, for small inputs; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}, shaped like the output
     * @param hessian receives the Hessian, 27 rows of 27 columns; overwritten
     */
    public void hessian(double[] logits, double[] seed, double[][] hessian) {
      Arrays.fill(this.hessDirectionLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.hessDirectionLogits[c] = 1.0;
        hvp(logits, seed, this.hessDirectionLogits, this.hessColumnLogits);
        this.hessDirectionLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          hessian[r][c] = this.hessColumnLogits[r];
        }
      }
    }

    /**
     * Writes the Jacobian of {@code softmax}: {@code jacobian[r][c]} is the derivative of
     * output element {@code r} (row-major) with respect to input {@code c}, the active inputs
     * flattened row-major and concatenated in parameter order; {@code logits} is columns 0 to
     * 26.
     *
     * <p>Computed in 27 sweeps of forward mode, one {@link #tangent} per column; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param jacobian receives the Jacobian, 27 rows of 27 columns; overwritten
     */
    public void jacobian(double[] logits, double[][] jacobian) {
      Arrays.fill(this.jacTangentLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.jacTangentLogits[c] = 1.0;
        tangent(logits, this.jacTangentLogits, this.jacTangentOut);
        this.jacTangentLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          jacobian[r][c] = this.jacTangentOut[r];
        }
      }
    }
  }

  /**
   * Presents {@link Softmax} as a {@code dev.adjoint.CompiledFunction}, for tools that load
   * it with {@link java.util.ServiceLoader}. Allocates on every call; call {@link Softmax}
   * directly in hot code.
   */
  public static final class SoftmaxFunction implements CompiledFunction {
    private static final List<CompiledFunction.Parameter> PARAMETERS = List.of(
        new CompiledFunction.Parameter("logits", CompiledFunction.Kind.VALUE_ARRAY, List.of(27),
            -3.0, 3.0));

    /**
     * Creates the adapter; {@link java.util.ServiceLoader} calls this.
     */
    public SoftmaxFunction() {
    }

    @Override
    public String name() {
      return "demo.Lesson.softmax";
    }

    @Override
    public String generatedClass() {
      return "demo.LessonCompiled";
    }

    @Override
    public List<CompiledFunction.Parameter> parameters() {
      return PARAMETERS;
    }

    @Override
    public CompiledFunction.Kind outputKind() {
      return CompiledFunction.Kind.VALUE_ARRAY;
    }

    @Override
    public List<Integer> outputShape() {
      return List.of(27);
    }

    @Override
    public double[] forward(double[][] inputs, Object[] passive) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      new Softmax().forward(logits, out);
      return out;
    }

    @Override
    public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      double[] gradLogits = new double[27];
      new Softmax().vjp(logits, seed, out, gradLogits);
      return new double[][] {gradLogits};
    }

    @Override
    public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
      double[] logits = inputs[0];
      double[] dOut = new double[27];
      new Softmax().tangent(logits, tangents[0], dOut);
      return dOut;
    }

    @Override
    public boolean hasHvp() {
      return true;
    }

    @Override
    public double[][] hvp(double[][] inputs, Object[] passive, double[] seed,
        double[][] direction) {
      double[] logits = inputs[0];
      double[] hvpLogits = new double[27];
      new Softmax().hvp(logits, seed, direction[0], hvpLogits);
      return new double[][] {hvpLogits};
    }

    @Override
    public Object invokeOriginal(Object[] arguments) {
      return Lesson.softmax((Value[]) arguments[0]);
    }
  }

  /**
   * Compiled from {@code demo.Lesson.logSoftmax(Value[] logits)} (Lesson.java:21).
   *
   * <p>Inputs: {@code logits[27]} (active). Output: {@code Value[]} of shape [27].
   * Graph: 27 traced nodes; forward 24 nodes, reverse 43, tangent 31, Hessian-vector product
   * 49.
   *
   * <p>{@link #forward} evaluates the method, {@link #vjp} also its vector-Jacobian product
   * (reverse mode), {@link #tangent} its directional derivative (forward mode), {@link
   * #jacobian} the full Jacobian, {@link #hvp} its Hessian-vector product (forward mode over
   * reverse mode) and {@link #hessian} the full Hessian.
   *
   * <p>Create one instance and reuse it: the constructor allocates the workspace (162
   * numbers) and the methods allocate nothing. Instances are not thread-safe: use one per
   * thread.
   */
  public static final class LogSoftmax {
    /**
     * Workspace for {@code expTape}[27].
     */
    private final double[] expTape;

    /**
     * Workspace for {@code dExpTape}[27].
     */
    private final double[] dExpTape;

    /**
     * Hessian: the direction for {@code logits}, one unit vector at a time.
     */
    private final double[] hessDirectionLogits;

    /**
     * Hessian: one column's part for {@code logits}.
     */
    private final double[] hessColumnLogits;

    /**
     * Jacobian: the tangent of {@code logits}, one unit vector at a time.
     */
    private final double[] jacTangentLogits;

    /**
     * Jacobian: one column, the tangent of the output.
     */
    private final double[] jacTangentOut;

    /**
     * Allocates the workspace.
     */
    public LogSoftmax() {
      this.expTape = new double[27];
      this.dExpTape = new double[27];
      this.hessDirectionLogits = new double[27];
      this.hessColumnLogits = new double[27];
      this.jacTangentLogits = new double[27];
      this.jacTangentOut = new double[27];
    }

    /**
     * Allocates only what {@link #forward} uses (the other workspace fields stay null), for
     * the static convenience method.
     */
    private LogSoftmax(boolean forwardOnly) {
      this.expTape = null;
      this.dExpTape = null;
      this.hessDirectionLogits = null;
      this.hessColumnLogits = null;
      this.jacTangentLogits = null;
      this.jacTangentOut = null;
    }

    /**
     * Evaluates {@code logSoftmax} (the forward program).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param out receives the value of {@code logSoftmax}, shape [27]; overwritten
     */
    public void forward(double[] logits, double[] out) {
      // Lesson.java:24
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:28
      double sum = 0.0;
      for (int i = 0; i < 27; i++) {
        sum = sum + Math.exp(logits[i] - max);
      }
      // Lesson.java:29
      double logSum = Math.log(sum);
      // Lesson.java:31
      for (int i = 0; i < 27; i++) {
        out[i] = logits[i] - max - logSum;
      }
    }

    /**
     * Evaluates {@code logSoftmax} and the vector-Jacobian product {@code s^T J} of the seed
     * {@code s} (reverse mode).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed: the vector {@code s} of the product {@code s^T J}, shaped like the
     *     output, [27]
     * @param out receives the value of {@code logSoftmax}, shape [27]; overwritten
     * @param gradLogits receives the vector-Jacobian product with respect to {@code logits},
     *     shape [27]; overwritten
     */
    public void vjp(double[] logits, double[] seed, double[] out, double[] gradLogits) {
      // Lesson.java:24
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:28
      double sum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        this.expTape[i] = t1;
        sum = sum + t1;
      }
      // Lesson.java:29
      double logSum = Math.log(sum);
      // Lesson.java:31
      for (int i = 0; i < 27; i++) {
        out[i] = logits[i] - max - logSum;
      }
      // Lesson.java:26
      double gLogSum = 0.0;
      for (int i = 26; i >= 0; i--) {
        // Lesson.java:31
        double t1 = seed[i];
        // Lesson.java:26
        gradLogits[i] = t1;
        gLogSum = gLogSum + -t1;
      }
      // Lesson.java:29
      double gSum = gLogSum * (1.0 / sum);
      // Lesson.java:26
      for (int i = 26; i >= 0; i--) {
        gradLogits[i] = gradLogits[i] + gSum * this.expTape[i];
      }
    }

    /**
     * Computes the derivative of {@code logSoftmax} along the given tangents (forward mode):
     * the Jacobian-vector product {@code J t}.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param dLogits the tangent (direction of change) of {@code logits}, shape [27]
     * @param dOut receives the derivative of the output along the tangents, shape [27];
     *     overwritten
     */
    public void tangent(double[] logits, double[] dLogits, double[] dOut) {
      // Lesson.java:24
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:28
      double sum = 0.0;
      double dSum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        sum = sum + t1;
        dSum = dSum + dLogits[i] * t1;
      }
      // Lesson.java:31
      double t1 = -(dSum * (1.0 / sum));
      for (int i = 0; i < 27; i++) {
        dOut[i] = dLogits[i] + t1;
      }
    }

    /**
     * Computes the derivative of the vector-Jacobian product {@code s^T J} of {@code
     * logSoftmax} along the direction {@code v} (forward mode over reverse mode): {@code H v},
     * where {@code H} is the Hessian of {@code s . f}. Exact up to rounding: the reverse
     * program itself is differentiated, not finite differences.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}: the product is that of the Hessian of {@code s . f},
     *     shaped like the output, [27]
     * @param dLogits the direction {@code v} for {@code logits}, shape [27]
     * @param hvpLogits receives the Hessian-vector product's part for {@code logits}, shape
     *     [27]; overwritten
     */
    public void hvp(double[] logits, double[] seed, double[] dLogits, double[] hvpLogits) {
      // Lesson.java:24
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:28
      double sum = 0.0;
      double dSum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        double t2 = dLogits[i] * t1;
        this.expTape[i] = t1;
        this.dExpTape[i] = t2;
        sum = sum + t1;
        dSum = dSum + t2;
      }
      // Lesson.java:26
      double acc = 0.0;
      for (int i = 26; i >= 0; i--) {
        // Lesson.java:31
        double t1 = acc + -seed[i];
        // Lesson.java:26
        hvpLogits[i] = 0.0;
        acc = t1;
      }
      // Lesson.java:29
      double t1 = 1.0 / sum;
      double gSum = acc * t1;
      double dGSum = dSum * -(t1 * t1) * acc;
      // Lesson.java:26
      for (int i = 26; i >= 0; i--) {
        hvpLogits[i] = hvpLogits[i] + (dGSum * this.expTape[i] + this.dExpTape[i] * gSum);
      }
    }

    /**
     * Writes the Hessian of {@code logSoftmax} weighted by the seed, {@code s . f}: {@code
     * hessian[r][c]} is the second derivative with respect to input elements {@code r} and
     * {@code c}, the active inputs flattened row-major and concatenated in parameter order;
     * {@code logits} is 0 to 26.
     *
     * <p>Computed in 27 sweeps of {@link #hvp}, one per column, for small inputs; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}, shaped like the output
     * @param hessian receives the Hessian, 27 rows of 27 columns; overwritten
     */
    public void hessian(double[] logits, double[] seed, double[][] hessian) {
      Arrays.fill(this.hessDirectionLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.hessDirectionLogits[c] = 1.0;
        hvp(logits, seed, this.hessDirectionLogits, this.hessColumnLogits);
        this.hessDirectionLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          hessian[r][c] = this.hessColumnLogits[r];
        }
      }
    }

    /**
     * Writes the Jacobian of {@code logSoftmax}: {@code jacobian[r][c]} is the derivative of
     * output element {@code r} (row-major) with respect to input {@code c}, the active inputs
     * flattened row-major and concatenated in parameter order; {@code logits} is columns 0 to
     * 26.
     *
     * <p>Computed in 27 sweeps of forward mode, one {@link #tangent} per column; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param jacobian receives the Jacobian, 27 rows of 27 columns; overwritten
     */
    public void jacobian(double[] logits, double[][] jacobian) {
      Arrays.fill(this.jacTangentLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.jacTangentLogits[c] = 1.0;
        tangent(logits, this.jacTangentLogits, this.jacTangentOut);
        this.jacTangentLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          jacobian[r][c] = this.jacTangentOut[r];
        }
      }
    }
  }

  /**
   * Presents {@link LogSoftmax} as a {@code dev.adjoint.CompiledFunction}, for tools that
   * load it with {@link java.util.ServiceLoader}. Allocates on every call; call {@link
   * LogSoftmax} directly in hot code.
   */
  public static final class LogSoftmaxFunction implements CompiledFunction {
    private static final List<CompiledFunction.Parameter> PARAMETERS = List.of(
        new CompiledFunction.Parameter("logits", CompiledFunction.Kind.VALUE_ARRAY, List.of(27),
            -3.0, 3.0));

    /**
     * Creates the adapter; {@link java.util.ServiceLoader} calls this.
     */
    public LogSoftmaxFunction() {
    }

    @Override
    public String name() {
      return "demo.Lesson.logSoftmax";
    }

    @Override
    public String generatedClass() {
      return "demo.LessonCompiled";
    }

    @Override
    public List<CompiledFunction.Parameter> parameters() {
      return PARAMETERS;
    }

    @Override
    public CompiledFunction.Kind outputKind() {
      return CompiledFunction.Kind.VALUE_ARRAY;
    }

    @Override
    public List<Integer> outputShape() {
      return List.of(27);
    }

    @Override
    public double[] forward(double[][] inputs, Object[] passive) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      new LogSoftmax().forward(logits, out);
      return out;
    }

    @Override
    public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      double[] gradLogits = new double[27];
      new LogSoftmax().vjp(logits, seed, out, gradLogits);
      return new double[][] {gradLogits};
    }

    @Override
    public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
      double[] logits = inputs[0];
      double[] dOut = new double[27];
      new LogSoftmax().tangent(logits, tangents[0], dOut);
      return dOut;
    }

    @Override
    public boolean hasHvp() {
      return true;
    }

    @Override
    public double[][] hvp(double[][] inputs, Object[] passive, double[] seed,
        double[][] direction) {
      double[] logits = inputs[0];
      double[] hvpLogits = new double[27];
      new LogSoftmax().hvp(logits, seed, direction[0], hvpLogits);
      return new double[][] {hvpLogits};
    }

    @Override
    public Object invokeOriginal(Object[] arguments) {
      return Lesson.logSoftmax((Value[]) arguments[0]);
    }
  }

  /**
   * Compiled from {@code demo.Lesson.crossEntropy(Value[] logits, int target)}
   * (Lesson.java:35).
   *
   * <p>Inputs: {@code logits[27]} (active), {@code target} (int). Output: scalar.
   * Graph: 26 traced nodes; forward 23 nodes, reverse 35, tangent 30, Hessian-vector product
   * 40.
   *
   * <p>{@link #forward} evaluates the method, {@link #gradient} also its gradient (reverse
   * mode), {@link #tangent} its directional derivative (forward mode), {@link #hvp} its
   * Hessian-vector product (forward mode over reverse mode) and {@link #hessian} the full
   * Hessian.
   *
   * <p>Create one instance and reuse it: the constructor allocates the workspace (108
   * numbers) and the methods allocate nothing. Instances are not thread-safe: use one per
   * thread.
   */
  public static final class CrossEntropy {
    /**
     * Workspace for {@code expTape}[27].
     */
    private final double[] expTape;

    /**
     * Workspace for {@code dExpTape}[27].
     */
    private final double[] dExpTape;

    /**
     * Hessian: the direction for {@code logits}, one unit vector at a time.
     */
    private final double[] hessDirectionLogits;

    /**
     * Hessian: one column's part for {@code logits}.
     */
    private final double[] hessColumnLogits;

    /**
     * Allocates the workspace.
     */
    public CrossEntropy() {
      this.expTape = new double[27];
      this.dExpTape = new double[27];
      this.hessDirectionLogits = new double[27];
      this.hessColumnLogits = new double[27];
    }

    /**
     * Allocates only what {@link #forward} uses (the other workspace fields stay null), for
     * the static convenience method.
     */
    private CrossEntropy(boolean forwardOnly) {
      this.expTape = null;
      this.dExpTape = null;
      this.hessDirectionLogits = null;
      this.hessColumnLogits = null;
    }

    /**
     * Evaluates {@code crossEntropy} (the forward program).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param target the argument {@code target} (not differentiated)
     * @return the value of {@code crossEntropy}
     */
    public double forward(double[] logits, int target) {
      // Lesson.java:38
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:42
      double sum = 0.0;
      for (int i = 0; i < 27; i++) {
        sum = sum + Math.exp(logits[i] - max);
      }
      return -(logits[target] - max - Math.log(sum));
    }

    /**
     * Evaluates {@code crossEntropy} and its gradient (reverse mode); each gradient array is
     * overwritten.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param target the argument {@code target} (not differentiated)
     * @param gradLogits receives the gradient with respect to {@code logits}, shape [27];
     *     overwritten
     * @return the value of {@code crossEntropy}
     */
    public double gradient(double[] logits, int target, double[] gradLogits) {
      // Lesson.java:38
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:42
      double sum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        this.expTape[i] = t1;
        sum = sum + t1;
      }
      // Lesson.java:44
      double t1 = -(logits[target] - max - Math.log(sum));
      // Lesson.java:43
      double t2 = 1.0 / sum;
      // Lesson.java:40
      for (int i = 0; i < 27; i++) {
        gradLogits[i] = t2 * this.expTape[i];
      }
      gradLogits[target] = gradLogits[target] + -1.0;
      return t1;
    }

    /**
     * Computes the derivative of {@code crossEntropy} along the given tangents (forward mode):
     * the Jacobian-vector product {@code J t}.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param target the argument {@code target} (not differentiated)
     * @param dLogits the tangent (direction of change) of {@code logits}, shape [27]
     * @return the derivative of {@code crossEntropy} along the tangents
     */
    public double tangent(double[] logits, int target, double[] dLogits) {
      // Lesson.java:38
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:42
      double sum = 0.0;
      double dSum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        sum = sum + t1;
        dSum = dSum + dLogits[i] * t1;
      }
      return -(dLogits[target] + -(dSum * (1.0 / sum)));
    }

    /**
     * Computes the Hessian-vector product {@code H v} of {@code crossEntropy} (forward mode
     * over reverse mode): the derivative of its gradient along the direction {@code v}. Exact
     * up to rounding: the reverse program itself is differentiated, not finite differences.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param target the argument {@code target} (not differentiated)
     * @param dLogits the direction {@code v} for {@code logits}, shape [27]
     * @param hvpLogits receives the Hessian-vector product's part for {@code logits}, shape
     *     [27]; overwritten
     */
    public void hvp(double[] logits, int target, double[] dLogits, double[] hvpLogits) {
      // Lesson.java:38
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        max = Math.max(max, logits[i]);
      }
      // Lesson.java:42
      double sum = 0.0;
      double dSum = 0.0;
      for (int i = 0; i < 27; i++) {
        double t1 = Math.exp(logits[i] - max);
        double t2 = dLogits[i] * t1;
        this.expTape[i] = t1;
        this.dExpTape[i] = t2;
        sum = sum + t1;
        dSum = dSum + t2;
      }
      // Lesson.java:43
      double t1 = 1.0 / sum;
      double t2 = dSum * -(t1 * t1);
      // Lesson.java:40
      for (int i = 0; i < 27; i++) {
        hvpLogits[i] = t2 * this.expTape[i] + this.dExpTape[i] * t1;
      }
      hvpLogits[target] = hvpLogits[target];
    }

    /**
     * Writes the Hessian of {@code crossEntropy}: {@code hessian[r][c]} is the second
     * derivative with respect to input elements {@code r} and {@code c}, the active inputs
     * flattened row-major and concatenated in parameter order; {@code logits} is 0 to 26.
     *
     * <p>Computed in 27 sweeps of {@link #hvp}, one per column, for small inputs; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param target the argument {@code target} (not differentiated)
     * @param hessian receives the Hessian, 27 rows of 27 columns; overwritten
     */
    public void hessian(double[] logits, int target, double[][] hessian) {
      Arrays.fill(this.hessDirectionLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.hessDirectionLogits[c] = 1.0;
        hvp(logits, target, this.hessDirectionLogits, this.hessColumnLogits);
        this.hessDirectionLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          hessian[r][c] = this.hessColumnLogits[r];
        }
      }
    }
  }

  /**
   * Presents {@link CrossEntropy} as a {@code dev.adjoint.CompiledFunction}, for tools that
   * load it with {@link java.util.ServiceLoader}. Allocates on every call; call {@link
   * CrossEntropy} directly in hot code.
   */
  public static final class CrossEntropyFunction implements CompiledFunction {
    private static final List<CompiledFunction.Parameter> PARAMETERS = List.of(
        new CompiledFunction.Parameter("logits", CompiledFunction.Kind.VALUE_ARRAY, List.of(27),
            -3.0, 3.0),
        new CompiledFunction.Parameter("target", CompiledFunction.Kind.INT, List.of(), 0.0, 26.0));

    /**
     * Creates the adapter; {@link java.util.ServiceLoader} calls this.
     */
    public CrossEntropyFunction() {
    }

    @Override
    public String name() {
      return "demo.Lesson.crossEntropy";
    }

    @Override
    public String generatedClass() {
      return "demo.LessonCompiled";
    }

    @Override
    public List<CompiledFunction.Parameter> parameters() {
      return PARAMETERS;
    }

    @Override
    public CompiledFunction.Kind outputKind() {
      return CompiledFunction.Kind.VALUE;
    }

    @Override
    public List<Integer> outputShape() {
      return List.of();
    }

    @Override
    public double[] forward(double[][] inputs, Object[] passive) {
      double[] logits = inputs[0];
      int target = (int) passive[0];
      return new double[] {new CrossEntropy().forward(logits, target)};
    }

    @Override
    public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
      double[] logits = inputs[0];
      int target = (int) passive[0];
      double[] gradLogits = new double[27];
      new CrossEntropy().gradient(logits, target, gradLogits);
      return new double[][] {scale(gradLogits, seed[0])};
    }

    @Override
    public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
      double[] logits = inputs[0];
      int target = (int) passive[0];
      return new double[] {new CrossEntropy().tangent(logits, target, tangents[0])};
    }

    @Override
    public boolean hasHvp() {
      return true;
    }

    @Override
    public double[][] hvp(double[][] inputs, Object[] passive, double[] seed,
        double[][] direction) {
      double[] logits = inputs[0];
      int target = (int) passive[0];
      double[] hvpLogits = new double[27];
      new CrossEntropy().hvp(logits, target, direction[0], hvpLogits);
      return new double[][] {scale(hvpLogits, seed[0])};
    }

    @Override
    public Object invokeOriginal(Object[] arguments) {
      return Lesson.crossEntropy((Value[]) arguments[0], (int) arguments[1]);
    }
  }

  /**
   * Compiled from {@code demo.Lesson.librarySoftmax(Value[] logits)} (Lesson.java:47).
   *
   * <p>Inputs: {@code logits[27]} (active). Output: {@code Value[]} of shape [27].
   * Graph: 30 traced nodes; forward 29 nodes, reverse 42, tangent 42, Hessian-vector product
   * 79.
   *
   * <p>{@link #forward} evaluates the method, {@link #vjp} also its vector-Jacobian product
   * (reverse mode), {@link #tangent} its directional derivative (forward mode), {@link
   * #jacobian} the full Jacobian, {@link #hvp} its Hessian-vector product (forward mode over
   * reverse mode) and {@link #hessian} the full Hessian.
   *
   * <p>Create one instance and reuse it: the constructor allocates the workspace (216
   * numbers) and the methods allocate nothing. Instances are not thread-safe: use one per
   * thread.
   */
  public static final class LibrarySoftmax {
    /**
     * Workspace for {@code exps}[27].
     */
    private final double[] exps;

    /**
     * Workspace for {@code probs}[27].
     */
    private final double[] probs;

    /**
     * Workspace for {@code dExps}[27].
     */
    private final double[] dExps;

    /**
     * Workspace for {@code dProbs}[27].
     */
    private final double[] dProbs;

    /**
     * Hessian: the direction for {@code logits}, one unit vector at a time.
     */
    private final double[] hessDirectionLogits;

    /**
     * Hessian: one column's part for {@code logits}.
     */
    private final double[] hessColumnLogits;

    /**
     * Jacobian: the tangent of {@code logits}, one unit vector at a time.
     */
    private final double[] jacTangentLogits;

    /**
     * Jacobian: one column, the tangent of the output.
     */
    private final double[] jacTangentOut;

    /**
     * Allocates the workspace.
     */
    public LibrarySoftmax() {
      this.exps = new double[27];
      this.probs = new double[27];
      this.dExps = new double[27];
      this.dProbs = new double[27];
      this.hessDirectionLogits = new double[27];
      this.hessColumnLogits = new double[27];
      this.jacTangentLogits = new double[27];
      this.jacTangentOut = new double[27];
    }

    /**
     * Allocates only what {@link #forward} uses (the other workspace fields stay null), for
     * the static convenience method.
     */
    private LibrarySoftmax(boolean forwardOnly) {
      this.exps = new double[27];
      this.probs = null;
      this.dExps = null;
      this.dProbs = null;
      this.hessDirectionLogits = null;
      this.hessColumnLogits = null;
      this.jacTangentLogits = null;
      this.jacTangentOut = null;
    }

    /**
     * Evaluates {@code librarySoftmax} (the forward program).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param probs receives the value of {@code librarySoftmax}, shape [27]; overwritten
     */
    public void forward(double[] logits, double[] probs) {
      // Lesson.java:49
      double acc = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        acc = Math.max(acc, logits[i]);
      }
      double t1 = Math.exp(logits[0] - acc);
      this.exps[0] = t1;
      double acc2 = t1;
      for (int i = 0; i < 26; i++) {
        int t2 = i + 1;
        double t3 = Math.exp(logits[t2] - acc);
        this.exps[t2] = t3;
        acc2 = acc2 + t3;
      }
      for (int i = 0; i < 27; i++) {
        probs[i] = this.exps[i] / acc2;
      }
    }

    /**
     * Evaluates {@code librarySoftmax} and the vector-Jacobian product {@code s^T J} of the
     * seed {@code s} (reverse mode).
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed: the vector {@code s} of the product {@code s^T J}, shaped like the
     *     output, [27]
     * @param probs receives the value of {@code librarySoftmax}, shape [27]; overwritten
     * @param gradLogits receives the vector-Jacobian product with respect to {@code logits},
     *     shape [27]; overwritten
     */
    public void vjp(double[] logits, double[] seed, double[] probs, double[] gradLogits) {
      // Lesson.java:49
      double acc = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        acc = Math.max(acc, logits[i]);
      }
      double t1 = Math.exp(logits[0] - acc);
      this.exps[0] = t1;
      double acc2 = t1;
      for (int i = 0; i < 26; i++) {
        int t2 = i + 1;
        double t3 = Math.exp(logits[t2] - acc);
        this.exps[t2] = t3;
        acc2 = acc2 + t3;
      }
      double dotProbs = 0.0;
      for (int i = 0; i < 27; i++) {
        double t2 = this.exps[i] / acc2;
        probs[i] = t2;
        dotProbs = dotProbs + seed[i] * t2;
      }
      for (int i = 0; i < 27; i++) {
        gradLogits[i] = probs[i] * (seed[i] - dotProbs);
      }
    }

    /**
     * Computes the derivative of {@code librarySoftmax} along the given tangents (forward
     * mode): the Jacobian-vector product {@code J t}.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param dLogits the tangent (direction of change) of {@code logits}, shape [27]
     * @param dProbs receives the derivative of the output along the tangents, shape [27];
     *     overwritten
     */
    public void tangent(double[] logits, double[] dLogits, double[] dProbs) {
      // Lesson.java:49
      double acc = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        acc = Math.max(acc, logits[i]);
      }
      double t1 = Math.exp(logits[0] - acc);
      this.exps[0] = t1;
      double acc2 = t1;
      for (int i = 0; i < 26; i++) {
        int t2 = i + 1;
        double t3 = Math.exp(logits[t2] - acc);
        this.exps[t2] = t3;
        acc2 = acc2 + t3;
      }
      double dotProbs = 0.0;
      for (int i = 0; i < 27; i++) {
        double t2 = this.exps[i] / acc2;
        this.probs[i] = t2;
        dotProbs = dotProbs + dLogits[i] * t2;
      }
      for (int i = 0; i < 27; i++) {
        dProbs[i] = this.probs[i] * (dLogits[i] - dotProbs);
      }
    }

    /**
     * Computes the derivative of the vector-Jacobian product {@code s^T J} of {@code
     * librarySoftmax} along the direction {@code v} (forward mode over reverse mode): {@code H
     * v}, where {@code H} is the Hessian of {@code s . f}. Exact up to rounding: the reverse
     * program itself is differentiated, not finite differences.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}: the product is that of the Hessian of {@code s . f},
     *     shaped like the output, [27]
     * @param dLogits the direction {@code v} for {@code logits}, shape [27]
     * @param hvpLogits receives the Hessian-vector product's part for {@code logits}, shape
     *     [27]; overwritten
     */
    public void hvp(double[] logits, double[] seed, double[] dLogits, double[] hvpLogits) {
      // Lesson.java:49
      double acc = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 27; i++) {
        acc = Math.max(acc, logits[i]);
      }
      double t1 = Math.exp(logits[0] - acc);
      double t2 = dLogits[0] * t1;
      this.exps[0] = t1;
      this.dExps[0] = t2;
      double acc2 = t1;
      double acc3 = t2;
      for (int i = 0; i < 26; i++) {
        int t3 = i + 1;
        double t4 = Math.exp(logits[t3] - acc);
        double t5 = dLogits[t3] * t4;
        this.exps[t3] = t4;
        this.dExps[t3] = t5;
        acc2 = acc2 + t4;
        acc3 = acc3 + t5;
      }
      double t3 = 1.0 / acc2;
      double acc4 = 0.0;
      double acc5 = 0.0;
      double dotProbs = 0.0;
      for (int i = 0; i < 27; i++) {
        double t4 = this.exps[i] / acc2;
        this.probs[i] = t4;
        double t5 = seed[i];
        acc4 = acc4 + t5 * t4;
        acc5 = acc5 + (this.dExps[i] * t3 + acc3 * -(t4 * t3)) * t5;
        dotProbs = dotProbs + dLogits[i] * t4;
      }
      for (int i = 0; i < 27; i++) {
        this.dProbs[i] = this.probs[i] * (dLogits[i] - dotProbs);
      }
      double t4 = -acc5;
      for (int i = 0; i < 27; i++) {
        hvpLogits[i] = this.dProbs[i] * (seed[i] - acc4) + t4 * this.probs[i];
      }
    }

    /**
     * Writes the Hessian of {@code librarySoftmax} weighted by the seed, {@code s . f}: {@code
     * hessian[r][c]} is the second derivative with respect to input elements {@code r} and
     * {@code c}, the active inputs flattened row-major and concatenated in parameter order;
     * {@code logits} is 0 to 26.
     *
     * <p>Computed in 27 sweeps of {@link #hvp}, one per column, for small inputs; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param seed the seed {@code s}, shaped like the output
     * @param hessian receives the Hessian, 27 rows of 27 columns; overwritten
     */
    public void hessian(double[] logits, double[] seed, double[][] hessian) {
      Arrays.fill(this.hessDirectionLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.hessDirectionLogits[c] = 1.0;
        hvp(logits, seed, this.hessDirectionLogits, this.hessColumnLogits);
        this.hessDirectionLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          hessian[r][c] = this.hessColumnLogits[r];
        }
      }
    }

    /**
     * Writes the Jacobian of {@code librarySoftmax}: {@code jacobian[r][c]} is the derivative
     * of output element {@code r} (row-major) with respect to input {@code c}, the active
     * inputs flattened row-major and concatenated in parameter order; {@code logits} is
     * columns 0 to 26.
     *
     * <p>Computed in 27 sweeps of forward mode, one {@link #tangent} per column; allocates
     * nothing.
     *
     * @param logits the argument {@code logits}, shape [27]
     * @param jacobian receives the Jacobian, 27 rows of 27 columns; overwritten
     */
    public void jacobian(double[] logits, double[][] jacobian) {
      Arrays.fill(this.jacTangentLogits, 0.0);
      for (int c = 0; c < 27; c++) {
        this.jacTangentLogits[c] = 1.0;
        tangent(logits, this.jacTangentLogits, this.jacTangentOut);
        this.jacTangentLogits[c] = 0.0;
        for (int r = 0; r < 27; r++) {
          jacobian[r][c] = this.jacTangentOut[r];
        }
      }
    }
  }

  /**
   * Presents {@link LibrarySoftmax} as a {@code dev.adjoint.CompiledFunction}, for tools
   * that load it with {@link java.util.ServiceLoader}. Allocates on every call; call {@link
   * LibrarySoftmax} directly in hot code.
   */
  public static final class LibrarySoftmaxFunction implements CompiledFunction {
    private static final List<CompiledFunction.Parameter> PARAMETERS = List.of(
        new CompiledFunction.Parameter("logits", CompiledFunction.Kind.VALUE_ARRAY, List.of(27),
            -3.0, 3.0));

    /**
     * Creates the adapter; {@link java.util.ServiceLoader} calls this.
     */
    public LibrarySoftmaxFunction() {
    }

    @Override
    public String name() {
      return "demo.Lesson.librarySoftmax";
    }

    @Override
    public String generatedClass() {
      return "demo.LessonCompiled";
    }

    @Override
    public List<CompiledFunction.Parameter> parameters() {
      return PARAMETERS;
    }

    @Override
    public CompiledFunction.Kind outputKind() {
      return CompiledFunction.Kind.VALUE_ARRAY;
    }

    @Override
    public List<Integer> outputShape() {
      return List.of(27);
    }

    @Override
    public double[] forward(double[][] inputs, Object[] passive) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      new LibrarySoftmax().forward(logits, out);
      return out;
    }

    @Override
    public double[][] vjp(double[][] inputs, Object[] passive, double[] seed) {
      double[] logits = inputs[0];
      double[] out = new double[27];
      double[] gradLogits = new double[27];
      new LibrarySoftmax().vjp(logits, seed, out, gradLogits);
      return new double[][] {gradLogits};
    }

    @Override
    public double[] jvp(double[][] inputs, Object[] passive, double[][] tangents) {
      double[] logits = inputs[0];
      double[] dOut = new double[27];
      new LibrarySoftmax().tangent(logits, tangents[0], dOut);
      return dOut;
    }

    @Override
    public boolean hasHvp() {
      return true;
    }

    @Override
    public double[][] hvp(double[][] inputs, Object[] passive, double[] seed,
        double[][] direction) {
      double[] logits = inputs[0];
      double[] hvpLogits = new double[27];
      new LibrarySoftmax().hvp(logits, seed, direction[0], hvpLogits);
      return new double[][] {hvpLogits};
    }

    @Override
    public Object invokeOriginal(Object[] arguments) {
      return Lesson.librarySoftmax((Value[]) arguments[0]);
    }
  }
}
