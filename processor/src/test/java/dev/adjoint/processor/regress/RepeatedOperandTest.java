package dev.adjoint.processor.regress;

import org.junit.jupiter.api.Test;

/**
 * Reverse mode must not lose a gradient to cancellation inside one node that reads the same value
 * twice. Here {@code b = v - v} is zero, yet its adjoint grows like {@code 1.6^255} through the
 * loop; the node passed {@code g} and {@code -g} back to {@code v} as separate terms, and {@code
 * (acc + g) - g} with {@code g ~ 1e52} rounded {@code v}'s true gradient ({@code acc ~ 0.016},
 * which the engine and finite differences agree on) to exactly 0. Fixed by giving a repeated
 * operand one term with the partials summed ({@code 1 + -1 = 0} for {@code x - x}, {@code 2g} for
 * {@code x + x}). Found by the differential fuzzer, seed 117761.
 */
class RepeatedOperandTest {

  @Test
  void differenceOfAValueWithItselfPassesBackExactZero() {
    Regressions.check(
        "@Differentiable public static Value[] f(@Domain(min = -1.5, max = 0.5) Value x,",
        "    @Shape(3) @Domain(min = -2.5, max = 2.5) Value[] z) {",
        "  Value v = z[0].tanh();",
        "  Value a = Value.of(0);",
        "  Value b = v.sub(v);",
        "  for (int i = 0; i < 255; i++) {",
        "    a = a.add(a.mul(x).tanh().add(v)).tanh();",
        "    b = b.mul(a.add(a)).tanh().exp().log();",
        "  }",
        "  Value[] out = new Value[3];",
        "  for (int k = 0; k < 3; k++) {",
        "    out[k] = a.add(b.mul(z[k]).tanh().mul(0.799)).tanh();",
        "  }",
        "  return out;",
        "}");
  }

  @Test
  void shortLoop() {
    // The same with an adjoint of only ~1.6^20: the cancellation used to cost 2.7e-10 relative.
    Regressions.check(
        "@Differentiable public static Value f(@Shape(2) @Domain(min = -2.5, max = 2.5) Value[] z) {",
        "  Value v = z[0].tanh();",
        "  Value a = Value.of(0);",
        "  Value b = v.sub(v);",
        "  for (int i = 0; i < 20; i++) {",
        "    a = a.add(v).tanh();",
        "    b = b.mul(a.add(a)).tanh();",
        "  }",
        "  return a.add(b.mul(z[1]));",
        "}");
  }
}
