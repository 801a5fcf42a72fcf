package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks a method with runtime sizes runs on entry, before it writes anything: every matrix
 * argument rectangular, and every array the right size in every dimension: a fixed ({@code @Shape})
 * dimension, an output the size the arguments imply, a tangent the size of its argument, a seed the
 * size of the output. Each failure throws {@link IllegalArgumentException} naming the parameter,
 * the dimension and both sizes.
 */
final class EntryChecks {
  private EntryChecks() {}

  /** Bytecode a check costs at most, for the split plan's budget of the method. */
  static final int COST_PER_CHECK = 60;

  /**
   * Writes the checks of {@code f}'s parameters and outputs ({@code sig}) into {@code code};
   * returns how many it wrote.
   *
   * @param expected for input arrays that must match another array (tangents, seeds), their sizes
   *     by array id
   */
  static int write(
      StatementBuffer code,
      Names names,
      Function f,
      Signature sig,
      Map<Integer, List<SizeExpr>> expected) {
    List<String> paramNames = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      paramNames.add(sig.params.get(i).name());
    }
    SizeExpr.Env java = SizeExpr.byName(paramNames);
    SizeExpr.Env text = SizeExpr.text(paramNames);
    int count = 0;
    for (Signature.Param p : sig.params) {
      if (!p.array()) {
        continue;
      }
      ArrayDecl a = f.array(p.irId());
      List<SizeExpr> sizes;
      if (a.role() == ArrayDecl.Role.INPUT) {
        count += rectangular(code, names, p.name(), a.rank());
        sizes = expected.get(a.id());
        if (sizes == null) {
          sizes = new ArrayList<>();
          for (Extent e : a.extents()) {
            sizes.add(e instanceof Extent.Fixed fx ? new SizeExpr.Literal(fx.size()) : null);
          }
        }
      } else {
        sizes = SizeExpr.of(f, a.extents());
        if (sizes == null) {
          throw new IllegalStateException(
              f.name()
                  + ": the size of output "
                  + a.name()
                  + " "
                  + a.extents()
                  + " is computed by the body, not from the arguments alone; outputs of such a"
                  + " size are not supported yet");
        }
      }
      for (int axis = 0; axis < sizes.size(); axis++) {
        SizeExpr s = sizes.get(axis);
        if (s != null) {
          boolean eachRow = a.role() != ArrayDecl.Role.INPUT;
          SizeExpr shown = s.isLiteral() ? null : s;
          dimension(code, names, p.name(), axis, s.print(java), shown, text, eachRow);
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Checks that every row of {@code name} (rank 2 or 3) is as long as its first: {@code w[r].length
   * == w[0].length}.
   */
  private static int rectangular(StatementBuffer code, Names names, String name, int rank) {
    if (rank < 2) {
      return 0;
    }
    Names scope = names.child();
    String r = scope.allocate("r", "r");
    code.beginControlFlow("for (int $L = 1; $L < $L.length; $L++)", r, r, name, r);
    List<String> label = List.of(name + "[", r, "].length");
    mismatch(code, name + "[" + r + "].length", name + "[0].length", label, null);
    code.endControlFlow();
    if (rank == 3) {
      String i = scope.allocate("r", "r");
      String j = scope.allocate("c", "c");
      code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, name, i);
      code.beginControlFlow("for (int $L = 0; $L < $L[$L].length; $L++)", j, j, name, i, j);
      String element = name + "[" + i + "][" + j + "]";
      mismatch(
          code,
          element + ".length",
          name + "[0][0].length",
          List.of(name + "[", i, "][", j, "].length"),
          null);
      code.endControlFlow();
      code.endControlFlow();
      return 2;
    }
    return 1;
  }

  /**
   * Checks dimension {@code axis} of {@code name} against {@code expected}: the length itself, or
   * (for an inner dimension) that of the first row when there is one, or of every row when rows
   * need not be alike (a caller's output).
   */
  private static void dimension(
      StatementBuffer code,
      Names names,
      String name,
      int axis,
      Expr expected,
      SizeExpr symbolic,
      SizeExpr.Env text,
      boolean eachRow) {
    String shown = symbolic == null ? null : symbolic.print(text).plain();
    if (axis == 0) {
      mismatch(code, name + ".length", expected.plain(), List.of(name + ".length"), shown);
      return;
    }
    Names scope = names.child();
    if (!eachRow) {
      // Rows are alike (checked above): the first one speaks for all, if there is one.
      Expr rows = BlockWriter.length(name, axis - 1);
      Expr guard = Expr.binary(rows, ">", Expr.RELATIONAL, Expr.literal("0"));
      code.beginControlFlow("if ($L)", guard.plain());
      String ref = name + "[0]".repeat(axis);
      mismatch(code, ref + ".length", expected.plain(), List.of(ref + ".length"), shown);
      code.endControlFlow();
      return;
    }
    List<String> idx = new ArrayList<>();
    String row = name;
    for (int d = 0; d < axis; d++) {
      String i = scope.allocate(d == 0 ? "r" : "c", "r");
      code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, row, i);
      row = row + "[" + i + "]";
      idx.add(i);
    }
    List<String> label = new ArrayList<>();
    String before = name;
    for (String i : idx) {
      label.add(before + "[");
      label.add(i);
      before = "]";
    }
    label.add(before + ".length");
    mismatch(code, row + ".length", expected.plain(), label, shown);
    for (int d = 0; d < axis; d++) {
      code.endControlFlow();
    }
  }

  /**
   * {@code if (actual != expected) throw new IllegalArgumentException(label + " is " + actual + ",
   * expected " + expected + " (= shown)")}: {@code label} alternates text and Java code, starting
   * and ending with text ({@code "w[", r, "].length"}).
   */
  private static void mismatch(
      StatementBuffer code, String actual, String expected, List<String> label, String shown) {
    String exp = expected.contains(" ") ? "(" + expected + ")" : expected;
    code.beginControlFlow("if ($L != $L)", actual, exp);
    List<String> parts = new ArrayList<>(label);
    int last = parts.size() - 1;
    parts.set(last, parts.get(last) + " is ");
    parts.add(actual);
    parts.add(", expected ");
    parts.add(exp);
    parts.add(shown == null ? "" : " (= " + shown + ")");
    CodeBlock.Builder message = CodeBlock.builder();
    for (int k = 0; k < parts.size(); k++) {
      String part = parts.get(k);
      if (k % 2 == 0 && part.isEmpty()) {
        continue;
      }
      message.add(message.isEmpty() ? "" : " +$W");
      message.add(k % 2 == 0 ? "$S" : "$L", part);
    }
    code.addStatement("throw new $T($L)", IllegalArgumentException.class, message.build());
    code.endControlFlow();
  }
}
