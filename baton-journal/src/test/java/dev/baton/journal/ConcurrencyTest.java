package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.engine.JournalEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {

  private static final int THREADS = 4;
  private static final int APPENDS = 50;

  @TempDir Path dir;

  @Test
  void fourThreadsOnTwoJournalsAppendToTheirOwnRunsAndEveryChainVerifies() throws Exception {
    Path file = dir.resolve("journal.db");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    // Two instances, as two processes would have, so the threads also contend for the file lock.
    try (SqliteJournal a = SqliteJournal.open(file);
        SqliteJournal b = SqliteJournal.open(file)) {
      List<Future<String>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SqliteJournal journal = t % 2 == 0 ? a : b;
        runs.add(pool.submit(() -> appendMany(journal)));
      }
      for (Future<String> run : runs) {
        List<JournalEvent> events = a.events(run.get(60, TimeUnit.SECONDS));
        assertEquals(APPENDS, events.size());
        assertEquals("step-" + (APPENDS - 1), events.get(APPENDS - 1).stepId());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String appendMany(SqliteJournal journal) {
    String runId = journal.createRun(template("sys-" + Thread.currentThread().getId())).runId();
    for (int i = 0; i < APPENDS; i++) {
      journal.append(outcome(runId, "step-" + i, "step " + i + " is done"));
    }
    return runId;
  }
}
