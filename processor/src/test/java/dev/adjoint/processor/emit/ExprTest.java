package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link Expr#statement}: one piece when it fits, and the same text JavaPoet's breaks give. */
class ExprTest {

  /** A sum of {@code terms} names of {@code width} characters each. */
  private static Expr sum(int terms, int width) {
    Expr e = Expr.atom("a".repeat(width));
    for (int k = 1; k < terms; k++) {
      e = Expr.binary(e, "+", Expr.ADDITIVE, Expr.atom(("v" + k).repeat(width / 2)));
    }
    return e;
  }

  /**
   * A generated-style file: the statement in a method of a nested class, in {@code depth} loops.
   */
  private static String render(int depth, Consumer<StatementBuffer> statement) {
    StatementBuffer code = new StatementBuffer();
    for (int d = 0; d < depth; d++) {
      code.beginControlFlow("for (int i$L = 0; i$L < 4; i$L++)", d, d, d);
    }
    statement.accept(code);
    for (int d = 0; d < depth; d++) {
      code.endControlFlow();
    }
    return StatementBufferTest.file(code.build());
  }

  @Test
  void shortStatementIsOnePiece() {
    StatementBuffer code = new StatementBuffer();
    Expr.statement(code, 0, "double t = ", sum(3, 2));
    assertEquals("double t = aa + v1 + v2;\n", code.build().toString());
  }

  @Test
  void sameTextAsJavaPoetBreaksAtEveryLengthAndDepth() {
    List<String> wrapped = new ArrayList<>();
    for (int depth = 0; depth <= 6; depth++) {
      for (int terms = 1; terms <= 12; terms++) {
        for (int width = 1; width <= 12; width++) {
          Expr e = sum(terms, width);
          int d = depth;
          String fast = render(d, code -> Expr.statement(code, d, "x[0] = ", e));
          String javaPoet = render(d, code -> code.addStatement("$L$L", "x[0] = ", e.block()));
          assertEquals(javaPoet, fast, "depth " + d + ", " + e.plain());
          if (fast.contains("\n" + " ".repeat(10 + 2 * d) + "+ ")) {
            wrapped.add(e.plain());
          }
        }
      }
    }
    // The comparison covered statements JavaPoet breaks, not only ones that fit.
    assertTrue(wrapped.size() > 50, "only " + wrapped.size() + " statements were wrapped");
  }
}
