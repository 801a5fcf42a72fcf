package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes random, terminating, valid Java methods {@code Value f(Value[] x, int k)} over the dynamic
 * constructs: loops with runtime bounds, while and do loops, breaks, continues and returns inside
 * branches, ifs with effects, switches, arrays sized at run time, lists grown anywhere, array
 * variables reassigned in loops and helpers. Every array element is written before it is read, and
 * every read is guarded, so that the engine never throws.
 */
public final class DynamicFuzzer extends Mutations {
  /** What a branch returns early: a scalar, or an array of the result's length {@code n}. */
  private String earlyReturn = "return acc.mul(1.5);";

  public DynamicFuzzer(long seed) {
    super(seed);
  }

  /** One method named {@code name} returning a {@code Value}. */
  public String method(String name) {
    return method(name, false);
  }

  /**
   * One method named {@code name}; with {@code arrayResult}, it returns a {@code Value[]} as long
   * as {@code x} (rarely one of a length that depends on the data, which the processor rejects).
   */
  public String method(String name, boolean arrayResult) {
    out.setLength(0);
    features.clear();
    indent = 2;
    loops = 0;
    earlyReturn = arrayResult ? "return scaled(x, 1.5);" : "return acc.mul(1.5);";
    // A switch case may fall through on purpose; -Xlint:all -Werror would reject the class.
    line("@SuppressWarnings(\"fallthrough\")");
    line(
        "@Differentiable public static Value"
            + (arrayResult ? "[] " : " ")
            + name
            + "(Value[] x, @Domain(min = -1, max = 7) int k) {");
    indent++;
    line("Value acc = Value.of(0.5);");
    line("int n = x.length;");
    Scope s = new Scope(null);
    s.arrays.add("x");
    s.ints.add("k");
    s.ints.add("n");
    block(s, 0, false, 3 + r.nextInt(4));
    if (!arrayResult) {
      line("return acc.add(Value.of(0.0));");
    } else if (r.nextInt(20) == 0 && !s.all(1).isEmpty()) {
      features.add("result-list");
      line("return " + pick(s.all(1)) + ".toArray(new Value[0]);");
    } else {
      features.add("result-array");
      line("Value[] out = new Value[n];");
      line("for (int i = 0; i < n; i++) out[i] = x[i].mul(acc).add(i);");
      line("return out;");
    }
    indent--;
    line("}");
    return out.toString();
  }

