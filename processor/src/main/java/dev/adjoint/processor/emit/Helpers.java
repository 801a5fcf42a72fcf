package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * The private static helpers of the generated class that code of runtime size calls, one overload
 * per element type used: {@code capacity} (a workspace holding at least {@code n} elements, reused
 * if it has them), {@code grow} (a growable array's storage extended past an index, contents kept)
 * and {@code element} (an element of a growable array, 0 beyond its storage). Names come from
 * {@link Layout}, so they clash with no convenience method; only helpers some code calls are
 * written, in a fixed order.
 */
final class Helpers {

  private final String capacity;
  private final String grow;
  private final String element;
  private final String sized;
  private final Set<String> used = new TreeSet<>();

  Helpers(String capacity, String grow, String element, String sized) {
    this.capacity = capacity;
    this.grow = grow;
    this.element = element;
    this.sized = sized;
  }

  /**
   * The name of {@code sized(double[]... a, int... dims)}: {@code a} if it has exactly these
   * dimensions, else a new array of them (a buffer passed where exact sizes are checked).
   */
  String sized(int rank) {
    used.add("3" + rank);
    return sized;
  }

  /** The name of {@code capacity(T[] a, int n)}, for elements of type {@code t}. */
  String capacity(ScalarType t) {
    used.add("0" + t);
    return capacity;
  }

  /** The name of {@code grow(T[] a, int i)}. */
  String grow(ScalarType t) {
    used.add("1" + t);
    return grow;
  }

  /** The name of {@code element(T[] a, int i)}. */
  String element(ScalarType t) {
    used.add("2" + t);
    return element;
  }

  /** The helpers called so far. */
  List<MethodSpec> methods() {
    List<MethodSpec> out = new ArrayList<>();
    for (String key : used) {
      if (key.charAt(0) == '3') {
        out.add(sizedMethod(key.charAt(1) - '0'));
        continue;
      }
      ScalarType t = ScalarType.valueOf(key.substring(1));
      TypeName array = JavaTypes.of(t, 1);
      MethodSpec.Builder b =
          MethodSpec.methodBuilder(
                  switch (key.charAt(0)) {
                    case '0' -> capacity;
                    case '1' -> grow;
                    default -> element;
                  })
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addParameter(array, "a");
      switch (key.charAt(0)) {
        case '0' -> {
          b.addJavadoc(
                  "{@code a} if it holds at least {@code n} elements, else a new array of {@code n}"
                      + " elements:\na workspace is regrown for a larger call, never shrunk.\n")
              .returns(array)
              .addParameter(TypeName.INT, "n");
          b.beginControlFlow("if (n < 0)")
              .addStatement(
                  "throw new $T($S + n)", NegativeArraySizeException.class, "workspace size ")
              .endControlFlow();
          b.addStatement("return a != null && a.length >= n ? a : new $L[n]", t.javaName());
        }
        case '1' -> {
          b.addJavadoc(
                  "{@code a} copied into a larger array that holds index {@code i}, the new elements"
                      + " zero.\n")
              .returns(array)
              .addParameter(TypeName.INT, "i");
          b.addStatement(
              "return $T.copyOf(a, $T.max(i + 1, $T.max(16, 2 * a.length)))",
              JavaTypes.ARRAYS,
              Math.class,
              Math.class);
        }
        default -> {
          b.addJavadoc(
                  "Element {@code i} of a growable array: {@code $L} beyond its storage, which was"
                      + " never\nwritten.\n",
                  Literals.of(t, 0))
              .returns(JavaTypes.scalar(t))
              .addParameter(TypeName.INT, "i");
          b.addStatement("return i < a.length ? a[i] : $L", Literals.of(t, 0));
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private MethodSpec sizedMethod(int rank) {
    TypeName array = JavaTypes.of(ScalarType.F64, rank);
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(sized)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addJavadoc(
                "{@code a} if its dimensions are exactly the given ones, else a new array of them.\n")
            .returns(array)
            .addParameter(array, "a");
    StringBuilder same = new StringBuilder("a != null");
    String ref = "a";
    StringBuilder dims = new StringBuilder();
    for (int d = 0; d < rank; d++) {
      String n = "n" + d;
      b.addParameter(TypeName.INT, n);
      // Inner lengths exist only when the outer ones are not zero.
      String guard = d == 0 ? "" : "n" + (d - 1) + " == 0 || ";
      same.append(" && (").append(guard).append(ref).append(".length == ").append(n).append(')');
      ref += "[0]";
      dims.append('[').append(n).append(']');
    }
    return b.addStatement("return $L ? a : new double$L", same, dims).build();
  }
}
