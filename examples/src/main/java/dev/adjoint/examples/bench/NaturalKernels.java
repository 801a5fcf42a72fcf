package dev.adjoint.examples.bench;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;

/**
 * Natural Java the benchmark times against hand-written loops: a ReLU layer updated in place, and
 * series summed by {@code while} loops whose trip count depends on the data.
 */
public final class NaturalKernels {
  private NaturalKernels() {}

  /** A ReLU layer whose hidden values are accumulated and rectified in place; their sum. */
  @Differentiable
  public static Value reluLayer(Value[] x, Value[][] w) {
    Value[] h = new Value[w.length];
    for (int o = 0; o < w.length; o++) {
      h[o] = Value.of(0);
      for (int i = 0; i < x.length; i++) {
        h[o] = h[o].add(w[o][i].mul(x[i]));
      }
    }
    for (int o = 0; o < h.length; o++) {
      h[o] = h[o].relu();
    }
    Value sum = Value.of(0);
    for (Value v : h) {
      sum = sum.add(v);
    }
    return sum;
  }

  /** The sum of {@code exp(x[i])} over {@code x}, each by its series until the terms vanish. */
  @Differentiable
  public static Value expSeries(Value[] x) {
    Value total = Value.of(0);
    for (Value xi : x) {
      Value sum = Value.of(1);
      Value term = Value.of(1);
      int k = 1;
      while (Math.abs(term.data()) > 1e-16 * Math.abs(sum.data())) {
        term = term.mul(xi).div(k);
        sum = sum.add(term);
        k++;
      }
      total = total.add(sum);
    }
    return total;
  }
}
