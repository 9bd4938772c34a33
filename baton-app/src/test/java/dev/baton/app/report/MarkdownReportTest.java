package dev.baton.app.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Decision;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Outline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pooler switchover's report: how long the clients were held and, with a workload, what it saw.
 */
class MarkdownReportTest {

  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private static RunReport pooledSwitchover() {
    RunRecord run =
        new RunRecord(
            "r1", "pg", "switchover", "", Map.of(), "t.yaml", "", "", RunStatus.DONE, T0, T0);
    Outline outline =
        new Outline(
            List.of(
                new Outline.Item("hold-app-db", "Hold app-db's clients", "hold", false, "", "", ""),
                new Outline.Item(
                    "release-app-db", "Release app-db's clients", "release", false, "", "", "")));
    List<JournalEvent> events =
        List.of(
            JournalEvent.of(
                "r1",
                "hold-app-db",
                EventType.OUTCOME,
                Decision.done("app-db paused"),
                "",
                T0.plusMillis(40),
                Map.of()),
            JournalEvent.of(
                "r1",
                "release-app-db",
                EventType.OUTCOME,
                Decision.done("app-db resumed on pg-b"),
                "",
                T0.plusMillis(700),
                Map.of(
                    "pauseMs",
                    "640",
                    "waitingClients",
                    "3",
                    "remoteMs",
                    "12",
                    "remoteCommands",
                    "1")));
    return RunReport.of(run, outline, events);
  }

  @Test
  void theReportSaysHowLongThePoolerHeldItsClientsAndTheTimeInCommands() {
    String md = MarkdownReport.render(pooledSwitchover());

    assertTrue(
        md.contains(
            "- `release-app-db`: held 640 ms; 3 clients were waiting when they were let go on\n"),
        md);
    assertTrue(md.contains("| `release-app-db` | 1 | 12 |\n"), md);
    assertFalse(md.contains("## Workload"), md);
  }

  @Test
  void withAWorkloadTheReportSaysWhatTheClientSaw() {
    String md =
        MarkdownReport.render(
            pooledSwitchover()
                .withWorkload(new RunReport.Workload(0, 312.5, 120.0, 130.2, 0, 0, 0)));

    assertTrue(md.contains("- `release-app-db`: held 640 ms;"), md);
    assertTrue(
        md.contains(
            "## Workload\n\n"
                + "- the client saw 0 failed operations; its longest single operation took 312.5 ms\n"
                + "- write unavailability: longest gap 120.0 ms, 130.2 ms in all without an"
                + " acknowledged write\n"
                + "- lost writes: 0; unexpected writes: 0; two actives: 0\n"),
        md);
  }
}
