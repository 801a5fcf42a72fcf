package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Helpers for IR tests: random arguments, and bit-exact comparison of two programs' results. */
public final class IrTesting {
  private IrTesting() {}

  /** Doubles that break careless rewrites: NaN, signed zeros, infinities, large and unit values. */
  public static final double[] SPECIAL = {
    Double.NaN,
    0.0,
    -0.0,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1000.0,
    -1000.0,
    1.0,
    -1.0,
    0.5,
    Double.MIN_VALUE,
    -Double.MAX_VALUE
  };

  /** A random double: a special value half of the time, otherwise an ordinary number. */
  public static double randomDouble(Random r) {
    if (r.nextBoolean()) {
      return SPECIAL[r.nextInt(SPECIAL.length)];
    }
    return r.nextGaussian() * 3;
  }

  /**
   * Random arguments for every parameter of {@code f}, as {@link Interpreter#run} takes them: an
   * array of runtime extents gets a random length (0 to 5) per such dimension, as a {@link
   * Interpreter.Shaped} if a dimension other than the first is one.
   */
  public static List<Object> randomArguments(Function f, Random r) {
    List<Object> args = new ArrayList<>();
    for (Function.Parameter p : f.params()) {
      if (p.isArray() && f.array(p.id()).isStatic()) {
        double[] a = new double[f.array(p.id()).size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = value(p.type(), r);
        }
        args.add(a);
      } else if (p.isArray()) {
        args.add(shaped(p, r));
      } else {
        args.add(value(p.type(), r));
      }
    }
    return args;
  }

  private static Object shaped(Function.Parameter p, Random r) {
    int[] dims = new int[p.extents().size()];
    int n = 1;
    boolean inner = false;
    for (int axis = 0; axis < dims.length; axis++) {
      Extent e = p.extents().get(axis);
      // Now and then empty, so that loops over it run no iteration.
      dims[axis] =
          e instanceof Extent.Fixed fx ? fx.size() : r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(5);
      inner |= axis > 0 && !e.isFixed();
      n *= dims[axis];
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = value(p.type(), r);
    }
    return inner ? new Interpreter.Shaped(a, dims) : a;
  }

  private static double value(ScalarType t, Random r) {
    return switch (t) {
      case F64 -> randomDouble(r);
      case I32 -> r.nextInt(9) - 3;
      case BOOL -> r.nextBoolean() ? 1 : 0;
      case VOID -> throw new IllegalArgumentException("void parameter");
    };
  }

  /**
   * Runs both programs on {@code trials} random argument lists and fails unless every result
   * element has the same raw bits (so {@code -0.0 != 0.0} and NaN payloads count).
   */
  public static void assertSameResults(Function expected, Function actual, int trials, long seed) {
    Random r = new Random(seed);
    for (int t = 0; t < trials; t++) {
      List<Object> args = randomArguments(expected, r);
      assertSameResults(expected, actual, args);
    }
  }

  /**
   * Checks that {@code actual} is a well-formed rewrite of {@code expected}: it passes the {@link
   * Verifier} and computes bit-identical results on 64 random argument lists.
   */
  public static void assertEquivalent(Function expected, Function actual) {
    Verifier.verify(actual);
    assertSameResults(expected, actual, 64, 42);
  }

  /** The class an error counts as: index errors are one class, whoever detected them. */
  private static Class<?> errorClass(RuntimeException e) {
    if (e == null) {
      return null;
    }
    return e instanceof IndexOutOfBoundsException ? IndexOutOfBoundsException.class : e.getClass();
  }

  /**
   * Fails unless both programs give bit-identical results on {@code args}, or both throw an
   * exception of the same class (a failed check, an index check, a division by zero, ...); an index
   * check and the out-of-range access it guards count as one ({@link IndexOutOfBoundsException} and
   * its {@link ArrayIndexOutOfBoundsException}), since a pass may leave the check to the access. An
   * {@link IllegalStateException} is the interpreter finding a malformed program: it fails.
   */
  public static void assertSameResults(Function expected, Function actual, List<Object> args) {
    List<double[]> want;
    RuntimeException wantError = null;
    try {
      want = Interpreter.run(expected, args);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      want = null;
      wantError = e;
    }
    List<double[]> got;
    RuntimeException gotError = null;
    try {
      got = Interpreter.run(actual, args);
    } catch (IllegalStateException e) {
      throw new AssertionError("rewritten program fails:\n" + Printer.print(actual), e);
    } catch (RuntimeException e) {
      got = null;
      gotError = e;
    }
    if (wantError != null || gotError != null) {
      Class<?> w = errorClass(wantError);
      Class<?> g = errorClass(gotError);
      if (w != g) {
        fail(
            "on "
                + describe(args)
                + " the original "
                + (w == null ? "returns" : "throws " + wantError)
                + " but the rewritten "
                + (g == null ? "returns" : "throws " + gotError)
                + "\n--- original\n"
                + Printer.print(expected)
                + "--- rewritten\n"
                + Printer.print(actual));
      }
      return;
    }
    if (want.size() != got.size()) {
      fail("result counts differ: " + want.size() + " vs " + got.size());
    }
    for (int i = 0; i < want.size(); i++) {
      if (!Arrays.equals(raw(want.get(i)), raw(got.get(i)))) {
        fail(
            "result "
                + i
                + " differs on "
                + describe(args)
                + ": expected "
                + show(want.get(i))
                + " but got "
                + show(got.get(i))
                + "\n--- original\n"
                + Printer.print(expected)
                + "--- rewritten\n"
                + Printer.print(actual));
      }
    }
  }

  /** The values, with the raw bits of NaNs and zeros, whose sign or payload may be the issue. */
  private static String show(double[] a) {
    List<String> out = new ArrayList<>();
    for (double d : a) {
      out.add(
          Double.isNaN(d) || d == 0
              ? d + "(0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")"
              : Double.toString(d));
    }
    return out.toString();
  }

  private static long[] raw(double[] a) {
    long[] bits = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      bits[i] = Double.doubleToRawLongBits(a[i]);
    }
    return bits;
  }

  private static String describe(List<Object> args) {
    List<String> out = new ArrayList<>();
    for (Object a : args) {
      out.add(
          a instanceof double[] d
              ? Arrays.toString(d)
              : a instanceof Interpreter.Shaped sh
                  ? Arrays.toString(sh.data()) + Arrays.toString(sh.dims())
                  : String.valueOf(a));
    }
    return out.toString();
  }

  /** Number of nodes of {@code f} that are instances of {@code kind}, loop bodies included. */
  public static long count(Function f, Class<? extends Node> kind) {
    return f.allNodes().stream().filter(kind::isInstance).count();
  }

  /** Number of applications of {@code op} in {@code f}, loop bodies included. */
  public static long count(Function f, Op op) {
    return f.allNodes().stream().filter(n -> n instanceof Node.Apply a && a.op() == op).count();
  }
}
