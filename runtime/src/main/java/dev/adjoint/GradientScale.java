package dev.adjoint;

import java.util.List;
import java.util.Objects;

/**
 * The scale on which a gradient {@link Value#backward()} computes rounds: for each leaf, the sum of
 * the absolute values of every contribution that reached it, and how many roundings a contribution
 * went through on its way. Two sound computations of the same gradient (the engine's, and generated
 * code that multiplies the same local derivatives in another order, or adds the contributions in
 * another order) can differ by a few units in the last place of that sum per rounding, whatever the
 * size of the gradient itself: a gradient of {@code 1e-10} made of terms of size 1 that cancelled
 * is rounding noise on the scale of 1.
 *
 * <p>The pass is separate from {@link Value#backward()}, which it leaves as fast as it was: a
 * gradient checker runs it once per input point.
 */
public final class GradientScale {

  /**
   * One leaf's scale.
   *
   * @param magnitude {@code sum over paths from the root of |product of the local derivatives|}:
   *     the gradient computed with every local derivative replaced by its absolute value (at least
   *     {@code |gradient|}; {@code 0} for a leaf the root does not reach)
   * @param depth an upper bound on the relative roundings a contribution to the gradient goes
   *     through: along the longest path, one per multiplication by a local derivative, plus, at
   *     each value reached by {@code k} contributions, {@code k - 1} for their sum
   */
  public record Bound(double magnitude, int depth) {}

  private GradientScale() {}

  /**
   * Back-propagates absolute values from {@code root} (whose own adjoint is {@code 1}, as in {@link
   * Value#backward()}) and returns the scale of each of {@code leaves}, in order. Reads the graph's
   * local derivatives; the gradients are used as scratch during the pass and hold what they held
   * when it returns. Like {@link Value#backward()}, not to be run on a graph another thread
   * traverses.
   *
   * @throws NullPointerException if {@code root}, {@code leaves} or a leaf is null
   */
  public static Bound[] of(Value root, List<Value> leaves) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(leaves, "leaves");
    List<Value> topo = root.topologicalOrder();
    int n = topo.size();
    // Each value's position in the order, kept in its gradient field for the length of the pass
    // (a map from millions of values to their positions cost more than the engine's backward):
    // exact, since a double holds every int.
    double[] saved = new double[n];
    for (int i = 0; i < n; i++) {
      Value v = topo.get(i);
      saved[i] = v.grad;
      v.grad = i;
    }
    double[] magnitude = new double[n];
    int[] depth = new int[n];
    try {
      pass(topo, magnitude, depth);
      Bound[] out = new Bound[leaves.size()];
      for (int k = 0; k < out.length; k++) {
        Value leaf = Objects.requireNonNull(leaves.get(k), "leaf");
        int i = position(leaf, topo);
        out[k] = i < 0 ? new Bound(0, 0) : new Bound(magnitude[i], depth[i]);
      }
      return out;
    } finally {
      for (int i = 0; i < n; i++) {
        topo.get(i).grad = saved[i];
      }
    }
  }

  /** The position of {@code v} in {@code topo} (held in its gradient), or -1 if it is not there. */
  private static int position(Value v, List<Value> topo) {
    double g = v.grad;
    int i = (int) g;
    return i == g && i >= 0 && i < topo.size() && topo.get(i) == v ? i : -1;
  }

  private static void pass(List<Value> topo, double[] magnitude, int[] depth) {
    int n = topo.size();
    // Contributions each value receives: adding k of them rounds k - 1 times.
    int[] fanIn = new int[n];
    for (Value v : topo) {
      for (Value c : v.children) {
        fanIn[(int) c.grad]++;
      }
    }
    int[] incoming = new int[n];
    magnitude[n - 1] = 1.0;
    for (int i = n - 1; i >= 0; i--) {
      Value node = topo.get(i);
      depth[i] = incoming[i] + Math.max(0, fanIn[i] - 1);
      Value[] cs = node.children;
      double[] lg = node.localGrads;
      for (int c = 0; c < cs.length; c++) {
        int j = (int) cs[c].grad;
        magnitude[j] += Math.abs(lg[c]) * magnitude[i];
        incoming[j] = Math.max(incoming[j], depth[i] + 1);
      }
    }
  }
}
