package dev.adjoint.processor.trace;

import com.sun.source.tree.VariableTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Binds the parameters of a {@code @Differentiable} method: checks each type, {@code @Shape} and
 * {@code @Domain}, declares the IR input (a scalar input node or an INPUT array; {@code Value}
 * kinds active), and describes it for {@link SourceMethod}.
 */
final class Parameters {
  private static final String SHAPE = "dev.adjoint.Shape";
  private static final String DOMAIN = "dev.adjoint.Domain";

  private final TraceState st;
  private final Tracer tr;

  Parameters(TraceState st, Tracer tr) {
    this.st = st;
    this.tr = tr;
  }

  /** The source kind of a traced type, or null when no parameter or result can have it. */
  static SourceMethod.Kind kind(JType t) {
    if (t.list()) {
      return t.listOf().equals(JType.VALUE) ? SourceMethod.Kind.VALUE_LIST : null;
    }
    return switch (t.base()) {
      case VALUE ->
          switch (t.rank()) {
            case 0 -> SourceMethod.Kind.VALUE;
            case 1 -> SourceMethod.Kind.VALUE_ARRAY;
            case 2 -> SourceMethod.Kind.VALUE_MATRIX;
            case 3 -> SourceMethod.Kind.VALUE_TENSOR;
            default -> null;
          };
      case DOUBLE ->
          t.rank() == 0
              ? SourceMethod.Kind.DOUBLE
              : t.rank() == 1 ? SourceMethod.Kind.DOUBLE_ARRAY : null;
      case INT ->
          t.rank() == 0
              ? SourceMethod.Kind.INT
              : t.rank() == 1 ? SourceMethod.Kind.INT_ARRAY : null;
      case BOOLEAN -> t.rank() == 0 ? SourceMethod.Kind.BOOLEAN : null;
      default -> null;
    };
  }

  /** Parameters bound so far. */
  private int bound;

  /** A bound parameter; its domain is completed once index uses are known. */
  record Bound(
      String name,
      SourceMethod.Kind kind,
      List<Integer> shape,
      Double min,
      Double max,
      int inputId) {
    SourceMethod.Param finish(IntRanges ranges) {
      double lo = -3;
      double hi = 3;
      SourceMethod.LengthBound bound = null;
      IntRanges.Range range = kind == SourceMethod.Kind.INT ? ranges.range(inputId) : null;
      if (min != null) {
        lo = min;
        hi = max;
      } else if (kind == SourceMethod.Kind.BOOLEAN) {
        lo = 0;
        hi = 1;
      } else if (range != null) {
        lo = range.min();
        hi = range.max();
        bound = range.bound();
      }
      return new SourceMethod.Param(name, kind, shape, lo, hi, bound);
    }
  }

  /** Binds parameter {@code p} (declared by {@code pt}) in the root frame's scope. */
  Bound bind(VariableElement p, VariableTree pt, Frame root) {
    int index = bound++;
    String name = p.getSimpleName().toString();
    JType type = Signatures.of(p.asType());
    SourceMethod.Kind kind = type == null ? null : kind(type);
    if (kind == null) {
      throw st.error(Code.PARAMETER_TYPE, name + " has type " + p.asType(), pt);
    }
    List<Integer> shape = shape(p, pt, type);
    double[] domain = domain(p, pt);
    st.reserve(name);
    Builder b = st.b;
    AVal value;
    int inputId = -1;
    if (type.scalar()) {
      inputId = b.input(name, JType.scalarType(type.base()), type.base() == JType.Base.VALUE);
      value =
          switch (type.base()) {
            case VALUE -> new AVal.Num(inputId, true, null);
            case DOUBLE -> new AVal.Num(inputId, false, null);
            case INT -> {
              st.intRanges.intParam(inputId);
              yield AVal.Int.node(inputId, new Sym.Atom(inputId, name, false));
            }
            default -> AVal.Bool.node(inputId);
          };
    } else {
      JType.Base elem = type.list() ? JType.Base.VALUE : type.base();
      AVal.Arr arr;
      if (shape != null) {
        int id = b.inputArray(name, JType.scalarType(elem), shape, kind.differentiable());
        arr = AVal.Arr.fixed(id, List.of(), shape, elem);
      } else {
        int rank = type.list() ? 1 : type.rank();
        List<Integer> sizes = new ArrayList<>();
        for (int axis = 0; axis < rank; axis++) {
          sizes.add(null);
        }
        int id =
            b.inputArrayWithLengths(name, JType.scalarType(elem), sizes, kind.differentiable());
        List<AVal.Int> dims = new ArrayList<>();
        List<Extent> extents = st.decl(id).extents();
        for (int axis = 0; axis < rank; axis++) {
          int len = extents.get(axis).node();
          st.intRanges.length(len, index, axis);
          String text = name + "[0]".repeat(axis) + (type.list() ? ".size()" : ".length");
          dims.add(AVal.Int.node(len, new Sym.Atom(len, text, true)));
        }
        arr = new AVal.Arr(id, List.of(), dims, elem, null);
      }
      value = type.list() ? new AVal.ListRef(ListState.viewOf(arr, name, true, 0)) : arr;
    }
    root.scope.declare(name, type, value);
    List<Integer> described = new ArrayList<>();
    if (shape != null) {
      described.addAll(shape);
    } else {
      for (int axis = 0; axis < (type.list() ? 1 : type.rank()); axis++) {
        described.add(-1);
      }
    }
    return new Bound(
        name,
        kind,
        described,
        domain == null ? null : domain[0],
        domain == null ? null : domain[1],
        inputId);
  }

