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
 * The fields of one kernel class: every LOCAL array of its programs (flattened to one dimension;
 * programs share a field for a same-named array of the same type and size, since they never run at
 * the same time), the spill arrays of split programs and the Jacobian's buffers. In a static kernel
 * each is allocated exactly once by the constructor. In a kernel with runtime sizes the workspace
 * arrays start empty and each program makes them large enough for its call ({@link Setup}), so
 * programs share a field for a same-named array of the same type whatever its size; only the spill
 * arrays, whose sizes are known, are allocated by the constructor.
 */
final class Workspace {

  private static final class Field {
    final String name;
    final String key;
    final ScalarType elem;
    List<Integer> shape;
    final String doc;

    /** Whether the field is allocated on first use instead of by the constructor. */
    final boolean lazy;

    Field(String name, String key, ScalarType elem, List<Integer> shape, String doc, boolean lazy) {
      this.name = name;
      this.key = key;
      this.elem = elem;
      this.shape = shape;
      this.doc = doc;
      this.lazy = lazy;
    }
  }

  /** Whether the kernel has runtime sizes: its workspace arrays are allocated on first use. */
  private final boolean dynamic;

  private final Names names = new Names();
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final Map<String, String> locals = new HashMap<>();
  private final Map<String, Field> spills = new LinkedHashMap<>();
  private Field arraySpill;
  private int arraySpillSize;

  /**
   * The fields the forward program uses, with the sizes it needs, once {@link #forwardWritten} has
   * been called: all that the static convenience method allocates.
   */
  private Map<String, List<Integer>> forwardFields;

  Workspace() {
    this(false);
  }

  Workspace(boolean dynamic) {
    this.dynamic = dynamic;
  }

  /** Whether the kernel has runtime sizes. */
  boolean dynamic() {
    return dynamic;
  }

