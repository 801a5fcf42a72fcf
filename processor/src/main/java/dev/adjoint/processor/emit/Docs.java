package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the generated Javadoc: where each kernel comes from, the shapes of its inputs and outputs,
 * the size of its programs, and how to use it; every parameter of every public method documented.
 */
final class Docs {
  private Docs() {}

  /** Javadoc text is wrapped to this many columns, leaving room for indentation and " * ". */
  private static final int WIDTH = 88;

  /**
   * {@code doc} with every line longer than {@link #WIDTH} broken between words. Javadoc is plain
   * text (it names types in {@code {@link}} tags, not as JavaPoet {@code $T}s), so it is built as a
   * string: formatting a {@code CodeBlock} to text would run JavaPoet's whole writer over it.
   */
  static CodeBlock wrap(CharSequence doc) {
    StringBuilder out = new StringBuilder();
    for (String line : doc.toString().split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      int column = 0;
      String continuation = line.startsWith("@") ? "    " : "";
      for (String word : line.split(" ", -1)) {
        if (column > 0 && column + 1 + word.length() > WIDTH) {
          out.append('\n').append(continuation);
          column = continuation.length();
        } else if (column > 0) {
          out.append(' ');
          column++;
        }
        out.append(word);
        column += word.length();
      }
    }
    return CodeBlock.of("$L", out);
  }

  /** {@code demo.Losses.crossEntropy(Value[] logits, int target)}. */
  static String sourceSignature(SourceMethod s) {
    List<String> params = new ArrayList<>();
    for (SourceMethod.Param p : s.params()) {
      params.add(JavaTypes.sourceName(p.kind()) + " " + p.name());
    }
    return s.declaringClass() + "." + s.methodName() + "(" + String.join(", ", params) + ")";
  }

  /** {@code (Losses.java:12)}, or empty without a file. */
  static String location(SourceMethod s) {
    if (s.sourceFile() == null || s.sourceFile().isEmpty()) {
      return "";
    }
    return " (" + s.sourceFile() + (s.line() > 0 ? ":" + s.line() : "") + ")";
  }

  /** The kernel class's header. */
  static CodeBlock kernel(CompiledMethod m, Workspace ws, String reverseName, boolean jacobian) {
    long workspace = ws.elements();
    SourceMethod s = m.source();
    List<String> inputs = new ArrayList<>();
    for (SourceMethod.Param p : s.params()) {
      String shape = JavaTypes.shape(p.shape());
      String what =
          p.kind().differentiable()
              ? (p.shape().isEmpty() ? "active scalar" : "active")
              : JavaTypes.sourceName(p.kind());
      inputs.add("{@code " + p.name() + shape + "} (" + what + ")");
    }
    String output =
        s.returnShape().isEmpty()
            ? "scalar"
            : "{@code "
                + JavaTypes.sourceName(s.returnKind())
                + "} of shape "
                + JavaTypes.shape(s.returnShape());
    StringBuilder doc = new StringBuilder();
    doc.append("Compiled from {@code ").append(sourceSignature(s)).append('}');
    doc.append(location(s)).append(".\n\n");
    doc.append("<p>Inputs: ").append(inputs.isEmpty() ? "none" : String.join(", ", inputs));
    doc.append(". Output: ").append(output).append(".\n");
    doc.append("Graph: ").append(m.tracedNodes()).append(" traced nodes; forward ");
    doc.append(m.forward().size()).append(" nodes, reverse ").append(m.reverse().size());
    doc.append(", tangent ").append(m.tangent().size());
    if (m.hvp() != null) {
      doc.append(", Hessian-vector product ").append(m.hvp().size());
    }
    doc.append(".\n\n");
    doc.append("<p>{@link #forward} evaluates the method, {@link #").append(reverseName);
    doc.append("} also its ").append(jacobian ? "vector-Jacobian product" : "gradient");
    doc.append(" (reverse mode), {@link #tangent} its directional derivative (forward mode)");
    if (m.hvp() != null) {
      doc.append(jacobian ? ", {@link #jacobian} the full Jacobian" : "");
      doc.append(", {@link #hvp} its Hessian-vector product (forward mode over reverse mode)");
      doc.append(ws.dynamic() ? "" : " and {@link #hessian} the full Hessian").append(".\n\n");
    } else {
      doc.append(jacobian ? " and {@link #jacobian} the full Jacobian" : "").append(".\n\n");
    }
    if (ws.dynamic()) {
      doc.append("<p>Sizes are those of the arguments, which may differ from call to call; each");
      doc.append(" method checks them on entry and throws {@link IllegalArgumentException} before");
      doc.append(
          " writing anything if they do not fit together. Create one instance and reuse it:");
      doc.append(
          " workspaces of runtime size are allocated on first use and regrown when a larger");
      doc.append(
          " call arrives (never shrunk), so steady-state calls with repeating sizes allocate");
      doc.append(" 0 bytes. The methods never write into their input arrays. Instances are not");
      doc.append(" thread-safe: use one per thread.\n");
    } else if (workspace == 0) {
      doc.append("<p>Instances hold no workspace and the methods allocate nothing.\n");
    } else {
      doc.append("<p>Create one instance and reuse it: the constructor allocates the workspace (");
      doc.append(workspace).append(" numbers) and the methods allocate nothing. Instances are not");
      doc.append(" thread-safe: use one per thread.\n");
    }
    return wrap(doc);
  }

