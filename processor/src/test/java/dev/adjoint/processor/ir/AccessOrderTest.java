package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * AccessOrder never claims that nothing overwrites a load's element afterwards, or that nothing
 * touched a store's element before, when a run of the interpreter shows otherwise; and it proves
 * such facts often enough to matter.
 */
class AccessOrderTest {

  /** One access of a run: the node, the array and the element. */
  private record Event(int node, int array, int offset, boolean store) {}

  private int claims;

  private void holds(LongFunction<Function> programs, int seeds) {
    for (long seed = 0; seed < seeds; seed++) {
      Function f = programs.apply(seed);
      AccessOrder order = AccessOrder.of(f);
      Map<Integer, Node> byId = f.nodesById();
      List<Node> finalReads = new ArrayList<>();
      List<Node.Store> freshStores = new ArrayList<>();
      for (Node n : byId.values()) {
        if (n instanceof Node.Load l
            && f.array(l.array()).role() != ArrayDecl.Role.INPUT
            && !order.overwrittenAfter(l)) {
          finalReads.add(l);
        } else if (n instanceof Node.Store s && !order.touchedBefore(s)) {
          freshStores.add(s);
        }
      }
      claims += finalReads.size() + freshStores.size();
      Random r = new Random(seed);
      for (int t = 0; t < 6; t++) {
        List<Event> events = new ArrayList<>();
        try {
          Interpreter.run(
              f,
              IrTesting.randomArguments(f, r),
              (node, array, offset, store) -> events.add(new Event(node, array, offset, store)));
        } catch (IllegalStateException e) {
          throw e;
        } catch (RuntimeException e) {
          // A run that throws still counts up to the exception.
        }
        String what = "seed " + seed + "\n" + Printer.print(f);
        for (Node l : finalReads) {
          Map<Long, Boolean> read = new HashMap<>();
          for (Event e : events) {
            long key = ((long) e.array() << 32) | e.offset();
            if (e.node() == l.id()) {
              read.put(key, true);
            } else if (e.store() && read.containsKey(key)) {
              throw new AssertionError("element of load " + l.id() + " overwritten: " + what);
            }
          }
        }
        for (Node.Store s : freshStores) {
          Map<Long, Boolean> touched = new HashMap<>();
          for (Event e : events) {
            long key = ((long) e.array() << 32) | e.offset();
            if (e.node() == s.id()) {
              assertFalse(touched.containsKey(key), "store " + s.id() + " touched before: " + what);
            }
            touched.put(key, true);
          }
        }
      }
    }
  }

  @Test
  void factsHoldOnRandomPrograms() {
    holds(DynamicPrograms::generate, 1500);
    holds(RandomPrograms::generate, 500);
    assertTrue(claims > 2000, "claims: " + claims);
  }
}
