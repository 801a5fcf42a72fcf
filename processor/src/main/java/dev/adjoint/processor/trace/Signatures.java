package dev.adjoint.processor.trace;

import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Maps the attributed parameter and return types of method elements to traced types. */
final class Signatures {
  private Signatures() {}

  /** The traced type of {@code t}; null when the subset has no such type (or for void). */
  static JType of(TypeMirror t) {
    switch (t.getKind()) {
      case DOUBLE:
        return JType.DOUBLE;
      case INT:
        return JType.INT;
      case BOOLEAN:
        return JType.BOOLEAN;
      case CHAR:
        return JType.CHAR;
      case ARRAY:
        {
          JType elem = of(((ArrayType) t).getComponentType());
          if (elem == null || elem.list() || !arrayElement(elem.base())) {
            return null;
          }
          return JType.array(elem.base(), elem.rank() + 1);
        }
      case DECLARED:
        {
          DeclaredType d = (DeclaredType) t;
          TypeElement e = (TypeElement) d.asElement();
          String name = e.getQualifiedName().toString();
          if (name.equals("dev.adjoint.Value")) {
            return JType.VALUE;
          }
          if (name.equals("java.lang.String")) {
            return JType.STRING;
          }
          if (e.getKind() == ElementKind.ENUM) {
            return JType.ENUM;
          }
          List<? extends TypeMirror> args = d.getTypeArguments();
          if ((name.equals("java.util.List") || name.equals("java.util.ArrayList"))
              && args.size() == 1) {
            JType elem = of(args.get(0));
            if (elem != null
                && (elem.equals(JType.VALUE)
                    || elem.list()
                    || elem.rank() > 0 && elem.base() == JType.Base.VALUE)) {
              return JType.listOf(elem);
            }
          }
          return null;
        }
      default:
        return null;
    }
  }

  /** Element types arrays may have. */
  static boolean numeric(JType.Base b) {
    return b == JType.Base.VALUE || b == JType.Base.DOUBLE || b == JType.Base.INT;
  }

  /** Whether arrays of {@code b} are traced (boolean arrays are stored as ints, 0 or 1). */
  static boolean arrayElement(JType.Base b) {
    return numeric(b) || b == JType.Base.BOOLEAN;
  }

  /** Whether an argument can be passed to a parameter of type {@code p} (null: any). */
  static boolean accepts(JType p, AVal arg) {
    if (p == null) {
      return true;
    }
    if (p.list()) {
      return arg instanceof AVal.ListRef;
    }
    if (p.rank() > 0) {
      if (arg instanceof AVal.Table tab) {
        return p.rank() == 2 && tab.state().elem == p.base();
      }
      return arg instanceof AVal.Arr a && a.elem() == p.base() && a.rank() == p.rank();
    }
    return switch (p.base()) {
      case VALUE -> arg instanceof AVal.Num n && n.isValue();
      case DOUBLE -> arg instanceof AVal.Num n && !n.isValue() || arg instanceof AVal.Int;
      case INT, CHAR -> arg instanceof AVal.Int;
      case BOOLEAN -> arg instanceof AVal.Bool;
      case STRING -> arg instanceof AVal.Str;
      case ENUM -> arg instanceof AVal.EnumConst;
    };
  }
}