  @Override
  void statement(Scope s, int depth, boolean inLoop) {
    int choice = r.nextInt(depth > 2 ? 4 : 31);
    switch (choice) {
      case 0, 1 -> {
        String op = pick(List.of("add", "sub", "mul"));
        String v = valueExpr(s);
        boolean tanh = r.nextBoolean();
        // Repeated products in a loop overflow at n = 1000 (forward-mode tangents turn inf * 0
        // into NaN where the engine's gradient is 0): tanh keeps a product in a loop bounded.
        line("acc = acc." + op + "(" + v + ")" + (tanh || bounded(op) ? ".tanh()" : "") + ";");
      }
      case 2 -> {
        String a = fresh("a");
        String j = fresh("j");
        line("Value[] " + a + " = new Value[" + lengthExpr(s) + "];");
        line(
            "for (int "
                + j
                + " = 0; "
                + j
                + " < "
                + a
                + ".length; "
                + j
                + "++) "
                + a
                + "["
                + j
                + "] = "
                + loopValue(s)
                + ".add("
                + j
                + ");");
        s.arrays.add(a);
      }
      case 3 -> {
        String l = fresh("l");
        line("List<Value> " + l + " = new ArrayList<>();");
        s.lists.add(l);
      }
      case 4, 5 -> countedFor(s, depth);
      case 6 -> whileLoop(s, depth);
      case 7 -> ifStatement(s, depth, inLoop);
      case 8 -> {
        List<String> ls = s.all(1);
        if (ls.isEmpty()) {
          line("acc = acc.add(" + valueExpr(s) + ");");
        } else if (r.nextBoolean()) {
          line(pick(ls) + ".add(" + valueExpr(s) + ");");
        } else {
          line("keep(" + pick(ls) + ", " + valueExpr(s) + ");");
        }
      }
      case 9 -> {
        List<String> arrays = new ArrayList<>(s.all(0));
        arrays.remove("x");
        if (loops > 0) {
          String a = pick(s.all(0));
          line("if (" + a + ".length > 0) " + a + "[0] = " + a + "[0].mul(0.75);");
        } else if (arrays.isEmpty()) {
          if (r.nextBoolean()) {
            features.add("mutate-param");
            line("bump(x);");
          }
          line("acc = acc.add(firstAbove(x, 0.25));");
        } else {
          String a = pick(arrays);
          switch (r.nextInt(3)) {
            case 0 -> line(a + " = scaled(" + a + ", 0.9);");
            case 1 -> line("bump(" + a + ");");
            default -> {
              String i = intExpr(s);
              line(
                  "if ("
                      + a
                      + ".length > 0) "
                      + a
                      + "[Math.abs("
                      + i
                      + ") % "
                      + a
                      + ".length] = "
                      + valueExpr(s)
                      + ";");
            }
          }
        }
      }
      case 10 -> switchStatement(s, depth, inLoop);
      case 11 -> forEach(s, depth);
      case 12 -> {
        String b = fresh("b");
        features.add("stopgrad");
        line("double " + b + " = " + valueExpr(s) + ".data();");
        line("acc = acc.add(" + b + " > 0 ? " + valueExpr(s) + " : Value.of(" + b + "));");
      }
      case 13 -> doLoop(s, depth);
      case 14 -> labeledLoops(s, depth);
      case 15 -> {
        String m = fresh("m");
        String i = fresh("i");
        String j = fresh("j");
        String rows = lengthExpr(s);
        loops++; // a row per element of the first dimension: keep the rows short
        String cols = lengthExpr(s);
        loops--;
        line("Value[][] " + m + " = new Value[" + rows + "][" + cols + "];");
        line("for (int " + i + " = 0; " + i + " < " + m + ".length; " + i + "++)");
        line(
            "  for (int "
                + j
                + " = 0; "
                + j
                + " < "
                + m
                + "["
                + i
                + "].length; "
                + j
                + "++) "
                + m
                + "["
                + i
                + "]["
                + j
                + "] = "
                + loopValue(s)
                + ".mul("
                + i
                + " - "
                + j
                + ");");
        String a = intExpr(s);
        line(
            "if ("
                + m
                + ".length > 0 && "
                + m
                + "[0].length > 0) acc = acc.add("
                + m
                + "[Math.abs("
                + a
                + ") % "
                + m
                + ".length][Math.abs("
                + a
                + ") % "
                + m
                + "[0].length]);");
        line("for (Value[] row : " + m + ") acc = acc.add(Value.sum(row).mul(0.125));");
      }
      case 16 -> {
        String l = fresh("r");
        line("List<Value[]> " + l + " = new ArrayList<>();");
        String i = fresh("i");
        line(
            "for (int "
                + i
                + " = 0; "
                + i
                + " < "
                + lengthExpr(s)
                + "; "
                + i
                + "++) "
                + l
                + ".add(new Value[] {"
                + loopValue(s)
                + ", acc.mul("
                + i
                + ")"
                + (loops > 0 ? ".tanh()" : "") // acc + i * acc, repeated, would overflow
                + "});");
        String t = intExpr(s);
        line(
            "if ("
                + l
                + ".size() > Math.abs("
                + t
                + ")) acc = acc.add("
                + l
                + ".get(Math.abs("
                + t
                + "))[1]);");
        line("for (Value[] e : " + l + ") acc = acc.sub(e[0].mul(0.25));");
      }
      case 17 -> {
        String a = pick(s.all(0));
        line(
            loops > 0
                ? "acc = acc.add(at(" + a + ", 1));"
                : "if ("
                    + a
                    + ".length > 0) acc = acc.add(dev.adjoint.nn.Nn.softmax("
                    + a
                    + ")[0]);");
      }
      case 18 -> {
        String sel = pick(s.all(2));
        String w = fresh("sw");
        features.add("stopgrad");
        line("double " + w + " = switch (Math.abs(" + sel + ") % 4) {");
        line("  case 0 -> 0.5;");
        line("  case 1, 2 -> { double t = acc.data(); yield t > 0 ? t : 0.25; }");
        line("  default -> " + sel + ";");
        line("};");
        line("acc = acc.mul(" + w + ").tanh();");
      }
      case 20 -> triangle(s, r.nextBoolean());
      case 23, 24, 25, 26, 27, 28, 29, 30 -> mutation(s, depth);
      case 21 -> {
        String b = fresh("flag");
        String i = fresh("i");
        line("boolean[] " + b + " = new boolean[" + lengthExpr(s) + "];");
        line("for (int " + i + " = 0; " + i + " < " + b + ".length; " + i + " += 2)");
        line("  " + b + "[" + i + "] = " + loopValue(s) + ".data() > 0;");
        line("for (int " + i + " = 0; " + i + " < " + b + ".length; " + i + "++)");
        line(
            "  if ("
                + b
                + "["
                + i
                + "] ^ "
                + i
                + " % 3 == 0) acc = acc.add("
                + loopValue(s)
                + ");");
      }
      case 22 -> {
        String q = fresh("q");
        String a = intExpr(s);
        line("int " + q + " = Math.floorMod(" + a + " - 3, 4) + Math.floorDiv(" + a + ", -3);");
        s.ints.add(q);
      }
      default -> {
        String a = pick(s.all(0));
        String c = fresh("c");
        line(
            "Value[] " + c + " = Arrays.copyOfRange(" + a + ", 0, Math.min(2, " + a + ".length));");
        line("acc = acc.add(Value.sum(" + c + "));");
        if (r.nextBoolean()) {
          String d = fresh("c");
          line("Value[] " + d + " = new Value[" + c + ".length + 1];");
          // (in a loop, acc doubles each time: bounded, see bounded)
          line(d + "[0] = acc" + (loops > 0 ? ".mul(0.5).tanh();" : ";"));
          line("System.arraycopy(" + c + ", 0, " + d + ", 1, " + c + ".length);");
          line("acc = acc.add(Value.sum(" + d + "));");
        }
      }
    }
  }

