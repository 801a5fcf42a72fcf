package natural;

import dev.adjoint.Differentiable;
import dev.adjoint.Domain;
import dev.adjoint.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** In-place updates, writes into parameters, reassigned and aliased arrays, containers. */
public final class Mutation {
  private Mutation() {}

  /** ReLU applied in place to a hidden layer. */
  @Differentiable
  public static Value inPlaceRelu(Value[] x, Value[][] w) {
    Value[] h = new Value[w.length];
    for (int o = 0; o < w.length; o++) {
      h[o] = Value.of(0);
      for (int i = 0; i < x.length; i++) {
        h[o] = h[o].add(w[o][i].mul(x[i]));
      }
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = h[i].relu();
    }
    return Value.sum(h);
  }

  /** Scales the caller's array in place, then reads it back. */
  @Differentiable
  public static Value scaleParameter(Value[] x, Value y) {
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i].mul(y);
    }
    Value acc = Value.of(0);
    for (Value v : x) {
      acc = acc.add(v.mul(v));
    }
    return acc;
  }

  /** An element overwritten in a loop and read back non-linearly. */
  @Differentiable
  public static Value overwrite(Value[] x, int rounds) {
    Value[] s = Arrays.copyOf(x, x.length);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < s.length; i++) {
        s[i] = s[i].mul(s[(i + 1) % s.length]).tanh();
      }
    }
    return Value.sum(s);
  }

  static Value[] rmsnorm(Value[] x) {
    Value ms = Value.of(0);
    for (Value xi : x) {
      ms = ms.add(xi.mul(xi));
    }
    Value scale = ms.div(x.length).add(1e-5).pow(-0.5);
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(scale);
    }
    return out;
  }

  static Value[] layer(Value[] x, Value[][] w) {
    Value[] out = new Value[w.length];
    for (int o = 0; o < w.length; o++) {
      Value acc = Value.of(0);
      for (int i = 0; i < x.length; i++) {
        acc = acc.add(w[o][i].mul(x[i]));
      }
      out[o] = acc.tanh();
    }
    return out;
  }

  /** A stack of layers: the array variable is reassigned in the loop. */
  @Differentiable
  public static Value deep(Value[] x, Value[][][] w) {
    for (int l = 0; l < w.length; l++) {
      Value[] residual = x;
      x = rmsnorm(x);
      x = layer(x, w[l]);
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i].add(residual[i]);
      }
    }
    return Value.sum(x);
  }

  /** Running sums accumulated into a double array and a Value array. */
  @Differentiable
  public static Value histogram(Value[] x, int bins) {
    double[] counts = new double[bins];
    Value[] sums = new Value[bins];
    Arrays.fill(sums, Value.of(0));
    for (Value v : x) {
      int b = (int) Math.min(bins - 1, Math.max(0, Math.floor((v.data() + 3) / 6 * bins)));
      counts[b] += 1;
      sums[b] = sums[b].add(v);
    }
    Value acc = Value.of(0);
    for (int b = 0; b < bins; b++) {
      if (counts[b] > 0) {
        acc = acc.add(sums[b].div(counts[b]).pow(2));
      }
    }
    return acc;
  }

  /** Filters into a growing list, then sums it. */
  @Differentiable
  public static Value filtered(Value[] x) {
    List<Value> kept = new ArrayList<>();
    for (Value v : x) {
      if (v.data() > -0.5) {
        kept.add(v.exp());
      }
    }
    kept.add(Value.of(1));
    return Value.sum(kept).log();
  }

  /** Rows collected into a list of arrays, then used by index and by for-each (width < 1 never ends). */
  @Differentiable
  public static Value rows(Value[] x, @Domain(min = 1, max = 4) int width) {
    List<Value[]> chunks = new ArrayList<>();
    for (int start = 0; start + width <= x.length; start += width) {
      chunks.add(Arrays.copyOfRange(x, start, start + width));
    }
    Value acc = Value.of(0);
    for (Value[] c : chunks) {
      Value dot = Value.of(0);
      for (int j = 0; j < c.length; j++) {
        dot = dot.add(c[j].mul(chunks.get(0)[j]));
      }
      acc = acc.add(dot);
    }
    return acc;
  }

  /** Slices and copies: copyOfRange, arraycopy, toArray. */
  @Differentiable
  public static Value[] splice(Value[] a, Value[] b) {
    Value[] out = new Value[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    Value[] head = Arrays.copyOfRange(out, 0, (out.length + 1) / 2);
    List<Value> squares = new ArrayList<>();
    for (Value h : head) {
      squares.add(h.mul(h));
    }
    return squares.toArray(new Value[0]);
  }

  /** An element no taken read reaches: its infinite partial must not poison the gradient. */
  @Differentiable
  public static Value pick(@Domain(min = 0, max = 3) Value[] p, int k) {
    Value[] logs = new Value[p.length];
    for (int i = 0; i < p.length; i++) {
      logs[i] = p[i].log();
    }
    return logs[k];
  }
}
