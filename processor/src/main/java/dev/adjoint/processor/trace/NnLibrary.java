package dev.adjoint.processor.trace;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import java.util.List;

/**
 * Calls of {@code dev.adjoint.nn.Nn}: checks the arguments and builds the {@link NnTemplates}, so
 * that the compiled forward pass equals the engine's bit for bit. Lengths may be known only at run
 * time: the checks {@code Nn} makes (no empty vector, matching shapes) are then checks of the
 * program.
 */
final class NnLibrary {
  private final Tracer t;
  private final TraceState st;
  private final NnTemplates templates;
  private MethodInvocationTree call;

  NnLibrary(Tracer t) {
    this.t = t;
    this.st = t.st;
    this.templates = new NnTemplates(t);
  }

  AVal call(String name, List<AVal> a, MethodInvocationTree call) {
    this.call = call;
    NnTemplates nn = templates.at(call);
    switch (name) {
      case "softmax":
        if (a.size() == 1) {
          return nn.softmax(vector(a, 0, "logits"));
        }
        if (a.size() == 2 && CallTracer.isNumber(a.get(1)) && !CallTracer.isValue(a.get(1))) {
          return nn.softmax(vector(a, 0, "logits"), st.f64Id(a.get(1)));
        }
        break;
      case "logSoftmax":
        if (a.size() == 1) {
          return nn.logSoftmax(vector(a, 0, "logits"));
        }
        break;
      case "crossEntropy":
        if (a.size() == 2 && a.get(1) instanceof AVal.Int target) {
          return nn.crossEntropy(vector(a, 0, "logits"), target);
        }
        break;
      case "linear":
        if (a.size() == 2) {
          return nn.linear(vector(a, 0, "x"), matrix(a, 1, "w"));
        }
        break;
      case "rmsnorm":
        if (a.size() == 1) {
          return nn.rmsnorm(vector(a, 0, "x"));
        }
        break;
      case "attention":
        if (a.size() == 3) {
          return nn.attention(vector(a, 0, "q"), matrix(a, 1, "keys"), matrix(a, 2, "values"));
        }
        break;
      default:
        break;
    }
    throw st.error(Code.OPAQUE_CALL, "Nn." + name + CallTracer.signature(a), call);
  }

  private AVal.Arr vector(List<AVal> a, int i, String name) {
    AVal v = a.get(i);
    if (v instanceof AVal.ListRef l) {
      v = t.lists.values(l, call.getArguments().get(i));
    }
    if (!(v instanceof AVal.Arr arr) || arr.rank() != 1 || arr.elem() != JType.Base.VALUE) {
      throw st.error(
          Code.OPAQUE_CALL,
          "Nn argument " + name + " must be a Value[]",
          call.getArguments().get(i));
    }
    Tree at = call.getArguments().get(i);
    AVal.Int n = arr.length();
    if (n.isConstant()) {
      if (n.constant() == 0) {
        throw st.error(Code.SHAPE_MISMATCH, name + " must not be empty", at);
      }
    } else {
      st.checks.require(
          new Sym.K(1),
          n.sym(),
          name + " must not be empty (its length is %d)",
          Code.SHAPE_MISMATCH,
          at);
    }
    return arr;
  }

  private AVal.Arr matrix(List<AVal> a, int i, String name) {
    if (!(t.tables.asArray(a.get(i), call) instanceof AVal.Arr arr)
        || arr.rank() != 2
        || arr.elem() != JType.Base.VALUE) {
      throw st.error(
          Code.OPAQUE_CALL,
          "Nn argument " + name + " must be a Value[][]",
          call.getArguments().get(i));
    }
    return arr;
  }
}
