package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.ScalarType;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.List;
import java.util.stream.Collectors;

/** Maps IR types and source kinds to the Java types the generated code declares. */
final class JavaTypes {
  private JavaTypes() {}

  static final ClassName VALUE = ClassName.get("dev.adjoint", "Value");
  static final ClassName COMPILED_FUNCTION = ClassName.get("dev.adjoint", "CompiledFunction");
  static final ClassName PARAMETER = COMPILED_FUNCTION.nestedClass("Parameter");
  static final ClassName KIND = COMPILED_FUNCTION.nestedClass("Kind");
  static final ClassName LIST = ClassName.get("java.util", "List");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /** The primitive holding {@code t}. */
  static TypeName scalar(ScalarType t) {
    return switch (t) {
      case F64 -> TypeName.DOUBLE;
      case I32 -> TypeName.INT;
      case BOOL -> TypeName.BOOLEAN;
      case VOID -> TypeName.VOID;
    };
  }

  /** {@code t}, or an array of {@code rank} dimensions of it. */
  static TypeName of(ScalarType t, int rank) {
    TypeName type = scalar(t);
    for (int d = 0; d < rank; d++) {
      type = ArrayTypeName.of(type);
    }
    return type;
  }

  /** {@code new double[27][5]}. */
  static String newArray(ScalarType elem, List<Integer> shape) {
    return "new "
        + elem.javaName()
        + shape.stream().map(d -> "[" + d + "]").collect(Collectors.joining());
  }

  /** The Java type of a source parameter or result of kind {@code k}. */
  static TypeName source(SourceMethod.Kind k) {
    return switch (k) {
      case VALUE -> VALUE;
      case VALUE_ARRAY -> ArrayTypeName.of(VALUE);
      case VALUE_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(VALUE));
      case VALUE_TENSOR -> ArrayTypeName.of(ArrayTypeName.of(ArrayTypeName.of(VALUE)));
      case VALUE_LIST -> ParameterizedTypeName.get(LIST, VALUE);
      case INT -> TypeName.INT;
      case DOUBLE -> TypeName.DOUBLE;
      case BOOLEAN -> TypeName.BOOLEAN;
      case DOUBLE_ARRAY -> ArrayTypeName.of(TypeName.DOUBLE);
      case INT_ARRAY -> ArrayTypeName.of(TypeName.INT);
    };
  }

  /** How a source kind reads in documentation ({@code Value[]}, {@code List<Value>}). */
  static String sourceName(SourceMethod.Kind k) {
    return switch (k) {
      case VALUE -> "Value";
      case VALUE_ARRAY -> "Value[]";
      case VALUE_MATRIX -> "Value[][]";
      case VALUE_TENSOR -> "Value[][][]";
      case VALUE_LIST -> "List<Value>";
      case INT -> "int";
      case DOUBLE -> "double";
      case BOOLEAN -> "boolean";
      case DOUBLE_ARRAY -> "double[]";
      case INT_ARRAY -> "int[]";
    };
  }

  /** A shape as documentation prints it: {@code [27][5]}. */
  static String shape(List<Integer> shape) {
    return shape.stream().map(d -> "[" + d + "]").collect(Collectors.joining());
  }

  /** Number of elements of a shape (1 for a scalar). */
  static int size(List<Integer> shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
