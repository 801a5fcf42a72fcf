package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Env.Kind;
import dev.adjoint.processor.fuzz.Env.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Generates local arrays, matrices and lists, each written completely (every element once) before
 * anything reads it: loops in every header form, strided pairs and split halves of loops,
 * initializers, constant-index writes in any order, and {@code ArrayList} building.
 */
final class Fills {
  private final Stmts st;
  private final Ctx ctx;

  Fills(Stmts st) {
    this.st = st;
    this.ctx = st.ctx;
  }

  /** A new {@code Value[]}, then declared in {@code env}. */
  void array(Env env, Lines out) {
    List<Var> vectors = env.vectors();
    Var src = !vectors.isEmpty() && ctx.chance(0.75) ? ctx.pick(vectors) : null;
    int len = src != null ? src.length() : ctx.nextInt(1, 6);
    String t = ctx.fresh("t");
    String bound = src != null && ctx.chance(0.5) ? src.lengthCode() : ctx.count(len);
    Range range;
    int form = ctx.nextInt(0, 19);
    if (form < 3 && len <= 4) {
      ctx.use("array.initializer");
      List<String> elems = new ArrayList<>();
      range = null;
      for (int k = 0; k < len; k++) {
        Expr e = element(env, src, Integer.toString(k));
        elems.add(e.code());
        range = range == null ? e.range() : range.hull(e.range());
      }
      String init = (ctx.chance(0.5) ? "new Value[] " : "") + "{" + String.join(", ", elems) + "}";
      out.add("Value[] " + t + " = " + init + ";");
    } else if (form < 6 && len <= 4) {
      ctx.use("array.constantWrites");
      out.add("Value[] " + t + " = new Value[" + bound + "];");
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < len; k++) {
        order.add(k);
      }
      Collections.shuffle(order, new java.util.Random(ctx.rng.nextLong()));
      range = null;
      for (int k : order) {
        Expr e = element(env, src, Integer.toString(k));
        out.add(t + "[" + k + "] = " + e.code() + ";");
        range = range == null ? e.range() : range.hull(e.range());
      }
    } else if (form < 8 && len >= 2) {
      ctx.use("array.stridedPair");
      out.add("Value[] " + t + " = new Value[" + bound + "];");
      range = loop(env, out, src, t, "for (int %s = 0; %s < " + bound + "; %s += 2)", 0, len - 1);
      range =
          range.hull(
              loop(env, out, src, t, "for (int %s = 1; %s < " + bound + "; %s += 2)", 1, len - 1));
    } else if (form < 10 && len >= 2) {
      ctx.use("array.splitLoops");
      int half = ctx.nextInt(1, len - 1);
      out.add("Value[] " + t + " = new Value[" + bound + "];");
      range = loop(env, out, src, t, "for (int %s = 0; %s < " + half + "; %s++)", 0, half - 1);
      range =
          range.hull(
              loop(
                  env,
                  out,
                  src,
                  t,
                  "for (int %s = " + half + "; %s < " + bound + "; %s++)",
                  half,
                  len - 1));
    } else if (form < 11 && env.loopDepth == 0) {
      out.add("Value[] " + t + " = new Value[" + bound + "];");
      range = st.helpers.fill(env, out, t, len, src);
    } else {
      out.add("Value[] " + t + " = new Value[" + bound + "];");
      Loops.Header h = st.loops.counted(len, bound);
      boolean reversed = ctx.chance(0.2);
      if (h.trips() != len) {
        // Only full loops write every element; strided and offset headers get a full one.
        h =
            new Loops.Header(
                ("for (int %s = 0; %s < " + bound + "; %s++)").replace("%s", h.index().name()),
                len,
                Var.integer(h.index().name(), 0, len - 1),
                null);
      }
      String i = h.index().name();
      String store = reversed ? (len - 1) + " - " + i : i;
      if (reversed) {
        ctx.use("array.reversedStore");
      }
      range = body(env, out, src, t, h.code(), h.index(), store);
    }
    env.declare(Var.array(t, len, range));
    ctx.use("array.local");
  }

  /** One fill loop over {@code [lo, hi]} (stride from the header); returns the element range. */
  private Range loop(Env env, Lines out, Var src, String t, String header, int lo, int hi) {
    String i = ctx.fresh("i");
    Var index = Var.integer(i, lo, hi);
    return body(env, out, src, t, header.replace("%s", i), index, i);
  }

  private Range body(
      Env env, Lines out, Var src, String t, String header, Var index, String store) {
    out.open(header);
    Env body = env.loop();
    body.declareFinal(index);
    st.block(body, out, ctx.nextInt(0, env.loopDepth == 0 ? 2 : 1));
    Expr e = element(body, src, index.name());
    out.add(t + "[" + store + "] = " + e.code() + ";");
    out.close();
    return e.range();
  }

  /** An element built around {@code src[index]} if there is a source, else anything. */
  private Expr element(Env env, Var src, String index) {
    if (src == null) {
      return st.ex.value(env, ctx.nextInt(1, 3));
    }
    Expr base = new Expr(src.element(index), src.range());
    return st.ex.around(base, env, ctx.nextInt(0, 2));
  }

  /** A new {@code Value[][]}, filled by nested loops or an initializer. */
  void matrix(Env env, Lines out) {
    List<Var> vectors = env.vectors();
    int rows =
        !vectors.isEmpty() && ctx.chance(0.5) ? ctx.pick(vectors).length() : ctx.nextInt(1, 4);
    int cols =
        !vectors.isEmpty() && ctx.chance(0.6) ? ctx.pick(vectors).length() : ctx.nextInt(1, 4);
    rows = Math.min(rows, 8);
    String g = ctx.fresh("g");
    Range range = null;
    ctx.use("matrix.local");
    if (rows <= 2 && cols <= 2 && ctx.chance(0.3)) {
      List<String> rowCodes = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        List<String> elems = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
          Expr e = st.ex.value(env, ctx.nextInt(0, 2));
          elems.add(e.code());
          range = range == null ? e.range() : range.hull(e.range());
        }
        rowCodes.add("{" + String.join(", ", elems) + "}");
      }
      out.add("Value[][] " + g + " = {" + String.join(", ", rowCodes) + "};");
      ctx.use("matrix.initializer");
    } else {
      out.add("Value[][] " + g + " = new Value[" + ctx.count(rows) + "][" + ctx.count(cols) + "];");
      String r = ctx.fresh("r");
      String c = ctx.fresh("k");
      out.open("for (int " + r + " = 0; " + r + " < " + g + ".length; " + r + "++)");
      Env outer = env.loop();
      outer.declareFinal(Var.integer(r, 0, rows - 1));
      st.block(outer, out, ctx.nextInt(0, 1));
      out.open("for (int " + c + " = 0; " + c + " < " + cols + "; " + c + "++)");
      Env inner = outer.loop();
      inner.declareFinal(Var.integer(c, 0, cols - 1));
      Expr e = outerProduct(inner, rows, cols, r, c);
      out.add(g + "[" + r + "][" + c + "] = " + e.code() + ";");
      range = e.range();
      out.close();
      out.close();
    }
    env.declare(Var.matrix(g, rows, cols, range));
  }

  private Expr outerProduct(Env env, int rows, int cols, String r, String c) {
    List<Var> byRow = env.all(v -> isVector(v) && v.length() == rows);
    List<Var> byCol = env.all(v -> isVector(v) && v.length() == cols);
    if (!byRow.isEmpty() && !byCol.isEmpty() && ctx.chance(0.6)) {
      Var a = ctx.pick(byRow);
      Var b = ctx.pick(byCol);
      Expr base = new Expr(a.element(r) + ".mul(" + b.element(c) + ")", a.range().mul(b.range()));
      ctx.use("matrix.outerProduct");
      return st.ex.around(base, env, ctx.nextInt(0, 1));
    }
    return st.ex.value(env, ctx.nextInt(1, 3));
  }

  private static boolean isVector(Var v) {
    return v.kind() == Kind.ARRAY || v.kind() == Kind.LIST;
  }

  /** A new {@code List<Value>}. */
  void list(Env env, Lines out) {
    String l = ctx.fresh("l");
    List<Var> arrays = env.all(Kind.ARRAY);
    int form = ctx.nextInt(0, 9);
    if (form < 2) {
      int n = ctx.nextInt(1, 4);
      List<String> elems = new ArrayList<>();
      Range range = null;
      for (int k = 0; k < n; k++) {
        Expr e = st.ex.value(env, ctx.nextInt(0, 2));
        elems.add(e.code());
        range = range == null ? e.range() : range.hull(e.range());
      }
      out.add("List<Value> " + l + " = List.of(" + String.join(", ", elems) + ");");
      env.declare(Var.list(l, n, range));
      ctx.use("list.of");
      return;
    }
    if (form < 3 && !arrays.isEmpty()) {
      Var a = ctx.pick(arrays);
      out.add("List<Value> " + l + " = Arrays.asList(" + a.name() + ");");
      env.declare(Var.list(l, a.length(), a.range()));
      ctx.use("list.asList");
      return;
    }
    out.add("List<Value> " + l + " = new ArrayList<>();");
    if (form == 9 && env.loopDepth == 0) {
      nestedAdds(env, out, l);
      return;
    }
    List<Var> vectors = env.vectors();
    Var src = !vectors.isEmpty() && ctx.chance(0.7) ? ctx.pick(vectors) : null;
    int n = src != null ? src.length() : ctx.nextInt(1, 5);
    String bound = src != null && ctx.chance(0.5) ? src.lengthCode() : ctx.count(n);
    Loops.Header h = st.loops.counted(n, bound);
    out.open(h.code());
    Env body = env.loop();
    body.declareFinal(h.index());
    st.block(body, out, ctx.nextInt(0, 1));
    Expr e = element(body, src, h.index().name());
    if (src != null && (h.index().lo() < 0 || h.index().hi() >= src.length())) {
      e = st.ex.value(body, 2);
    }
    out.add(l + ".add(" + e.code() + ");");
    out.close();
    int size = h.trips();
    Range range = e.range();
    if (ctx.chance(0.3)) {
      Expr extra = st.ex.value(env, ctx.nextInt(0, 2));
      out.add(l + ".add(" + extra.code() + ");");
      range = range.hull(extra.range());
      size++;
    }
    env.declare(Var.list(l, size, range));
    ctx.use("list.built");
  }

  /** Adds one element per iteration of a loop nest: the list grows by the product of trips. */
  private void nestedAdds(Env env, Lines out, String l) {
    int rows = ctx.nextInt(1, 3);
    Loops.Header outer = st.loops.counted(rows, ctx.count(rows));
    out.open(outer.code());
    Env body = env.loop();
    body.declareFinal(outer.index());
    List<Var> vectors = body.vectors();
    int cols = vectors.isEmpty() ? ctx.nextInt(1, 3) : ctx.pick(vectors).length();
    Loops.Header inner = st.loops.counted(cols, ctx.count(cols));
    out.open(inner.code());
    Env innerBody = body.loop();
    innerBody.declareFinal(inner.index());
    Expr e = st.ex.value(innerBody, ctx.nextInt(1, 2));
    out.add(l + ".add(" + e.code() + ");");
    out.close();
    out.close();
    env.declare(Var.list(l, outer.trips() * inner.trips(), e.range()));
    ctx.use("list.nestedAdds");
  }
}
