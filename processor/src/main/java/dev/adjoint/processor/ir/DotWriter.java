package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link Function} as a Graphviz DOT graph a person can read: one node per operation,
 * labelled with what it computes ({@code · × 2}, {@code exp(·)}, {@code logits[i]}) and the source
 * variable it defines; constants and loop indices written into the labels that use them; each array
 * one node, with its loads and stores; each loop a cluster labelled with its trip count (a runtime
 * one by name: {@code for i < x.length}), its carried values inside; each branch a cluster with its
 * two arms. The graph has the size of the program, never of its arrays, and the same function
 * always gives the same text.
 */
public final class DotWriter {

  private final Function f;
  private final Map<Integer, Node> byId;
  private final Map<Integer, String> indexNames = new HashMap<>();
  private final StringBuilder out = new StringBuilder();

  /** Edges, written after every node: an edge inside a cluster would pull its ends into it. */
  private final StringBuilder edges = new StringBuilder();

  private int constants;
  private int clusters;

  private DotWriter(Function f) {
    this.f = f;
    this.byId = f.nodesById();
  }

  /** Programs with more operations than this (loop bodies counted once) are not drawn. */
  public static final int MAX_DRAWN_OPERATIONS = 2_000;

  /** The graph of {@code f}, titled {@code title}; a one-line graph if it is too large to draw. */
  public static String write(Function f, String title) {
    if (f.size() > MAX_DRAWN_OPERATIONS) {
      // Nobody reads a graph of thousands of boxes, and its text would dwarf the class.
      return "digraph "
          + DotLabels.quote(f.name())
          + " {\n  label="
          + DotLabels.quote(
              title
                  + ": "
                  + f.size()
                  + " operations, too many to draw (the limit is "
                  + MAX_DRAWN_OPERATIONS
                  + "); read the generated source instead")
          + ";\n}\n";
    }
    DotWriter w = new DotWriter(f);
    w.graph(title);
    return w.out.toString();
  }

  private void graph(String title) {
    out.append("digraph ").append(DotLabels.quote(f.name())).append(" {\n");
    out.append("  label=").append(DotLabels.quote(title)).append(";\n");
    out.append("  labelloc=t; fontname=\"Helvetica\"; fontsize=14; newrank=true;\n");
    out.append("  nodesep=0.25; ranksep=0.35;\n");
    out.append("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded\",");
    out.append(" height=0.3, margin=\"0.08,0.03\"];\n");
    out.append("  edge [color=\"gray35\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=9];\n");
    for (Function.Parameter p : f.params()) {
      if (!p.isArray()) {
        line("  n" + p.id(), DotLabels.html(p.name(), DotLabels.typeName(p.type())), "ellipse");
      }
    }
    for (ArrayDecl a : f.arrays().values()) {
      String kind = a.role() == ArrayDecl.Role.INPUT ? "" : a.role().name().toLowerCase();
      String shape = DotLabels.shape(a.extents(), this::tripName);
      out.append("  a")
          .append(a.id())
          .append(" [shape=box3d, style=filled, fillcolor=\"#eef3fb\", label=")
          .append(DotLabels.html(array(a.id()), (shape + " " + kind).strip()))
          .append("];\n");
    }
    block(f.body(), "  ");
    for (Function.Result r : f.results()) {
      String id = "r_" + DotLabels.identifier(r.name());
      out.append("  ").append(id).append(" [shape=doubleoctagon, label=");
      out.append(DotLabels.quote(r.name())).append("];\n");
      if (r.isArray()) {
        edge("a" + r.id(), id, null, "dotted");
      } else {
        edge(source(r.id(), "  "), id, null, null);
      }
    }
    out.append(edges).append("}\n");
  }

  private void block(List<Node> nodes, String indent) {
    for (Node n : nodes) {
      node(n, indent);
    }
  }