  /**
   * Gives each parameter the method writes into a local copy, made at entry: generated code never
   * writes the caller's arrays, and every access of the method goes to the copy.
   */
  void copyWritten(Frame root) {
    for (String name : st.facts.writtenParams) {
      Scope.Var v = root.scope.lookup(name);
      if (v == null) {
        continue;
      }
      if (v.value instanceof AVal.Arr a) {
        AVal.Arr copy = st.memory.allocate(st.uniqueName(name), a.elem(), a.dims(), null);
        st.merges.copy(a, copy, null);
        v.value = copy;
      } else if (v.value instanceof AVal.ListRef l) {
        AVal.Arr a = l.state().view;
        AVal.ListRef copy = tr.lists.createDynamic(null, name, JType.VALUE);
        st.loop(
            a.length(),
            List.of(),
            (i, c) -> {
              tr.lists.addUnchecked(copy, st.load(a, List.of(st.syms.indexOf(i)), null), null);
              return List.of();
            });
        v.value = copy;
      }
    }
  }

  private static AnnotationMirror annotation(VariableElement p, String type) {
    for (AnnotationMirror m : p.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(type)) {
        return m;
      }
    }
    return null;
  }

  private static Object member(AnnotationMirror m, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        m.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    return null;
  }

  private List<Integer> shape(VariableElement p, VariableTree pt, JType type) {
    AnnotationMirror m = annotation(p, SHAPE);
    int rank = type.list() ? 1 : type.rank();
    String name = p.getSimpleName().toString();
    if (rank == 0 && m == null) {
      return List.of();
    }
    if (rank == 0) {
      if (m != null) {
        throw st.error(Code.BAD_SHAPE, "the scalar " + name + " takes no @Shape", pt);
      }
      return List.of();
    }
    if (m == null) {
      // No @Shape: every length is read from the argument at run time.
      return null;
    }
    List<Integer> shape = new ArrayList<>();
    Object v = member(m, "value");
    if (v instanceof List<?> list) {
      for (Object o : list) {
        Object n = o instanceof AnnotationValue av ? av.getValue() : o;
        if (n instanceof Integer i) {
          shape.add(i);
        }
      }
    } else if (v instanceof Integer i) {
      shape.add(i);
    }
    if (shape.size() != rank) {
      throw st.error(
          Code.BAD_SHAPE,
          name
              + " is a "
              + type
              + " ("
              + rank
              + " dimension"
              + (rank == 1 ? "" : "s")
              + ") but @Shape gives "
              + shape.size(),
          pt);
    }
    for (int d : shape) {
      if (d <= 0) {
        throw st.error(Code.BAD_SHAPE, name + " has a dimension of size " + d, pt);
      }
    }
    if (!ShapeLimit.fits(shape)) {
      throw st.error(Code.BAD_SHAPE, ShapeLimit.describe(name, shape), pt);
    }
    return shape;
  }

  private double[] domain(VariableElement p, VariableTree pt) {
    AnnotationMirror m = annotation(p, DOMAIN);
    if (m == null) {
      return null;
    }
    Object lo = member(m, "min");
    Object hi = member(m, "max");
    if (!(lo instanceof Number) || !(hi instanceof Number)) {
      return null;
    }
    double min = ((Number) lo).doubleValue();
    double max = ((Number) hi).doubleValue();
    if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw st.error(
          Code.BAD_DOMAIN,
          p.getSimpleName() + " has @Domain(min = " + min + ", max = " + max + ")",
          pt);
    }
    return new double[] {min, max};
  }
}