  /** Gives each LOCAL array of program {@code program} a field. */
  void planLocals(int program, Function f) {
    Set<String> usedByProgram = new HashSet<>();
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.LOCAL) {
        continue;
      }
      Field shared = null;
      String key = dynamic ? a.name() + a.elem() : a.name() + a.elem() + a.shape();
      for (Field field : fields.values()) {
        if (key.equals(field.key) && !usedByProgram.contains(field.name)) {
          shared = field;
          break;
        }
      }
      if (shared == null) {
        shared =
            dynamic
                ? add(a.name(), key, a.elem(), List.of(0), lazyDoc(a), true)
                : add(a.name(), key, a.elem(), List.of(a.size()), localDoc(a), false);
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

  private static String lazyDoc(ArrayDecl a) {
    return "Workspace for {@code "
        + a.name()
        + "}"
        + (a.rank() > 1 ? ", flattened row-major" : "")
        + (a.growable() ? ", growing as it is written" : "")
        + "; allocated on first use, regrown for a larger call, never shrunk.";
  }

  /** The field holding LOCAL array {@code arrayId} of program {@code program}. */
  String local(int program, int arrayId) {
    String name = locals.get(program + ":" + arrayId);
    if (name == null) {
      throw new IllegalStateException("no workspace for array " + arrayId);
    }
    return name;
  }

  /**
   * Slots per spill array. An index up to 32,767 is a {@code sipush} operand; a larger one would be
   * a constant-pool entry of its own, and a program of 100,000 statements spills more values than a
   * class file's 65,535 constants can name. So slots beyond the first chunk go to further arrays.
   */
  static final int SPILL_CHUNK = 32_768;

  /** The spill array element holding slot {@code slot} of values of type {@code t}. */
  String spillSlot(ScalarType t, int slot) {
    int chunk = slot / SPILL_CHUNK;
    int index = slot % SPILL_CHUNK;
    String key = t + "#" + chunk;
    Field f = spills.get(key);
    if (f == null) {
      String base = t == ScalarType.F64 ? "spill" : t == ScalarType.I32 ? "spillInt" : "spillBool";
      f =
          add(
              chunk == 0 ? base : base + chunk,
              null,
              t,
              List.of(index + 1),
              "Values passed between the parts of split methods.",
              false);
      spills.put(key, f);
    }
    if (f.shape.get(0) < index + 1) {
      f.shape = List.of(index + 1);
    }
    return f.name + "[" + index + "]";
  }

  /**
   * The array spill of a kernel with runtime sizes, grown to at least {@code size} slots: the
   * parameter arrays the parts of its split methods use.
   */
  String arraySpill(int size) {
    if (arraySpill == null) {
      arraySpill =
          add(
              "spillArrays",
              null,
              ScalarType.VOID,
              List.of(size),
              "The array parameters of split methods, which their parts read.",
              false);
    }
    arraySpillSize = Math.max(arraySpillSize, size);
    arraySpill.shape = List.of(arraySpillSize);
    return arraySpill.name;
  }

  /** A buffer of natural rank (for the Jacobian), named after {@code base}. */
  String buffer(String base, ScalarType elem, List<Integer> shape, String doc) {
    return add(base, null, elem, shape, doc, false).name;
  }

  /**
   * A buffer of natural rank allocated on first use (for the Jacobian of a kernel with runtime
   * sizes), named after {@code base}.
   */
  String lazyBuffer(String base, ScalarType elem, int rank, String doc) {
    return add(base, null, elem, java.util.Collections.nCopies(rank, 0), doc, true).name;
  }

  private Field add(
      String base, String key, ScalarType elem, List<Integer> shape, String doc, boolean lazy) {
    Field f = new Field(names.allocate(base, "work"), key, elem, shape, doc, lazy);
    fields.put(f.name, f);
    return f;
  }

  /** Total elements of all fields the constructor allocates (for documentation). */
  long elements() {
    long n = 0;
    for (Field f : fields.values()) {
      n += f.lazy || f.elem == ScalarType.VOID ? 0 : JavaTypes.size(f.shape);
    }
    return n;
  }

  /** True if some field is allocated on first use. */
  boolean hasLazy() {
    for (Field f : fields.values()) {
      if (f.lazy) {
        return true;
      }
    }
    return false;
  }

  /** The field declarations, in creation order. */
  List<FieldSpec> fieldSpecs() {
    List<FieldSpec> out = new ArrayList<>();
    for (Field f : fields.values()) {
      TypeName type = type(f);
      FieldSpec.Builder b =
          f.lazy
              ? FieldSpec.builder(type, f.name, Modifier.PRIVATE)
              : FieldSpec.builder(type, f.name, Modifier.PRIVATE, Modifier.FINAL);
      out.add(b.addJavadoc("$L\n", f.doc).build());
    }
    return out;
  }

  private static TypeName type(Field f) {
    return f.elem == ScalarType.VOID
        ? com.palantir.javapoet.ArrayTypeName.of(com.palantir.javapoet.ClassName.OBJECT)
        : JavaTypes.of(f.elem, f.shape.size());
  }

  /**
   * Records that the forward program (program {@link KernelWriter#FORWARD}) has been written: the
   * fields it uses are its local arrays and the spill arrays as large as they are now.
   */
  void forwardWritten() {
    forwardFields = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : locals.entrySet()) {
      if (e.getKey().startsWith(KernelWriter.FORWARD + ":")) {
        Field f = fields.get(e.getValue());
        forwardFields.put(f.name, f.shape);
      }
    }
    for (Field f : spills.values()) {
      forwardFields.put(f.name, f.shape);
    }
    if (arraySpill != null) {
      forwardFields.put(arraySpill.name, arraySpill.shape);
    }
  }

  /**
   * A private constructor allocating only what the forward program uses (the others are left null),
   * for the static convenience method; null when that is everything the public constructor
   * allocates.
   */
  MethodSpec forwardOnlyConstructor(String javadoc) {
    CodeBlock.Builder code = CodeBlock.builder();
    boolean differs = false;
    for (Field f : fields.values()) {
      if (f.lazy) {
        continue;
      }
      List<Integer> shape = forwardFields.get(f.name);
      differs |= !f.shape.equals(shape);
      code.addStatement("this.$L = $L", f.name, shape == null ? "null" : newArray(f, shape));
    }
    if (!differs) {
      return null;
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(boolean.class, "forwardOnly")
        .addJavadoc(Docs.wrap(javadoc + "\n"))
        .addCode(code.build())
        .build();
  }

  private static String newArray(Field f, List<Integer> shape) {
    return f.elem == ScalarType.VOID
        ? "new Object[" + shape.get(0) + "]"
        : JavaTypes.newArray(f.elem, shape);
  }

  /** The public constructor allocating every field that is not allocated on first use. */
  MethodSpec constructor(String javadoc) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Field f : fields.values()) {
      if (f.lazy) {
        continue;
      }
      code.addStatement("this.$L = $L", f.name, newArray(f, f.shape));
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("$L\n", javadoc)
        .addCode(code.build())
        .build();
  }
}
