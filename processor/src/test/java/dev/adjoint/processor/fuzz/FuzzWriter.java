package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expressions of {@link DynamicFuzzer}'s programs, and the output they are written to: every
 * index expression is an int in scope, every length is small and non-negative, every read of a list
 * or array is guarded so that the engine never throws.
 */
public abstract class FuzzWriter {
  final Random r;
  final StringBuilder out = new StringBuilder();

  /** The constructs the last method used ({@code stopgrad} if it feeds data() to arithmetic). */
  final Set<String> features = new TreeSet<>();

  int names;
  int indent;

  /**
   * How many loops enclose the code being written. Inside a loop, every bound that grows with the
   * runtime size is capped ({@link #cap}) and no expression walks a whole array, so that a program
   * does O(n) work at the checker's large size (n = 1000), not O(n^2) or worse.
   */
  int loops;

  FuzzWriter(long seed) {
    this.r = new Random(seed);
  }

  /** What a scope holds: arrays and lists by name, ints usable as indices. */
  static final class Scope {
    final List<String> arrays = new ArrayList<>();
    final List<String> lists = new ArrayList<>();
    final List<String> ints = new ArrayList<>();
    final Scope parent;

    Scope(Scope parent) {
      this.parent = parent;
    }

    List<String> all(int kind) {
      List<String> o = parent == null ? new ArrayList<>() : parent.all(kind);
      o.addAll(kind == 0 ? arrays : kind == 1 ? lists : ints);
      return o;
    }
  }

  /** The helpers every generated class has. */
  public static List<String> helpers() {
    return List.of(
        "  static Value firstAbove(Value[] x, double t) {",
        "    for (Value v : x) {",
        "      if (v.data() > t) return v;",
        "    }",
        "    return Value.of(t);",
        "  }",
        "  static Value[] scaled(Value[] a, double s) {",
        "    Value[] o = new Value[a.length];",
        "    for (int i = 0; i < a.length; i++) o[i] = a[i].mul(s).tanh();",
        "    return o;",
        "  }",
        "  static void bump(Value[] a) {",
        "    for (int i = 0; i < a.length; i++) {",
        "      if (a[i].data() < 0) continue;",
        "      a[i] = a[i].add(0.125);",
        "    }",
        "  }",
        "  static void keep(List<Value> l, Value v) {",
        "    if (v.data() > -0.5) l.add(v.mul(0.5));",
        "  }",
        "  static Value at(Value[] a, int i) {",
        "    return a.length > 0 ? a[Math.abs(i) % a.length] : Value.of(0.25);",
        "  }");
  }

