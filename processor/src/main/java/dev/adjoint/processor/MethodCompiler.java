package dev.adjoint.processor;

import dev.adjoint.processor.ad.ForwardOverReverse;
import dev.adjoint.processor.ad.ReverseMode;
import dev.adjoint.processor.ad.TangentMode;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceMethod;
import dev.adjoint.processor.opt.ArrayForwarding;
import dev.adjoint.processor.opt.Optimizer;
import dev.adjoint.processor.opt.ResultForwarding;

/**
 * The middle of the pipeline: optimizes a traced program, differentiates it in both modes and
 * optimizes the results. Pure IR to IR, so it runs the same inside javac and in unit tests.
 */
public final class MethodCompiler {
  private MethodCompiler() {}

  /**
   * Compiles one traced method into its forward, reverse, tangent and Hessian-vector product
   * programs.
   */
  public static CompiledMethod compile(SourceMethod source, Function traced) {
    // Forwarding cheap local arrays before differentiating also spares reverse mode their
    // adjoint arrays.
    // Forwarding runs before unrolling, while each such array still has its one store in a loop.
    Function clean = Optimizer.run(traced, 0);
    Function forwarded = ArrayForwarding.run(ResultForwarding.run(clean));
    Function forward = forwarded == clean ? Optimizer.runCleaned(clean) : Optimizer.run(forwarded);
    Function reverse = Optimizer.runAdjoint(ReverseMode.differentiate(forward));
    Function tangent = Optimizer.run(TangentMode.differentiate(forward));
    // Forward over reverse: the reverse program before forEmission, whose rewrites assume the
    // program is not differentiated again.
    Function hvp = Optimizer.runAdjoint(ForwardOverReverse.differentiate(reverse));
    return new CompiledMethod(
        source,
        Optimizer.forEmission(forward),
        Optimizer.forEmission(reverse),
        Optimizer.forEmission(tangent),
        Optimizer.forEmission(hvp),
        traced.size());
  }
}