  private void node(Node n, String indent) {
    if (n instanceof Node.Apply a) {
      List<String> args = new ArrayList<>();
      List<Integer> inputs = new ArrayList<>();
      for (int operand : a.operands()) {
        String folded = folded(operand);
        args.add(folded != null ? folded : "·");
        if (folded == null) {
          inputs.add(operand);
        }
      }
      value(n, DotLabels.apply(a.op(), args), "box", indent);
      for (int operand : inputs) {
        edge(source(operand, indent), "n" + n.id(), null, null);
      }
    } else if (n instanceof Node.Select s) {
      value(n, "· ? · : ·", "box", indent);
      edge(source(s.cond(), indent), "n" + s.id(), "if", null);
      edge(source(s.ifTrue(), indent), "n" + s.id(), "then", null);
      edge(source(s.ifFalse(), indent), "n" + s.id(), "else", null);
    } else if (n instanceof Node.Load l) {
      value(n, array(l.array()) + index(l.index(), indent, "n" + l.id()), "box", indent);
      edge("a" + l.array(), "n" + l.id(), null, "dotted");
    } else if (n instanceof Node.Store s) {
      String label = array(s.array()) + index(s.index(), indent, "n" + s.id()) + " =";
      line(indent + "n" + s.id(), DotLabels.html(label, null), "box");
      edge(source(s.value(), indent), "n" + s.id(), null, null);
      edge("n" + s.id(), "a" + s.array(), null, "dotted");
    } else if (n instanceof Node.Loop l) {
      loop(l, indent);
    } else if (n instanceof Node.If b) {
      branch(b, indent);
    } else if (n instanceof Node.LoopResult r) {
      Node.Loop l = (Node.Loop) byId.get(r.loop());
      result(n, "after the loop", indent);
      edge(source(l.body().yields().get(r.slot()), indent), "n" + r.id(), null, null);
    } else if (n instanceof Node.IfResult r) {
      Node.If b = (Node.If) byId.get(r.ifId());
      result(n, "after the if", indent);
      edge(source(b.then().yields().get(r.slot()), indent), "n" + r.id(), "then", "dashed");
      edge(source(b.orElse().yields().get(r.slot()), indent), "n" + r.id(), "else", "dashed");
    } else if (n instanceof Node.TripCount) {
      value(n, "trips of the loop", "ellipse", indent);
    } else if (n instanceof Node.Length len) {
      value(n, array(len.array()) + ".length" + "[0]".repeat(len.axis()), "ellipse", indent);
    } else if (n instanceof Node.Check c) {
      out.append(indent).append('n').append(c.id()).append(" [shape=octagon, label=");
      out.append(DotLabels.quote("check")).append(", tooltip=");
      out.append(DotLabels.quote(c.message())).append("];\n");
      edge(source(c.cond(), indent), "n" + c.id(), null, null);
    }
    // Constants and indices are written where they are used; inputs are drawn with the
    // parameters, carried values with their loop.
  }

  private void loop(Node.Loop l, String indent) {
    String i = "ijklmnpqrs".charAt(Math.min(9, depth(indent))) + "";
    String named = name(l.body().index().id());
    indexNames.put(l.body().index().id(), named != null ? named : i);
    String trips =
        l.trips() instanceof Extent.Dynamic d
            ? tripName(d.id())
            : Integer.toString(l.trips().fixed());
    String header =
        "for "
            + indexNames.get(l.body().index().id())
            + " < "
            + trips
            + (l.descending() ? ", downwards" : "")
            + (l.stopsEarly() ? " (may stop early)" : "")
            + line(l.id());
    String inner = cluster(indent, header, "#f6f6f6");
    for (Node.Carried c : l.body().carried()) {
      int init = l.inits().get(c.slot());
      String folded = folded(init);
      String main = name(c.id()) != null ? name(c.id()) : "carried";
      String note = "carried" + (folded != null ? ", from " + folded : "") + line(c.id());
      line(inner + "n" + c.id(), DotLabels.html(main, note), "ellipse");
      if (folded == null) {
        edge(source(init, indent), "n" + c.id(), "first", null);
      }
    }
    block(l.body().nodes(), inner);
    for (Node.Carried c : l.body().carried()) {
      String from = source(l.body().yields().get(c.slot()), inner);
      if (!from.equals("n" + c.id())) {
        edges.append("  ").append(from).append(" -> n").append(c.id());
        edges.append(" [style=dashed, constraint=false, label=\"next\"];\n");
      }
    }
    if (l.body().again() != null) {
      line(inner + "again" + l.id(), DotLabels.html("go on?", null), "diamond");
      edge(source(l.body().again(), inner), "again" + l.id(), null, null);
    }
    out.append(indent).append("}\n");
  }

  private void branch(Node.If b, String indent) {
    String inner = cluster(indent, "if" + line(b.id()), "#fbf7ea");
    line(inner + "n" + b.id(), DotLabels.html("if", null), "diamond");
    edge(source(b.cond(), indent), "n" + b.id(), null, null);
    // The arms hang below the test.
    for (Node.Block arm : List.of(b.then(), b.orElse())) {
      Integer first = firstDrawn(arm.nodes());
      if (first != null) {
        edges.append("  n").append(b.id()).append(" -> n").append(first);
        edges.append(" [style=invis];\n");
      }
    }
    String then = cluster(inner, "then", "#ffffff");
    block(b.then().nodes(), then);
    out.append(inner).append("}\n");
    String orElse = cluster(inner, "else", "#ffffff");
    block(b.orElse().nodes(), orElse);
    out.append(inner).append("}\n");
    out.append(indent).append("}\n");
  }

