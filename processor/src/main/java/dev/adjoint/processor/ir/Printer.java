package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints a {@link Function} as deterministic, readable text: one line per node, loop bodies
 * indented, source names and lines as trailing comments. The same function always prints the same
 * text, so tests can compare dumps.
 *
 * <pre>
 * function crossEntropy(logits: f64[27] active, %2 target: i32)
 *   %3 = const f64 -Infinity
 *   loop %5 x27 (i=%6, carried %7 = %3) {
 *     %8 = load logits[%6]
 *     %10 = max %7, %8              ; max (line 5)
 *     yield %10
 *   }
 *   %11 = result %5#0
 *   return %11
 * </pre>
 */
public final class Printer {

  /** Column at which the origin comments start (when the instruction is shorter). */
  private static final int COMMENT_COLUMN = 32;

  private final Function f;
  private final Map<Integer, String> arrayNames;
  private final StringBuilder out = new StringBuilder();

  private Printer(Function f) {
    this.f = f;
    this.arrayNames = arrayNames(f);
  }

  /** The whole function as text, ending with a newline. */
  public static String print(Function f) {
    Printer p = new Printer(f);
    p.function();
    return p.out.toString();
  }

  /**
   * One node as the instruction text its line shows, without indentation or comment (for a loop,
   * its header without the opening brace).
   */
  public static String node(Function f, Node n) {
    return new Printer(f).instruction(n);
  }

  private void function() {
    StringJoiner params = new StringJoiner(", ");
    for (Function.Parameter p : f.params()) {
      String type = typeName(p.type()) + shape(p.extents());
      String name = p.isArray() ? arrayName(p.id()) : "%" + p.id() + " " + p.name();
      params.add(name + ": " + type + (p.active() ? " active" : ""));
    }
    out.append("function ").append(f.name()).append('(').append(params).append(")\n");
    for (ArrayDecl a : f.arrays().values()) {
      if (a.role() != ArrayDecl.Role.INPUT || !isParam(a.id())) {
        out.append("  ")
            .append(a.role().name().toLowerCase(Locale.ROOT))
            .append(' ')
            .append(arrayName(a.id()))
            .append(": ")
            .append(typeName(a.elem()))
            .append(shape(a.extents()))
            .append(a.growable() ? " growable" : "")
            .append('\n');
      }
    }
    for (LibraryCall c : f.calls()) {
      out.append("  library ")
          .append(arrayName(c.output()))
          .append(" = ")
          .append(c.function().name().toLowerCase(Locale.ROOT))
          .append('(')
          .append(arrayName(c.input()))
          .append(")\n");
    }
    block(f.body(), 1);
    StringJoiner results = new StringJoiner(", ");
    for (Function.Result r : f.results()) {
      String ref = r.isArray() ? arrayName(r.id()) : "%" + r.id();
      results.add(r.name() == null || r.name().isEmpty() ? ref : r.name() + "=" + ref);
    }
    out.append("  return ").append(results).append('\n');
  }

  private void block(List<Node> nodes, int depth) {
    for (Node n : nodes) {
      if (n instanceof Node.Input) {
        continue; // shown in the header
      }
      boolean region = n instanceof Node.Loop || n instanceof Node.If;
      line(depth, instruction(n) + (region ? " {" : ""), n.id());
      if (n instanceof Node.Loop loop) {
        block(loop.body().nodes(), depth + 1);
        if (!loop.body().yields().isEmpty()) {
          line(depth + 1, "yield " + ids(loop.body().yields()), -1);
        }
        if (loop.body().again() != null) {
          line(depth + 1, "again %" + loop.body().again(), -1);
        }
        line(depth, "}", -1);
      } else if (n instanceof Node.If b) {
        arm(b.then(), depth);
        line(depth, "} else {", -1);
        arm(b.orElse(), depth);
        line(depth, "}", -1);
      }
    }
  }

  private void arm(Node.Block arm, int depth) {
    block(arm.nodes(), depth + 1);
    if (!arm.yields().isEmpty()) {
      line(depth + 1, "yield " + ids(arm.yields()), -1);
    }
  }

  private void line(int depth, String text, int id) {
    String indented = "  ".repeat(depth) + text;
    out.append(indented);
    String comment = id < 0 ? null : comment(f.origins().get(id));
    if (comment != null) {
      out.append(" ".repeat(Math.max(2, COMMENT_COLUMN - indented.length())))
          .append("; ")
          .append(comment);
    }
    out.append('\n');
  }

  private static String comment(Function.Origin o) {
    if (o == null) {
      return null;
    }
    boolean named = o.name() != null && !o.name().isEmpty();
    if (named && o.line() > 0) {
      return o.name() + " (line " + o.line() + ")";
    }
    if (named) {
      return o.name();
    }
    return o.line() > 0 ? "line " + o.line() : null;
  }

