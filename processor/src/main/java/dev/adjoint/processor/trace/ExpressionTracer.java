package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Traces expressions to abstract values: literals, names, constant fields, operators (folding
 * compile-time ints, booleans and IEEE arithmetic on double literals), casts, array reads,
 * assignments and {@code ?:}. Calls and {@code new} are delegated to {@link CallTracer} and {@link
 * Allocations}.
 */
final class ExpressionTracer {
  private final Tracer t;
  private final TraceState st;

  ExpressionTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** Traces {@code e}; null only for a call to a {@code void} helper. */
  AVal eval(ExpressionTree e) {
    st.enter(e);
    try {
      return evalInner(e);
    } finally {
      st.exit();
    }
  }

  /** Traces {@code e}, which must produce a value. */
  AVal value(ExpressionTree e) {
    AVal v = eval(e);
    if (v == null) {
      throw st.error(Code.UNSUPPORTED_SYNTAX, "a void method has no value", e);
    }
    return v;
  }

  AVal.Int evalInt(ExpressionTree e) {
    AVal v = value(e);
    if (v instanceof AVal.Int i) {
      return i;
    }
    throw st.error(Code.ARITHMETIC, "expected an int, found " + describe(v), e);
  }

  AVal.Bool evalBool(ExpressionTree e) {
    AVal v = value(e);
    if (v instanceof AVal.Bool b) {
      return b;
    }
    throw st.error(Code.ARITHMETIC, "expected a boolean, found " + describe(v), e);
  }

