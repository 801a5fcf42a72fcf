package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UlpsTest {

  @Test
  void equalValuesAreZeroApart() {
    assertEquals(0, Ulps.distance(1.5, 1.5));
    assertEquals(0, Ulps.distance(0.0, -0.0));
    assertEquals(0, Ulps.distance(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertEquals(0, Ulps.distance(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertEquals(0, Ulps.distance(Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L)));
  }

  @Test
  void neighboursAreOneApart() {
    assertEquals(1, Ulps.distance(1.0, Math.nextUp(1.0)));
    assertEquals(1, Ulps.distance(Math.nextDown(1.0), 1.0));
    assertEquals(1, Ulps.distance(-1.0, Math.nextDown(-1.0)));
    assertEquals(1, Ulps.distance(Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE)));
    assertEquals(3, Ulps.distance(2.0, Math.nextUp(Math.nextUp(Math.nextUp(2.0)))));
  }

  @Test
  void distancesCountAcrossZero() {
    assertEquals(1, Ulps.distance(0.0, Double.MIN_VALUE));
    assertEquals(1, Ulps.distance(-0.0, Double.MIN_VALUE));
    assertEquals(2, Ulps.distance(-Double.MIN_VALUE, Double.MIN_VALUE));
    assertEquals(2 * 0x3ff0000000000000L, Ulps.distance(-1.0, 1.0));
  }

  @Test
  void distanceIsSymmetric() {
    assertEquals(Ulps.distance(0.1, 0.3), Ulps.distance(0.3, 0.1));
    assertEquals(Ulps.distance(-2.5, 7.0), Ulps.distance(7.0, -2.5));
  }

  @Test
  void nanAndInfinityAgainstAnythingElseAreHuge() {
    assertEquals(Long.MAX_VALUE, Ulps.distance(Double.NaN, 1.0));
    assertEquals(Long.MAX_VALUE, Ulps.distance(0.0, Double.NaN));
    assertEquals(Long.MAX_VALUE, Ulps.distance(Double.POSITIVE_INFINITY, Double.MAX_VALUE));
    assertEquals(Long.MAX_VALUE, Ulps.distance(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertEquals(Long.MAX_VALUE, Ulps.distance(Double.NaN, Double.POSITIVE_INFINITY));
  }

  @Test
  void overflowingDistancesSaturate() {
    assertEquals(Long.MAX_VALUE, Ulps.distance(-Double.MAX_VALUE, Double.MAX_VALUE));
  }
}
