package dev.adjoint.processor.trace;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.TypeElement;

/**
 * Traces method calls: {@code Value} operations, {@code Math} functions, list operations, {@code
 * List.of}/{@code Arrays.asList}, {@code dev.adjoint.nn.Nn} (built by {@link NnLibrary}) and static
 * helper methods with source in this compilation (inlined by {@link Inliner}). Anything else is an
 * error naming the method.
 */
final class CallTracer {
  private final Tracer t;
  private final TraceState st;

  CallTracer(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** Traces a call; null for a {@code void} helper. */
  AVal call(MethodInvocationTree call) {
    for (ExpressionTree a : call.getArguments()) {
      if (a instanceof LambdaExpressionTree || a instanceof MemberReferenceTree) {
        throw st.error(
            Code.LAMBDA, a instanceof LambdaExpressionTree ? "a lambda" : "a method reference", a);
      }
    }
    ExpressionTree select = call.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      String name = id.getName().toString();
      TypeElement owner = t.resolver.methodOwner(name, st.frame());
      if (owner == null) {
        throw st.error(Code.UNRESOLVED, "method " + name, call);
      }
      return staticCall(owner, name, call);
    }
    MemberSelectTree ms = (MemberSelectTree) select;
    String name = ms.getIdentifier().toString();
    ExpressionTree receiver = ms.getExpression();
    if (name.equals("stream") || name.equals("forEach")) {
      throw st.error(Code.LAMBDA, "a stream ('" + select + "')", call);
    }
    if (t.expr.isLocalName(receiver)) {
      return instanceCall(t.expr.value(receiver), name, call);
    }
    TypeElement owner = t.resolver.type(receiver, st.frame());
    if (owner == null) {
      // A static field's method (System.out.println) or an unknown name: nothing to trace.
      throw st.error(Code.OPAQUE_CALL, "'" + select + "'", call);
    }
    if (owner.getQualifiedName().toString().startsWith("java.util.stream.")) {
      throw st.error(Code.LAMBDA, "a stream ('" + select + "')", call);
    }
    return staticCall(owner, name, call);
  }

  private List<AVal> args(MethodInvocationTree call) {
    List<AVal> out = new ArrayList<>();
    for (ExpressionTree a : call.getArguments()) {
      out.add(t.expr.value(a));
    }
    return out;
  }

  private AVal staticCall(TypeElement owner, String name, MethodInvocationTree call) {
    String cls = owner.getQualifiedName().toString();
    switch (cls) {
      case "java.lang.Math":
        return new MathLibrary(st).math(name, args(call), call);
      case "dev.adjoint.Value":
        if (name.equals("custom")) {
          return new CustomCalls(t).call(call);
        }
        return valueStatic(name, args(call), call);
      case "dev.adjoint.nn.Nn":
        return t.nn.call(name, args(call), call);
      case "java.util.List":
      case "java.util.Arrays":
        if (name.equals(cls.endsWith("List") ? "of" : "asList")) {
          List<AVal> a = args(call);
          if (a.size() == 1 && a.get(0) instanceof AVal.Arr arr) {
            if (arr.elem() != JType.Base.VALUE) {
              throw st.error(
                  Code.UNSUPPORTED_TYPE,
                  "a list of " + arr.type() + " (a list view needs a Value[] or Value[][])",
                  call);
            }
            return view(arr);
          }
          return t.alloc.listOf(a, call);
        }
        if (cls.endsWith("Arrays")) {
          return t.arrays.arrays(name, args(call), call);
        }
        break;
      case "java.lang.System":
        if (name.equals("arraycopy")) {
          return t.arrays.arraycopy(args(call), call);
        }
        break;
      default:
        return t.inliner.inline(owner, name, call);
    }
    throw st.error(Code.OPAQUE_CALL, owner.getSimpleName() + "." + name, call);
  }

  /** {@code Arrays.asList(array)}: a fixed-size list backed by the array itself. */
  private AVal view(AVal.Arr arr) {
    if (arr.elem() != JType.Base.VALUE) {
      throw new IllegalStateException("list of " + arr.elem());
    }
    boolean param = st.decl(arr.array()).role() == ArrayDecl.Role.INPUT;
    return new AVal.ListRef(
        ListState.viewOf(arr, st.decl(arr.array()).name(), param, st.loops.size()));
  }

