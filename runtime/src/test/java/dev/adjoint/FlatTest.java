package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FlatTest {

  @Test
  void unflattensRowMajorAndBack() {
    double[] data = {1, 2, 3, 4, 5, 6};
    double[][] m = Flat.matrix(data, new int[] {2, 3}, "w");
    assertArrayEquals(new double[] {4, 5, 6}, m[1]);
    assertArrayEquals(data, Flat.of(m));
    double[][][] t = Flat.tensor(data, new int[] {3, 1, 2}, "t");
    assertEquals(6, t[2][0][1]);
    assertArrayEquals(data, Flat.of(t));
    assertEquals(0, Flat.matrix(new double[0], new int[] {0, 5}, "w").length);
    assertArrayEquals(new int[] {2, 3}, Flat.shape(m));
  }

  @Test
  void shapesThatDoNotFitAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Flat.matrix(new double[5], new int[] {2, 3}, "w"));
    assertEquals("w has 5 elements, but its shape [2, 3] has 6", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Flat.vector(new double[2], new int[] {2, 1}, "x"));
    assertThrows(IllegalArgumentException.class, () -> Flat.of(new double[][] {{1, 2}, {3}}));
  }
}
