package dev.adjoint.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * Spill slots past 32,767 go to further arrays, so that every spill index is a {@code sipush}
 * operand: as constants of their own, the slots of a 50,000-statement program overflowed the class
 * file's constant pool ("too many constants").
 */
class SpillChunksTest {

  @Test
  void slotsBeyondAChunkGoToFurtherArrays() {
    Workspace ws = new Workspace();
    assertEquals("spill[0]", ws.spillSlot(ScalarType.F64, 0));
    assertEquals("spill[32767]", ws.spillSlot(ScalarType.F64, Workspace.SPILL_CHUNK - 1));
    assertEquals("spill1[0]", ws.spillSlot(ScalarType.F64, Workspace.SPILL_CHUNK));
    assertEquals("spill2[7232]", ws.spillSlot(ScalarType.F64, 2 * Workspace.SPILL_CHUNK + 7232));
    assertEquals("spillInt[5]", ws.spillSlot(ScalarType.I32, 5));
    assertEquals("spillInt1[1]", ws.spillSlot(ScalarType.I32, Workspace.SPILL_CHUNK + 1));
  }
}
