package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static Function withBody(Function f, List<Node> body) {
    return new Function(
        f.name(), f.params(), f.arrays(), body, f.results(), f.calls(), f.origins(), f.nextId());
  }

  private static void rejects(Function f, String fragment) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Verifier.verify(f));
    assertTrue(
        e.getMessage().contains(fragment),
        () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
  }

  /** x, a[3] (input), out[3] (output): out[i] = a[i] * x, returns sum of a. */
  private static Function sample() {
    Builder b = new Builder("sample");
    int x = b.input("x", ScalarType.F64, true);
    int a = b.inputArray("a", ScalarType.F64, List.of(3), true);
    int out = b.declare("out", ScalarType.F64, List.of(3), ArrayDecl.Role.OUTPUT);
    Builder.LoopScope l = b.beginLoop(3, false, List.of(b.constant(0.0)));
    int v = b.load(a, List.of(l.index()));
    b.store(out, List.of(l.index()), b.apply(Op.MUL, v, x));
    int sum = b.endLoop(List.of(b.apply(Op.ADD, l.carried().get(0), v))).get(0);
    b.result("sum", sum, List.of());
    b.result("out", out, List.of(3));
    return b.build();
  }

  @Test
  void acceptsWellFormedPrograms() {
    Function f = sample();
    assertSame(f, Verifier.verify(f));
    Verifier.verify(PrinterTest.crossEntropy());
    for (long seed = 0; seed < 300; seed++) {
      Verifier.verify(RandomPrograms.generate(seed));
    }
  }

  @Test
  void rejectsDuplicateIds() {
    Function f = sample();
    List<Node> body = new ArrayList<>(f.body());
    body.add(new Node.Const(1, ScalarType.F64, 2.0));
    rejects(withBody(f, body), "id %1 is defined more than once");
  }

  @Test
  void rejectsIdsAtOrAboveNextId() {
    Function f = sample();
    List<Node> body = new ArrayList<>(f.body());
    body.add(new Node.Const(f.nextId(), ScalarType.F64, 2.0));
    rejects(withBody(f, body), "outside [0, nextId=");
  }

  @Test
  void rejectsUseBeforeDefinition() {
    Builder b = new Builder("early");
    int x = b.input("x", ScalarType.F64, true);
    int c = b.constant(2.0);
    int y = b.apply(Op.MUL, x, c);
    b.result("y", y, List.of());
    Function f = b.build();
    List<Node> body = new ArrayList<>(f.body());
    body.add(1, body.remove(2)); // the multiplication before its constant operand
    rejects(withBody(f, body), "operand %" + c + " is used before it is defined");
  }

  @Test
  void rejectsUndefinedOperandsAndArraysAsValues() {
    Function f = sample();
    List<Node> body = new ArrayList<>(f.body());
    body.add(new Node.Apply(f.nextId() - 1, Op.NEG, List.of(f.nextId() - 2)));
    Function g =
        new Function(
            f.name(),
            f.params(),
            f.arrays(),
            body,
            f.results(),
            f.calls(),
            f.origins(),
            f.nextId() + 5);
    List<Node> body2 = new ArrayList<>(f.body());
    body2.add(new Node.Apply(f.nextId(), Op.NEG, List.of(f.nextId() + 3)));
    rejects(withBody(g, body2), "is never defined");
    List<Node> body3 = new ArrayList<>(f.body());
    body3.add(new Node.Apply(f.nextId(), Op.NEG, List.of(2))); // 2 is the array a
    rejects(withBody(g, body3), "operand %2 is an array, not a value");
  }

  @Test
  void rejectsLoopBodyValuesUsedAfterTheLoop() {
    Builder b = new Builder("leak");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(4, false, List.of(x));
    int inner = b.apply(Op.EXP, l.carried().get(0));
    b.endLoop(List.of(inner));
    int after = b.apply(Op.NEG, inner);
    b.result("y", after, List.of());
    rejects(b.build(), "operand %" + inner + " is defined inside loop %");
  }

  @Test
  void rejectsCarriedValuesUsedAfterTheLoop() {
    Builder b = new Builder("leak");
    int x = b.input("x", ScalarType.F64, true);
    Builder.LoopScope l = b.beginLoop(4, false, List.of(x));
    b.endLoop(List.of(l.carried().get(0)));
    b.result("y", b.apply(Op.NEG, l.carried().get(0)), List.of());
    rejects(b.build(), "is defined inside loop %");
  }

  @Test
  void rejectsResultsInsideLoops() {
    Builder b = new Builder("leak");
    int x = b.input("x", ScalarType.F64, true);
    b.beginLoop(2, false, List.of());
    int inner = b.apply(Op.EXP, x);
    b.endLoop(List.of());
    b.result("y", inner, List.of());
    rejects(b.build(), "which is not a top-level value");
  }

  @Test
  void rejectsStoresIntoInputArrays() {
    Builder b = new Builder("write");
    int a = b.inputArray("a", ScalarType.F64, List.of(2), true);
    b.store(a, List.of(b.intConstant(0)), b.constant(1.0));
    b.result("z", b.constant(0.0), List.of());
    rejects(b.build(), "stores into input array a");
  }

  @Test
  void rejectsIllTypedOperations() {
    Builder b = new Builder("types");
    int x = b.input("x", ScalarType.F64, true);
    int i = b.input("i", ScalarType.I32, false);
    int y = b.apply(Op.NEG, x);
    b.result("y", y, List.of());
    Function f = b.build();
    List<Node> body = new ArrayList<>(f.body());
    body.set(2, new Node.Apply(y, Op.ADD, List.of(x, i)));
    rejects(withBody(f, body), "operand %" + i + " has type I32, which ADD does not take");
    body.set(2, new Node.Apply(y, Op.LT, List.of(x, i)));
    rejects(withBody(f, body), "which LT does not take");
    body.set(2, new Node.Select(y, ScalarType.F64, x, x, x));
    rejects(withBody(f, body), "condition %" + x + " has type F64, expected BOOL");
    body.set(2, new Node.Const(y, ScalarType.I32, 0.5));
    rejects(withBody(f, body), "is not a valid I32 constant");
  }

  @Test
  void rejectsWrongIndexRank() {
    Builder b = new Builder("rank");
    int m = b.inputArray("m", ScalarType.F64, List.of(2, 2), true);
    int zero = b.intConstant(0);
    int v = b.load(m, List.of(zero, zero));
    b.result("v", v, List.of());
    Function f = b.build();
    List<Node> body = new ArrayList<>(f.body());
    body.set(1, new Node.Load(v, ScalarType.F64, m, List.of(zero)));
    rejects(withBody(f, body), "indexes m (rank 2) with 1 indices");
  }

  @Test
  void rejectsResultsThatAreNotOutputArrays() {
    Builder b = new Builder("res");
    int tmp = b.declare("tmp", ScalarType.F64, List.of(2), ArrayDecl.Role.LOCAL);
    b.result("tmp", tmp, List.of(2));
    rejects(b.build(), "which is not an output array");
  }

  @Test
  void rejectsInputArraysThatAreNotParameters() {
    Builder b = new Builder("res");
    b.declare("ghost", ScalarType.F64, List.of(2), ArrayDecl.Role.INPUT);
    rejects(b.build(), "input array ghost is not a parameter");
  }

  @Test
  void rejectsLoopResultsBeforeOrOutsideTheirLoop() {
    Function f = sample();
    List<Node> body = new ArrayList<>(f.body());
    int loopAt = -1;
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Node.Loop) {
        loopAt = k;
      }
    }
    Node result = body.remove(loopAt + 1);
    body.add(loopAt, result);
    rejects(withBody(f, body), "which is not a loop earlier in the same block");
    List<Node> body2 = new ArrayList<>(f.body());
    Node.LoopResult r = (Node.LoopResult) body2.get(loopAt + 1);
    body2.set(loopAt + 1, new Node.LoopResult(r.id(), r.type(), r.loop(), 1));
    rejects(withBody(f, body2), "reads slot 1 of a loop with 1 slots");
  }

  @Test
  void rejectsYieldsOfTheWrongType() {
    Function f = sample();
    List<Node> body = new ArrayList<>(f.body());
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Node.Loop l) {
        Node.LoopBody lb = l.body();
        Node.LoopBody bad =
            new Node.LoopBody(lb.index(), lb.carried(), lb.nodes(), List.of(lb.index().id()), null);
        body.set(k, new Node.Loop(l.id(), l.count(), l.descending(), l.inits(), bad));
      }
    }
    rejects(withBody(f, body), "yield of slot 0 %");
  }
}
