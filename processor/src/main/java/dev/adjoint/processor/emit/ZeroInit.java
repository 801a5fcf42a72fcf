package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.FirstWrites;
import dev.adjoint.processor.ir.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the output and workspace arrays a program must clear on entry: the IR (like {@link
 * dev.adjoint.processor.ir.Interpreter}) starts every such array at zero, but a reused workspace or
 * a caller's buffer holds old data. A workspace whose every read provably follows a store of the
 * same element in the same run ({@link FirstWrites}), and an output that is moreover written in
 * full, are left alone, so the common "fill it in a loop" case costs nothing.
 */
final class ZeroInit {
  private ZeroInit() {}

  /** Ids of the OUTPUT and LOCAL arrays of {@code f} to clear, in declaration order. */
  static List<Integer> arraysToClear(Function f) {
    List<Integer> out = new ArrayList<>();
    for (Map.Entry<Integer, FirstWrites> e : FirstWrites.ofAll(f).entrySet()) {
      FirstWrites w = e.getValue();
      boolean local = f.array(e.getKey()).role() == ArrayDecl.Role.LOCAL;
      if (!w.readsOnlyWritten() || !local && !w.coversAll()) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
