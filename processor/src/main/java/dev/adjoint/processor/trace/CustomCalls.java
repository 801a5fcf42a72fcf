package dev.adjoint.processor.trace;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Op;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Traces {@code Value.custom(Owner.class, "f", args...)}: the {@code @CustomGradient} function
 * {@code f} becomes a black-box {@link Op#CALL} on the arguments' values, and each argument gets
 * the partial derivative its rule gives through an {@link Op#LINK}. The rule is inlined like any
 * helper, on the arguments themselves (not on their data), so that its partials are differentiable
 * again: a Hessian-vector product differentiates them. A rule that takes the function's value is
 * traced twice: first on the call's value (no derivative), then on that value linked to the first
 * partials, so that the partials' own derivatives follow the value's too.
 */
final class CustomCalls {
  private static final String ANNOTATION = "dev.adjoint.CustomGradient";

  private final Tracer t;
  private final TraceState st;

  CustomCalls(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  AVal call(MethodInvocationTree call) {
    List<? extends ExpressionTree> a = call.getArguments();
    if (a.size() < 3) {
      throw st.error(
          Code.CUSTOM_FUNCTION, "Value.custom takes a class, a name and the arguments", call);
    }
    TypeElement owner = owner(a.get(0));
    String name = name(a.get(1));
    List<AVal.Num> args = new ArrayList<>();
    for (ExpressionTree arg : a.subList(2, a.size())) {
      AVal v = t.expr.value(arg);
      if (!CallTracer.isValue(v)) {
        throw st.error(
            Code.CUSTOM_FUNCTION,
            "pass the arguments of "
                + name
                + " one by one, each a Value, not "
                + ExpressionTracer.describe(v),
            arg);
      }
      args.add((AVal.Num) v);
    }
    ExecutableElement f = function(owner, name, args.size(), call);
    ExecutableElement rule = rule(owner, f, args.size(), call);
    boolean takesValue = rule.getParameters().size() == args.size() + 1;
    String binary = st.env.getElementUtils().getBinaryName(owner).toString();
    int number =
        Callee.register(
            new Callee(binary, owner.getQualifiedName().toString(), name, args.size(), null));
    int[] operands = new int[args.size() + 1];
    operands[0] = st.intConstant(number);
    for (int i = 0; i < args.size(); i++) {
      operands[i + 1] = args.get(i).id();
    }
    int value = st.apply(Op.CALL, operands);
    List<Integer> partials = partials(owner, rule, args, takesValue ? value : null, call);
    if (takesValue) {
      // The value linked to the first partials, so that the second tracing's partials change
      // with the value as they should when differentiated again.
      partials = partials(owner, rule, args, link(value, args, partials), call);
    }
    return new AVal.Num(link(value, args, partials), true, null);
  }

  private int link(int value, List<AVal.Num> args, List<Integer> partials) {
    int y = value;
    for (int i = 0; i < args.size(); i++) {
      y = st.apply(Op.LINK, y, args.get(i).id(), partials.get(i));
    }
    return y;
  }

  /** The rule's partials, inlined on the arguments (as doubles) and, if it takes it, the value. */
  private List<Integer> partials(
      TypeElement owner,
      ExecutableElement rule,
      List<AVal.Num> args,
      Integer value,
      MethodInvocationTree call) {
    List<AVal> in = new ArrayList<>();
    for (AVal.Num x : args) {
      in.add(new AVal.Num(x.id(), false, x.constant()));
    }
    if (value != null) {
      in.add(new AVal.Num(value, false, null));
    }
    AVal out = t.inliner.inline(owner, rule, in, call, true);
    List<Integer> ids = new ArrayList<>();
    if (out instanceof AVal.Num n) {
      ids.add(st.f64Id(n));
    } else if (out instanceof AVal.Arr arr) {
      AVal.Int length = arr.length();
      if (!length.isConstant() || length.constant() != args.size()) {
        throw ruleError(
            rule,
            "returns "
                + (length.isConstant() ? length.constant() + "" : "a runtime number of")
                + " partial derivatives for a function of "
                + args.size()
                + " parameters",
            call);
      }
      for (int i = 0; i < args.size(); i++) {
        ids.add(st.f64Id(st.load(arr, List.of(AVal.Int.of(i)), call)));
      }
    } else {
      throw ruleError(rule, "returns no partial derivatives", call);
    }
    return ids;
  }

  private TypeElement owner(ExpressionTree e) {
    if (e instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("class")) {
      TypeElement owner = t.resolver.type(ms.getExpression(), st.frame());
      if (owner != null) {
        return owner;
      }
    }
    throw st.error(Code.CUSTOM_FUNCTION, "the first argument must be a class literal", e);
  }

  private String name(ExpressionTree e) {
    if (e instanceof LiteralTree lit && lit.getValue() instanceof String s) {
      return s;
    }
    if (t.expr.value(e) instanceof AVal.Str s) {
      return s.value(); // a compile-time constant
    }
    throw st.error(Code.CUSTOM_FUNCTION, "the function's name must be a string constant", e);
  }

  /** The annotated function: static, {@code double} of {@code arity} doubles, callable. */
  private ExecutableElement function(
      TypeElement owner, String name, int arity, MethodInvocationTree call) {
    ExecutableElement found = null;
    for (ExecutableElement m : Resolver.methods(owner, name)) {
      if (doubles(m.getParameters()) == arity
          && m.getParameters().size() == arity
          && m.getReturnType().getKind() == TypeKind.DOUBLE
          && m.getModifiers().contains(Modifier.STATIC)) {
        found = m;
      }
    }
    String what = owner.getSimpleName() + "." + name;
    if (found == null) {
      throw st.error(
          Code.CUSTOM_FUNCTION,
          "no static double " + what + " of " + arity + " double parameters",
          call);
    }
    if (annotation(found) == null) {
      throw st.error(Code.CUSTOM_FUNCTION, what + " is not annotated @CustomGradient", call);
    }
    boolean samePackage = packageOf(owner).equals(packageOf(generatedOwner()));
    boolean visible = visible(found, samePackage);
    for (Element e = owner; visible && e instanceof TypeElement; e = e.getEnclosingElement()) {
      visible = visible(e, samePackage);
    }
    if (!visible) {
      throw st.error(
          Code.CUSTOM_FUNCTION,
          what + " is not accessible from the generated class: make it public",
          call);
    }
    return found;
  }

  /** Whether generated code in the traced method's package can name {@code e}. */
  private static boolean visible(Element e, boolean samePackage) {
    return e.getModifiers().contains(Modifier.PUBLIC)
        || samePackage && !e.getModifiers().contains(Modifier.PRIVATE);
  }

  /** The rule the function's annotation names: the form taking the value first, as the engine. */
  private ExecutableElement rule(
      TypeElement owner, ExecutableElement f, int arity, MethodInvocationTree call) {
    String name = ruleName(annotation(f));
    List<ExecutableElement> candidates = Resolver.methods(owner, name);
    for (int params : new int[] {arity + 1, arity}) {
      for (ExecutableElement m : candidates) {
        if (m.getParameters().size() == params
            && doubles(m.getParameters()) == params
            && m.getModifiers().contains(Modifier.STATIC)
            && returnsPartials(m, arity)) {
          return m;
        }
      }
    }
    String expected =
        (arity == 1 ? "static double " : "static double[] ")
            + name
            + "("
            + arity
            + " double"
            + (arity == 1 ? "" : "s")
            + ", optionally then the value)";
    if (candidates.isEmpty()) {
      throw at(
          f, "the rule " + name + " of " + f.getSimpleName() + " is missing: " + expected, call);
    }
    throw at(
        candidates.get(0),
        "the rule " + candidates.get(0) + " of " + f.getSimpleName() + " must be " + expected,
        call);
  }

  private static boolean returnsPartials(ExecutableElement m, int arity) {
    TypeMirror r = m.getReturnType();
    if (arity == 1) {
      return r.getKind() == TypeKind.DOUBLE;
    }
    return r instanceof ArrayType a && a.getComponentType().getKind() == TypeKind.DOUBLE;
  }

  private static int doubles(List<? extends VariableElement> params) {
    int n = 0;
    for (VariableElement p : params) {
      n += p.asType().getKind() == TypeKind.DOUBLE ? 1 : 0;
    }
    return n;
  }

  private static AnnotationMirror annotation(ExecutableElement m) {
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(ANNOTATION)) {
        return a;
      }
    }
    return null;
  }

  private static String ruleName(AnnotationMirror a) {
    for (var e : a.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("value")) {
        AnnotationValue v = e.getValue();
        return String.valueOf(v.getValue());
      }
    }
    return "";
  }

  /** The class the generated code is in the package of: the traced method's. */
  private TypeElement generatedOwner() {
    return st.frames.getLast().owner;
  }

  private PackageElement packageOf(TypeElement type) {
    return st.env.getElementUtils().getPackageOf(type);
  }

  private TraceException ruleError(ExecutableElement rule, String detail, Tree fallback) {
    return at(rule, "the rule " + rule.getSimpleName() + " " + detail, fallback);
  }

  /** A rule error reported at the declaration of {@code e}, or at the call without its source. */
  private TraceException at(ExecutableElement e, String detail, Tree fallback) {
    TreePath path = st.trees.getPath(e);
    if (path == null) {
      return st.error(Code.CUSTOM_RULE, detail, fallback);
    }
    return new TraceException(Code.CUSTOM_RULE, detail, path.getLeaf(), path.getCompilationUnit());
  }
}
