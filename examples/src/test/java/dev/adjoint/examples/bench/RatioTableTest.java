package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ratio table and the target checks, on made-up scores. */
class RatioTableTest {
  /** A score whose best iteration is {@code ns}; its mean, median and CPU time are larger. */
  private static Score score(String benchmark, String param, String method, double ns) {
    return new Score(benchmark, method, param, ns * 2, 1.0, ns, ns * 1.5, ns * 1.2, 0.01);
  }

  private static List<Score> crossEntropy(String n, double hand, double generated) {
    List<Score> out = new ArrayList<>();
    out.add(score("CrossEntropyBench", n, "handForward", hand / 1.2));
    out.add(score("CrossEntropyBench", n, "handGradient", hand));
    out.add(score("CrossEntropyBench", n, "generatedForward", generated / 1.2));
    out.add(score("CrossEntropyBench", n, "generatedGradient", generated));
    out.add(score("CrossEntropyBench", n, "generatedTangent", generated));
    out.add(score("CrossEntropyBench", n, "engine", generated * 50));
    return out;
  }

  @Test
  void rowsAreOrderedBySizeWithRatios() {
    List<Score> scores = new ArrayList<>(crossEntropy("1024", 100, 105));
    scores.addAll(crossEntropy("16", 200, 200));
    String table =
        new RatioTable(
                scores,
                Map.of(RatioTable.key("CrossEntropyBench", "16", "generatedGradient"), 0.0),
                Score.Basis.BEST)
            .ratios();
    int sixteen = table.indexOf("| crossEntropy | 16 |");
    int thousand = table.indexOf("| crossEntropy | 1,024 |");
    assertTrue(sixteen > 0 && thousand > sixteen, table);
    assertTrue(table.contains("| 100.0 ns |"), table); // the best iteration, not the (doubled) mean
    assertTrue(table.contains("| 1.05x |"), table); // generated / hand-written value+gradient
    assertTrue(table.contains("| 50.00x |"), table); // engine / generated
    assertTrue(table.contains("| 1.20x |"), table); // gradient / forward
    assertTrue(table.contains("| -, 0, - |"), table); // exact bytes where probed
  }

  @Test
  void targetsNameWhatMissed() {
    List<Score> scores = new ArrayList<>(crossEntropy("4", 100, 109));
    scores.addAll(crossEntropy("64", 100, 120));
    List<String> targets =
        new RatioTable(
                scores,
                Map.of(
                    RatioTable.key("CrossEntropyBench", "4", "generatedGradient"), 0.0,
                    RatioTable.key("CrossEntropyBench", "64", "generatedGradient"), 24.0),
                Score.Basis.BEST)
            .targets();
    assertEquals(3, targets.size());
    assertTrue(targets.get(0).startsWith("MISSED"), targets.get(0));
    assertTrue(targets.get(0).contains("crossEntropy n=64 1.20x"), targets.get(0));
    assertTrue(targets.get(1).startsWith("MISSED"), targets.get(1));
    assertTrue(targets.get(1).contains("1 of 2 allocate nothing"), targets.get(1));
    assertTrue(targets.get(2).startsWith("MET"), targets.get(2));
  }

  @Test
  void targetsWithNothingMeasuredAreNotApplicable() {
    List<String> targets = new RatioTable(List.of(), Map.of(), Score.Basis.BEST).targets();
    for (String target : targets) {
      assertTrue(target.startsWith("N/A"), target);
    }
  }

  @Test
  void timesKeepThreeDigits() {
    assertEquals("66.1 ns", RatioTable.formatNanos(66.14));
    assertEquals("11.30 µs", RatioTable.formatNanos(11_300));
    assertEquals("930.00 µs", RatioTable.formatNanos(930_000));
    assertEquals("31.25 ms", RatioTable.formatNanos(31_250_000));
  }
}
