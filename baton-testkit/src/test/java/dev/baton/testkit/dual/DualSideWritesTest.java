package dev.baton.testkit.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.dual.SideWrite.Op;
import dev.baton.testkit.dual.SideWrite.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line format of a side client's writes, and the reader of its files. */
class DualSideWritesTest {

  private static final SideWrite OK =
      new SideWrite(
          Side.A,
          17,
          "main",
          "accounts",
          Op.INSERT,
          35,
          1000,
          1004,
          Outcome.OK,
          null,
          "127.0.10.1:6543");

  @Test
  void aWriteIsOneLineOfTenFieldsAndReadsBackEqual() {
    SideWrite error =
        new SideWrite(
            Side.B, 3, "report", "entries", Op.DELETE, 8, 5, 9, Outcome.ERROR, "08006", null);
    SideWrite doubt =
        new SideWrite(
            Side.B, 4, "report", "entries", Op.UPDATE, 10, 5, 9, Outcome.INDOUBT, null, null);

    assertEquals("A 17 main accounts insert 35 1000 1004 ok 127.0.10.1:6543", OK.format());
    assertEquals("B 3 report entries delete 8 5 9 error:08006 -", error.format());
    assertEquals("B 4 report entries update 10 5 9 indoubt -", doubt.format());
    for (SideWrite w : List.of(OK, error, doubt)) {
      assertEquals(w, SideWrite.parse(w.format()));
    }
    assertEquals("A-17", OK.note());
  }

  @Test
  void aLastLineWithoutItsNewlineIsOneAKilledClientLeftAndIsSkipped() {
    String text = OK.format() + "\n" + OK.format().substring(0, 12);

    assertEquals(List.of(OK), SideWrites.parse(text, "w.txt"));
  }

  @Test
  void aBrokenLineIsReportedWithItsFileAndLine() {
    String text = OK.format() + "\nA 18 main accounts insert\n";

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SideWrites.parse(text, "w.txt"));
    assertTrue(e.getMessage().startsWith("w.txt:2: a write line has 10 fields"), e.getMessage());
  }

  @Test
  void aFileNotWrittenYetHoldsNoWrites() {
    assertEquals(List.of(), SideWrites.read(Path.of("/nonexistent/writes-a.txt")));
  }
}
