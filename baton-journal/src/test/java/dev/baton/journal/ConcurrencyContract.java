package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Threads of two journal instances, as two processes would have, on one store. */
abstract class ConcurrencyContract extends JournalContract {

  private static final int THREADS = 4;
  private static final int APPENDS = 50;

  @Test
  void fourThreadsOnTwoJournalsAppendToTheirOwnRunsAndEveryChainVerifies() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    // Two instances, as two processes would have, so the threads also contend for the store.
    try (Journal b = store.open()) {
      List<Future<String>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Journal one = t % 2 == 0 ? journal : b;
        runs.add(pool.submit(() -> appendMany(one)));
      }
      for (Future<String> run : runs) {
        List<JournalEvent> events = journal.events(run.get(60, TimeUnit.SECONDS));
        assertEquals(APPENDS, events.size());
        assertEquals("step-" + (APPENDS - 1), events.get(APPENDS - 1).stepId());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String appendMany(Journal journal) {
    String runId = journal.createRun(template("sys-" + Thread.currentThread().getId())).runId();
    for (int i = 0; i < APPENDS; i++) {
      journal.append(outcome(runId, "step-" + i, "step " + i + " is done"));
    }
    return runId;
  }
}