  private void ifStatement(Scope s, int depth, boolean inLoop) {
    line("if (" + condition(s) + ") {");
    indent++;
    Scope then = new Scope(s);
    block(then, depth + 1, inLoop, 1 + r.nextInt(2));
    jump(inLoop);
    indent--;
    if (r.nextBoolean()) {
      line("} else {");
      indent++;
      block(new Scope(s), depth + 1, inLoop, 1 + r.nextInt(2));
      indent--;
    }
    line("}");
  }

  /** Maybe ends a branch with a jump (the last statement, so nothing is unreachable). */
  private void jump(boolean inLoop) {
    int j = r.nextInt(inLoop ? 6 : 4);
    switch (j) {
      case 0 -> line(earlyReturn);
      case 4 -> line("break;");
      case 5 -> line("continue;");
      default -> {}
    }
  }

  private void switchStatement(Scope s, int depth, boolean inLoop) {
    String sel = pick(s.all(2));
    line("switch (Math.abs(" + sel + ") % 3) {");
    indent++;
    line("case 0:");
    indent++;
    line("acc = acc.add(" + valueExpr(s) + ");");
    if (r.nextBoolean()) {
      line("break;");
    }
    indent--;
    line("case 1:");
    indent++;
    line("acc = acc.mul(0.75);");
    line("break;");
    indent--;
    line("default:");
    indent++;
    line("acc = acc.sub(" + valueExpr(s) + ");");
    indent--;
    indent--;
    line("}");
  }
}