  static String describe(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.isValue() ? "a Value" : "a double";
    } else if (v instanceof AVal.Int) {
      return "an int";
    } else if (v instanceof AVal.Bool) {
      return "a boolean";
    } else if (v instanceof AVal.Arr a) {
      return "a " + a.type();
    } else if (v instanceof AVal.ListRef) {
      return "a List<Value>";
    } else if (v instanceof AVal.Table tab) {
      return "a " + tab.type();
    } else if (v instanceof AVal.Str) {
      return "a String";
    } else if (v instanceof AVal.EnumConst e) {
      return "the enum constant " + e.name();
    }
    return "nothing";
  }

  private AVal evalInner(ExpressionTree e) {
    switch (e.getKind()) {
      case PARENTHESIZED:
        return eval(((ParenthesizedTree) e).getExpression());
      case INT_LITERAL:
        return AVal.Int.of((Integer) ((LiteralTree) e).getValue());
      case DOUBLE_LITERAL:
        return num((Double) ((LiteralTree) e).getValue());
      case BOOLEAN_LITERAL:
        return AVal.Bool.of((Boolean) ((LiteralTree) e).getValue());
      case STRING_LITERAL:
        return new AVal.Str((String) ((LiteralTree) e).getValue());
      case CHAR_LITERAL:
        return AVal.Int.of((Character) ((LiteralTree) e).getValue());
      case LONG_LITERAL:
      case FLOAT_LITERAL:
        throw st.error(Code.UNSUPPORTED_TYPE, "long and float literals (" + e + ")", e);
      case NULL_LITERAL:
        throw st.error(
            Code.UNSUPPORTED_SYNTAX,
            "null (traced variables always hold a value: start from a real one, and keep a"
                + " boolean such as 'found' where the code tests for null)",
            e);
      case IDENTIFIER:
        return identifier((IdentifierTree) e);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) e);
      case ARRAY_ACCESS:
        return arrayAccess((ArrayAccessTree) e);
      case METHOD_INVOCATION:
        return t.calls.call((MethodInvocationTree) e);
      case NEW_ARRAY:
        return t.alloc.newArray((NewArrayTree) e, null, null);
      case NEW_CLASS:
        return t.alloc.newObject((NewClassTree) e, null, null);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) e);
      case TYPE_CAST:
        return cast((TypeCastTree) e);
      case ASSIGNMENT:
        return t.assign.assignment((AssignmentTree) e);
      case LAMBDA_EXPRESSION:
        throw st.error(Code.LAMBDA, "a lambda", e);
      case MEMBER_REFERENCE:
        throw st.error(Code.LAMBDA, "a method reference", e);
      case SWITCH_EXPRESSION:
        return t.switches.expression((SwitchExpressionTree) e);
      case INSTANCE_OF:
        throw st.error(Code.UNSUPPORTED_SYNTAX, "instanceof", e);
      default:
        break;
    }
    if (e instanceof CompoundAssignmentTree c) {
      return t.assign.compound(c);
    }
    if (e instanceof UnaryTree u) {
      return unary(u);
    }
    if (e instanceof BinaryTree b) {
      return binary(b);
    }
    throw st.error(Code.UNSUPPORTED_SYNTAX, "the expression '" + e + "'", e);
  }

  /** A double known at compile time: a constant node that remembers its value. */
  AVal.Num num(double v) {
    return new AVal.Num(st.constant(v), false, v);
  }

  // ---- names ----

  private AVal identifier(IdentifierTree id) {
    String name = id.getName().toString();
    Scope.Var v = st.frame().scope.lookup(name);
    if (v != null) {
      if (v.unknown) {
        throw new Recovery.Unknown(name);
      }
      if (v.value instanceof AVal.Unset) {
        throw st.error(Code.UNRESOLVED, "variable " + name + " has no value here", id);
      }
      return v.value;
    }
    VariableElement f = t.resolver.field(name, st.frame());
    if (f != null) {
      return constantField(f, id);
    }
    throw st.error(Code.UNRESOLVED, "'" + name + "'", id);
  }

  /** Whether a name expression denotes a value (a local), as opposed to a type or package. */
  boolean isLocalName(ExpressionTree e) {
    if (e instanceof IdentifierTree id) {
      return st.frame().scope.lookup(id.getName().toString()) != null;
    }
    if (e instanceof MemberSelectTree ms) {
      return isLocalName(ms.getExpression());
    }
    return true;
  }

  private AVal memberSelect(MemberSelectTree ms) {
    String member = ms.getIdentifier().toString();
    ExpressionTree target = ms.getExpression();
    if (isLocalName(target)) {
      AVal base = value(target);
      if (member.equals("length") && base instanceof AVal.Arr a) {
        return a.length();
      }
      if (member.equals("length") && base instanceof AVal.Table tab) {
        return tab.state().rowCount;
      }
      throw st.error(Code.FIELD, "'" + ms + "' on " + describe(base), ms);
    }
    // Java reads an ambiguous name as a variable before a type (JLS 6.5.2): HOLDER.scale on a field
    // HOLDER is a field of an object, which only the running program knows; reported at HOLDER.
    VariableElement holder = fieldNamed(target);
    if (holder != null) {
      throw st.error(
          Code.FIELD,
          "'" + ms + "' reads a field of the object in field " + holder.getSimpleName(),
          target);
    }
    TypeElement type = t.resolver.type(target, st.frame());
    if (type == null) {
      throw st.error(Code.UNRESOLVED, "'" + target + "'", target);
    }
    VariableElement f = Resolver.field(type, member);
    if (f == null) {
      throw st.error(Code.UNRESOLVED, "'" + ms + "'", ms);
    }
    return constantField(f, ms);
  }

  /**
   * The field a non-local name expression denotes ({@code HOLDER}, {@code Outer.HOLDER}), or null
   * if it names none (it may then be a type or a package).
   */
  private VariableElement fieldNamed(ExpressionTree e) {
    if (e instanceof IdentifierTree id) {
      return t.resolver.field(id.getName().toString(), st.frame());
    }
    if (e instanceof MemberSelectTree ms && fieldNamed(ms.getExpression()) == null) {
      TypeElement type = t.resolver.type(ms.getExpression(), st.frame());
      return type == null ? null : Resolver.field(type, ms.getIdentifier().toString());
    }
    return null;
  }

  /** Why a field is not a compile-time constant, in the terms of JLS 4.12.4. */
  private static String whyNotConstant(VariableElement f) {
    java.util.Set<javax.lang.model.element.Modifier> mods = f.getModifiers();
    boolean isStatic = mods.contains(javax.lang.model.element.Modifier.STATIC);
    boolean isFinal = mods.contains(javax.lang.model.element.Modifier.FINAL);
    if (isStatic && isFinal) {
      return "is static final but not a compile-time constant: its initializer is computed when"
          + " the class loads (only literals and operators on constants make a constant)";
    }
    return "is not " + (isStatic ? "final" : isFinal ? "static" : "static final");
  }

  private AVal constantField(VariableElement f, Tree at) {
    if (f.getKind() == javax.lang.model.element.ElementKind.ENUM_CONSTANT) {
      TypeElement type = (TypeElement) f.getEnclosingElement();
      return new AVal.EnumConst(type.getQualifiedName().toString(), f.getSimpleName().toString());
    }
    if (!Resolver.isConstant(f)) {
      throw st.error(Code.FIELD, "field " + f.getSimpleName() + " " + whyNotConstant(f), at);
    }
    Object c = f.getConstantValue();
    if (c instanceof Integer || c instanceof Short || c instanceof Byte) {
      return AVal.Int.of(((Number) c).intValue());
    } else if (c instanceof Character ch) {
      return AVal.Int.of(ch);
    } else if (c instanceof Double d) {
      return num(d);
    } else if (c instanceof Boolean b) {
      return AVal.Bool.of(b);
    } else if (c instanceof String str) {
      return new AVal.Str(str);
    }
    throw st.error(Code.UNSUPPORTED_TYPE, "the constant " + f.getSimpleName() + " (" + c + ")", at);
  }

  // ---- arrays ----

  private AVal arrayAccess(ArrayAccessTree a) {
    AVal base = value(a.getExpression());
    if (base instanceof AVal.Table tab) {
      return t.tables.row(tab.state(), evalInt(a.getIndex()), a.getIndex());
    }
    if (!(base instanceof AVal.Arr arr)) {
      throw st.error(Code.UNSUPPORTED_SYNTAX, "indexing " + describe(base), a);
    }
    AVal.Int index = evalInt(a.getIndex());
    if (arr.rank() > 1) {
      return st.row(arr, index, a.getIndex());
    }
    return st.load(arr, List.of(index), a.getIndex());
  }

  private AVal unary(UnaryTree u) {
    switch (u.getKind()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT:
        return t.assign.increment(u);
      default:
        return t.ops.unary(u.getKind(), value(u.getExpression()), u);
    }
  }

  private AVal binary(BinaryTree b) {
    if (b.getKind() == Tree.Kind.CONDITIONAL_AND || b.getKind() == Tree.Kind.CONDITIONAL_OR) {
      return shortCircuit(b);
    }
    if (b.getKind() == Tree.Kind.PLUS
        && (isString(b.getLeftOperand()) || isString(b.getRightOperand()))) {
      throw st.error(Code.STRINGS, "string concatenation", b);
    }
    AVal l = value(b.getLeftOperand());
    AVal r = value(b.getRightOperand());
    return t.ops.binary(b.getKind(), l, r, b);
  }

  private static boolean isString(ExpressionTree e) {
    return e.getKind() == Tree.Kind.STRING_LITERAL;
  }

  private AVal shortCircuit(BinaryTree b) {
    boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
    AVal.Bool l = evalBool(b.getLeftOperand());
    if (l.isConstant()) {
      // Java skips the right operand exactly when the left decides; so does the trace.
      if (l.constant() != and) {
        return l;
      }
      return evalBool(b.getRightOperand());
    }
    if (st.facts.regions.contains(b)) {
      // The right operand has an effect (or may throw): it runs only when Java runs it.
      AVal decided = AVal.Bool.of(!and);
      return t.regions.value(
          l,
          and ? () -> evalBool(b.getRightOperand()) : () -> decided,
          and ? () -> decided : () -> evalBool(b.getRightOperand()),
          and ? null : b.getRightOperand(),
          and ? b.getRightOperand() : null,
          b);
    }
    st.enterPure(b);
    AVal.Bool r;
    try {
      r = evalBool(b.getRightOperand());
    } finally {
      st.exitPure();
    }
    if (r.isConstant()) {
      return r.constant() == and ? l : r;
    }
    return AVal.Bool.node(st.apply(and ? Op.AND : Op.OR, l.id(), r.id()));
  }

  private AVal conditional(ConditionalExpressionTree c) {
    AVal.Bool cond = evalBool(c.getCondition());
    if (cond.isConstant()) {
      return value(cond.constant() ? c.getTrueExpression() : c.getFalseExpression());
    }
    if (st.facts.regions.contains(c)) {
      return t.regions.value(
          cond,
          () -> value(c.getTrueExpression()),
          () -> value(c.getFalseExpression()),
          c.getTrueExpression(),
          c.getFalseExpression(),
          c);
    }
    st.enterPure(c);
    AVal yes;
    AVal no;
    try {
      yes = value(c.getTrueExpression());
      no = value(c.getFalseExpression());
    } finally {
      st.exitPure();
    }
    return t.ifs.merge(cond, yes, no, c);
  }

  // ---- casts ----

  /** The type of an abstract value. */
  static JType typeOf(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.isValue() ? JType.VALUE : JType.DOUBLE;
    } else if (v instanceof AVal.Int) {
      return JType.INT;
    } else if (v instanceof AVal.Bool) {
      return JType.BOOLEAN;
    } else if (v instanceof AVal.Arr a) {
      return a.type();
    } else if (v instanceof AVal.ListRef l) {
      return JType.listOf(l.state().elem == null ? JType.VALUE : l.state().elem);
    } else if (v instanceof AVal.Table tab) {
      return tab.type();
    } else if (v instanceof AVal.Str) {
      return JType.STRING;
    } else if (v instanceof AVal.EnumConst) {
      return JType.ENUM;
    }
    return null;
  }

  private AVal cast(TypeCastTree c) {
    JType to = t.types.parse(c.getType());
    AVal v = value(c.getExpression());
    if (to == null) {
      throw st.error(Code.UNSUPPORTED_TYPE, "cast to " + c.getType(), c);
    }
    return t.assign.castTo(v, to, c);
  }
}
