package dev.adjoint.check;

import dev.adjoint.CompiledFunction;
import dev.adjoint.CompiledFunction.Kind;
import dev.adjoint.CompiledFunction.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Renders parameters, shapes and element positions for reports and the CLI table. */
final class Signatures {

  private Signatures() {}

  /** Renders {@code logits[27], target:int -> scalar}. */
  static String of(CompiledFunction fn) {
    List<String> params = new ArrayList<>();
    for (Parameter p : fn.parameters()) {
      params.add(parameter(p));
    }
    return String.join(", ", params) + " -> " + output(fn.outputKind(), fn.outputDims());
  }

  static String parameter(Parameter p) {
    String dims = dims(p.dims());
    return switch (p.kind()) {
      case VALUE -> p.name();
      case VALUE_ARRAY, VALUE_MATRIX, VALUE_TENSOR -> p.name() + dims;
      case VALUE_LIST, VALUE_ARRAY_LIST -> p.name() + ":list" + dims;
      case INT -> p.name() + ":int";
      case DOUBLE -> p.name() + ":double";
      case BOOLEAN -> p.name() + ":boolean";
      case DOUBLE_ARRAY -> p.name() + ":double" + dims;
      case INT_ARRAY -> p.name() + ":int" + dims;
    };
  }

  static String output(Kind kind, List<CompiledFunction.Dim> dims) {
    return switch (kind) {
      case VALUE -> "scalar";
      case VALUE_LIST, VALUE_ARRAY_LIST -> "list" + dims(dims);
      default -> dims(dims);
    };
  }

  /** Names scalar {@code flat} of a parameter: {@code x}, {@code logits[3]}, {@code w[1][2]}. */
  static String element(Parameter p, int flat) {
    return p.name() + index(p.shape(), flat);
  }

  /** Names scalar {@code flat} of a parameter of actual shape {@code shape}. */
  static String element(Parameter p, int[] shape, int flat) {
    return p.name() + index(boxed(shape), flat);
  }

  /** Names scalar {@code flat} of the output: {@code output}, {@code output[3]}. */
  static String outputElement(CompiledFunction fn, int flat) {
    return "output" + index(fn.outputShape(), flat);
  }

  /** Names scalar {@code flat} of an output of actual shape {@code shape}. */
  static String outputElement(int[] shape, int flat) {
    return "output" + index(boxed(shape), flat);
  }

  private static List<Integer> boxed(int[] shape) {
    List<Integer> out = new ArrayList<>();
    for (int d : shape) {
      out.add(d);
    }
    return out;
  }

  /** The row-major multi-index of {@code flat}: {@code [1][2]}; empty for scalars. */
  static String index(List<Integer> shape, int flat) {
    if (shape.isEmpty()) {
      return "";
    }
    int[] idx = new int[shape.size()];
    int rest = flat;
    for (int d = shape.size() - 1; d >= 0; d--) {
      int size = Math.max(1, shape.get(d));
      idx[d] = d == 0 ? rest : rest % size;
      rest /= size;
    }
    StringBuilder sb = new StringBuilder();
    for (int i : idx) {
      sb.append('[').append(i).append(']');
    }
    return sb.toString();
  }

  private static String dims(List<CompiledFunction.Dim> dims) {
    StringBuilder sb = new StringBuilder();
    for (CompiledFunction.Dim d : dims) {
      sb.append('[').append(d).append(']');
    }
    return sb.toString();
  }
}
