package dev.adjoint.examples.bench;

import dev.adjoint.Value;

/**
 * One interface over the generated kernels of every size, so that a benchmark takes the size as a
 * JMH {@code @Param}. Each fork runs one size and so loads one implementation: the interface call
 * is monomorphic and the JIT inlines it down to the generated method, as a direct call would be.
 */
final class SizedKernels {
  /** The sizes the issue asks for, as JMH {@code @Param} strings. */
  static final String[] SIZES = {"4", "16", "64", "256", "1024", "32768"};

  private SizedKernels() {}

  /** A generated vector function (softmax, log-softmax): the three entry points of its kernel. */
  interface Vector {
    /** The generated {@code forward}. */
    void forward(double[] logits, double[] out);

    /**
     * The generated {@code vjp}: value into {@code out}, vector-Jacobian product into {@code grad}.
     */
    void vjp(double[] logits, double[] seed, double[] out, double[] grad);

    /** The generated {@code tangent}: the Jacobian-vector product along {@code dLogits}. */
    void tangent(double[] logits, double[] dLogits, double[] dOut);
  }

  /** A generated cross-entropy kernel. */
  interface Scalar {
    /** The generated {@code forward}. */
    double forward(double[] logits, int target);

    /** The generated {@code gradient}: value returned, gradient into {@code grad}. */
    double gradient(double[] logits, int target, double[] grad);

    /** The generated {@code tangent}: the directional derivative along {@code dLogits}. */
    double tangent(double[] logits, int target, double[] dLogits);
  }

  /** The original {@code @Differentiable} cross-entropy, run on the {@link Value} engine. */
  interface EngineScalar {
    /** Calls {@code Sized.crossEntropy<n>}. */
    Value apply(Value[] logits, int target);
  }

  /** The generated {@code softmax} kernel of size {@code n}, with its workspace. */
  static Vector softmax(int n) {
    switch (n) {
      case 4:
        {
          SizedCompiled.Softmax4 k = new SizedCompiled.Softmax4();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 16:
        {
          SizedCompiled.Softmax16 k = new SizedCompiled.Softmax16();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 64:
        {
          SizedCompiled.Softmax64 k = new SizedCompiled.Softmax64();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 256:
        {
          SizedCompiled.Softmax256 k = new SizedCompiled.Softmax256();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 1024:
        {
          SizedCompiled.Softmax1024 k = new SizedCompiled.Softmax1024();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 32768:
        {
          SizedCompiled.Softmax32768 k = new SizedCompiled.Softmax32768();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      default:
        throw new IllegalArgumentException("no softmax kernel of size " + n);
    }
  }

  /** The generated {@code logSoftmax} kernel of size {@code n}, with its workspace. */
  static Vector logSoftmax(int n) {
    switch (n) {
      case 4:
        {
          SizedCompiled.LogSoftmax4 k = new SizedCompiled.LogSoftmax4();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 16:
        {
          SizedCompiled.LogSoftmax16 k = new SizedCompiled.LogSoftmax16();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 64:
        {
          SizedCompiled.LogSoftmax64 k = new SizedCompiled.LogSoftmax64();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 256:
        {
          SizedCompiled.LogSoftmax256 k = new SizedCompiled.LogSoftmax256();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 1024:
        {
          SizedCompiled.LogSoftmax1024 k = new SizedCompiled.LogSoftmax1024();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      case 32768:
        {
          SizedCompiled.LogSoftmax32768 k = new SizedCompiled.LogSoftmax32768();
          return new Vector() {
            @Override
            public void forward(double[] logits, double[] out) {
              k.forward(logits, out);
            }

            @Override
            public void vjp(double[] logits, double[] seed, double[] out, double[] grad) {
              k.vjp(logits, seed, out, grad);
            }

            @Override
            public void tangent(double[] logits, double[] dLogits, double[] dOut) {
              k.tangent(logits, dLogits, dOut);
            }
          };
        }
      default:
        throw new IllegalArgumentException("no logSoftmax kernel of size " + n);
    }
  }

  /** The generated {@code crossEntropy} kernel of size {@code n}, with its workspace. */
  static Scalar crossEntropy(int n) {
    switch (n) {
      case 4:
        {
          SizedCompiled.CrossEntropy4 k = new SizedCompiled.CrossEntropy4();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      case 16:
        {
          SizedCompiled.CrossEntropy16 k = new SizedCompiled.CrossEntropy16();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      case 64:
        {
          SizedCompiled.CrossEntropy64 k = new SizedCompiled.CrossEntropy64();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      case 256:
        {
          SizedCompiled.CrossEntropy256 k = new SizedCompiled.CrossEntropy256();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      case 1024:
        {
          SizedCompiled.CrossEntropy1024 k = new SizedCompiled.CrossEntropy1024();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      case 32768:
        {
          SizedCompiled.CrossEntropy32768 k = new SizedCompiled.CrossEntropy32768();
          return new Scalar() {
            @Override
            public double forward(double[] logits, int target) {
              return k.forward(logits, target);
            }

            @Override
            public double gradient(double[] logits, int target, double[] grad) {
              return k.gradient(logits, target, grad);
            }

            @Override
            public double tangent(double[] logits, int target, double[] dLogits) {
              return k.tangent(logits, target, dLogits);
            }
          };
        }
      default:
        throw new IllegalArgumentException("no crossEntropy kernel of size " + n);
    }
  }

  /** {@code Sized.softmax<n>}, the method the generated kernel was compiled from. */
  static EngineRuns.VectorFunction engineSoftmax(int n) {
    switch (n) {
      case 4:
        return Sized::softmax4;
      case 16:
        return Sized::softmax16;
      case 64:
        return Sized::softmax64;
      case 256:
        return Sized::softmax256;
      case 1024:
        return Sized::softmax1024;
      case 32768:
        return Sized::softmax32768;
      default:
        throw new IllegalArgumentException("no softmax of size " + n);
    }
  }

  /** {@code Sized.logSoftmax<n>}, the method the generated kernel was compiled from. */
  static EngineRuns.VectorFunction engineLogSoftmax(int n) {
    switch (n) {
      case 4:
        return Sized::logSoftmax4;
      case 16:
        return Sized::logSoftmax16;
      case 64:
        return Sized::logSoftmax64;
      case 256:
        return Sized::logSoftmax256;
      case 1024:
        return Sized::logSoftmax1024;
      case 32768:
        return Sized::logSoftmax32768;
      default:
        throw new IllegalArgumentException("no logSoftmax of size " + n);
    }
  }

  /** {@code Sized.crossEntropy<n>}, the method the generated kernel was compiled from. */
  static EngineScalar engineCrossEntropy(int n) {
    switch (n) {
      case 4:
        return Sized::crossEntropy4;
      case 16:
        return Sized::crossEntropy16;
      case 64:
        return Sized::crossEntropy64;
      case 256:
        return Sized::crossEntropy256;
      case 1024:
        return Sized::crossEntropy1024;
      case 32768:
        return Sized::crossEntropy32768;
      default:
        throw new IllegalArgumentException("no crossEntropy of size " + n);
    }
  }
}
