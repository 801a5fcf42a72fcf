package dev.adjoint.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.CompiledMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emits the generated class for one user class: for each compiled method a static convenience
 * method, a kernel class (forward, reverse, tangent and, for array outputs, Jacobian, on a
 * preallocated workspace) and a {@code dev.adjoint.CompiledFunction} adapter. The same input always
 * gives the same text.
 */
public final class ClassEmitter {
  private ClassEmitter() {}

  /** The processor named in {@code @Generated}. */
  public static final String GENERATOR = "dev.adjoint.processor.AdjointProcessor";

  /**
   * The generated source file.
   *
   * @param packageName the package of the generated class ("" for the default package)
   * @param generatedSimpleName the generated class's simple name ({@code LossesCompiled})
   * @param sourceClassCanonicalName the user class ({@code demo.Losses}), for documentation
   * @param methods the compiled methods, in the order to emit them
   */
  public static JavaFile emit(
      String packageName,
      String generatedSimpleName,
      String sourceClassCanonicalName,
      List<CompiledMethod> methods) {
    Layout layout = new Layout(generatedSimpleName, methods);
    String generated = qualified(packageName, generatedSimpleName);
    boolean dynamic = methods.stream().anyMatch(KernelWriter::dynamic);
    String doc =
        "Code compiled by Adjoint from the {@code @Differentiable} methods of {@code "
            + sourceClassCanonicalName
            + "}: plain {@code double} arithmetic with forward- and reverse-mode"
            + " derivatives. Do not edit; it is regenerated on every build.\n";
    if (dynamic) {
      doc +=
          "\n<p>Arrays may have any size the method accepts. Workspaces of runtime size are"
              + " allocated on first use and regrown when a larger call arrives (never shrunk), so"
              + " steady-state calls with repeating sizes allocate 0 bytes. Generated code never"
              + " writes into input arrays (a method that writes into its parameter works on a"
              + " copy).\n";
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(generatedSimpleName)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addAnnotation(
                AnnotationSpec.builder(JavaTypes.GENERATED)
                    .addMember("value", "$S", GENERATOR)
                    .build())
            .addJavadoc(Docs.wrap(doc))
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Set<String> helpers = new LinkedHashSet<>();
    Helpers dynamicHelpers =
        new Helpers(layout.capacity, layout.grow, layout.element, layout.sized);
    List<TypeSpec> nested = new ArrayList<>();
    for (Layout.Entry e : layout.entries) {
      TypeSpec kernel = KernelWriter.kernel(e, dynamicHelpers);
      type.addMethod(KernelWriter.convenience(e, KernelWriter.hasForwardOnlyConstructor(kernel)));
      nested.add(kernel);
      nested.add(AdapterWriter.adapter(e, layout, generated, helpers));
    }
    type.addTypes(nested);
    if (helpers.contains(layout.flatten)) {
      type.addMethod(flatten(layout.flatten));
    }
    if (helpers.contains(layout.unflatten)) {
      type.addMethod(unflatten(layout.unflatten));
    }
    if (helpers.contains(layout.scale)) {
      type.addMethod(scale(layout.scale));
    }
    type.addMethods(dynamicHelpers.methods());
    return JavaFile.builder(packageName, type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * The binary names of the {@code CompiledFunction} adapters {@link #emit} generates for the same
   * arguments, in method order: the lines of {@code
   * META-INF/services/dev.adjoint.CompiledFunction}.
   */
  public static List<String> adapterBinaryNames(
      String packageName, String generatedSimpleName, List<CompiledMethod> methods) {
    Layout layout = new Layout(generatedSimpleName, methods);
    List<String> out = new ArrayList<>();
    for (Layout.Entry e : layout.entries) {
      out.add(qualified(packageName, generatedSimpleName) + "$" + e.adapter());
    }
    return out;
  }

  private static String qualified(String packageName, String simpleName) {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
  private static final TypeName DOUBLES2 = ArrayTypeName.of(DOUBLES);
  private static final ClassName SYSTEM = ClassName.get(System.class);

  private static MethodSpec flatten(String name) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Copies a rectangular matrix into a new row-major array.\n")
        .returns(DOUBLES)
        .addParameter(DOUBLES2, "rows")
        .addStatement("int cols = rows.length == 0 ? 0 : rows[0].length")
        .addStatement("double[] flat = new double[rows.length * cols]")
        .beginControlFlow("for (int i = 0; i < rows.length; i++)")
        .addStatement("$T.arraycopy(rows[i], 0, flat, i * cols, cols)", SYSTEM)
        .endControlFlow()
        .addStatement("return flat")
        .build();
  }

  private static MethodSpec unflatten(String name) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Copies a row-major array into a new matrix.\n")
        .returns(DOUBLES2)
        .addParameter(DOUBLES, "flat")
        .addParameter(TypeName.INT, "rows")
        .addParameter(TypeName.INT, "cols")
        .addStatement("double[][] out = new double[rows][cols]")
        .beginControlFlow("for (int i = 0; i < rows; i++)")
        .addStatement("$T.arraycopy(flat, i * cols, out[i], 0, cols)", SYSTEM)
        .endControlFlow()
        .addStatement("return out")
        .build();
  }

  private static MethodSpec scale(String name) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Multiplies every element of {@code a} by {@code s}, in place; returns it.\n")
        .returns(DOUBLES)
        .addParameter(DOUBLES, "a")
        .addParameter(TypeName.DOUBLE, "s")
        .beginControlFlow("for (int i = 0; i < a.length; i++)")
        .addStatement("a[i] *= s")
        .endControlFlow()
        .addStatement("return a")
        .build();
  }
}
