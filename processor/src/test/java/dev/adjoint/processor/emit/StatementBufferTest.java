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

  /** Writes each part of a body both ways: a JavaPoet piece per statement, and buffered. */
  private static final class Both {
    final CodeBlock.Builder pieces = CodeBlock.builder();
    final StatementBuffer buffered = new StatementBuffer();

    void statement(String line) {
      pieces.addStatement("$L", line);
      buffered.statement(line);
    }

    void comment(String text) {
      pieces.add("$L\n", text);
      buffered.line(text);
    }

    void fill(String array) {
      pieces.addStatement("$T.fill($L, 0.0)", Arrays.class, array);
      buffered.addStatement("$T.fill($L, 0.0)", Arrays.class, array);
    }

    void begin(String header) {
      pieces.beginControlFlow("$L", header);
      buffered.beginControlFlow("$L", header);
    }

    void end() {
      pieces.endControlFlow();
      buffered.endControlFlow();
    }
  }

  /** A generated-style file: {@code code} as the body of a method of a nested class. */
  static String file(CodeBlock code) {
    MethodSpec m = MethodSpec.methodBuilder("run").addCode(code).build();
    TypeSpec kernel =
        TypeSpec.classBuilder("Kernel").addModifiers(Modifier.STATIC).addMethod(m).build();
    TypeSpec outer = TypeSpec.classBuilder("Outer").addType(kernel).build();
    return JavaFile.builder("p", outer).indent("  ").build().toString();
  }

  @Test
  void writesTheSameTextAsOnePiecePerStatement() {
    Both b = new Both();
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
    String expected = file(b.pieces.build());
    assertEquals(expected, file(b.buffered.build()));
    // The import of a type named in a statement that is not buffered is kept.
    assertTrue(expected.contains("import java.util.Arrays;"), expected);
  }
}
