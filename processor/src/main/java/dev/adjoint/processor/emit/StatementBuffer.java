package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;

/**
 * A method body being built for JavaPoet that hands each run of one-line statements and comments
 * over as one piece. JavaPoet splits every piece it writes into lines with a regular expression,
 * twice per file (a first pass collects the imports), which made a piece per statement a large
 * share of the processor's time. The text written is the same as piece by piece: a piece's lines
 * are indented like separate statements, and one-line statements have no break points to wrap at.
 */
final class StatementBuffer {
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final StringBuilder pending = new StringBuilder();

  /** Adds {@code line;}: a statement that JavaPoet would not break. */
  void statement(String line) {
    pending.append(line).append(";\n");
  }

  /** Adds a whole line of text, such as a comment. */
  void line(String text) {
    pending.append(text).append('\n');
  }

  /** {@link CodeBlock.Builder#addStatement(String, Object...)}. */
  void addStatement(String format, Object... args) {
    flush();
    code.addStatement(format, args);
  }

  /** {@link CodeBlock.Builder#beginControlFlow(String, Object...)}. */
  void beginControlFlow(String controlFlow, Object... args) {
    flush();
    code.beginControlFlow(controlFlow, args);
  }

  /** {@link CodeBlock.Builder#nextControlFlow(String, Object...)}. */
  void nextControlFlow(String controlFlow, Object... args) {
    flush();
    code.nextControlFlow(controlFlow, args);
  }

  /** {@link CodeBlock.Builder#endControlFlow()}. */
  void endControlFlow() {
    flush();
    code.endControlFlow();
  }

  CodeBlock build() {
    flush();
    return code.build();
  }

  private void flush() {
    if (pending.length() > 0) {
      code.add("$L", pending.toString());
      pending.setLength(0);
    }
  }
}
