package dev.adjoint.processor;

import dev.adjoint.processor.ir.CompiledMethod;
import dev.adjoint.processor.ir.DotWriter;
import java.io.IOException;
import java.io.Writer;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes each compiled method's programs as Graphviz DOT resources next to its generated class:
 * {@code pkg/LossesCompiled.crossEntropy.dot} (the forward program the generated code runs) and
 * {@code pkg/LossesCompiled.crossEntropy.reverse.dot} (the gradient's), which {@code
 * dev.adjoint.check.Main --dot} finds through the class loader. Resources rather than text in the
 * generated class: a graph can exceed a class file's 64 KB string constants, and the generated
 * sources stay as they were.
 */
final class Graphs {
  private Graphs() {}

  /** The resource name of a method's graph, relative to the generated class's package. */
  static String resource(String generatedSimpleName, String method, boolean reverse) {
    return generatedSimpleName + "." + method + (reverse ? ".reverse" : "") + ".dot";
  }

  /** Writes both graphs of {@code m}, with {@code originating} as their origins. */
  static void write(
      Filer filer, String pkg, String generatedSimpleName, CompiledMethod m, Element[] originating)
      throws IOException {
    String method = m.source().methodName();
    String owner = m.source().declaringClass();
    String simple = owner.substring(owner.lastIndexOf('.') + 1);
    write(
        filer,
        pkg,
        resource(generatedSimpleName, method, false),
        DotWriter.write(m.forward(), simple + "." + method + ": the forward program"),
        originating);
    write(
        filer,
        pkg,
        resource(generatedSimpleName, method, true),
        DotWriter.write(
            m.reverse(), simple + "." + method + ": value and gradient (reverse sweep)"),
        originating);
  }

  private static void write(
      Filer filer, String pkg, String name, String text, Element[] originating) throws IOException {
    FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, pkg, name, originating);
    try (Writer w = f.openWriter()) {
      w.write(text);
    }
  }
}
