package dev.adjoint.processor.opt;

import static dev.adjoint.processor.ir.IrTesting.assertEquivalent;
import static dev.adjoint.processor.ir.IrTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Builder;
import dev.adjoint.processor.ir.DynamicPrograms;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import dev.adjoint.processor.ir.Op;
import dev.adjoint.processor.ir.Printer;
import dev.adjoint.processor.ir.RandomPrograms;
import dev.adjoint.processor.ir.ScalarType;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  /** A 3-input neuron: tanh(sum_i w[i] * x[i] + b), written the way the tracer emits it. */
  private static Function neuron(int n) {
    Builder b = new Builder("neuron");
    int w = b.inputArray("w", ScalarType.F64, List.of(n), true);
    int x = b.inputArray("x", ScalarType.F64, List.of(n), false);
    int bias = b.input("b", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(n, false, List.of(b.constant(0.0)));
    int one = b.constant(1.0);
    int wi = b.apply(Op.MUL, b.load(w, List.of(l.index())), one); // w[i] * 1.0
    int xi = b.load(x, List.of(l.index()));
    int acc = b.apply(Op.ADD, l.carried().get(0), b.apply(Op.MUL, wi, xi));
    b.apply(Op.EXP, xi); // dead
    int sum = b.endLoop(List.of(acc)).get(0);
    int pre = b.apply(Op.ADD, sum, bias);
    int out = b.apply(Op.TANH, b.apply(Op.NEG, b.apply(Op.NEG, pre)));
    b.result("out", out, List.of());
    return b.build();
  }

  @Test
  void unrollsShortLoopsIntoConstantIndexedStraightLineCode() {
    Function f = neuron(3);
    Function g = Optimizer.run(f);
    assertEquals(
        """
        function neuron(w: f64[3] active, x: f64[3], %3 b: f64 active)
          %4 = const f64 0.0
          %20 = const i32 0
          %21 = load w[%20]
          %22 = load x[%20]
          %23 = mul %21, %22
          %24 = add %4, %23
          %25 = const i32 1
          %26 = load w[%25]
          %27 = load x[%25]
          %28 = mul %26, %27
          %29 = add %24, %28
          %30 = const i32 2
          %31 = load w[%30]
          %32 = load x[%30]
          %33 = mul %31, %32
          %34 = add %29, %33
          %16 = add %34, %3
          %19 = tanh %16
          return out=%19
        """,
        Printer.print(g));
    assertEquivalent(f, g);
  }

  @Test
  void keepsLongLoopsAsLoops() {
    Function f = neuron(50_257);
    Function g = Optimizer.run(f);
    assertEquals(1, count(g, Node.Loop.class));
    assertEquals(
        """
        function neuron(w: f64[50257] active, x: f64[50257], %3 b: f64 active)
          %4 = const f64 0.0
          loop %5 x50257 (i=%6, carried %7 = %4) {
            %9 = load w[%6]
            %11 = load x[%6]
            %12 = mul %9, %11
            %13 = add %7, %12
            yield %13
          }
          %15 = result %5#0
          %16 = add %15, %3
          %19 = tanh %16
          return out=%19
        """,
        Printer.print(g));
    assertEquivalent(neuron(20), Optimizer.run(neuron(20)));
  }

  @Test
  void isDeterministicAndStopsAtAFixedPoint() {
    // Each pass on its own: the cleanup stops without a confirming round when dead-code
    // elimination removed no store, on the claim that this enables no pass.
    List<UnaryOperator<Function>> passes = Optimizer.ROUND;
    for (long seed = 0; seed < 600; seed++) {
      Function f = RandomPrograms.generate(seed);
      Function g = Optimizer.run(f, 0);
      assertEquals(
          Printer.print(g), Printer.print(Optimizer.run(RandomPrograms.generate(seed), 0)));
      for (int p = 0; p < passes.size(); p++) {
        Function again = passes.get(p).apply(g);
        int pass = p;
        assertEquals(
            Printer.print(g),
            Printer.print(again),
            () -> "not a fixed point of pass " + pass + " (seed " + f.name() + ")");
      }
    }
  }

  @Test
  void dynamicProgramsAreDeterministicAndStopAtAFixedPoint() {
    List<UnaryOperator<Function>> passes = Optimizer.ROUND;
    for (long seed = 0; seed < 400; seed++) {
      Function f = DynamicPrograms.generate(seed);
      Function g = Optimizer.run(f, 0);
      assertEquals(
          Printer.print(g), Printer.print(Optimizer.run(DynamicPrograms.generate(seed), 0)));
      for (int p = 0; p < passes.size(); p++) {
        Function again = passes.get(p).apply(g);
        int pass = p;
        assertEquals(
            Printer.print(g),
            Printer.print(again),
            () -> "not a fixed point of pass " + pass + " (seed " + f.name() + ")");
      }
    }
  }

  @Test
  void runCleanedOfACleanProgramIsRun() {
    int unrolled = 0;
    for (long seed = 0; seed < 300; seed++) {
      Function clean = Optimizer.run(RandomPrograms.generate(seed), 0);
      Function full = Optimizer.run(RandomPrograms.generate(seed));
      assertEquals(Printer.print(full), Printer.print(Optimizer.runCleaned(clean)));
      unrolled += Printer.print(full).equals(Printer.print(clean)) ? 0 : 1;
    }
    // Unrolling (what runCleaned still does) changed a good share of the programs.
    assertTrue(unrolled > 30, "only " + unrolled + " programs changed after cleanup");
  }

  @Test
  void rejectsMalformedInput() {
    Builder b = new Builder("bad");
    int a = b.inputArray("a", ScalarType.F64, List.of(2), true);
    b.store(a, List.of(b.intConstant(0)), b.constant(1.0));
    b.result("z", b.constant(0.0), List.of());
    Function f = b.build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Optimizer.run(f));
    assertTrue(e.getMessage().contains("stores into input array"), e.getMessage());
  }

  @Test
  void keepsParametersArraysAndOutputResults() {
    Builder b = new Builder("grads");
    int x = b.input("x", ScalarType.F64, true);
    int gx = b.declare("gx", ScalarType.F64, List.of(1), ArrayDecl.Role.OUTPUT);
    b.store(gx, List.of(b.intConstant(0)), b.apply(Op.MUL, x, b.constant(1.0)));
    b.result("value", x, List.of());
    b.result("gx", gx, List.of(1));
    Function f = b.build();
    Function g = Optimizer.run(f);
    assertEquals(f.params(), g.params());
    assertEquals(f.results(), g.results());
    assertEquals(f.arrays(), g.arrays());
    assertEquivalent(f, g);
  }

  /** The randomized test: whole pipeline and each pass, on 1,000 generated programs. */
  @Test
  void preservesResultsOfRandomProgramsBitForBit() {
    int before = 0;
    int after = 0;
    for (long seed = 0; seed < 1000; seed++) {
      Function f = RandomPrograms.generate(seed);
      Function g = Optimizer.run(f);
      assertEquivalent(f, g);
      assertEquivalent(f, Optimizer.run(f, 0));
      before += f.size();
      after += g.size();
    }
    assertTrue(after < before * 3 / 4, "the optimizer should shrink random programs: " + after);
  }

  /** The same on 500 dynamic programs: exceptions (checks, index checks, divisions) included. */
  @Test
  void preservesResultsAndExceptionsOfDynamicPrograms() {
    int before = 0;
    int after = 0;
    for (long seed = 0; seed < 500; seed++) {
      Function f = DynamicPrograms.generate(seed);
      Function g = Optimizer.run(f);
      assertEquivalent(f, g);
      assertEquivalent(f, Optimizer.run(f, 0));
      assertEquivalent(f, Optimizer.forEmission(g));
      before += f.size();
      after += g.size();
    }
    assertTrue(after < before * 3 / 4, "the optimizer should shrink dynamic programs: " + after);
  }
}
