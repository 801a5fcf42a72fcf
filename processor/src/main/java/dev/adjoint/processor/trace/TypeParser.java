package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import javax.lang.model.type.TypeKind;

/**
 * Reads the declared type of a local variable, cast or helper parameter from its (unattributed)
 * tree.
 */
final class TypeParser {
  private final TraceState st;
  private final Resolver resolver;

  TypeParser(TraceState st, Resolver resolver) {
    this.st = st;
    this.resolver = resolver;
  }

  /** The type {@code t} denotes; null for {@code var} (infer) and {@code void}. */
  JType parse(Tree t) {
    if (t == null) {
      return null;
    }
    if (t instanceof PrimitiveTypeTree p) {
      TypeKind k = p.getPrimitiveTypeKind();
      return switch (k) {
        case INT -> JType.INT;
        case DOUBLE -> JType.DOUBLE;
        case BOOLEAN -> JType.BOOLEAN;
        case CHAR -> JType.CHAR;
        case VOID -> null;
        default -> throw unsupported(t);
      };
    }
    if (t instanceof ArrayTypeTree a) {
      JType elem = parse(a.getType());
      if (elem == null || elem.list() || !Signatures.arrayElement(elem.base())) {
        throw unsupported(t);
      }
      return JType.array(elem.base(), elem.rank() + 1);
    }
    if (t instanceof ParameterizedTypeTree p) {
      String base = Resolver.dotted((ExpressionTree) p.getType());
      if (base != null
          && (base.equals("List")
              || base.equals("ArrayList")
              || base.equals("java.util.List")
              || base.equals("java.util.ArrayList"))
          && p.getTypeArguments().size() == 1) {
        Tree arg = p.getTypeArguments().get(0);
        if (isValue(arg)) {
          return JType.VALUE_LIST;
        }
        JType elem =
            arg instanceof ArrayTypeTree || arg instanceof ParameterizedTypeTree
                ? parse(arg)
                : null;
        if (elem != null && (elem.list() || elem.rank() > 0 && elem.base() == JType.Base.VALUE)) {
          return JType.listOf(elem);
        }
      }
      throw unsupported(t);
    }
    if (t instanceof IdentifierTree id && id.getName().contentEquals("var")) {
      return null;
    }
    if (isValue(t)) {
      return JType.VALUE;
    }
    if (t instanceof IdentifierTree || t instanceof MemberSelectTree) {
      String name = Resolver.dotted((ExpressionTree) t);
      if ("String".equals(name) || "java.lang.String".equals(name)) {
        return JType.STRING;
      }
      javax.lang.model.element.TypeElement type =
          st.frames.isEmpty() ? null : resolver.type((ExpressionTree) t, st.frame());
      if (type != null && type.getKind() == javax.lang.model.element.ElementKind.ENUM) {
        return JType.ENUM;
      }
    }
    throw unsupported(t);
  }

  static boolean isValue(Tree t) {
    String name =
        t instanceof IdentifierTree || t instanceof MemberSelectTree
            ? Resolver.dotted((ExpressionTree) t)
            : null;
    return "Value".equals(name) || "dev.adjoint.Value".equals(name);
  }

  private TraceException unsupported(Tree t) {
    return st.error(Code.UNSUPPORTED_TYPE, "'" + t + "'", t);
  }
}
