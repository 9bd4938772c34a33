package dev.baton.testkit.workload;

import static dev.baton.testkit.workload.Ops.failed;
import static dev.baton.testkit.workload.Ops.history;
import static dev.baton.testkit.workload.Ops.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static final String A = "10.0.0.1:5432";

  @Test
  void idsHandedOutConcurrentlyAreUnique() {
    History h = new History();
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> ids.add(h.nextId()));
    assertEquals(10_000, ids.size());
  }

  @Test
  void reservingAboveUsedIdsNeverGoesBack() {
    History h = new History();
    h.reserveAbove(41);
    assertEquals(42, h.nextId());
    h.reserveAbove(10);
    assertEquals(43, h.nextId());
  }

  @Test
  void oksAndCountsFilterByOutcome() {
    History h = history(ok(1, 0, 1, A), failed(2, 1, 2), ok(3, 2, 3, A));
    assertEquals(List.of(1L, 3L), h.oks().stream().map(Op::id).toList());
    assertEquals(1, h.count(Outcome.FAILED));
    assertEquals(3, h.size());
    assertEquals(2, h.acknowledged(), "the running count agrees with oks()");
    assertEquals(1, h.lowestId().orElseThrow());
  }

  @Test
  void jsonLinesHoldOneOpPerLine() throws Exception {
    StringWriter out = new StringWriter();
    history(ok(1, 0, 1, A), failed(2, 1, 2)).writeJsonLines(out);
    assertEquals(
        "{\"id\":1,\"startNanos\":0,\"endNanos\":1000000,\"startMicros\":1700000000000000,"
            + "\"endMicros\":1700000000001000,\"outcome\":\"OK\",\"server\":\"10.0.0.1:5432\","
            + "\"timeline\":1,\"error\":null}\n"
            + "{\"id\":2,\"startNanos\":1000000,\"endNanos\":2000000,"
            + "\"startMicros\":1700000000001000,\"endMicros\":1700000000002000,"
            + "\"outcome\":\"FAILED\",\"server\":null,\"timeline\":null,"
            + "\"error\":\"08006 connection lost\"}\n",
        out.toString());
  }

  @Test
  void anOpThatIsNotOkCannotNameAServer() {
    assertThrows(IllegalArgumentException.class, () -> Ops.op(1, 0, 1, Outcome.UNKNOWN, A));
  }
}