  /** A method's Javadoc: a summary, one {@code @param} per parameter, and the return value. */
  static CodeBlock method(String summary, Signature sig, List<String> paramDocs, String returns) {
    StringBuilder doc = new StringBuilder(summary).append("\n\n");
    for (int i = 0; i < sig.params.size(); i++) {
      String text = i < paramDocs.size() ? paramDocs.get(i) : "an output array, overwritten";
      doc.append("@param ").append(sig.params.get(i).name()).append(' ').append(text).append('\n');
    }
    if (returns != null) {
      doc.append("@return ").append(returns).append('\n');
    }
    return wrap(doc);
  }

  /**
   * The shape of parameter or output {@code p} of {@code f}: {@code [27][5]}, a runtime size as the
   * arguments give it ({@code [logits.length]}), or {@code [*]} (any size) for a parameter's own.
   */
  static String shape(Function f, Signature sig, Signature.Param p) {
    if (p.fixed()) {
      return JavaTypes.shape(p.shape());
    }
    SizeExpr.Env text = SizeExpr.text(KernelWriter.names(f, sig));
    StringBuilder sb = new StringBuilder();
    for (Extent e : p.extents()) {
      SizeExpr s = SizeExpr.of(f, e);
      boolean own =
          s instanceof SizeExpr.Length len && f.params().get(len.param()).id() == p.irId();
      sb.append('[').append(s == null || own ? "*" : s.print(text).plain()).append(']');
    }
    return sb.toString();
  }

  /** Describes the primal arguments, in order. */
  static List<String> primal(CompiledMethod m) {
    List<String> out = new ArrayList<>();
    var params = m.forward().params();
    for (int i = 0; i < params.size(); i++) {
      var p = params.get(i);
      String name = i < m.source().params().size() ? m.source().params().get(i).name() : p.name();
      String text = "the argument {@code " + name + "}";
      if (p.isArray()) {
        text += ", shape " + JavaTypes.shape(Signature.shape(p.extents()));
      }
      out.add(text + (p.active() ? "" : " (not differentiated)"));
    }
    return out;
  }

  /** The source name of the {@code k}-th active parameter. */
  static String activeName(CompiledMethod m, int k) {
    var params = m.forward().params();
    int seen = 0;
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).active() && seen++ == k) {
        return i < m.source().params().size()
            ? m.source().params().get(i).name()
            : params.get(i).name();
      }
    }
    return "input " + k;
  }
}
