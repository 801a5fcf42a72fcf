package natural;

import dev.adjoint.Differentiable;
import dev.adjoint.Value;
import java.util.ArrayList;
import java.util.List;

/** The seed lesson's softmax and log-softmax, written as the lesson reads, for any length. */
public final class Lesson {
  private Lesson() {}

  @Differentiable
  public static Value[] softmax(Value[] logits) {
    double maxVal = Double.NEGATIVE_INFINITY;
    for (Value val : logits) {
      maxVal = Math.max(maxVal, val.data());
    }
    Value[] exps = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exps[i] = logits[i].sub(maxVal).exp();
    }
    Value total = Value.sum(exps);
    Value[] out = new Value[exps.length];
    for (int i = 0; i < exps.length; i++) {
      out[i] = exps[i].div(total);
    }
    return out;
  }

  @Differentiable
  public static Value[] logSoftmax(Value[] logits) {
    double maxVal = Double.NEGATIVE_INFINITY;
    for (Value val : logits) {
      maxVal = Math.max(maxVal, val.data());
    }
    Value[] shifted = new Value[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i].sub(maxVal);
    }
    Value sum = Value.of(0);
    for (Value s : shifted) {
      sum = sum.add(s.exp());
    }
    Value logSum = sum.log();
    Value[] out = new Value[shifted.length];
    for (int i = 0; i < shifted.length; i++) {
      out[i] = shifted[i].sub(logSum);
    }
    return out;
  }

  @Differentiable
  public static List<Value> softmaxList(List<Value> logits) {
    double maxVal = Double.NEGATIVE_INFINITY;
    for (Value val : logits) {
      maxVal = Math.max(maxVal, val.data());
    }
    List<Value> exps = new ArrayList<>();
    for (Value val : logits) {
      exps.add(val.sub(maxVal).exp());
    }
    Value total = Value.sum(exps);
    List<Value> probs = new ArrayList<>();
    for (Value e : exps) {
      probs.add(e.div(total));
    }
    return probs;
  }

  @Differentiable
  public static List<Value> logSoftmaxList(List<Value> logits) {
    double maxVal = Double.NEGATIVE_INFINITY;
    for (Value val : logits) {
      maxVal = Math.max(maxVal, val.data());
    }
    List<Value> shifted = new ArrayList<>();
    for (Value val : logits) {
      shifted.add(val.sub(maxVal));
    }
    List<Value> exps = new ArrayList<>();
    for (Value s : shifted) {
      exps.add(s.exp());
    }
    Value logSum = Value.sum(exps).log();
    List<Value> out = new ArrayList<>();
    for (Value s : shifted) {
      out.add(s.sub(logSum));
    }
    return out;
  }

  @Differentiable
  public static Value crossEntropy(Value[] logits, int target) {
    Value[] logProbs = logSoftmax(logits);
    return logProbs[target].neg();
  }
}
