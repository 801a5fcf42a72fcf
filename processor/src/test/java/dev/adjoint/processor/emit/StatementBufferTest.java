package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/** {@link StatementBuffer} writes the same text as giving JavaPoet each statement on its own. */
class StatementBufferTest {

  /** The same body, written through either builder. */
  private interface Body {
    void statement(String line);

    void comment(String text);

    void fill(String array);

    void begin(String header);

    void end();
  }

  private static void body(Body b) {
    b.comment("// Losses.java:3");
    b.statement("double t = x * 2.0");
    b.statement("double u = t + 1.0");
    b.fill("this.work");
    b.begin("for (int i = 0; i < 4; i++)");
    b.comment("// Losses.java:5");
    b.statement("out[i] = t * u");
    b.begin("for (int j = 3; j >= 0; j--)");
    b.statement("acc = acc + out[j]");
    b.end();
    b.statement("u = acc");
    b.end();
    b.statement("return u");
  }

  private static String file(CodeBlock code) {
    MethodSpec m = MethodSpec.methodBuilder("run").addCode(code).build();
    TypeSpec kernel =
        TypeSpec.classBuilder("Kernel").addModifiers(Modifier.STATIC).addMethod(m).build();
    TypeSpec outer = TypeSpec.classBuilder("Outer").addType(kernel).build();
    return JavaFile.builder("p", outer).indent("  ").build().toString();
  }

  @Test
  void writesTheSameTextAsOnePiecePerStatement() {
    CodeBlock.Builder pieces = CodeBlock.builder();
    body(
        new Body() {
          @Override
          public void statement(String line) {
            pieces.addStatement("$L", line);
          }

          @Override
          public void comment(String text) {
            pieces.add("$L\n", text);
          }

          @Override
          public void fill(String array) {
            pieces.addStatement("$T.fill($L, 0.0)", Arrays.class, array);
          }

          @Override
          public void begin(String header) {
            pieces.beginControlFlow("$L", header);
          }

          @Override
          public void end() {
            pieces.endControlFlow();
          }
        });
    StatementBuffer buffered = new StatementBuffer();
    body(
        new Body() {
          @Override
          public void statement(String line) {
            buffered.statement(line);
          }

          @Override
          public void comment(String text) {
            buffered.line(text);
          }

          @Override
          public void fill(String array) {
            buffered.addStatement("$T.fill($L, 0.0)", Arrays.class, array);
          }

          @Override
          public void begin(String header) {
            buffered.beginControlFlow("$L", header);
          }

          @Override
          public void end() {
            buffered.endControlFlow();
          }
        });
    String expected = file(pieces.build());
    assertEquals(expected, file(buffered.build()));
    // The import of a type named in a statement that is not buffered is kept.
    assertTrue(expected.contains("import java.util.Arrays;"), expected);
  }
}
