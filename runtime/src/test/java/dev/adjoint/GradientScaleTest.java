package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientScaleTest {

  @Test
  void magnitudesAreGradientsOfAbsoluteLocalDerivatives() {
    Value x = Value.of(2);
    Value y = Value.of(-3);
    Value unused = Value.of(7);
    // d/dx = y - 1 = -4 (terms -3 and -1); d/dy = x = 2.
    Value f = x.mul(y).sub(x);
    GradientScale.Bound[] b = GradientScale.of(f, List.of(x, y, unused));
    assertEquals(4.0, b[0].magnitude());
    assertEquals(2.0, b[1].magnitude());
    assertEquals(new GradientScale.Bound(0, 0), b[2]);
    // x: through mul (2 roundings: sub, mul), summed with the direct path (+1).
    assertEquals(3, b[0].depth());
    assertEquals(2, b[1].depth());
  }

  @Test
  void cancellationLeavesTheMagnitude() {
    Value x = Value.of(1.5);
    Value f = x.sub(x);
    f.backward();
    assertEquals(0.0, x.grad());
    assertEquals(2.0, GradientScale.of(f, List.of(x))[0].magnitude());
  }

  @Test
  void gradientsAreLeftAlone() {
    Value x = Value.of(0.5);
    Value f = x.exp().mul(x);
    f.backward();
    double g = x.grad();
    GradientScale.of(f, List.of(x));
    assertEquals(g, x.grad());
  }
}
