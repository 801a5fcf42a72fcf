package dev.adjoint.processor.fuzz;

import java.util.List;

/**
 * The constructs of issue 16 for {@link DynamicFuzzer}: in-place and compound updates of local
 * arrays, of the array parameter and of lists, while loops whose exit depends on data, labelled
 * jumps out of while loops, lists grown in loops and turned into arrays, and slices. Every index is
 * guarded and every loop has an int bound, so the engine never throws and every program ends.
 */
abstract class Mutations extends FuzzWriter {

  Mutations(long seed) {
    super(seed);
  }

  /**
   * Whether a product must be bounded by tanh: in a loop that runs n = 1000 times, repeated
   * products overflow, and forward mode then turns inf * 0 into NaN where the engine's reverse
   * gradient is 0 (seeds 2000157, 2004498: floating-point artifacts, not processor bugs).
   */
  boolean bounded(String op) {
    return loops > 0 && op.equals("mul");
  }

  /** One of the constructs above. */
  void mutation(Scope s, int depth) {
    switch (r.nextInt(9)) {
      case 0 -> element(s);
      case 1 -> sweep(s);
      case 2 -> dataWhile(s, depth);
      case 3 -> search(s);
      case 4 -> labelledWhile(s, depth);
      case 5 -> grownList(s);
      case 6 -> slicesList(s);
      case 7 -> slice(s);
      default -> listSet(s);
    }
  }

  /** {@code a[i] = a[i].op(v)} at a guarded index of any array, the parameter included. */
  private void element(Scope s) {
    features.add("mutate-element");
    String a = pick(s.all(0));
    String m = fresh("m");
    line("if (" + a + ".length > 0) {");
    line("  int " + m + " = Math.abs(" + intExpr(s) + ") % " + a + ".length;");
    String op = pick(List.of("add", "sub", "mul"));
    String v = valueExpr(s);
    line(
        "  "
            + a
            + "["
            + m
            + "] = "
            + a
            + "["
            + m
            + "]."
            + op
            + "("
            + v
            + ")"
            + (bounded(op) ? ".tanh();" : ";"));
    line("}");
  }

  /** A loop rewriting every element from itself and a neighbour already rewritten or not yet. */
  private void sweep(Scope s) {
    features.add("mutate-sweep");
    String a = pick(s.all(0));
    String i = fresh("i");
    switch (r.nextInt(3)) {
      case 0 ->
          line(
              String.format(
                  "for (int %2$s = 0; %2$s < %3$s; %2$s++) %1$s[%2$s] ="
                      + " %1$s[%2$s].mul(0.5).add(%1$s[(%2$s + 1) %% %1$s.length].mul(0.25)).tanh();",
                  a, i, cap(a + ".length")));
      case 1 ->
          line(
              String.format(
                  "for (int %2$s = 1; %2$s < %3$s; %2$s++) %1$s[%2$s] ="
                      + " %1$s[%2$s].add(%1$s[%2$s - 1].mul(0.5));",
                  a, i, cap(a + ".length")));
      default ->
          line(
              String.format(
                  "for (int %2$s = %4$s - 1; %2$s >= 0; %2$s--) if (%1$s[%2$s].data() < %3$s)"
                      + " %1$s[%2$s] = %1$s[%2$s].mul(-0.5);",
                  a, i, (r.nextInt(3) - 1) * 0.5, cap(a + ".length")));
    }
  }

  /** {@code while (acc.data() < t && w < bound)}: the exit depends on the data. */
  private void dataWhile(Scope s, int depth) {
    features.add("while-data");
    String w = fresh("w");
    String bound = r.nextBoolean() ? cap("n") : Integer.toString(1 + r.nextInt(6));
    double t = (r.nextInt(7) - 1) * 0.5;
    line("int " + w + " = 0;");
    if (r.nextBoolean()) {
      line("while (acc.data() < " + t + " && " + w + " < " + bound + ") {");
      indent++;
      line(w + "++;");
    } else {
      line("while (true) {");
      indent++;
      line("if (" + w + " >= " + bound + " || acc.data() > " + t + ") break;");
      line(w + "++;");
    }
    line("acc = acc.add(at(" + pick(s.all(0)) + ", " + w + ").mul(0.5)).tanh();");
    Scope inner = new Scope(s);
    inner.ints.add(w);
    loops++;
    block(inner, depth + 1, true, r.nextInt(3));
    loops--;
    indent--;
    line("}");
  }

  /** A while loop that stops at the first element above a threshold, then reads it. */
  private void search(Scope s) {
    features.add("while-data");
    String a = pick(s.all(0));
    String j = fresh("j");
    line("int " + j + " = 0;");
    line(
        "while ("
            + j
            + " < "
            + cap(a + ".length")
            + " && "
            + a
            + "["
            + j
            + "].data() < "
            + (r.nextInt(5) - 2) * 0.5
            + ") "
            + j
            + "++;");
    // (tanh in a loop: acc * (1 + a[j]) repeated would overflow, see bounded)
    String grow = a + "[" + j + "].mul(acc)" + (loops > 0 ? ".tanh()" : "");
    line("if (" + j + " < " + a + ".length) acc = acc.add(" + grow + ");");
    line("else acc = acc.mul(Value.of(" + j + ").add(0.5));");
    s.ints.add(j);
  }

