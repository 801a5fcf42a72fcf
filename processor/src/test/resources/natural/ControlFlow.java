package natural;

import dev.adjoint.Differentiable;
import dev.adjoint.Domain;
import dev.adjoint.Value;

/** while, do/while, break, continue (labelled too), return anywhere, switch. */
public final class ControlFlow {
  private ControlFlow() {}

  /** exp(x) by its series, until the terms stop mattering. */
  @Differentiable
  public static Value expSeries(@Domain(min = -3, max = 3) Value x) {
    Value sum = Value.of(1);
    Value term = Value.of(1);
    int k = 1;
    while (Math.abs(term.data()) > 1e-16 * Math.abs(sum.data()) && k < 200) {
      term = term.mul(x).div(k);
      sum = sum.add(term);
      k++;
    }
    return sum;
  }

  /** sqrt(a) by Newton's method. */
  @Differentiable
  public static Value newtonSqrt(@Domain(min = 0.1, max = 100) Value a) {
    Value y = a.add(1).mul(0.5);
    int steps = 0;
    do {
      y = y.add(a.div(y)).mul(0.5);
      steps++;
    } while (Math.abs(y.data() * y.data() - a.data()) > 1e-12 * a.data() && steps < 100);
    return y;
  }

  /** The sum of the prefix up to where it first exceeds a threshold. */
  @Differentiable
  public static Value prefixUntil(Value[] x, double limit) {
    Value acc = Value.of(0);
    for (int i = 0; i < x.length; i++) {
      acc = acc.add(x[i].mul(x[i]));
      if (acc.data() > limit) {
        break;
      }
    }
    return acc;
  }

  /** Squares of the positive entries only. */
  @Differentiable
  public static Value positives(Value[] x) {
    Value acc = Value.of(0);
    for (Value v : x) {
      if (v.data() <= 0) {
        continue;
      }
      acc = acc.add(v.mul(v));
    }
    return acc;
  }

  /** Pairs until a product is large; a labelled break leaves both loops. */
  @Differentiable
  public static Value pairs(Value[] a, Value[] b) {
    Value acc = Value.of(0);
    outer:
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        Value p = a[i].mul(b[j]);
        if (p.data() > 2.5) {
          break outer;
        }
        if (p.data() < -2.5) {
          continue outer;
        }
        acc = acc.add(p);
      }
    }
    return acc;
  }

  /** The first entry above a threshold, doubled; the last one if none is. */
  @Differentiable
  public static Value firstAbove(Value[] x, double t) {
    for (int i = 0; i < x.length; i++) {
      if (x[i].data() > t) {
        return x[i].mul(2);
      }
    }
    return x[x.length - 1];
  }

  @Differentiable
  public static Value activation(Value x, int kind) {
    switch (kind) {
      case 0:
        return x.relu();
      case 1:
        return x.tanh();
      case 2:
        {
          Value e = x.exp();
          return e.div(e.add(1));
        }
      default:
        return x;
    }
  }

  @Differentiable
  public static Value scaled(Value x, int mode) {
    double s =
        switch (mode) {
          case 0 -> 0.5;
          case 1, 2 -> 2.0;
          default -> {
            double t = mode * 0.25;
            yield t + 1;
          }
        };
    return x.mul(s).add(x.mul(x));
  }

  /** Two indices walking towards each other. */
  @Differentiable
  public static Value palindromic(Value[] x) {
    Value acc = Value.of(0);
    for (int i = 0, j = x.length - 1; i < j; i++, j--) {
      acc = acc.add(x[i].mul(x[j]));
    }
    return acc;
  }

  /** A branch whose arms write arrays and run loops. */
  @Differentiable
  public static Value[] branchy(Value[] x, boolean reverse) {
    Value[] out = new Value[x.length];
    if (reverse) {
      for (int i = 0; i < x.length; i++) {
        out[i] = x[x.length - 1 - i].mul(2);
      }
    } else {
      for (int i = 0; i < x.length; i++) {
        out[i] = x[i].exp();
      }
      out[0] = out[0].add(1);
    }
    return out;
  }

  static Value[] scaledBy(Value[] x, double s) {
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(s);
    }
    return out;
  }

  /** An array returned from inside a loop, or after it: its length is the argument's either way. */
  @Differentiable
  public static Value[] earlyArray(Value[] x) {
    for (int i = 0; i < x.length; i++) {
      if (x[i].data() > 2) {
        return scaledBy(x, 0.5);
      }
    }
    return x;
  }

  /** The same from a do/while whose exit the data decides (dynamic fuzzer seed 2,008,161). */
  @Differentiable
  public static Value[] earlyFromDo(Value[] x, int k) {
    Value acc = Value.of(0.5);
    int d = 0;
    do {
      d++;
      if (k > 1 && x.length > 1) {
        return scaledBy(x, 1.5);
      }
      acc = acc.tanh();
    } while (d < 2 && k % 2 == 0);
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(acc);
    }
    return out;
  }
}
