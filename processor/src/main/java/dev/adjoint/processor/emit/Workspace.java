package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The fields of one kernel class, each allocated exactly once by its constructor: every LOCAL array
 * of its programs (flattened to one dimension; programs share a field for a same-named array of the
 * same type and size, since they never run at the same time), the spill arrays of split programs
 * and the Jacobian's buffers.
 */
final class Workspace {

  private static final class Field {
    final String name;
    final String key;
    final ScalarType elem;
    List<Integer> shape;
    final String doc;

    Field(String name, String key, ScalarType elem, List<Integer> shape, String doc) {
      this.name = name;
      this.key = key;
      this.elem = elem;
      this.shape = shape;
      this.doc = doc;
    }
  }

  private final Names names = new Names();
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final Map<String, String> locals = new HashMap<>();
  private final Map<ScalarType, Field> spills = new LinkedHashMap<>();

  /** Gives each LOCAL array of program {@code program} a field. */
  void planLocals(int program, Function f) {
    Set<String> usedByProgram = new HashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.LOCAL) {
        continue;
      }
      Field shared = null;
      String key = a.name() + a.elem() + a.shape();
      for (Field field : fields.values()) {
        if (key.equals(field.key) && !usedByProgram.contains(field.name)) {
          shared = field;
          break;
        }
      }
      if (shared == null) {
        shared = add(a.name(), key, a.elem(), List.of(a.size()), localDoc(a));
      }
      usedByProgram.add(shared.name);
      locals.put(program + ":" + a.id(), shared.name);
    }
  }

  private static String localDoc(ArrayDecl a) {
    String shape = JavaTypes.shape(a.shape());
    return "Workspace for {@code "
        + a.name()
        + "}"
        + shape
        + (a.rank() > 1 ? ", flattened row-major." : ".");
  }

  /** The field holding LOCAL array {@code arrayId} of program {@code program}. */
  String local(int program, int arrayId) {
    String name = locals.get(program + ":" + arrayId);
    if (name == null) {
      throw new IllegalStateException("no workspace for array " + arrayId);
    }
    return name;
  }

  /** The spill array for values of type {@code t}, grown to at least {@code size} slots. */
  String spill(ScalarType t, int size) {
    Field f = spills.get(t);
    if (f == null) {
      String base = t == ScalarType.F64 ? "spill" : t == ScalarType.I32 ? "spillInt" : "spillBool";
      f = add(base, null, t, List.of(size), "Values passed between the parts of split methods.");
      spills.put(t, f);
    }
    if (f.shape.get(0) < size) {
      f.shape = List.of(size);
    }
    return f.name;
  }

  /** A buffer of natural rank (for the Jacobian), named after {@code base}. */
  String buffer(String base, ScalarType elem, List<Integer> shape, String doc) {
    return add(base, null, elem, shape, doc).name;
  }

  private Field add(String base, String key, ScalarType elem, List<Integer> shape, String doc) {
    Field f = new Field(names.allocate(base, "work"), key, elem, shape, doc);
    fields.put(f.name, f);
    return f;
  }

  /** Total elements of all fields (for documentation). */
  long elements() {
    long n = 0;
    for (Field f : fields.values()) {
      n += JavaTypes.size(f.shape);
    }
    return n;
  }

  /** The field declarations, in creation order. */
  List<FieldSpec> fieldSpecs() {
    List<FieldSpec> out = new ArrayList<>();
    for (Field f : fields.values()) {
      TypeName type = JavaTypes.of(f.elem, f.shape.size());
      out.add(
          FieldSpec.builder(type, f.name, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("$L\n", f.doc)
              .build());
    }
    return out;
  }

  /** The public constructor allocating every field. */
  MethodSpec constructor(String javadoc) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Field f : fields.values()) {
      code.addStatement("this.$L = $L", f.name, JavaTypes.newArray(f.elem, f.shape));
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("$L\n", javadoc)
        .addCode(code.build())
        .build();
  }
}
