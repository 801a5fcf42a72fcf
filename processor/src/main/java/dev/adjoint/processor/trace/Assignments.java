package dev.adjoint.processor.trace;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Op;
import java.util.List;

/**
 * Assignments and conversions: {@code =}, {@code op=}, {@code ++}/{@code --} on variables and array
 * elements (an element's array and index are evaluated once, as in Java), Java's assignment
 * conversion (int widens to double) and casts. Variables keep their declared type; each assigned
 * node is named after its variable for readable output.
 */
final class Assignments {
  private final Tracer t;
  private final TraceState st;

  Assignments(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** An element {@code array[index]}, evaluated once. */
  private record Element(AVal base, AVal.Int index, ArrayAccessTree tree) {}

  /** {@code target = value}. */
  AVal assignment(AssignmentTree a) {
    ExpressionTree target = a.getVariable();
    if (target instanceof IdentifierTree id) {
      Scope.Var v = st.frame().scope.lookup(id.getName().toString());
      if (v != null) {
        AVal value =
            v.type.scalar() ? t.expr.value(a.getExpression()) : initializer(a.getExpression(), v);
        return assignVar(v, value, a);
      }
    }
    if (strip(target) instanceof ArrayAccessTree aa
        && !(ForHeader.plain(aa.getExpression()) && ForHeader.plain(aa.getIndex()))) {
      // Java evaluates the array and the index before the value; that order shows only when
      // they have effects (otherwise the value comes first, as static programs always had it).
      Element e = element(aa);
      return store(e, t.expr.value(a.getExpression()), a);
    }
    return assign(target, t.expr.value(a.getExpression()), a);
  }

  private static ExpressionTree strip(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }

  /** Traces an expression initializing an array or list variable (names its storage after it). */
  AVal initializer(ExpressionTree e, Scope.Var v) {
    if (e instanceof NewArrayTree na) {
      return t.alloc.newArray(na, v.type, v.name);
    }
    if (e instanceof NewClassTree nc) {
      return t.alloc.newObject(nc, v.name, v.type);
    }
    return t.expr.value(e);
  }

  private Element element(ArrayAccessTree aa) {
    AVal base = t.expr.value(aa.getExpression());
    return new Element(base, t.expr.evalInt(aa.getIndex()), aa);
  }

  /** Assigns {@code value} to the variable or array element {@code target}; returns the value. */
  AVal assign(ExpressionTree target, AVal value, Tree at) {
    if (target instanceof ParenthesizedTree p) {
      return assign(p.getExpression(), value, at);
    }
    if (target instanceof IdentifierTree id) {
      Scope.Var v = st.frame().scope.lookup(id.getName().toString());
      if (v == null) {
        throw st.error(Code.FIELD, "assigning to field " + id, target);
      }
      return assignVar(v, value, at);
    }
    if (target instanceof ArrayAccessTree aa) {
      return store(element(aa), value, at);
    }
    throw st.error(Code.FIELD, "assigning to '" + target + "'", target);
  }

  /** {@code base[index] = value}. */
  private AVal store(Element e, AVal value, Tree at) {
    if (e.base() instanceof AVal.Table tab) {
      t.tables.assign(tab.state(), e.index(), value, at);
      return value;
    }
    if (!(e.base() instanceof AVal.Arr arr)) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX, "indexing " + ExpressionTracer.describe(e.base()), e.tree());
    }
    if (arr.rank() > 1) {
      return assignRow(arr, e.index(), value, at);
    }
    AVal converted = convert(value, JType.array(arr.elem(), 0), at);
    int id = st.elementId(arr.elem(), converted);
    st.store(arr, List.of(e.index()), id, e.tree());
    return converted;
  }

  /**
   * {@code m[i] = row} on a rectangular array: the row's elements are copied in, and the two stay
   * in step only while neither is written ({@link Aliasing}).
   */
  private AVal assignRow(AVal.Arr arr, AVal.Int i, AVal value, Tree at) {
    if (!(value instanceof AVal.Arr row)
        || row.rank() != arr.rank() - 1
        || row.elem() != arr.elem()) {
      throw st.error(
          Code.UNSUPPORTED_SYNTAX,
          "assigning " + ExpressionTracer.describe(value) + " as a row of a " + arr.type(),
          at);
    }
    AVal.Arr slot = st.row(arr, i, at);
    if (!Regions.sameDims(row, slot)) {
      // Java would let the row have another length; the IR's arrays are rectangular.
      for (int k = 0; k < row.rank(); k++) {
        st.checks.requireEqual(
            row.dims().get(k).sym(),
            slot.dims().get(k).sym(),
            "a row of length %2$d is assigned into a "
                + arr.type()
                + " whose rows have length"
                + " %1$d (Adjoint keeps arrays rectangular)",
            Code.SHAPE_MISMATCH,
            at);
      }
    }
    st.aliasing.written(arr.array(), at);
    st.merges.share(row, slot, null, "assigned as a row", at);
    return value;
  }

  /** Binds a variable to a new value (converted to its declared type). */
  AVal assignVar(Scope.Var v, AVal value, Tree at) {
    if (!v.type.scalar() && v.branchDepth != st.pure && value != v.value) {
      // Reassigning an array or list variable in an arm of a select: trace a branch instead.
      st.effect();
    }
    AVal converted = convert(value, v.type, at);
    v.value = converted;
    nameValue(converted, v.name);
    return converted;
  }

  /** Names the node holding a variable's value after the variable, unless it already has a name. */
  void nameValue(AVal v, String name) {
    int id = -1;
    if (v instanceof AVal.Num n) {
      id = n.id();
    } else if (v instanceof AVal.Int i && !i.isConstant()) {
      id = i.id();
    } else if (v instanceof AVal.Bool b && !b.isConstant()) {
      id = b.id();
    }
    if (id >= 0 && !name.startsWith("$")) {
      var origin = st.b.origin(id);
      if (origin == null || origin.name() == null) {
        st.name(id, name);
      }
    }
  }

  /** Java's assignment conversion of {@code v} to {@code to} (int widens to double). */
  AVal convert(AVal v, JType to, Tree at) {
    if (to.list()) {
      if (v instanceof AVal.ListRef l) {
        if (l.state().elem == null) {
          l.state().elem = to.listOf();
        }
        return v;
      }
    } else if (to.rank() > 0) {
      if (v instanceof AVal.Arr a && a.elem() == to.base() && a.rank() == to.rank()) {
        return v;
      }
      if (v instanceof AVal.Table tab && tab.state().elem == to.base() && to.rank() == 2) {
        return v;
      }
    } else {
      switch (to.base()) {
        case VALUE:
          if (v instanceof AVal.Num n && n.isValue()) {
            return v;
          }
          break;
        case DOUBLE:
          if (v instanceof AVal.Num n) {
            return n.isValue() ? mismatch(v, to, at) : v;
          }
          if (v instanceof AVal.Int i) {
            return i.isConstant()
                ? t.expr.num(i.constant())
                : new AVal.Num(st.f64Id(i), false, null);
          }
          break;
        case INT:
        case CHAR:
          if (v instanceof AVal.Int) {
            return v;
          }
          break;
        case BOOLEAN:
          if (v instanceof AVal.Bool) {
            return v;
          }
          break;
        case STRING:
          if (v instanceof AVal.Str) {
            return v;
          }
          break;
        case ENUM:
          if (v instanceof AVal.EnumConst) {
            return v;
          }
          break;
      }
    }
    return mismatch(v, to, at);
  }

  private AVal mismatch(AVal v, JType to, Tree at) {
    String hint = to.equals(JType.VALUE) && v instanceof AVal.Num ? " (use Value.of(x))" : "";
    throw st.error(
        Code.UNSUPPORTED_TYPE,
        "cannot use " + ExpressionTracer.describe(v) + " as a " + to + hint,
        at);
  }

  /** {@code target op= value}: Java's implicit cast back to the target's type included. */
  AVal compound(CompoundAssignmentTree c) {
    Tree.Kind op =
        switch (c.getKind()) {
          case PLUS_ASSIGNMENT -> Tree.Kind.PLUS;
          case MINUS_ASSIGNMENT -> Tree.Kind.MINUS;
          case MULTIPLY_ASSIGNMENT -> Tree.Kind.MULTIPLY;
          case DIVIDE_ASSIGNMENT -> Tree.Kind.DIVIDE;
          case REMAINDER_ASSIGNMENT -> Tree.Kind.REMAINDER;
          case AND_ASSIGNMENT -> Tree.Kind.AND;
          case OR_ASSIGNMENT -> Tree.Kind.OR;
          case XOR_ASSIGNMENT -> Tree.Kind.XOR;
          default -> throw st.error(Code.ARITHMETIC, "the operator in '" + c + "'", c);
        };
    if (strip(c.getVariable()) instanceof ArrayAccessTree aa) {
      Element e = element(aa);
      AVal old = read(e);
      AVal result = t.ops.binary(op, old, t.expr.value(c.getExpression()), c);
      return store(e, castTo(result, ExpressionTracer.typeOf(old), c), c);
    }
    AVal old = t.expr.value(c.getVariable());
    AVal result = t.ops.binary(op, old, t.expr.value(c.getExpression()), c);
    return assign(c.getVariable(), castTo(result, ExpressionTracer.typeOf(old), c), c);
  }

  private AVal read(Element e) {
    if (e.base() instanceof AVal.Arr arr && arr.rank() == 1) {
      return st.load(arr, List.of(e.index()), e.tree().getIndex());
    }
    throw st.error(
        Code.UNSUPPORTED_SYNTAX,
        "an operator on " + ExpressionTracer.describe(e.base()) + " rows",
        e.tree());
  }

  /** {@code ++} and {@code --}, prefix or postfix, on a variable or an element. */
  AVal increment(UnaryTree u) {
    boolean up =
        u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    boolean prefix =
        u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.PREFIX_DECREMENT;
    Tree.Kind op = up ? Tree.Kind.PLUS : Tree.Kind.MINUS;
    if (strip(u.getExpression()) instanceof ArrayAccessTree aa) {
      Element e = element(aa);
      AVal old = read(e);
      AVal updated =
          castTo(t.ops.binary(op, old, AVal.Int.of(1), u), ExpressionTracer.typeOf(old), u);
      store(e, updated, u);
      return prefix ? updated : old;
    }
    AVal old = t.expr.value(u.getExpression());
    AVal updated =
        castTo(t.ops.binary(op, old, AVal.Int.of(1), u), ExpressionTracer.typeOf(old), u);
    assign(u.getExpression(), updated, u);
    return prefix ? updated : old;
  }

  /** A cast conversion: widening, identity, or {@code (int)} of a compile-time double. */
  AVal castTo(AVal v, JType to, Tree at) {
    if ((to.equals(JType.INT) || to.equals(JType.CHAR))
        && v instanceof AVal.Num n
        && !n.isValue()) {
      if (n.constant() == null && to.equals(JType.INT)) {
        // Java's narrowing conversion: rounds toward zero, NaN to 0, saturates at the int range.
        return st.syms.intNode(st.apply(Op.D2I, n.id()), null);
      }
      if (n.constant() == null) {
        throw st.error(Code.ARITHMETIC, "(char) of a double that is only known at run time", at);
      }
      int i = (int) n.constant().doubleValue();
      return AVal.Int.of(to.equals(JType.CHAR) ? (char) i : i);
    }
    if (to.equals(JType.CHAR) && v instanceof AVal.Int i) {
      if (!i.isConstant()) {
        throw st.error(Code.ARITHMETIC, "(char) of an int that is only known at run time", at);
      }
      return AVal.Int.of((char) i.constant().intValue());
    }
    return convert(v, to, at);
  }
}