  // ---- Value ----

  private AVal instanceCall(AVal receiver, String name, MethodInvocationTree call) {
    if (receiver instanceof AVal.Num n && n.isValue()) {
      return valueMethod(n, name, call);
    }
    if (receiver instanceof AVal.ListRef l) {
      return listMethod(l, name, call);
    }
    if (receiver instanceof AVal.Arr a && name.equals("clone") && call.getArguments().isEmpty()) {
      return t.arrays.copy(a, call);
    }
    if (receiver instanceof AVal.Str s) {
      return t.switches.stringMethod(s, name, args(call), call);
    }
    if (receiver instanceof AVal.EnumConst e) {
      return t.switches.enumMethod(e, name, args(call), call);
    }
    throw st.error(Code.OPAQUE_CALL, name + "() on " + ExpressionTracer.describe(receiver), call);
  }

  private AVal.Num valueOp(Op op, int... operands) {
    return new AVal.Num(st.apply(op, operands), true, null);
  }

  private AVal valueMethod(AVal.Num x, String name, MethodInvocationTree call) {
    List<AVal> a = args(call);
    switch (name) {
      case "add":
      case "sub":
      case "mul":
      case "div":
        if (a.size() == 1 && isNumber(a.get(0))) {
          Op op =
              switch (name) {
                case "add" -> Op.ADD;
                case "sub" -> Op.SUB;
                case "mul" -> Op.MUL;
                default -> Op.DIV;
              };
          return valueOp(op, x.id(), st.f64Id(a.get(0)));
        }
        break;
      case "pow":
      case "atan2":
      case "min":
      case "max":
        // pow(double) keeps its exponent out of the graph; pow(Value) differentiates it too.
        boolean valueOnly = !name.equals("pow");
        if (a.size() == 1 && (isValue(a.get(0)) || !valueOnly && isNumber(a.get(0)))) {
          return valueOp(Op.valueOf(name.toUpperCase(Locale.ROOT)), x.id(), st.f64Id(a.get(0)));
        }
        break;
      case "neg":
      case "exp":
      case "log":
      case "relu":
      case "tanh":
      case "sin":
      case "cos":
      case "tan":
      case "asin":
      case "acos":
      case "atan":
      case "sinh":
      case "cosh":
      case "sigmoid":
      case "log1p":
      case "expm1":
      case "sqrt":
      case "abs":
      case "softplus":
      case "gelu":
        if (a.isEmpty()) {
          return valueOp(Op.valueOf(name.toUpperCase(Locale.ROOT)), x.id());
        }
        break;
      case "data":
        if (a.isEmpty()) {
          return new AVal.Num(st.apply(Op.STOP, x.id()), false, null);
        }
        break;
      case "backward":
      case "grad":
      case "zeroGrad":
        throw st.error(Code.BACKWARD_INSIDE, "Value." + name + "()", call);
      default:
        break;
    }
    throw st.error(Code.OPAQUE_CALL, "Value." + name + signature(a), call);
  }

  private AVal valueStatic(String name, List<AVal> a, MethodInvocationTree call) {
    if (name.equals("of") && a.size() == 1 && isNumber(a.get(0)) && !isValue(a.get(0))) {
      AVal d = t.assign.convert(a.get(0), JType.DOUBLE, call);
      AVal.Num n = (AVal.Num) d;
      return new AVal.Num(n.id(), true, n.constant());
    }
    if (name.equals("sum")) {
      if (a.size() == 1 && a.get(0) instanceof AVal.Arr arr && arr.rank() == 1) {
        return sum(arr);
      }
      if (a.size() == 1 && a.get(0) instanceof AVal.ListRef l) {
        return sum(t.lists.values(l, call));
      }
      if (a.stream().allMatch(CallTracer::isValue)) {
        if (a.isEmpty()) {
          return new AVal.Num(st.constant(0.0), true, 0.0);
        }
        int acc = ((AVal.Num) a.get(0)).id();
        for (int i = 1; i < a.size(); i++) {
          acc = st.apply(Op.ADD, acc, ((AVal.Num) a.get(i)).id());
        }
        return new AVal.Num(acc, true, null);
      }
    }
    throw st.error(Code.OPAQUE_CALL, "Value." + name + signature(a), call);
  }

