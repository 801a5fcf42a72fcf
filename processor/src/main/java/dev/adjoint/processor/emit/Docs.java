package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.CompiledMethod;
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

  /** {@code doc} with every line longer than {@link #WIDTH} broken between words. */
  static CodeBlock wrap(CodeBlock doc) {
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

  /** {@link #wrap(CodeBlock)} of a formatted text. */
  static CodeBlock wrap(String format, Object... args) {
    return wrap(CodeBlock.of(format, args));
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
  static CodeBlock kernel(CompiledMethod m, long workspace, String reverseName, boolean jacobian) {
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
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Compiled from {@code $L}$L.\n\n", sourceSignature(s), location(s));
    doc.add(
        "<p>Inputs: $L. Output: $L.\n",
        inputs.isEmpty() ? "none" : String.join(", ", inputs),
        output);
    doc.add(
        "Graph: $L traced nodes; forward $L nodes, reverse $L, tangent $L.\n\n",
        m.tracedNodes(),
        m.forward().size(),
        m.reverse().size(),
        m.tangent().size());
    doc.add(
        "<p>{@link #forward} evaluates the method, {@link #$L} also its $L (reverse mode), ",
        reverseName,
        jacobian ? "vector-Jacobian product" : "gradient");
    doc.add(
        "{@link #tangent} its directional derivative (forward mode)$L.\n\n",
        jacobian ? " and {@link #jacobian} the full Jacobian" : "");
    if (workspace == 0) {
      doc.add("<p>Instances hold no workspace and the methods allocate nothing.\n");
    } else {
      doc.add(
          "<p>Create one instance and reuse it: the constructor allocates the workspace ($L"
              + " numbers) and the methods allocate nothing. Instances are not thread-safe: use one"
              + " per thread.\n",
          workspace);
    }
    return wrap(doc.build());
  }

  /** A method's Javadoc: a summary, one {@code @param} per parameter, and the return value. */
  static CodeBlock method(String summary, Signature sig, List<String> paramDocs, String returns) {
    CodeBlock.Builder doc = CodeBlock.builder().add("$L\n\n", summary);
    for (int i = 0; i < sig.params.size(); i++) {
      String text = i < paramDocs.size() ? paramDocs.get(i) : "an output array, overwritten";
      doc.add("@param $L $L\n", sig.params.get(i).name(), text);
    }
    if (returns != null) {
      doc.add("@return $L\n", returns);
    }
    return wrap(doc.build());
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
        text += ", shape " + JavaTypes.shape(p.shape());
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