  void line(String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  String fresh(String prefix) {
    return prefix + (names++);
  }

  <T> T pick(List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  String intExpr(Scope s) {
    String a = pick(s.all(2));
    return switch (r.nextInt(4)) {
      case 0 -> a;
      case 1 -> a + " + 1";
      case 2 -> "Math.min(" + a + ", 5)";
      default -> Integer.toString(r.nextInt(4));
    };
  }

  /** {@code bound}, capped at 3 inside a loop. */
  String cap(String bound) {
    return loops > 0 ? "Math.min(" + bound + ", 3)" : bound;
  }

  /** A value expression written for the body of a loop. */
  String loopValue(Scope s) {
    loops++;
    String v = valueExpr(s);
    loops--;
    return v;
  }

  /** A non-negative length, at most a few elements inside a loop. */
  String lengthExpr(Scope s) {
    return switch (r.nextInt(4)) {
      case 0 -> cap("n");
      case 1 -> "Math.max(0, Math.min(k, 6))";
      case 2 -> "Math.max(0, Math.min(" + pick(s.all(2)) + ", 4)) + 1";
      default -> Integer.toString(r.nextInt(4));
    };
  }

  String valueExpr(Scope s) {
    int choice = r.nextInt(6);
    if (loops > 0 && (choice == 3 || choice == 4)) {
      choice = 0; // a sum or search over a whole array would make the loop quadratic
    }
    switch (choice) {
      case 0:
        return "at(" + pick(s.all(0)) + ", " + intExpr(s) + ")";
      case 1:
        return "acc.mul(0.5).tanh()";
      case 2:
        {
          List<String> ls = s.all(1);
          if (!ls.isEmpty()) {
            String l = pick(ls);
            String i = intExpr(s);
            return "("
                + l
                + ".size() > Math.abs("
                + i
                + ") ? "
                + l
                + ".get(Math.abs("
                + i
                + ")) : Value.of(0.75))";
          }
          return "Value.of(" + pick(s.all(2)) + ")";
        }
      case 3:
        return "Value.sum(" + pick(s.all(0)) + ").mul(0.25)";
      case 4:
        return "firstAbove(" + pick(s.all(0)) + ", 0.5)";
      default:
        return "Value.of(" + (r.nextInt(7) - 3) * 0.5 + ")";
    }
  }

  String condition(Scope s) {
    return switch (r.nextInt(5)) {
      case 0 -> "acc.data() > " + (r.nextInt(5) - 2) * 0.5;
      case 1 -> pick(s.all(2)) + " % 2 == 0";
      case 2 -> pick(s.all(2)) + " > " + r.nextInt(4);
      case 3 -> valueExpr(s) + ".data() < 0.2";
      default -> "k > 1 && " + pick(s.all(0)) + ".length > 1";
    };
  }

  String v(Scope s) {
    return "acc.data()";
  }

  /** One random statement (a loop body may jump when {@code inLoop}). */
  abstract void statement(Scope s, int depth, boolean inLoop);

  // ---- loops ----

  void block(Scope s, int depth, boolean inLoop, int count) {
    for (int i = 0; i < count; i++) {
      statement(s, depth, inLoop);
    }
  }

  void labeledLoops(Scope s, int depth) {
    String label = fresh("outer");
    String i = fresh("i");
    String j = fresh("j");
    line(label + ":");
    line("for (int " + i + " = 0; " + i + " < Math.min(" + lengthExpr(s) + ", 3); " + i + "++) {");
    indent++;
    loops++;
    line("for (int " + j + " = 0; " + j + " < " + cap("n") + "; " + j + "++) {");
    indent++;
    loops++;
    line(
        "if (at(x, "
            + j
            + ").data() > "
            + (r.nextInt(5) - 2) * 0.5
            + ") "
            + (r.nextBoolean() ? "break " : "continue ")
            + label
            + ";");
    Scope inner = new Scope(s);
    inner.ints.add(i);
    inner.ints.add(j);
    block(inner, depth + 2, true, 1);
    loops--;
    indent--;
    line("}");
    line("acc = acc.mul(0.9);");
    loops--;
    indent--;
    line("}");
  }

  void countedFor(Scope s, int depth) {
    String i = fresh("i");
    String bound =
        switch (r.nextInt(4)) {
          case 0 -> cap("n");
          case 1 -> "Math.min(k, 6)";
          case 2 -> cap(pick(s.all(0)) + ".length");
          default -> cap(pick(s.all(2)) + " + 1");
        };
    String step = r.nextInt(4) == 0 ? i + " += 2" : i + "++";
    line("for (int " + i + " = 0; " + i + " < " + bound + "; " + step + ") {");
    body(s, depth, i);
  }

  void body(Scope s, int depth, String var) {
    indent++;
    loops++;
    Scope inner = new Scope(s);
    if (var != null) {
      inner.ints.add(var);
    }
    block(inner, depth + 1, true, 1 + r.nextInt(3));
    loops--;
    indent--;
    line("}");
  }

  void whileLoop(Scope s, int depth) {
    String w = fresh("w");
    line("int " + w + " = 0;");
    line("while (" + w + " < " + (1 + r.nextInt(5)) + " && " + condition(s) + ") {");
    indent++;
    line(w + "++;");
    indent--;
    Scope inner = new Scope(s);
    inner.ints.add(w);
    indent++;
    loops++;
    block(inner, depth + 1, true, 1 + r.nextInt(3));
    loops--;
    indent--;
    line("}");
  }

  void doLoop(Scope s, int depth) {
    String w = fresh("d");
    line("int " + w + " = 0;");
    line("do {");
    indent++;
    line(w + "++;");
    Scope inner = new Scope(s);
    inner.ints.add(w);
    loops++;
    block(inner, depth + 1, true, 1 + r.nextInt(2));
    loops--;
    indent--;
    line("} while (" + w + " < " + (1 + r.nextInt(4)) + " && " + condition(s) + ");");
  }

  void forEach(Scope s, int depth) {
    String v = fresh("v");
    List<String> ls = s.all(1);
    boolean list = loops == 0 && !ls.isEmpty() && r.nextBoolean();
    String source = list ? pick(ls) : pick(s.all(0));
    String over =
        loops == 0
            ? source
            : "Arrays.copyOfRange(" + source + ", 0, Math.min(" + source + ".length, 3))";
    line("for (Value " + v + " : " + over + ") {");
    indent++;
    loops++;
    line("acc = acc.add(" + v + ".mul(0.5));");
    Scope inner = new Scope(s);
    if (list) {
      // No adds to the list being iterated: only statements on other variables.
      inner.lists.remove(source);
      for (Scope p = s; p != null; p = p.parent) {
        if (p.lists.contains(source)) {
          inner.lists.addAll(p.lists);
          inner.lists.remove(source);
        }
      }
      statementWithout(inner, depth + 1, source);
    } else {
      block(inner, depth + 1, true, r.nextInt(2));
    }
    loops--;
    indent--;
    line("}");
  }

  void statementWithout(Scope s, int depth, String list) {
    if (r.nextBoolean()) {
      line("if (" + v(s) + " > 0.5) break;");
    } else {
      line("acc = acc.mul(0.9);");
    }
  }

  /** Rows of lengths 1, 2, 3, ... in a list or a table, read back by index and by for-each. */
  void triangle(Scope s, boolean list) {
    String t = fresh("tri");
    String i = fresh("i");
    String j = fresh("j");
    loops++; // the rows grow with the index: keep them few
    String n = lengthExpr(s);
    loops--;
    if (list) {
      line("List<Value[]> " + t + " = new ArrayList<>();");
      line("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++) {");
    } else {
      line("Value[][] " + t + " = new Value[" + n + "][];");
      line("for (int " + i + " = 0; " + i + " < " + t + ".length; " + i + "++) {");
    }
    indent++;
    line("Value[] row = new Value[" + i + " + 1];");
    line(
        "for (int "
            + j
            + " = 0; "
            + j
            + " <= "
            + i
            + "; "
            + j
            + "++) row["
            + j
            + "] = "
            + loopValue(s)
            + ".mul("
            + j
            + " + 1);");
    line(list ? t + ".add(row);" : t + "[" + i + "] = row;");
    indent--;
    line("}");
    String size = list ? t + ".size()" : t + ".length";
    String get = list ? t + ".get(Math.abs(" + intExpr(s) + ") % " + size + ")" : null;
    if (list) {
      line("if (" + size + " > 0) acc = acc.add(" + get + "[0]);");
    } else {
      String k = intExpr(s);
      line(
          "if ("
              + size
              + " > Math.abs("
              + k
              + ")) acc = acc.add("
              + t
              + "[Math.abs("
              + k
              + ")][Math.abs("
              + k
              + ") / 2]);");
    }
    line("for (Value[] r : " + t + ") acc = acc.add(r[r.length - 1].mul(0.125));");
  }
}
