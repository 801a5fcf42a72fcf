package dev.adjoint.processor.trace;

import java.util.List;
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
      case ARRAY:
        {
          JType elem = of(((ArrayType) t).getComponentType());
          if (elem == null || elem.list() || elem.base() == JType.Base.BOOLEAN) {
            return null;
          }
          return JType.array(elem.base(), elem.rank() + 1);
        }
      case DECLARED:
        {
          DeclaredType d = (DeclaredType) t;
          String name = ((TypeElement) d.asElement()).getQualifiedName().toString();
          if (name.equals("dev.adjoint.Value")) {
            return JType.VALUE;
          }
          List<? extends TypeMirror> args = d.getTypeArguments();
          if (name.equals("java.util.List")
              && args.size() == 1
              && JType.VALUE.equals(of(args.get(0)))) {
            return JType.VALUE_LIST;
          }
          return null;
        }
      default:
        return null;
    }
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
      return arg instanceof AVal.Arr a && a.elem() == p.base() && a.shape().size() == p.rank();
    }
    return switch (p.base()) {
      case VALUE -> arg instanceof AVal.Num n && n.isValue();
      case DOUBLE -> arg instanceof AVal.Num n && !n.isValue() || arg instanceof AVal.Int;
      case INT -> arg instanceof AVal.Int;
      case BOOLEAN -> arg instanceof AVal.Bool;
    };
  }
}
