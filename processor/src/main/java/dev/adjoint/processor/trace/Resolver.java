package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names javac has not attributed yet (annotation processing runs before attribution):
 * type names through the file's imports and package, methods by name, and constant fields. Local
 * variables are the tracer's own business ({@link Scope}).
 */
final class Resolver {
  private final Elements elements;

  /**
   * Types already resolved, by the scope they were seen from and their name (null results too): a
   * name is looked up each time a loop's body or a helper is traced, and javac's lookup of a name
   * that is not a class (the same-package and on-demand guesses) searches the class path.
   */
  private final Map<TypeElement, Map<String, TypeElement>> types = new HashMap<>();

  Resolver(Elements elements) {
    this.elements = elements;
  }

  /** The dotted name of a name expression ({@code a.b.C}), or null if it is not a plain name. */
  static String dotted(ExpressionTree t) {
    if (t instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (t instanceof MemberSelectTree ms) {
      String q = dotted(ms.getExpression());
      return q == null ? null : q + "." + ms.getIdentifier();
    }
    return null;
  }

  /** The type a name expression denotes as seen from {@code frame}, or null. */
  TypeElement type(ExpressionTree t, Frame frame) {
    String name = dotted(t);
    return name == null ? null : type(name, frame);
  }

  /** The type a (simple or qualified) name denotes as seen from {@code frame}, or null. */
  TypeElement type(String name, Frame frame) {
    Map<String, TypeElement> seen = types.computeIfAbsent(frame.owner, k -> new HashMap<>());
    if (seen.containsKey(name)) {
      return seen.get(name);
    }
    TypeElement t = lookUp(name, frame);
    seen.put(name, t);
    return t;
  }

  private TypeElement lookUp(String name, Frame frame) {
    int dot = name.indexOf('.');
    String first = dot < 0 ? name : name.substring(0, dot);
    TypeElement head = simpleType(first, frame);
    if (head != null) {
      TypeElement t = head;
      for (String part : dot < 0 ? new String[0] : name.substring(dot + 1).split("\\.")) {
        t = memberType(t, part);
        if (t == null) {
          break;
        }
      }
      if (t != null) {
        return t;
      }
    }
    return dot < 0 ? null : named(name, frame);
  }

  private TypeElement simpleType(String name, Frame frame) {
    for (Element e = frame.owner; e instanceof TypeElement te; e = e.getEnclosingElement()) {
      if (te.getSimpleName().contentEquals(name)) {
        return te;
      }
      TypeElement m = memberType(te, name);
      if (m != null) {
        return m;
      }
    }
    CompilationUnitTree unit = frame.unit;
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith("." + name)) {
        TypeElement t = named(q, frame);
        if (t != null) {
          return t;
        }
      }
    }
    String pkg = packageOf(frame.owner);
    TypeElement same = named(pkg.isEmpty() ? name : pkg + "." + name, frame);
    if (same != null) {
      return same;
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        TypeElement t = named(q.substring(0, q.length() - 1) + name, frame);
        if (t != null) {
          return t;
        }
      }
    }
    return named("java.lang." + name, frame);
  }

  /**
   * The class of this qualified name as seen from {@code frame}'s module (its readable modules
   * included): the lookup Java's rules make, and cheaper than javac's search of every module.
   */
  private TypeElement named(String qualified, Frame frame) {
    return named(elements, frame.owner, qualified);
  }

  /** The class of this qualified name as seen from {@code context}'s module, or null. */
  static TypeElement named(Elements elements, Element context, String qualified) {
    ModuleElement module = elements.getModuleOf(context);
    return module == null
        ? elements.getTypeElement(qualified)
        : elements.getTypeElement(module, qualified);
  }

  /** The member type {@code name} of {@code owner}, declared or inherited, or null. */
  private static TypeElement memberType(TypeElement owner, String name) {
    for (TypeElement type : lineage(owner)) {
      for (TypeElement t : ElementFilter.typesIn(type.getEnclosedElements())) {
        if (t.getSimpleName().contentEquals(name) && inherits(owner, type, t)) {
          return t;
        }
      }
    }
    return null;
  }

  /**
   * {@code type} and all its supertypes, each once, in Java's member lookup order: the type itself,
   * then its superclass (with that class's own supertypes), then its superinterfaces. {@code
   * java.lang.Object} is left out: it declares no constants or static helpers to trace.
   */
  static List<TypeElement> lineage(TypeElement type) {
    Set<TypeElement> out = new LinkedHashSet<>();
    collect(type, out);
    return new ArrayList<>(out);
  }

  private static void collect(TypeElement type, Set<TypeElement> out) {
    if (type.getQualifiedName().contentEquals("java.lang.Object") || !out.add(type)) {
      return;
    }
    List<TypeMirror> supers = new ArrayList<>();
    supers.add(type.getSuperclass());
    supers.addAll(type.getInterfaces());
    for (TypeMirror s : supers) {
      if (s.getKind() == TypeKind.DECLARED
          && ((DeclaredType) s).asElement() instanceof TypeElement superType) {
        collect(superType, out);
      }
    }
  }

  /**
   * Whether {@code member}, declared in {@code declarer} (one of {@code type}'s {@link #lineage}),
   * is a member of {@code type}: private members and package-private ones of another package are
   * not inherited, nor are static methods of interfaces (JLS 8.4.8).
   */
  private static boolean inherits(TypeElement type, TypeElement declarer, Element member) {
    if (declarer.equals(type)) {
      return true;
    }
    Set<Modifier> mods = member.getModifiers();
    if (mods.contains(Modifier.PRIVATE)) {
      return false;
    }
    if (member.getKind() == ElementKind.METHOD
        && mods.contains(Modifier.STATIC)
        && declarer.getKind().isInterface()) {
      return false;
    }
    boolean packagePrivate =
        !mods.contains(Modifier.PUBLIC)
            && !mods.contains(Modifier.PROTECTED)
            && !declarer.getKind().isInterface();
    return !packagePrivate || packageOf(declarer).equals(packageOf(type));
  }

  static String packageOf(Element e) {
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /**
   * Methods named {@code name} that are members of {@code type}, declared or inherited: its own in
   * declaration order first, then its supertypes' in {@link #lineage} order, leaving out those a
   * method already listed overrides or hides (same parameter types).
   */
  static List<ExecutableElement> methods(TypeElement type, String name) {
    List<ExecutableElement> out = new ArrayList<>();
    Set<String> signatures = new HashSet<>();
    for (TypeElement declarer : lineage(type)) {
      for (ExecutableElement m : ElementFilter.methodsIn(declarer.getEnclosedElements())) {
        if (m.getSimpleName().contentEquals(name)
            && inherits(type, declarer, m)
            && signatures.add(parameterTypes(m))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static String parameterTypes(ExecutableElement m) {
    StringBuilder b = new StringBuilder();
    for (VariableElement p : m.getParameters()) {
      b.append(p.asType()).append(';');
    }
    return b.toString();
  }

  /**
   * The type holding the method an unqualified call {@code name(...)} refers to: the current class
   * or an enclosing one (whose inherited methods count too, see {@link #methods}), else a static
   * import. Null if none declares such a method.
   */
  TypeElement methodOwner(String name, Frame frame) {
    for (Element e = frame.owner; e instanceof TypeElement te; e = e.getEnclosingElement()) {
      if (!methods(te, name).isEmpty()) {
        return te;
      }
    }
    return staticImportOwner(name, frame, true);
  }

  private TypeElement staticImportOwner(String name, Frame frame, boolean method) {
    for (boolean onDemand : new boolean[] {false, true}) {
      for (ImportTree imp : frame.unit.getImports()) {
        String q = imp.getQualifiedIdentifier().toString();
        if (!imp.isStatic() || q.endsWith(".*") != onDemand) {
          continue;
        }
        int dot = q.lastIndexOf('.');
        String member = q.substring(dot + 1);
        if (!onDemand && !member.equals(name)) {
          continue;
        }
        TypeElement t = named(q.substring(0, dot), frame);
        if (t != null && (method ? !methods(t, name).isEmpty() : field(t, name) != null)) {
          return t;
        }
      }
    }
    return null;
  }

  /** The field {@code name} of {@code type}, declared or inherited, or null. */
  static VariableElement field(TypeElement type, String name) {
    for (TypeElement declarer : lineage(type)) {
      for (VariableElement f : ElementFilter.fieldsIn(declarer.getEnclosedElements())) {
        if (f.getSimpleName().contentEquals(name) && inherits(type, declarer, f)) {
          return f;
        }
      }
    }
    return null;
  }

  /**
   * The field an unqualified name refers to (current and enclosing classes with their inherited
   * fields, then static imports).
   */
  VariableElement field(String name, Frame frame) {
    for (Element e = frame.owner; e instanceof TypeElement te; e = e.getEnclosingElement()) {
      VariableElement f = field(te, name);
      if (f != null) {
        return f;
      }
    }
    TypeElement t = staticImportOwner(name, frame, false);
    return t == null ? null : field(t, name);
  }

  /** Whether a field is a compile-time constant that can be read as a number. */
  static boolean isConstant(VariableElement f) {
    return f.getModifiers().contains(Modifier.STATIC)
        && f.getModifiers().contains(Modifier.FINAL)
        && f.getKind() == ElementKind.FIELD
        && f.getConstantValue() != null;
  }

  /** The position of enum constant {@code name} in the enum {@code type} (qualified name). */
  int ordinal(String type, String name) {
    TypeElement e = elements.getTypeElement(type);
    int k = 0;
    for (Element member : e.getEnclosedElements()) {
      if (member.getKind() == ElementKind.ENUM_CONSTANT) {
        if (member.getSimpleName().contentEquals(name)) {
          return k;
        }
        k++;
      }
    }
    throw new IllegalStateException("no enum constant " + type + "." + name);
  }
}
