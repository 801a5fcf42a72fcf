package natural;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;

/** Runtime sizes: lengths of parameters, int bounds, triangular and banded loops, local arrays. */
public final class Sizes {
  private Sizes() {}

  static Value[] linear(Value[] x, Value[][] w) {
    Value[] out = new Value[w.length];
    for (int o = 0; o < w.length; o++) {
      Value acc = Value.of(0);
      for (int i = 0; i < w[o].length; i++) {
        acc = acc.add(w[o][i].mul(x[i]));
      }
      out[o] = acc;
    }
    return out;
  }

  @Differentiable
  public static Value[] layer(Value[] x, Value[][] w, Value[] b) {
    Value[] h = linear(x, w);
    Value[] out = new Value[h.length];
    for (int i = 0; i < h.length; i++) {
      out[i] = h[i].add(b[i]).tanh();
    }
    return out;
  }

  @Differentiable
  public static Value mlp(Value[] x, Value[][] w1, Value[][] w2) {
    Value[] h = linear(x, w1);
    for (int i = 0; i < h.length; i++) {
      h[i] = h[i].relu();
    }
    Value[] y = linear(h, w2);
    Value loss = Value.of(0);
    for (Value v : y) {
      loss = loss.add(v.mul(v));
    }
    return loss;
  }

  /** exp(x) from the first n terms of its series. */
  @Differentiable
  public static Value series(Value x, int n) {
    Value sum = Value.of(0);
    Value term = Value.of(1);
    for (int k = 1; k <= n; k++) {
      sum = sum.add(term);
      term = term.mul(x).div(k);
    }
    return sum;
  }

  /** Causal self-attention over a sequence of any length, one query per position. */
  @Differentiable
  public static Value[][] causal(Value[][] q, Value[][] k, Value[][] v) {
    int n = q.length;
    int d = q[0].length;
    Value[][] out = new Value[n][d];
    for (int pos = 0; pos < n; pos++) {
      Value[] logits = new Value[pos + 1];
      double maxLogit = Double.NEGATIVE_INFINITY;
      for (int t = 0; t <= pos; t++) {
        Value dot = Value.of(0);
        for (int j = 0; j < d; j++) {
          dot = dot.add(q[pos][j].mul(k[t][j]));
        }
        logits[t] = dot.div(Math.sqrt(d));
        maxLogit = Math.max(maxLogit, logits[t].data());
      }
      Value total = Value.of(0);
      Value[] weights = new Value[pos + 1];
      for (int t = 0; t <= pos; t++) {
        weights[t] = logits[t].sub(maxLogit).exp();
        total = total.add(weights[t]);
      }
      for (int j = 0; j < d; j++) {
        Value acc = Value.of(0);
        for (int t = 0; t <= pos; t++) {
          acc = acc.add(weights[t].div(total).mul(v[t][j]));
        }
        out[pos][j] = acc;
      }
    }
    return out;
  }

  /** A banded smoothing: each output averages the inputs within {@code radius}. */
  @Differentiable
  public static Value[] band(Value[] x, int radius) {
    int n = x.length;
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      Value acc = Value.of(0);
      int count = 0;
      for (int j = Math.max(0, i - radius); j <= Math.min(n - 1, i + radius); j++) {
        acc = acc.add(x[j]);
        count++;
      }
      out[i] = acc.div(count);
    }
    return out;
  }

  /** The outer product of two vectors as a new matrix, then its squared Frobenius norm. */
  @Differentiable
  public static Value outer(Value[] a, Value[] b) {
    Value[][] m = new Value[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        m[i][j] = a[i].mul(b[j]);
      }
    }
    Value s = Value.of(0);
    for (Value[] row : m) {
      for (Value e : row) {
        s = s.add(e.mul(e));
      }
    }
    return s;
  }

  /** A matrix result: with no rows, a seed's row length cannot be seen and is not checked. */
  @Differentiable
  public static Value[][] outerMatrix(Value[] a, Value[] b) {
    Value[][] m = new Value[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        m[i][j] = a[i].mul(b[j]);
      }
    }
    return m;
  }
}
