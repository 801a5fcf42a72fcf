package dev.adjoint;

/**
 * Row-major conversions between flattened arrays and arrays of rank 1 to 3, with their shapes
 * checked: what the generated {@link CompiledFunction} adapters use to pass arguments of runtime
 * size to the generated code.
 */
public final class Flat {
  private Flat() {}

  /**
   * {@code data} as a vector of shape {@code shape} (the array itself).
   *
   * @throws IllegalArgumentException naming {@code name} if the shape is not {@code {data.length}}
   */
  public static double[] vector(double[] data, int[] shape, String name) {
    require(data, shape, 1, name);
    return data;
  }

  /** A new matrix of shape {@code shape} filled row by row from {@code data}. */
  public static double[][] matrix(double[] data, int[] shape, String name) {
    require(data, shape, 2, name);
    double[][] out = new double[shape[0]][shape[1]];
    for (int i = 0; i < shape[0]; i++) {
      System.arraycopy(data, i * shape[1], out[i], 0, shape[1]);
    }
    return out;
  }

  /** A new array of rank 3 and shape {@code shape} filled row-major from {@code data}. */
  public static double[][][] tensor(double[] data, int[] shape, String name) {
    require(data, shape, 3, name);
    double[][][] out = new double[shape[0]][shape[1]][shape[2]];
    int at = 0;
    for (double[][] plane : out) {
      for (double[] row : plane) {
        System.arraycopy(data, at, row, 0, shape[2]);
        at += shape[2];
      }
    }
    return out;
  }

  /** A vector (the array itself). */
  public static double[] of(double[] vector) {
    return vector;
  }

  /** The rows of a rectangular matrix, concatenated. */
  public static double[] of(double[][] matrix) {
    int cols = matrix.length == 0 ? 0 : matrix[0].length;
    double[] out = new double[Math.multiplyExact(matrix.length, cols)];
    for (int i = 0; i < matrix.length; i++) {
      if (matrix[i].length != cols) {
        throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " elements");
      }
      System.arraycopy(matrix[i], 0, out, i * cols, cols);
    }
    return out;
  }

  /** The elements of a rectangular array of rank 3, row-major. */
  public static double[] of(double[][][] tensor) {
    int rows = tensor.length == 0 ? 0 : tensor[0].length;
    int cols = rows == 0 ? 0 : tensor[0][0].length;
    double[] out = new double[Math.multiplyExact(Math.multiplyExact(tensor.length, rows), cols)];
    int at = 0;
    for (double[][] plane : tensor) {
      if (plane.length != rows) {
        throw new IllegalArgumentException("planes of different sizes");
      }
      for (double[] row : plane) {
        if (row.length != cols) {
          throw new IllegalArgumentException("rows of different sizes");
        }
        System.arraycopy(row, 0, out, at, cols);
        at += cols;
      }
    }
    return out;
  }

  /** The shape of a rectangular array: {@code {rows, cols}} (cols 0 when there are no rows). */
  public static int[] shape(double[][] matrix) {
    return new int[] {matrix.length, matrix.length == 0 ? 0 : matrix[0].length};
  }

  private static void require(double[] data, int[] shape, int rank, String name) {
    if (shape == null || shape.length != rank) {
      throw new IllegalArgumentException(
          name + " takes a shape of " + rank + " dimension" + (rank == 1 ? "" : "s"));
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + " has a negative dimension " + d);
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          name
              + " has "
              + data.length
              + " elements, but its shape "
              + java.util.Arrays.toString(shape)
              + " has "
              + n);
    }
  }
}
