package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/** Indented Java source lines under construction. */
final class Lines {
  private final List<String> lines = new ArrayList<>();
  private int indent;

  Lines(int indent) {
    this.indent = indent;
  }

  void add(String line) {
    lines.add("  ".repeat(indent) + line);
  }

  /** Adds {@code header + " {"} and indents. */
  void open(String header) {
    add(header + " {");
    indent++;
  }

  /** Closes a block. */
  void close() {
    indent--;
    add("}");
  }

  /** Closes a block and opens the next one: {@code "} else {"}. */
  void reopen(String header) {
    indent--;
    add("} " + header + " {");
    indent++;
  }

  List<String> lines() {
    return lines;
  }
}
