package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationGuardsTest {

  private static Facts props(String... kv) {
    Facts.Builder b = Facts.builder("test", Instant.EPOCH);
    for (int i = 0; i < kv.length; i += 2) {
      b.add(FactKind.PROPERTY, kv[i], kv[i + 1]);
    }
    return b.build();
  }

  @Test
  void walArchivedRefusesAServerThatDoesNotArchiveAndSaysWhy() {
    Optional<String> r =
        new WalArchived("a")
            .refusal(Fixtures.pair(), props("a.archiving", "off (archive_mode=off)"));
    assertTrue(
        r.orElseThrow().startsWith("a does not archive its WAL (archive_mode=off)"), r.get());
    assertEquals(
        Optional.empty(),
        new WalArchived("a")
            .refusal(Fixtures.pair(), props("a.archiving", "on", "a.restore_command_set", "true")));
  }

  @Test
  void forcedActivationAlwaysRefusesAndNamesTheSideWithNewerData() {
    Facts f =
        props(
            "a.data_lsn", "0/5000060",
            "a.data_timeline", "1",
            "a.data_lsn_from", "pg_controldata, stopped",
            "b.data_lsn", "0/4000000",
            "b.data_timeline", "1");
    String r = new ForcedActivation("b", "a").refusal(Fixtures.pair(), f).orElseThrow();
    assertTrue(r.contains("a holds the newer data (16777312 bytes of WAL more)"), r);
    assertTrue(r.contains("loses what only a holds"), r);
    assertTrue(r.contains("--override recover-active=REASON"), r);
  }

  @Test
  void aLaterTimelineCountsAsNewerData() {
    Facts f =
        props(
            "a.data_lsn", "0/9000000",
            "a.data_timeline", "1",
            "b.data_lsn", "0/5000000",
            "b.data_timeline", "2");
    String r = new ForcedActivation("b", "a").refusal(Fixtures.pair(), f).orElseThrow();
    assertTrue(r.contains("b holds the newer data (a later timeline (2 vs 1))"), r);
  }

  @Test
  void unreadableSidesAreSaidToBeUnknown() {
    String r = new ForcedActivation("b", "a").refusal(Fixtures.pair(), Facts.empty()).orElseThrow();
    assertTrue(r.contains("which side holds newer data cannot be told"), r);
  }
}