  /** A labelled while loop left or restarted from a nested for loop. */
  private void labelledWhile(Scope s, int depth) {
    features.add("labelled");
    String label = fresh("outer");
    String w = fresh("w");
    String j = fresh("j");
    String a = pick(s.all(0));
    line("int " + w + " = 0;");
    line(label + ":");
    line("while (" + w + " < " + (1 + r.nextInt(4)) + ") {");
    indent++;
    line(w + "++;");
    loops++;
    line("for (int " + j + " = 0; " + j + " < " + cap(a + ".length") + "; " + j + "++) {");
    indent++;
    loops++;
    line(
        "if ("
            + a
            + "["
            + j
            + "].data() > "
            + (r.nextInt(5) - 2) * 0.5
            + ") "
            + (r.nextBoolean() ? "continue " : "break ")
            + label
            + ";");
    line("acc = acc.add(" + a + "[" + j + "].mul(0.25));");
    if (r.nextBoolean()) {
      line("if (acc.data() > " + (r.nextInt(4) * 0.5) + ") break " + label + ";");
    }
    Scope inner = new Scope(s);
    inner.ints.add(j);
    inner.ints.add(w);
    block(inner, depth + 2, true, r.nextInt(2));
    loops--;
    indent--;
    line("}");
    line("acc = acc.mul(0.9);");
    loops--;
    indent--;
    line("}");
  }

  /** A list grown under a data-dependent condition, then made an array with toArray. */
  private void grownList(Scope s) {
    features.add("list-grow");
    String g = fresh("g");
    String i = fresh("i");
    String e = fresh("e");
    line("List<Value> " + g + " = new ArrayList<>();");
    line("for (int " + i + " = 0; " + i + " < " + lengthExpr(s) + "; " + i + "++) {");
    indent++;
    line("Value " + e + " = " + loopValue(s) + ".add(at(x, " + i + "));");
    line(
        "if ("
            + e
            + ".data() > "
            + (r.nextInt(5) - 2) * 0.5
            + ") "
            + g
            + ".add("
            + e
            + ".mul("
            + i
            + " + 1));");
    line("else if (" + i + " % 2 == 0) " + g + ".add(acc.mul(0.5).tanh());");
    indent--;
    line("}");
    s.lists.add(g);
    if (loops == 0 && r.nextInt(3) > 0) {
      features.add("toArray");
      String t = fresh("t");
      // The form the processor supports (ADJ033 for new Value[size], ADJ028 for Value[]::new).
      line("Value[] " + t + " = " + g + ".toArray(new Value[0]);");
      s.arrays.add(t);
    }
  }

  /** A {@code List<Value[]>} of slices of an array, grown in a loop and read back. */
  private void slicesList(Scope s) {
    features.add("list-grow");
    features.add("slice");
    String a = pick(s.all(0));
    String p = fresh("parts");
    String i = fresh("i");
    int step = 1 + r.nextInt(3);
    line("List<Value[]> " + p + " = new ArrayList<>();");
    line(
        String.format(
            "for (int %2$s = 0; %2$s < %5$s; %2$s += %3$d) %4$s.add(Arrays.copyOfRange(%1$s,"
                + " %2$s, Math.min(%2$s + %3$d, %1$s.length)));",
            a, i, step, p, cap(a + ".length")));
    String q = fresh("q");
    line(
        "for (Value[] "
            + q
            + " : "
            + p
            + ") acc = acc.add("
            + q
            + "["
            + q
            + ".length - 1].mul(0.5));");
    line(
        "if ("
            + p
            + ".size() > 1) acc = acc.mul("
            + p
            + ".get(1)[0])"
            + (bounded("mul") ? ".tanh();" : ";"));
  }

  /** {@code Arrays.copyOfRange(a, lo, hi)} with {@code 0 <= lo <= hi <= a.length}. */
  private void slice(Scope s) {
    features.add("slice");
    String a = pick(s.all(0));
    String lo = fresh("lo");
    String c = fresh("c");
    line("int " + lo + " = Math.min(Math.abs(" + intExpr(s) + "), " + a + ".length);");
    line(
        "Value[] "
            + c
            + " = Arrays.copyOfRange("
            + a
            + ", "
            + lo
            + ", Math.min("
            + lo
            + " + "
            + (1 + r.nextInt(3))
            + ", "
            + a
            + ".length));");
    line("acc = acc.add(Value.sum(" + c + ").mul(0.5));");
    s.arrays.add(c);
  }

  /** {@code l.set(i, l.get(i).op(v))}: a list element updated in place. */
  private void listSet(Scope s) {
    List<String> ls = s.all(1);
    if (ls.isEmpty()) {
      grownList(s);
      return;
    }
    features.add("mutate-list");
    String l = pick(ls);
    String m = fresh("m");
    line("if (" + l + ".size() > 0) {");
    line("  int " + m + " = Math.abs(" + intExpr(s) + ") % " + l + ".size();");
    line("  " + l + ".set(" + m + ", " + l + ".get(" + m + ").mul(" + valueExpr(s) + "));");
    line("}");
  }
}
