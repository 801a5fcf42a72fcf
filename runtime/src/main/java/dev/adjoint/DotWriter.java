package dev.adjoint;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Value} graph as Graphviz DOT; the implementation of {@link Value#toDot()}. */
final class DotWriter {

  private DotWriter() {}

  /**
   * Writes the graph of {@code topo}, a topological order with children first, naming each value
   * after its position so that the output depends only on the graph, never on identity hashes.
   */
  static String write(List<Value> topo) {
    Map<Value, String> names = new IdentityHashMap<>();
    StringBuilder out = new StringBuilder();
    out.append("digraph {\n  rankdir=LR;\n");
    for (Value v : topo) {
      String name = "v" + names.size();
      names.put(v, name);
      out.append("  ")
          .append(name)
          .append(" [shape=record, label=\"{ data ")
          .append(format(v.data))
          .append(" | grad ")
          .append(format(v.grad))
          .append(" }\"];\n");
      if (v.children.length == 0) {
        continue;
      }
      String opName = name + "_op";
      out.append("  ").append(opName).append(" [label=\"").append(v.op).append("\"];\n");
      // Children were emitted earlier (topological order), so their names are known. One edge per
      // argument, so a.add(a) shows two edges like the two local derivatives it has.
      for (Value child : v.children) {
        out.append("  ").append(names.get(child)).append(" -> ").append(opName).append(";\n");
      }
      out.append("  ").append(opName).append(" -> ").append(name).append(";\n");
    }
    out.append("}\n");
    return out.toString();
  }

  // Locale.ROOT: a decimal point regardless of the default locale, so the output is stable.
  private static String format(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }
}
