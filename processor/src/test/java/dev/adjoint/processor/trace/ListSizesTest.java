package dev.adjoint.processor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Extent;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size of a list grown by unconditional adds in loops of known trip counts is an expression of
 * the arguments (so a returned list has the length of a result the caller can size), and a list
 * whose size the data decides is traced but marked unemittable (ADJ048 at the return).
 */
class ListSizesTest {
  private static TraceHarness h;

  @BeforeAll
  static void compile() {
    h =
        new TraceHarness(
            "demo.Lists",
            "package demo;",
            "import dev.adjoint.*;",
            "import java.util.*;",
            "public final class Lists {",
            "  @Differentiable public static List<Value> doubled(List<Value> xs) {",
            "    List<Value> out = new ArrayList<>();",
            "    for (Value x : xs) {",
            "      out.add(x);",
            "      out.add(x.mul(2));",
            "    }",
            "    out.add(Value.of(1));",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static List<Value> pairs(Value[] a, Value[] b) {",
            "    List<Value> out = new ArrayList<>();",
            "    for (int i = 0; i < a.length; i++) {",
            "      for (int j = 0; j < b.length; j++) out.add(a[i].mul(b[j]));",
            "    }",
            "    return out;",
            "  }",
            "",
            "  @Differentiable public static Value sizeInsideTheLoop(Value[] a) {",
            "    List<Value> seen = new ArrayList<>();",
            "    Value acc = Value.of(0);",
            "    for (Value x : a) {",
            "      acc = acc.add(x.mul(seen.size()));",
            "      seen.add(x);",
            "    }",
            "    return acc.add(seen.size());",
            "  }",
            "",
            "  @Differentiable public static List<Value> positives(List<Value> xs) {",
            "    List<Value> out = new ArrayList<>();",
            "    for (Value x : xs) {",
            "      if (x.data() > 0) out.add(x);",
            "    }",
            "    return out;",
            "  }",
            "}");
  }

  /** Whether the result's length is computed from the arguments alone (no load, no loop). */
  private static boolean fromArguments(String method) {
    Function f = h.traced(method).function();
    Extent e = f.results().get(0).extents().get(0);
    return e.isFixed() || fromArguments(f.nodesById(), e.node());
  }

  private static boolean fromArguments(Map<Integer, Node> nodes, int id) {
    Node n = nodes.get(id);
    if (n instanceof Node.Const || n instanceof Node.Length || n instanceof Node.Input) {
      return true;
    }
    return n instanceof Node.Apply a
        && a.operands().stream().allMatch(o -> fromArguments(nodes, o));
  }

  @Test
  void unconditionalAddsInCountedLoopsGiveAnArgumentExpression() {
    Args a = new Args(3);
    assertTrue(fromArguments("doubled"));
    assertTrue(fromArguments("pairs"));
    for (int n : new int[] {0, 1, 4}) {
      assertEquals(2 * n + 1, h.compare("doubled", a.list(n)).length);
      assertEquals(n * 3, h.compare("pairs", a.values(n), a.values(3)).length);
    }
    for (String m : new String[] {"doubled", "pairs", "sizeInsideTheLoop"}) {
      assertNull(h.traced(m).unemittable(), m);
    }
  }

  @Test
  void aSizeReadWhileTheLoopGrowsTheListIsItsRuntimeValue() {
    Args a = new Args(5);
    for (int n : new int[] {0, 1, 2, 7}) {
      h.compare("sizeInsideTheLoop", (Object) a.values(n));
    }
  }

  @Test
  void aListTheDataFiltersIsTracedButCannotBeEmitted() {
    Args a = new Args(7);
    for (int n : new int[] {0, 3, 9}) {
      h.compare("positives", a.list(n));
    }
    TraceException e = h.traced("positives").unemittable();
    assertNotNull(e);
    assertTrue(e.getMessage().startsWith("[ADJ048]"), e.getMessage());
  }
}