  /** Opens a cluster; returns the indentation of its contents (the caller closes it). */
  private String cluster(String indent, String label, String fill) {
    out.append(indent).append("subgraph cluster_").append(clusters++).append(" {\n");
    String inner = indent + "  ";
    out.append(inner).append("label=").append(DotLabels.quote(label));
    out.append("; style=\"rounded,filled\"; fillcolor=\"").append(fill);
    out.append("\"; color=\"gray60\"; fontsize=11;\n");
    return inner;
  }

  private static int depth(String indent) {
    return Math.max(0, indent.length() / 2 - 1);
  }

  /** A value: {@code name = what} (or {@code what} alone), its line below. */
  private void value(Node n, String what, String shape, String indent) {
    String name = name(n.id());
    String main = name != null ? name + " = " + what : what;
    String where = line(n.id());
    line(indent + "n" + n.id(), DotLabels.html(main, where.replace(" · ", "")), shape);
  }

  /** The id of the first node of {@code nodes} drawn as a node of its own (not a cluster). */
  private static Integer firstDrawn(List<Node> nodes) {
    for (Node n : nodes) {
      if (n instanceof Node.Loop l) {
        Integer inside = firstDrawn(l.body().nodes());
        if (inside != null) {
          return inside;
        }
      } else if (!(n instanceof Node.Const
          || n instanceof Node.Index
          || n instanceof Node.Input
          || n instanceof Node.Carried)) {
        return n.id();
      }
    }
    return null;
  }

  /** The value a loop or branch leaves: its name, and where it comes from. */
  private void result(Node n, String where, String indent) {
    String name = name(n.id());
    String main = name != null ? name : "value";
    line(indent + "n" + n.id(), DotLabels.html(main, where + line(n.id())), "ellipse");
  }

  /** {@code " · line 12"} for a node with a source line, else empty. */
  private String line(int id) {
    Function.Origin o = f.origins().get(id);
    return o != null && o.line() > 0 ? " · line " + o.line() : "";
  }

  private void line(String id, String label, String shape) {
    out.append(id).append(" [shape=").append(shape).append(", label=").append(label).append("];\n");
  }

  private void edge(String from, String to, String label, String style) {
    edges.append("  ").append(from).append(" -> ").append(to);
    List<String> attrs = new ArrayList<>();
    if (label != null) {
      attrs.add("label=" + DotLabels.quote(label));
    }
    if (style != null) {
      attrs.add("style=" + style);
    }
    edges.append(attrs.isEmpty() ? "" : " [" + String.join(", ", attrs) + "]").append(";\n");
  }

  /**
   * The DOT node an edge from value {@code id} starts at: its own node, or for a constant or an
   * index a small node of its own, drawn where it is used.
   */
  private String source(int id, String indent) {
    Node n = byId.get(id);
    if (n instanceof Node.Const || n instanceof Node.Index) {
      String k = "k" + constants++;
      out.append(indent).append(k).append(" [shape=plaintext, fontsize=10, label=");
      out.append(DotLabels.quote(folded(id))).append("];\n");
      return k;
    }
    return "n" + id;
  }

  /** The text of a value written into the labels using it (a constant, an index), or null. */
  private String folded(int id) {
    Node n = byId.get(id);
    if (n instanceof Node.Const c) {
      return DotLabels.number(c.value(), c.type());
    }
    if (n instanceof Node.Index) {
      return indexNames.getOrDefault(id, "i");
    }
    return null;
  }

  /** {@code [i][j]}; an index that is not written out gets an edge into {@code to}. */
  private String index(List<Integer> idx, String indent, String to) {
    StringBuilder sb = new StringBuilder();
    for (int i : idx) {
      String folded = folded(i);
      if (folded == null) {
        folded = name(i) != null ? name(i) : "·";
        edge(source(i, indent), to, "index", null);
      }
      sb.append('[').append(folded).append(']');
    }
    return sb.toString();
  }

  /** An array's name; {@code out@4} when several arrays share the name. */
  private String array(int id) {
    String name = f.array(id).name();
    int same = 0;
    for (ArrayDecl a : f.arrays().values()) {
      same += a.name().equals(name) ? 1 : 0;
    }
    return same > 1 ? name + "@" + id : name;
  }

  private String tripName(int id) {
    Node n = byId.get(id);
    if (n instanceof Node.Length len) {
      return array(len.array()) + ".length" + "[0]".repeat(len.axis());
    }
    String s = name(id);
    return s != null ? s : "a runtime count";
  }

  /** The source name of value {@code id} as the graph shows it, or null. */
  private String name(int id) {
    Function.Origin o = f.origins().get(id);
    if (o == null || o.name() == null || o.name().isEmpty()) {
      return null;
    }
    String s = o.name();
    return s.startsWith("$") ? s.substring(1) : s;
  }
}
