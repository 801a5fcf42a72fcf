package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.Map;
import java.util.Set;

/**
 * A traced method: its signature, its IR, and the source site of each traced node (so that a later
 * phase's failure on a node can be reported where that node came from).
 *
 * @param source the method in source terms
 * @param function the traced (unoptimized) program: the method's parameters, its result named
 *     "result" (an OUTPUT array for array results)
 * @param method the method's tree
 * @param unit the method's compilation unit
 * @param sites the site of every node the tracer created, by node id
 * @param units the files whose code the trace ran: the method's and those of the helpers it inlined
 *     (what the generated code depends on besides the method's own file)
 * @param unemittable why the program, though traced, cannot be emitted as a method (a result whose
 *     length depends on the data), reported at its construct; null if it can
 */
public record TracedMethod(
    SourceMethod source,
    Function function,
    MethodTree method,
    CompilationUnitTree unit,
    Map<Integer, Site> sites,
    Set<CompilationUnitTree> units,
    TraceException unemittable) {

  public TracedMethod {
    sites = Map.copyOf(sites);
    units = Set.copyOf(units);
  }

  /** Where node {@code id} came from; the method itself for ids the tracer did not create. */
  public Site siteOf(int id) {
    Site s = sites.get(id);
    return s != null ? s : new Site(method, unit);
  }
}
