package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {

  /**
   * The max-shifted log-sum-exp of a cross-entropy loss, as the tracer would build it. (A loop's
   * line is the one current when it is closed.)
   */
  static Function crossEntropy() {
    Builder b = new Builder("crossEntropy");
    int logits = b.inputArray("logits", ScalarType.F64, List.of(27), true);
    int target = b.input("target", ScalarType.I32, false);
    b.setLine(4);
    int negInf = b.constant(Double.NEGATIVE_INFINITY);
    Builder.LoopScope max = b.beginLoop(27, false, List.of(negInf));
    b.setLine(5);
    int x = b.load(logits, List.of(max.index()));
    int m = b.apply(Op.MAX, max.carried().get(0), b.apply(Op.STOP, x));
    b.name(m, "max");
    int maxValue = b.endLoop(List.of(m)).get(0);
    b.setLine(6);
    Builder.LoopScope sum = b.beginLoop(27, false, List.of(b.constant(0.0)));
    int e = b.apply(Op.EXP, b.apply(Op.SUB, b.load(logits, List.of(sum.index())), maxValue));
    int acc = b.apply(Op.ADD, sum.carried().get(0), e);
    b.name(acc, "sum");
    int total = b.endLoop(List.of(acc)).get(0);
    b.setLine(7);
    int picked = b.apply(Op.SUB, b.load(logits, List.of(target)), maxValue);
    int loss = b.apply(Op.SUB, b.apply(Op.LOG, total), picked);
    b.name(loss, "loss");
    b.result("loss", loss, List.of());
    return b.build();
  }

  @Test
  void printsLoopsCarriedValuesAndOrigins() {
    String expected =
        """
        function crossEntropy(logits: f64[27] active, %2 target: i32)
          %3 = const f64 -Infinity      ; line 4
          loop %4 x27 (i=%5, carried %6 = %3) {  ; line 5
            %7 = load logits[%5]        ; line 5
            %8 = stop %7                ; line 5
            %9 = max %6, %8             ; max (line 5)
            yield %9
          }
          %10 = result %4#0             ; line 5
          %11 = const f64 0.0           ; line 6
          loop %12 x27 (i=%13, carried %14 = %11) {  ; line 6
            %15 = load logits[%13]      ; line 6
            %16 = sub %15, %10          ; line 6
            %17 = exp %16               ; line 6
            %18 = add %14, %17          ; sum (line 6)
            yield %18
          }
          %19 = result %12#0            ; line 6
          %20 = load logits[%2]         ; line 7
          %21 = sub %20, %10            ; line 7
          %22 = log %19                 ; line 7
          %23 = sub %22, %21            ; loss (line 7)
          return loss=%23
        """;
    assertEquals(expected, Printer.print(crossEntropy()));
  }

  @Test
  void printsArraysStoresSelectsAndNestedDescendingLoops() {
    Builder b = new Builder("f");
    int x = b.input("x", ScalarType.F64, true);
    int flag = b.input("flag", ScalarType.BOOL, false);
    int out = b.declare("out", ScalarType.F64, List.of(2, 3), ArrayDecl.Role.OUTPUT);
    int tmp = b.declare("out", ScalarType.F64, List.of(3), ArrayDecl.Role.LOCAL);
    Builder.LoopScope outer = b.beginLoop(2, true, List.of());
    Builder.LoopScope inner = b.beginLoop(3, false, List.of());
    int v = b.select(flag, x, b.constant(-0.0));
    b.store(out, List.of(outer.index(), inner.index()), v);
    b.store(tmp, List.of(inner.index()), b.constant(Double.longBitsToDouble(0x7ff0000000000001L)));
    b.endLoop(List.of());
    b.endLoop(List.of());
    b.result("out", out, List.of(2, 3));
    String expected =
        """
        function f(%1 x: f64 active, %2 flag: bool)
          output out@3: f64[2,3]
          local out@4: f64[3]
          loop %5 x2 descending (i=%6) {
            loop %7 x3 (i=%8) {
              %9 = const f64 -0.0
              %10 = select %2, %1, %9
              store %11 out@3[%6, %8] = %10
              %12 = const f64 NaN(0x7ff0000000000001)
              store %13 out@4[%8] = %12
            }
          }
          return out=out@3
        """;
    assertEquals(expected, Printer.print(b.build()));
  }

  @Test
  void isDeterministicOnRandomPrograms() {
    for (long seed = 0; seed < 50; seed++) {
      Function f = RandomPrograms.generate(seed);
      String text = Printer.print(f);
      assertEquals(text, Printer.print(RandomPrograms.generate(seed)));
      for (Node n : f.allNodes()) {
        if (!(n instanceof Node.Input || n instanceof Node.Index || n instanceof Node.Carried)) {
          assertTrue(text.contains("%" + n.id() + " "), () -> "node %" + n.id() + " missing");
        }
      }
    }
  }

  @Test
  void printsOneNode() {
    Function f = crossEntropy();
    Node max = f.nodesById().get(9);
    assertEquals("%9 = max %6, %8", Printer.node(f, max));
  }
}
