package dev.adjoint.processor.regress;

import org.junit.jupiter.api.Test;

/**
 * A helper called inside an arm of a runtime {@code if} or {@code ?:} could not return: even {@code
 * static Value h(Value b) { return b.mul(2); }} was rejected with ADJ018 "return inside a branch on
 * a runtime condition", a false compile error. The inliner gave the helper's frame the return level
 * 0 instead of the branch nesting at the call. Found by the differential fuzzer (113 of 900
 * programs once it called helpers in arms, e.g. seeds 5, 15, 18, 62).
 */
class HelperInBranchTest {

  /** A helper returning from its top level, called in an arm of a runtime if. */
  @Test
  void helperCalledInRuntimeIfArm() {
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -1, max = 1) Value x) {",
        "  Value y = x;",
        "  if (x.data() > 0) {",
        "    y = h(x);",
        "  }",
        "  return y;",
        "}",
        "static Value h(Value b) {",
        "  return b.mul(2);",
        "}");
  }

  /** The same in an arm of {@code ?:}, the usual way to write a leaky activation. */
  @Test
  void helperCalledInConditionalExpressionArm() {
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -1, max = 1) Value x) {",
        "  return x.data() > 0 ? x : leaky(x);",
        "}",
        "static Value leaky(Value v) {",
        "  return v.mul(0.01);",
        "}");
  }

  /** The same when the helper returns from an if on a compile-time condition. */
  @Test
  void helperReturningFromCompileTimeIfCalledInRuntimeArm() {
    Regressions.check(
        "@Differentiable public static Value f(@Domain(min = -1, max = 1) Value x) {",
        "  Value y = x;",
        "  if (x.data() > 0) {",
        "    y = h(x);",
        "  }",
        "  return y;",
        "}",
        "static Value h(Value b) {",
        "  if (2 > 1) {",
        "    return b.mul(2);",
        "  } else {",
        "    return b;",
        "  }",
        "}");
  }
}
