package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Java parameter list of one program: its IR parameters in order, then its output arrays
 * (results first, in result order), each with a valid, unique name taken from the IR; and the
 * scalar result it returns, if any. Output arrays keep their natural rank.
 */
final class Signature {

  /**
   * One Java parameter and the IR id (input node or array) it binds.
   *
   * @param shape the array's dimensions, -1 for one known only at run time
   * @param extents the array's dimensions as the IR has them
   */
  record Param(
      String name,
      TypeName type,
      int irId,
      boolean array,
      List<Integer> shape,
      List<Extent> extents) {

    /** True if every dimension is known at compile time. */
    boolean fixed() {
      return Extent.allFixed(extents);
    }
  }

  final List<Param> params = new ArrayList<>();

  /** How many of {@link #params} are the IR's parameters; the rest are output arrays. */
  final int inputCount;

  /** The scalar result, or null if the program returns nothing. */
  final Integer returnId;

  final ScalarType returnType;

  /** The scope holding the parameter names; method bodies allocate in children of it. */
  final Names names = new Names();

  Signature(Function f) {
    for (Function.Parameter p : f.params()) {
      String name = names.allocate(p.name(), "arg");
      params.add(
          new Param(
              name,
              JavaTypes.of(p.type(), p.extents().size()),
              p.id(),
              p.isArray(),
              shape(p.extents()),
              p.extents()));
    }
    inputCount = params.size();
    Integer ret = null;
    Set<Integer> outputs = new LinkedHashSet<>();
    for (Function.Result r : f.results()) {
      if (r.isArray()) {
        outputs.add(r.id());
      } else if (ret == null) {
        ret = r.id();
      } else {
        throw new IllegalArgumentException(f.name() + " has more than one scalar result");
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() == ArrayDecl.Role.OUTPUT) {
        outputs.add(a.id());
      }
    }
    for (int id : outputs) {
      ArrayDecl a = f.array(id);
      String name = names.allocate(a.name(), "out");
      params.add(
          new Param(
              name, JavaTypes.of(a.elem(), a.rank()), id, true, shape(a.extents()), a.extents()));
    }
    returnId = ret;
    returnType = ret == null ? ScalarType.VOID : typeOf(f, ret);
  }

  /** The sizes of {@code extents}, -1 for a runtime one. */
  static List<Integer> shape(List<Extent> extents) {
    List<Integer> out = new ArrayList<>();
    for (Extent e : extents) {
      out.add(e instanceof Extent.Fixed fx ? fx.size() : -1);
    }
    return List.copyOf(out);
  }

  private static ScalarType typeOf(Function f, int id) {
    return f.nodesById().get(id).type();
  }

  /** The output array parameters. */
  List<Param> outputs() {
    return params.subList(inputCount, params.size());
  }

  /** The Java return type. */
  TypeName returns() {
    return JavaTypes.scalar(returnType);
  }

  /** JavaPoet parameters. */
  List<ParameterSpec> specs() {
    List<ParameterSpec> out = new ArrayList<>();
    for (Param p : params) {
      out.add(ParameterSpec.builder(p.type(), p.name()).build());
    }
    return out;
  }

  /** The parameter names as call arguments: {@code logits, target, out}. */
  CodeBlock arguments() {
    return Expr.arguments(params.stream().map(Param::name).toList());
  }
}