  /** {@code Value.sum}: {@code ((a[0] + a[1]) + a[2]) + ...}, as a loop; empty is 0. */
  AVal.Num sum(AVal.Arr arr) {
    AVal.Int n = arr.length();
    if (n.isConstant() && n.constant() == 0) {
      return new AVal.Num(st.constant(0.0), true, 0.0);
    }
    Tree at = null;
    if (n.isConstant() || Bounds.le(new Sym.K(1), n.sym())) {
      int first = ((AVal.Num) st.load(arr, List.of(AVal.Int.of(0)), at)).id();
      List<Integer> out =
          st.loop(
              st.syms.plus(n, -1),
              List.of(first),
              (i, carried) -> {
                AVal.Int next = st.syms.plus(st.syms.indexOf(i), 1);
                int x = ((AVal.Num) st.load(arr, List.of(next), at)).id();
                return List.of(st.apply(Op.ADD, carried.get(0), x));
              });
      return new AVal.Num(out.get(0), true, null);
    }
    // Possibly empty: the additions from -0.0, which adds exactly (-0.0 + x is x, bit for bit,
    // where 0.0 + x would turn a -0.0 into 0.0), so a plain sum loop. An empty sum is 0.0: the
    // loop's -0.0 plus 0.0, where a sum of terms gets -0.0 added (which changes nothing); no
    // select of the result, whose derivative would be masked in the loop.
    List<Integer> out =
        st.loop(
            n,
            List.of(st.constant(-0.0)),
            (i, carried) -> {
              AVal.Int idx = st.syms.indexOf(i);
              int x = ((AVal.Num) st.load(arr, List.of(idx), at)).id();
              return List.of(st.apply(Op.ADD, carried.get(0), x));
            });
    int empty = st.apply(Op.LE, n.id(), st.intConstant(0));
    int zero = st.select(empty, st.constant(0.0), st.constant(-0.0));
    return new AVal.Num(st.apply(Op.ADD, out.get(0), zero), true, null);
  }

  // ---- lists ----

  private AVal listMethod(AVal.ListRef l, String name, MethodInvocationTree call) {
    if (name.equals("add") && call.getArguments().size() == 1) {
      ExpressionTree arg = call.getArguments().get(0);
      // A new list added to a list of lists takes its element type from the outer list.
      AVal v =
          arg instanceof com.sun.source.tree.NewClassTree nc
              ? t.alloc.newObject(nc, l.state().name, l.state().elem)
              : t.expr.value(arg);
      if (v instanceof AVal.Num n && !n.isValue() || v instanceof AVal.Int) {
        throw st.error(Code.OPAQUE_CALL, "List.add" + signature(List.of(v)), call);
      }
      t.lists.add(l, v, call);
      return AVal.Bool.of(true);
    }
    List<AVal> a = args(call);
    switch (name) {
      case "get":
        if (a.size() == 1 && a.get(0) instanceof AVal.Int i) {
          return t.lists.get(l, i, call.getArguments().get(0));
        }
        break;
      case "size":
        if (a.isEmpty()) {
          return t.lists.size(l, call);
        }
        break;
      case "isEmpty":
        if (a.isEmpty()) {
          AVal.Int n = t.lists.size(l, call);
          return n.isConstant()
              ? AVal.Bool.of(n.constant() == 0)
              : AVal.Bool.node(st.apply(Op.EQ, n.id(), st.intConstant(0)));
        }
        break;
      case "set":
        if (a.size() == 2 && a.get(0) instanceof AVal.Int i) {
          return t.lists.set(l, i, a.get(1), call);
        }
        break;
      case "toArray":
        if (a.size() <= 1) {
          return t.arrays.toArray(l, call);
        }
        break;
      default:
        break;
    }
    throw st.error(Code.OPAQUE_CALL, "List." + name + signature(a), call);
  }

  static boolean isNumber(AVal v) {
    return v instanceof AVal.Num || v instanceof AVal.Int;
  }

  static boolean isValue(AVal v) {
    return v instanceof AVal.Num n && n.isValue();
  }

  static String signature(List<AVal> args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(ExpressionTracer.typeOf(args.get(i)));
    }
    return sb.append(")").toString();
  }
}