  private String instruction(Node n) {
    String def = "%" + n.id() + " = ";
    if (n instanceof Node.Const c) {
      return def + "const " + typeName(c.type()) + " " + constant(c.type(), c.value());
    } else if (n instanceof Node.Input in) {
      return def + "input " + f.params().get(in.param()).name();
    } else if (n instanceof Node.Apply a) {
      return def + a.op().name().toLowerCase(Locale.ROOT) + " " + ids(a.operands());
    } else if (n instanceof Node.Select s) {
      return def + "select " + ids(s.operands());
    } else if (n instanceof Node.Load l) {
      return def + "load " + arrayName(l.array()) + "[" + ids(l.index()) + "]";
    } else if (n instanceof Node.Store s) {
      return "store %"
          + s.id()
          + " "
          + arrayName(s.array())
          + "["
          + ids(s.index())
          + "] = %"
          + s.value();
    } else if (n instanceof Node.Loop loop) {
      StringBuilder h =
          new StringBuilder("loop %").append(loop.id()).append(" x").append(loop.trips());
      if (loop.descending()) {
        h.append(" descending");
      }
      h.append(" (i=%").append(loop.body().index().id());
      List<String> carried = new ArrayList<>();
      for (int s = 0; s < loop.inits().size(); s++) {
        carried.add("%" + loop.body().carried().get(s).id() + " = %" + loop.inits().get(s));
      }
      if (!carried.isEmpty()) {
        h.append(", carried ").append(String.join(", ", carried));
      }
      return h.append(')').toString();
    } else if (n instanceof Node.LoopResult r) {
      return def + "result %" + r.loop() + "#" + r.slot();
    } else if (n instanceof Node.If b) {
      return "if %" + b.id() + " %" + b.cond();
    } else if (n instanceof Node.IfResult r) {
      return def + "result %" + r.ifId() + "#" + r.slot();
    } else if (n instanceof Node.TripCount t) {
      return def + "trips %" + t.loop();
    } else if (n instanceof Node.Length len) {
      return def + "length " + arrayName(len.array()) + "#" + len.axis();
    } else if (n instanceof Node.Check c) {
      return "check %"
          + c.id()
          + " %"
          + c.cond()
          + " \""
          + c.message()
          + "\""
          + (c.args().isEmpty() ? "" : " " + ids(c.args()));
    } else if (n instanceof Node.Index i) {
      return def + "index";
    } else if (n instanceof Node.Carried c) {
      return def + "carried #" + c.slot();
    }
    throw new IllegalArgumentException("unknown node " + n);
  }

  /** The literal for a constant: Java's spelling for doubles, with NaN payloads made visible. */
  static String constant(ScalarType type, double v) {
    if (type == ScalarType.I32) {
      return Long.toString((long) v);
    }
    if (type == ScalarType.BOOL) {
      return v != 0 ? "true" : "false";
    }
    long bits = Double.doubleToRawLongBits(v);
    if (Double.isNaN(v) && bits != Double.doubleToRawLongBits(Double.NaN)) {
      return "NaN(0x" + Long.toHexString(bits) + ")";
    }
    return Double.toString(v);
  }

  private static String ids(List<Integer> ids) {
    StringJoiner j = new StringJoiner(", ");
    for (int id : ids) {
      j.add("%" + id);
    }
    return j.toString();
  }

  static String typeName(ScalarType t) {
    return switch (t) {
      case F64 -> "f64";
      case I32 -> "i32";
      case BOOL -> "bool";
      case VOID -> "void";
    };
  }

  private static String shape(List<Extent> shape) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (Extent d : shape) {
      j.add(d.toString());
    }
    return shape.isEmpty() ? "" : j.toString();
  }

  private boolean isParam(int id) {
    for (Function.Parameter p : f.params()) {
      if (p.isArray() && p.id() == id) {
        return true;
      }
    }
    return false;
  }

  private String arrayName(int id) {
    String name = arrayNames.get(id);
    return name != null ? name : "@" + id;
  }

  /** Each array's name, suffixed with {@code @id} when several arrays share it. */
  private static Map<Integer, String> arrayNames(Function f) {
    Map<String, Integer> uses = new HashMap<>();
    for (ArrayDecl a : f.arrays().values()) {
      uses.merge(String.valueOf(a.name()), 1, Integer::sum);
    }
    Map<Integer, String> names = new HashMap<>();
    for (ArrayDecl a : f.arrays().values()) {
      String name = String.valueOf(a.name());
      names.put(a.id(), uses.get(name) > 1 ? name + "@" + a.id() : name);
    }
    return names;
  }
}
