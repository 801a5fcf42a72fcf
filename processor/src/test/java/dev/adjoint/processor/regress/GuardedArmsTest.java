package dev.adjoint.processor.regress;

import org.junit.jupiter.api.Test;

/**
 * Reverse mode must not let an untaken arm of a runtime {@code ?:} or {@code if} poison gradients.
 * The generated code evaluates both arms, so in the untaken one a {@code pow(0.5)} of a negative
 * number is NaN and a {@code log} or division at zero infinite; its adjoint is zero, but {@code 0 *
 * NaN} and {@code 0 * inf} are NaN. The engine never builds the untaken arm and gives finite
 * gradients. Found by the differential fuzzer (72 of its first 300 programs, e.g. seeds 6, 38, 54
 * of the first generator version); fixed in reverse mode by masking the contributions of values
 * that reach a result only through an arm with that arm's condition ({@code ad/Guards}, which also
 * follows uses from inside loops, as after loop-invariant code motion, and {@code ad/ArmGuards}).
 */
class GuardedArmsTest {

  @Test
  void fractionalPowerGuardedByTernary() {
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -2, max = 2) Value x) {",
        "  return x.data() > 0.25 ? x.pow(-0.5) : x.tanh();",
        "}");
  }

  @Test
  void logAndDivisionGuardedByIfStatement() {
    Regressions.check(
        "@Differentiable public static Value f(@Shape(3) @Domain(min = -2, max = 2) Value[] x) {",
        "  Value acc = Value.of(0);",
        "  for (Value v : x) {",
        "    Value term;",
        "    if (v.data() > 0.1) {",
        "      term = v.log().add(Value.of(1).div(v));",
        "    } else {",
        "      term = v.mul(v);",
        "    }",
        "    acc = acc.add(term);",
        "  }",
        "  return acc;",
        "}");
  }

  @Test
  void nestedGuards() {
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -2, max = 2) Value x,",
        "    @Domain(min = -2, max = 2) Value y) {",
        "  Value inner = y.data() > 0.5 ? x.pow(0.5).mul(y.log()) : y;",
        "  return x.data() > 0.2 ? inner.mul(2) : x.sub(y);",
        "}");
  }

  @Test
  void zeroFromReluGuarded() {
    // relu makes exact zeros, where log and pow(-0.5) are infinite.
    Regressions.check(
        "@Differentiable public static Value f(@Shape(4) @Domain(min = -1, max = 1) Value[] x) {",
        "  Value acc = Value.of(1.0);",
        "  for (int i = 0; i < x.length; i++) {",
        "    Value r = x[i].relu();",
        "    acc = acc.mul(r.data() > 0.1 ? r.log().add(r.pow(-0.5)) : x[i].exp());",
        "  }",
        "  return acc;",
        "}");
  }

  @Test
  void armSharedBySelectsWithDifferentConditions() {
    // Common-subexpression elimination makes one x.pow(-0.5) for both arms: it is needed when
    // either condition holds, and must contribute nothing when neither does. Fuzzer seed 109402.
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -2, max = 2) Value x) {",
        "  Value a = x.mul(x).add(x.data() > 0.5 ? x.pow(-0.5) : x);",
        "  Value b = x.data() > 0.1 ? x.pow(-0.5) : x;",
        "  return Value.sum(x, a, b);",
        "}");
  }

  @Test
  void guardedValueReachedThroughManyUnrolledPaths() {
    // The unrolled loop reaches x.pow(-0.5) through three selects, each feeding both arms of the
    // helper's early return: six ways, more than Guards keeps apart. They must simplify to "the
    // first condition holds" rather than to no guard at all. Fuzzer seed 114085.
    Regressions.check(
        "@Differentiable public static Value f(@Shape({3, 3}) @Domain(min = -2.5, max = 2.5)"
            + " Value[][] w) {",
        "  Value acc = Value.of(0);",
        "  for (Value[] row : w) {",
        "    Value v = h((w[1][1].data() > 0.25 ? w[1][1].pow(-0.5) : acc).mul(-1.7),",
        "        acc.add(row[0]).tanh());",
        "    acc = acc.mul(acc.sub(v).mul(0.8)).tanh();",
        "  }",
        "  return acc;",
        "}",
        "static Value h(Value a, Value b) {",
        "  if (!(a.tanh().exp().data() < 0.84 && a.tanh().data() > -0.05)) {",
        "    return a.tanh().tanh().add(0.3);",
        "  }",
        "  a = a.div(a.tanh().exp()).mul(0.654);",
        "  return Value.sum(b.add(a).mul(0.615), a.tanh().add(2.56).log(), b).mul(0.529);",
        "}");
  }

  @Test
  void guardInvariantInLoop() {
    // x.pow(0.5) does not change in the loop, so loop-invariant code motion may hoist it out.
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -2, max = 2) Value x,",
        "    @Shape(3) @Domain(min = -2, max = 2) Value[] w) {",
        "  Value acc = Value.of(0);",
        "  for (int i = 0; i < w.length; i++) {",
        "    acc = acc.add(x.data() > 0.3 ? x.pow(0.5).mul(w[i]) : w[i].mul(x));",
        "  }",
        "  return acc;",
        "}");
  }

  @Test
  void loopReachedOnlyThroughUntakenArm() {
    // a overflows to Infinity, so the reversed loop's local derivative 1 + 2a is infinite: its
    // contributions must be masked like the arm's, or 0 * Infinity makes x's gradient NaN where
    // the engine, which never reaches the loop, gives 0. Found reducing fuzzer seed 60276.
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = 0.5, max = 1) Value x,",
        "    @Domain(min = -1, max = 1) Value c) {",
        "  Value a = x;",
        "  for (int j = 0; j < 64; j++) {",
        "    a = a.add(a.pow(2.0));",
        "  }",
        "  return c.data() > 0 ? a : c;",
        "}");
  }

  @Test
  void nestedLoopsReachedOnlyThroughUntakenArm() {
    Regressions.check(
        "@Differentiable public static Value f(@Shape(3) @Domain(min = 0.5, max = 1) Value[] x,",
        "    @Domain(min = -1, max = 1) Value c) {",
        "  Value s = Value.of(0);",
        "  for (int i = 0; i < 20; i++) {",
        "    Value a = x[i % 3];",
        "    for (int j = 0; j < 64; j++) {",
        "      a = a.add(a.pow(2.0));",
        "    }",
        "    s = s.add(a.mul(c));",
        "  }",
        "  Value t = c.mul(c);",
        "  return c.data() > 0 ? s : t;",
        "}");
  }
}
